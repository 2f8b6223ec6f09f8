/**
 * Validates a spec as OpenAPI 3.1 with @seriousme/openapi-schema-validator and resolves its
 * `$ref`s with the same library, turning its findings into one CONFORM_SPEC_OPENAPI or
 * CONFORM_SPEC_REF error that names a JSON pointer.
 */
import type { Validator } from '@seriousme/openapi-schema-validator';
import type { ErrorObject } from 'ajv';
import { childPointer } from '../json-pointer.ts';
import { describeError, pickError } from './schema-errors.ts';
import type { SpecSource } from './load.ts';
import { specError } from './spec-error.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null;

// One validator keeps its compiled meta-schema for the whole process. It also keeps the last
// specification as state between validate() and resolveRefs(), so calls take turns. It is
// loaded only when a spec is not in the validated cache (validated-cache.ts): its import and
// meta-schema cost about a sixth of a cold start.
let validator: Promise<Validator> | undefined;
const getValidator = () => (validator ??= import('@seriousme/openapi-schema-validator').then((m) => new m.Validator()));
let turn: Promise<unknown> = Promise.resolve();

function exclusive<T>(job: () => Promise<T>): Promise<T> {
  const run = turn.then(job, job);
  turn = run.catch(() => undefined);
  return run;
}

/** Returns the dereferenced document (a fresh object; `source.data` is left untouched). */
export function validateOpenApi(source: SpecSource): Promise<Json> {
  const { file, data } = source;
  if (!isObject(data) || Array.isArray(data)) {
    return Promise.reject(specError('CONFORM_SPEC_OPENAPI', file, '', 'the spec is not a YAML mapping'));
  }
  if (typeof data.openapi !== 'string' || !/^3\.1\.\d+$/.test(data.openapi)) {
    return Promise.reject(
      specError('CONFORM_SPEC_OPENAPI', file, '/openapi', `expected openapi: 3.1.x, found ${JSON.stringify(data.openapi)}`, {
        line: source.lineOf('/openapi'),
      }),
    );
  }
  return exclusive(async () => {
    const v = await getValidator();
    const copy = structuredClone(data);
    const result = await v.validate(copy);
    if (!result.valid) throw toSpecError(source, result.errors);
    const resolved = v.resolveRefs() as Json;
    assertAcyclic(source, resolved);
    return resolved;
  });
}

function toSpecError(source: SpecSource, errors: ErrorObject[] | string | undefined) {
  const { file } = source;
  if (Array.isArray(errors) && errors.length > 0) {
    const best = pickError(errors);
    return specError('CONFORM_SPEC_OPENAPI', file, best.instancePath, `not valid OpenAPI 3.1: ${describeError(best)}`, {
      line: source.lineOf(best.instancePath),
    });
  }
  // the validator reports reference problems as one sentence: "Can't resolve <ref>[, only internal refs are supported.]"
  const message = typeof errors === 'string' ? errors : 'invalid OpenAPI document';
  const unresolved = /^Can't resolve (.+?)(, only internal refs are supported\.)?$/.exec(message);
  if (unresolved) {
    const [, ref, external] = unresolved;
    const pointer = findRef(source.data, ref!) ?? '';
    const why = external ? ' (only references inside the file are supported)' : '';
    return specError('CONFORM_SPEC_REF', file, pointer, `unresolved $ref ${ref}${why}`, { line: source.lineOf(pointer) });
  }
  return specError(/\$ref|\$id|\$anchor/.test(message) ? 'CONFORM_SPEC_REF' : 'CONFORM_SPEC_OPENAPI', file, '', message);
}

/** Pointer of the first `$ref` whose value is `ref`. */
function findRef(node: unknown, ref: string, pointer = ''): string | undefined {
  if (!isObject(node)) return undefined;
  if (typeof node.$ref === 'string' && (node.$ref === ref || safeDecode(node.$ref) === ref)) return `${pointer}/$ref`;
  for (const [key, value] of Object.entries(node)) {
    const found = findRef(value, ref, childPointer(pointer, key));
    if (found) return found;
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A recursive schema resolves to a cyclic object, which ajv cannot compile without `$ref`. */
function assertAcyclic(source: SpecSource, doc: Json): void {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const visit = (node: unknown, pointer: string): void => {
    if (!isObject(node) || done.has(node)) return;
    if (onPath.has(node)) {
      throw specError('CONFORM_SPEC_REF', source.file, pointer, 'recursive $ref: the specs must not define recursive schemas', {
        line: source.lineOf(pointer),
      });
    }
    onPath.add(node);
    for (const [key, value] of Object.entries(node)) visit(value, childPointer(pointer, key));
    onPath.delete(node);
    done.add(node);
  };
  visit(doc, '');
}
