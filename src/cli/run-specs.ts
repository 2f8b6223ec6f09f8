/**
 * The specs a command runs on (`--specs DIR`, else `specs:` in conform.yaml, else this package's
 * `specs/`), and the configuration resolved against them: their operations, services, endpoints
 * and the fixtures of the operations selected.
 */
import { CHECK_NAMES } from '../checks/registry.ts';
import { resolveConfig, resolveSpecsDir, type Flags } from '../config/index.ts';
import type { Config } from '../config/types.ts';
import { catalogOf, loadSpecs, type SpecCatalog } from '../spec/index.ts';
import type { Spec } from '../spec/types.ts';

export interface RunSpecs {
  readonly specs: readonly Spec[];
  readonly catalog: SpecCatalog;
  /** the configuration for these flags (the same specs directory), checked against the specs */
  resolve(flags: Flags): Config;
  /** the services of the operations a configuration selects */
  servicesOf(config: Config): string[];
}

export async function runSpecs(flags: Flags, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Promise<RunSpecs> {
  const specsDir = resolveSpecsDir({ flags, env, cwd });
  const specs = await loadSpecs(specsDir);
  const catalog = catalogOf(specs);
  return {
    specs,
    catalog,
    resolve: (f) => resolveConfig({ flags: f, env, cwd, knownChecks: [...CHECK_NAMES], knownOperations: catalog.operations, catalog, specsDir }),
    servicesOf: (config) => [
      ...new Set(specs.flatMap((s) => s.operations.filter((o) => !config.operations || config.operations.includes(o.id)).map(() => s.service))),
    ],
  };
}
