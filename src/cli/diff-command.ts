/**
 * `conform diff --target A --target B`: the same cases to both targets, then per case where
 * the status class, the verdicts or the body shape differ. Exit 0 when they agree, 1 otherwise.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECK_NAMES, selectChecks } from '../checks/registry.ts';
import { parseFlags, resolveConfig } from '../config/index.ts';
import type { Config } from '../config/types.ts';
import { ConformError, EXIT } from '../errors.ts';
import { compareDigests, digest, type CaseDigest } from '../run/diff.ts';
import { runEngine } from '../run/engine.ts';
import { liveSafety } from '../run/safety.ts';
import { loadSpecs } from '../spec/index.ts';
import { prepareAuth } from './prepare-auth.ts';
import { assertReachable } from './reachability.ts';
import { VERSION } from './version.ts';

export async function diffCommand(argv: string[]): Promise<number> {
  const targets: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--target') targets.push(argv[++i] ?? '');
    else if (argv[i]!.startsWith('--target=')) targets.push(argv[i]!.slice('--target='.length));
    else rest.push(argv[i]!);
  }
  if (targets.length !== 2) throw new ConformError('CONFORM_USAGE', `conform diff needs exactly two --target URLs, got ${targets.length}`);
  const specs = await loadSpecs();
  const knownOperations = specs.flatMap((s) => s.operations.map((o) => o.id));
  const digests: Map<string, CaseDigest>[] = [];
  for (const target of targets) {
    const config = resolveConfig({ flags: parseFlags([...rest, '--target', target]), env: process.env, cwd: process.cwd(), knownChecks: [...CHECK_NAMES], knownOperations });
    digests.push(await collect(specs, config));
  }
  const differences = compareDigests(digests[0]!, digests[1]!);
  const config = resolveConfig({ flags: parseFlags(rest), env: process.env, cwd: process.cwd(), knownChecks: [...CHECK_NAMES], knownOperations });
  await mkdir(config.report.dir, { recursive: true });
  await writeFile(join(config.report.dir, 'diff.json'), `${JSON.stringify({ targets, cases: digests[0]!.size, differences }, null, 2)}\n`);
  for (const d of differences) {
    process.stdout.write(`≠ ${d.caseId} (${d.note}): ${d.aspects.join(', ')} — A: ${d.a.status} [${d.a.failures.join(', ')}]  B: ${d.b.status} [${d.b.failures.join(', ')}]\n`);
  }
  process.stdout.write(`${differences.length} of ${digests[0]!.size} cases differ between A and B (${join(config.report.dir, 'diff.json')})\n`);
  return differences.length === 0 ? EXIT.conforms : EXIT.deviations;
}

async function collect(specs: Awaited<ReturnType<typeof loadSpecs>>, config: Config): Promise<Map<string, CaseDigest>> {
  await assertReachable(config);
  const ready = await prepareAuth(config);
  const out = new Map<string, CaseDigest>();
  await runEngine({
    specs,
    config: ready,
    checks: selectChecks(ready.checks),
    tool: { name: 'hwcloud-conformance', version: VERSION },
    embedded: false,
    skip: liveSafety(ready),
    onOutcome: (o, f) => {
      const d = digest(o, f);
      out.set(d.caseId, d);
    },
  });
  return out;
}
