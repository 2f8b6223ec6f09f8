/**
 * The facts of one string value, the leaf the charset machinery works on: length limits, the
 * character rule, a string enum, nullability, provenance. A top-level string property is one;
 * so is a string nested in an object or an array (value-facts.ts).
 */
import { ConformError } from '../errors.ts';
import type { JsonSchema, Source } from '../spec/types.ts';
import { base64Range, type ContentEncoding } from './base64.ts';
import { compileCharset, type CharRule } from './charclasses.ts';

export interface StringFacts {
  readonly min: number;
  /** documented maximum; absent when the document gives none */
  readonly max?: number;
  readonly rule: CharRule;
  readonly enum?: readonly string[];
  /** `contentEncoding`: the value is the encoding of bytes (base64.ts), not text of `rule`'s classes */
  readonly encoding?: ContentEncoding;
}

export interface FieldSpec {
  readonly kind: 'string';
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

/** Longest value generated for a string without a documented maximum. */
const UNBOUNDED_CAP = 64;

export function typesOf(schema: JsonSchema): string[] {
  const t = (schema as { type?: string | string[] }).type;
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/** A plain string (possibly nullable), the charset machinery's leaf; anything else is a value node. */
export function isStringLeaf(schema: JsonSchema): boolean {
  const nonNull = typesOf(schema).filter((t) => t !== 'null');
  return nonNull.length === 1 && nonNull[0] === 'string' && schema.oneOf === undefined && schema.anyOf === undefined;
}

/** The facts of one string leaf: `name` is how cases call it (`config.label` when nested). */
export function readStringField(where: string, name: string, schema: JsonSchema, required: boolean, fallback: Source): FieldSpec {
  const types = typesOf(schema);
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
  const encoding = readEncoding(where, schema, min, generationMax({ min, max, rule }));
  return {
    kind: 'string',
    name,
    required,
    schema,
    nullable: types.includes('null'),
    string: { min, max, rule, ...(enumValues ? { enum: enumValues } : {}), ...(encoding ? { encoding } : {}) },
    regionOptional: schema['x-hwc-region-optional'] === true,
    source: schema['x-hwc-source'] ?? fallback,
  };
}

/** `contentEncoding`, which the generators honour (base64) or refuse: never a value that misstates it. */
function readEncoding(where: string, schema: JsonSchema, min: number, max: number): ContentEncoding | undefined {
  const encoding = (schema as { contentEncoding?: unknown }).contentEncoding;
  if (encoding === undefined) return undefined;
  const fail = (message: string): never => {
    throw new ConformError('CONFORM_SPEC_OPENAPI', message, { where: `${where}/contentEncoding` });
  };
  if (encoding !== 'base64') fail(`contentEncoding ${JSON.stringify(encoding)}: the case generators honour only base64`);
  if (schema['x-hwc-charset'] !== undefined) fail('contentEncoding base64 fixes the characters: drop x-hwc-charset');
  if (schema.enum === undefined && !base64Range(min, max)) fail(`no base64 text (a multiple of 4 characters) has ${min}–${max} characters`);
  return 'base64';
}

/** Generation ceiling in characters: the documented maximum, or a cap when there is none. */
export function generationMax(facts: StringFacts): number {
  return facts.max ?? facts.min + UNBOUNDED_CAP;
}

