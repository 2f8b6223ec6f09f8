/**
 * The request-body facts generators work from, read once per operation from its (dereferenced)
 * request body schema: each property's type, length limits, character rule, provenance.
 */
import { ConformError } from '../errors.ts';
import type { JsonSchema, Operation, ParamSpec, Source } from '../spec/types.ts';
import { compileCharset, type CharRule } from './charclasses.ts';

export interface StringFacts {
  readonly min: number;
  /** documented maximum; absent when the document gives none */
  readonly max?: number;
  readonly rule: CharRule;
  readonly enum?: readonly string[];
}

export interface FieldSpec {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
  /** `null` is a documented value (`type: [string, "null"]`) */
  readonly nullable: boolean;
  readonly string: StringFacts;
  /** "只支持部分region自定义" */
  readonly regionOptional: boolean;
  readonly source: Source;
}

export interface BodySpec {
  readonly required: boolean;
  readonly fields: readonly FieldSpec[];
  /** `additionalProperties: false`: an unknown field breaks the schema; otherwise undecided */
  readonly closed: boolean;
  readonly source: Source;
}

/** Longest value generated for a string without a documented maximum. */
export const UNBOUNDED_CAP = 64;

const cache = new WeakMap<Operation, BodySpec | null>();

function typesOf(schema: JsonSchema): string[] {
  const t = (schema as { type?: string | string[] }).type;
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

function readField(operation: Operation, name: string, schema: JsonSchema, required: boolean, fallback: Source): FieldSpec {
  const where = `${operation.id} request body /${name}`;
  const types = typesOf(schema);
  const nonNull = types.filter((t) => t !== 'null');
  if (nonNull.length !== 1 || nonNull[0] !== 'string') {
    throw new ConformError(
      'CONFORM_SPEC_OPENAPI',
      `request property has type ${JSON.stringify(types)}; the case generators handle string properties only — add a generator in src/cases/generators/`,
      { where },
    );
  }
  const min = schema.minLength ?? 0;
  const max = schema.maxLength;
  if (max !== undefined && max < min) {
    throw new ConformError('CONFORM_SPEC_OPENAPI', `maxLength ${max} is below minLength ${min}`, { where });
  }
  if (schema.pattern !== undefined && schema['x-hwc-charset'] === undefined && schema.enum === undefined) {
    throw new ConformError(
      'CONFORM_SPEC_EXTENSION',
      'a string property with a pattern needs x-hwc-charset so generators can enumerate its characters',
      { where },
    );
  }
  const rule = compileCharset(schema['x-hwc-charset'], `${where}/x-hwc-charset`);
  const enumValues = schema.enum?.filter((v): v is string => typeof v === 'string');
  return {
    name,
    required,
    schema,
    nullable: types.includes('null'),
    string: { min, max, rule, ...(enumValues ? { enum: enumValues } : {}) },
    regionOptional: schema['x-hwc-region-optional'] === true,
    source: schema['x-hwc-source'] ?? fallback,
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
  const spec: BodySpec = {
    required: rb.required,
    fields: Object.entries(props).map(([name, s]) => readField(operation, name, s, requiredNames.has(name), rb.source)),
    closed: schema.additionalProperties === false,
    source: rb.source,
  };
  cache.set(operation, spec);
  return spec;
}

/** Generation ceiling in characters: the documented maximum, or a cap when there is none. */
export function generationMax(facts: StringFacts): number {
  return facts.max ?? facts.min + UNBOUNDED_CAP;
}

/**
 * The path parameter naming the operation's resource (an app, a certificate, a secret) — the
 * one an unknown-resource case replaces. Project and gateway-instance ids are scope, not the
 * resource: an unknown one tests a different thing.
 */
const RESOURCE_FIXTURES = new Set(['apig.appId', 'elb.certificateId', 'csms.rotatableSecret', 'csms.commonSecret']);

export function resourceParam(operation: Operation): ParamSpec | undefined {
  const candidates = operation.params.filter(
    (p) => p.in === 'path' && p.fixture !== undefined && RESOURCE_FIXTURES.has(p.fixture),
  );
  return candidates[candidates.length - 1];
}
