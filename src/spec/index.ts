/**
 * The spec stage: specs/*.yaml → validated, dereferenced, typed operations with compiled
 * response validators. Every problem with a spec is one ConformError (CONFORM_SPEC_*) whose
 * `where` is `file#/json/pointer`.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';
import { ConformError } from '../errors.ts';
import { packagePath } from '../package-root.ts';
import { validateExtensions } from './extensions.ts';
import { knownSpecSource, parseSpecText, readSpecText, type SpecSource } from './load.ts';
import { validateOpenApi } from './openapi-validate.ts';
import { buildOperations } from './operations.ts';
import { childPointer } from '../json-pointer.ts';
import { displayPath, specError } from './spec-error.ts';
import { readValidated, specKey, writeValidated } from './validated-cache.ts';
import type { Operation, ServiceName, Spec } from './types.ts';

export type * from './types.ts';
export { compileSchema, type Validate } from './compile.ts';
export { CHARSET_CLASSES, EXTENSIONS, RULE_KINDS } from './extensions.ts';
export { catalogOf, fixturesOf, type SpecCatalog } from './catalog.ts';

/** `specs/` of this package, wherever the process was started from. */
export const DEFAULT_SPECS_DIR: string = `${packagePath('specs')}${path.sep}`;

/** Loads, validates and compiles one spec file. Throws a ConformError (CONFORM_SPEC_*). */
export async function loadSpec(file: string): Promise<Spec> {
  const { file: absolute, text } = await readSpecText(file);
  const key = await specKey(text);
  const known = await readValidated(key);
  if (known) return specOf(knownSpecSource(absolute, text, known.data), known.resolved as Record<string, unknown>, 'lazy');
  const source = parseSpecText(absolute, text);
  const document = await validateOpenApi(source);
  validateExtensions(source);
  const spec = specOf(source, document, 'eager');
  await writeValidated(key, { data: source.data, resolved: document });
  return spec;
}

function specOf(source: SpecSource, document: Record<string, unknown>, compile: 'eager' | 'lazy'): Spec {
  const service = document['x-hwc-service'] as ServiceName;
  const operations = buildOperations(source, document, service, compile);
  const info = document.info as { title?: string };
  const endpoint = document['x-hwc-endpoint'];
  return deepFreeze({
    file: source.file,
    service,
    ...(typeof endpoint === 'string' ? { endpoint } : {}),
    title: info.title ?? '',
    operations,
    documents: (document['x-hwc-documents'] ?? {}) as Spec['documents'],
    document: document as unknown as OpenAPIV3_1.Document,
  });
}

/** Loads every `*.yaml` / `*.yml` file of a directory (default: the package's `specs/`), sorted by name. */
export async function loadSpecs(dir: string = DEFAULT_SPECS_DIR): Promise<Spec[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    throw new ConformError('CONFORM_SPEC_YAML', `cannot read the specs directory: ${(e as Error).message}`, {
      where: displayPath(dir),
      cause: e,
    });
  }
  const files = names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => path.join(dir, n));
  if (files.length === 0) {
    throw new ConformError('CONFORM_SPEC_YAML', 'no *.yaml spec files in the specs directory', { where: displayPath(dir) });
  }
  const specs = await Promise.all(files.map(loadSpec));

  const seen = new Map<string, string>();
  for (const spec of specs) {
    for (const op of spec.operations) {
      const before = seen.get(op.id);
      if (before) {
        const at = childPointer('', 'paths', op.path, op.method.toLowerCase(), 'operationId');
        throw specError('CONFORM_SPEC_OPENAPI', spec.file, at, `duplicate operationId ${op.id} (also in ${before})`);
      }
      seen.set(op.id, displayPath(spec.file));
    }
  }
  return specs;
}

/** The operation with this operationId, if any spec has it. */
export function findOperation(specs: readonly Spec[], operationId: string): Operation | undefined {
  for (const spec of specs) {
    const op = spec.operations.find((o) => o.id === operationId);
    if (op) return op;
  }
  return undefined;
}

/** Every operation by operationId (what checks receive as `CheckContext.operations`). */
export function operationsById(specs: readonly Spec[]): ReadonlyMap<string, Operation> {
  return new Map(specs.flatMap((s) => s.operations.map((o) => [o.id, o] as const)));
}

// The stage hands on readonly data; freezing makes that true at run time too. Functions (the
// compiled validators) are left as they are.
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  for (const v of Object.values(value)) deepFreeze(v, seen);
  return Object.freeze(value);
}
