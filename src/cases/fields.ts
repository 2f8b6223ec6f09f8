/**
 * The request-body facts generators work from, read once per operation from its (dereferenced)
 * request body schema: each property's type, length limits, character rule, provenance. A
 * top-level string is a `FieldSpec` (the charset machinery); any other property is a
 * `ValueField` whose value is a tree of JSON Schema facts (value-facts.ts).
 */
import { ConformError } from '../errors.ts';
import type { JsonSchema, Operation, ParamSpec, Source } from '../spec/types.ts';
import { isStringLeaf, readStringField, typesOf, type FieldSpec } from './string-facts.ts';
import { readGroups, readNode, type RequiredGroup, type ValueNode } from './value-facts.ts';

export { generationMax, type FieldSpec, type StringFacts } from './string-facts.ts';

/** A request property that is not a plain string: a number, boolean, array, object, enum, union. */
export interface ValueField {
  readonly kind: 'value';
  readonly name: string;
  readonly required: boolean;
  readonly node: ValueNode;
  /** "只支持部分region自定义" */
  readonly regionOptional: boolean;
  readonly source: Source;
}

export type BodyField = FieldSpec | ValueField;

export interface BodySpec {
  readonly required: boolean;
  readonly fields: readonly BodyField[];
  /** "exactly one of" / "at least one of" requirements among optional properties */
  readonly groups: readonly RequiredGroup[];
  /** `additionalProperties: false`: an unknown field breaks the schema; otherwise undecided */
  readonly closed: boolean;
  readonly source: Source;
}

const cache = new WeakMap<Operation, BodySpec | null>();

function readField(operation: Operation, name: string, schema: JsonSchema, required: boolean, fallback: Source): BodyField {
  const where = `${operation.id} request body /${name}`;
  if (isStringLeaf(schema)) return readStringField(where, name, schema, required, fallback);
  const source = schema['x-hwc-source'] ?? fallback;
  return {
    kind: 'value',
    name,
    required,
    node: readNode(schema, { where, path: name, required, source }),
    regionOptional: schema['x-hwc-region-optional'] === true,
    source,
  };
}

/** The operation's request body facts, or `undefined` when it documents no body. */
export function bodySpec(operation: Operation): BodySpec | undefined {
  const cached = cache.get(operation);
  if (cached !== undefined) return cached ?? undefined;
  const rb = operation.requestBody;
  if (!rb) {
    cache.set(operation, null);
    return undefined;
  }
  const schema = rb.schema;
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const requiredNames = new Set(schema.required ?? []);
  if (typesOf(schema).join() !== 'object') {
    throw new ConformError('CONFORM_SPEC_OPENAPI', 'the request body schema must be `type: object`', {
      where: `${operation.id} request body`,
    });
  }
  for (const name of requiredNames) {
    if (!Object.hasOwn(props, name)) {
      throw new ConformError('CONFORM_SPEC_OPENAPI', `required property ${name} is not declared in properties`, { where: `${operation.id} request body` });
    }
  }
  const spec: BodySpec = {
    required: rb.required,
    fields: Object.entries(props).map(([name, s]) => readField(operation, name, s, requiredNames.has(name), rb.source)),
    groups: readGroups(schema, Object.keys(props), `${operation.id} request body`, rb.source),
    closed: schema.additionalProperties === false,
    source: rb.source,
  };
  cache.set(operation, spec);
  return spec;
}

/**
 * The path parameter naming the operation's resource (an app, a certificate, a secret) — the
 * one an unknown-resource case replaces: the last path parameter, since a REST path narrows
 * from scope to resource (`/{project_id}/instances/{instance_id}/apps/{app_id}`). The project id
 * is scope, never the resource: an unknown one tests a different thing.
 */
export function resourceParam(operation: Operation): ParamSpec | undefined {
  const candidates = operation.params.filter((p) => p.in === 'path' && p.fixture !== undefined && p.fixture !== 'projectId');
  return candidates[candidates.length - 1];
}
