/**
 * The one place JSON Schemas become validators: ajv in its 2020-12 dialect (the dialect of
 * OpenAPI 3.1) with ajv-formats. Each schema object is compiled once and the validator reused;
 * errors are copied out at once because ajv reuses its error arrays.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ConformError } from '../errors.ts';
import type { JsonSchema, SchemaError } from './types.ts';

// ajv-formats is CommonJS: its default export sits on `.default` under NodeNext.
const { default: addFormats } = addFormatsModule;

export type Validate = (value: unknown) => readonly SchemaError[];

/**
 * Keywords ajv's strict mode must accept: OpenAPI's own annotations and our `x-hwc-*` ones.
 * Anything else unknown stays an error, so a typo such as `maxlength` cannot silently drop a
 * documented limit.
 */
const ANNOTATIONS = [
  'example',
  'discriminator',
  'xml',
  'externalDocs',
  'x-hwc-source',
  'x-hwc-charset',
  'x-hwc-region-optional',
] as const;

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // "exactly one of a, b" is `oneOf: [{required: [a]}, {required: [b]}]`, naming properties
    // the enclosing object declares; the case generators check those names (cases/value-facts.ts)
    strictRequired: false,
    // `type: [string, "null"]` is how the specs say nullable
    allowUnionTypes: true,
    validateFormats: true,
  });
  addFormats(ajv);
  ajv.addVocabulary([...ANNOTATIONS]);
  return ajv;
}

const ajv = createAjv();
const cache = new WeakMap<object, Validate>();
const byContent = new Map<string, Validate>();

function copyError(e: ErrorObject): SchemaError {
  return Object.freeze({
    instancePath: e.instancePath,
    schemaPath: e.schemaPath,
    keyword: e.keyword,
    message: e.message ?? e.keyword,
    params: Object.freeze({ ...(e.params as Record<string, unknown>) }),
  });
}

const NO_ERRORS: readonly SchemaError[] = Object.freeze([]);

function wrap(fn: ValidateFunction): Validate {
  return (value) => (fn(value) ? NO_ERRORS : Object.freeze((fn.errors ?? []).map(copyError)));
}

const booleans = new Map<boolean, Validate>();

/**
 * Compiles a (dereferenced) JSON Schema into `value → errors` (`[]` when valid). The same schema
 * object compiles only once. Throws CONFORM_SPEC_OPENAPI when ajv rejects the schema.
 */
export function compileSchema(schema: JsonSchema | boolean): Validate {
  const cached = typeof schema === 'boolean' ? booleans.get(schema) : cache.get(schema);
  if (cached) return cached;
  // Equal schemas share a validator too: a spec read back from the validated cache has copies
  // where the document had one shared object.
  const text = typeof schema === 'boolean' ? undefined : JSON.stringify(schema);
  const same = text === undefined ? undefined : byContent.get(text);
  if (same) {
    cache.set(schema as object, same);
    return same;
  }
  let validate: Validate;
  try {
    validate = wrap(ajv.compile(schema as object | boolean));
  } catch (e) {
    throw new ConformError('CONFORM_SPEC_OPENAPI', `invalid JSON Schema: ${(e as Error).message}`, { cause: e });
  }
  if (typeof schema === 'boolean') booleans.set(schema, validate);
  else {
    cache.set(schema, validate);
    byContent.set(text!, validate);
  }
  return validate;
}

const lazyByContent = new Map<string, Validate>();

/**
 * `compileSchema` deferred to the validator's first call, for schemas known to compile (a spec
 * from the validated cache): a run then compiles only what it uses. Equal schemas share one
 * validator, as with `compileSchema`.
 */
export function compileSchemaLazily(schema: JsonSchema): Validate {
  const text = JSON.stringify(schema);
  let validate = lazyByContent.get(text);
  if (!validate) {
    let compiled: Validate | undefined;
    validate = (value) => (compiled ??= compileSchema(schema))(value);
    lazyByContent.set(text, validate);
  }
  return validate;
}
