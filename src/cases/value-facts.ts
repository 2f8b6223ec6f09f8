/**
 * Request values other than plain top-level strings, as a tree of the JSON Schema facts
 * generators need: number and integer limits, booleans, enums, arrays, nested objects,
 * nullability, `oneOf` / `anyOf` alternatives and "exactly one of" requirements. Read once from
 * the dereferenced schema; a construct the generators cannot honour is a spec error naming
 * where, never a case that silently misstates the documents.
 */
import { ConformError } from '../errors.ts';
import type { JsonSchema, Source } from '../spec/types.ts';
import { isStringLeaf, readStringField, typesOf, type FieldSpec } from './string-facts.ts';

interface NodeBase {
  /** how cases name it: `count`, `config.level`, `tags[]` */
  readonly path: string;
  /** `null` is a documented value (`type: [x, "null"]`, or a `null` alternative) */
  readonly nullable: boolean;
  readonly schema: JsonSchema;
  readonly source: Source;
}

export interface NumberNode extends NodeBase {
  readonly kind: 'number';
  readonly integer: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
}

export interface PropNode {
  readonly name: string;
  readonly required: boolean;
  readonly node: ValueNode;
}

/** "exactly one of a, b" (`oneOf` of `required` alone) or "at least one of" (`anyOf`). */
export interface RequiredGroup {
  readonly mode: 'exactly-one' | 'at-least-one';
  readonly names: readonly string[];
  readonly source: Source;
}

export type ValueNode =
  | (NodeBase & { readonly kind: 'string'; readonly leaf: FieldSpec })
  | NumberNode
  | (NodeBase & { readonly kind: 'boolean' })
  | (NodeBase & { readonly kind: 'enum'; readonly values: readonly unknown[] })
  | (NodeBase & {
      readonly kind: 'array';
      readonly items: ValueNode;
      readonly minItems: number;
      readonly maxItems?: number;
      readonly unique: boolean;
    })
  | (NodeBase & {
      readonly kind: 'object';
      readonly props: readonly PropNode[];
      readonly closed: boolean;
      readonly groups: readonly RequiredGroup[];
    })
  | (NodeBase & { readonly kind: 'alternatives'; readonly mode: 'oneOf' | 'anyOf'; readonly options: readonly ValueNode[] });

interface At {
  readonly where: string;
  readonly path: string;
  /** required in its parent (array items always are): decides what `null` or absence means */
  readonly required: boolean;
  readonly source: Source;
}

// keywords whose meaning the generators would have to honour and do not: refused, not ignored
const UNSUPPORTED = ['allOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'patternProperties', 'prefixItems', 'contains', 'const', 'minProperties', 'maxProperties'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(at: At, message: string): never {
  throw new ConformError('CONFORM_SPEC_OPENAPI', `${message}; the case generators cannot honour it`, { where: `${at.where}` });
}

/** `oneOf: [{required: [a]}, {required: [b]}]` and the like: each alternative names required properties only. */
function isRequiredOnly(branches: unknown): branches is { required: string[] }[] {
  return (
    Array.isArray(branches) &&
    branches.length >= 2 &&
    branches.every((b) => isObject(b) && Array.isArray(b.required) && Object.keys(b).every((k) => k === 'required' || k === 'x-hwc-source'))
  );
}

/** The "exactly one of" / "at least one of" requirements an object schema states. */
export function readGroups(schema: JsonSchema, names: readonly string[], where: string, source: Source): RequiredGroup[] {
  const out: RequiredGroup[] = [];
  for (const [keyword, mode] of [['oneOf', 'exactly-one'], ['anyOf', 'at-least-one']] as const) {
    const branches = schema[keyword];
    if (branches === undefined) continue;
    if (!isRequiredOnly(branches) || branches.some((b) => b.required.length !== 1 || !names.includes(b.required[0]!))) {
      throw new ConformError(
        'CONFORM_SPEC_OPENAPI',
        `${keyword} on an object: only alternatives that each require one declared property ("exactly one of a, b") are supported`,
        { where },
      );
    }
    const groupSource = (branches[0] as { 'x-hwc-source'?: Source })['x-hwc-source'] ?? schema['x-hwc-source'] ?? source;
    out.push({ mode, names: branches.map((b) => b.required[0]!), source: groupSource });
  }
  return out;
}

function finite(at: At, schema: JsonSchema, key: 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum' | 'multipleOf'): number | undefined {
  const v = (schema as Record<string, unknown>)[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(at, `${key} must be a number (OpenAPI 3.1), got ${JSON.stringify(v)}`);
  return v;
}

function readNumber(schema: JsonSchema, at: At, base: NodeBase, integer: boolean): NumberNode {
  const node: NumberNode = {
    ...base,
    kind: 'number',
    integer,
    minimum: finite(at, schema, 'minimum'),
    maximum: finite(at, schema, 'maximum'),
    exclusiveMinimum: finite(at, schema, 'exclusiveMinimum'),
    exclusiveMaximum: finite(at, schema, 'exclusiveMaximum'),
    multipleOf: finite(at, schema, 'multipleOf'),
  };
  for (const k of Object.keys(node) as (keyof NumberNode)[]) if (node[k] === undefined) delete (node as unknown as Record<string, unknown>)[k];
  if (node.multipleOf !== undefined && node.multipleOf <= 0) fail(at, `multipleOf must be above 0`);
  return node;
}

/** The facts of one schema, recursively. */
export function readNode(schema: JsonSchema, at: At): ValueNode {
  const raw = schema as Record<string, unknown>;
  for (const k of UNSUPPORTED) if (raw[k] !== undefined) fail(at, `${at.path} uses ${k}`);
  const types = typesOf(schema);
  const alternatives = (raw.oneOf ?? raw.anyOf) as JsonSchema[] | undefined;
  const nullable =
    types.includes('null') ||
    (Array.isArray(schema.enum) && schema.enum.includes(null)) ||
    (alternatives?.some((a) => typesOf(a).join() === 'null') ?? false);
  const base: NodeBase = { path: at.path, nullable, schema, source: schema['x-hwc-source'] ?? at.source };

  if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((v) => v !== null);
    if (values.length === 0) fail(at, `${at.path}: an enum with no value but null`);
    return { ...base, kind: 'enum', values };
  }
  if (isStringLeaf(schema)) {
    return { ...base, kind: 'string', leaf: readStringField(at.where, at.path, schema, at.required, at.source) };
  }
  if (alternatives !== undefined && !(types.length === 1 && types[0] === 'object')) {
    if (raw.oneOf !== undefined && raw.anyOf !== undefined) fail(at, `${at.path} has both oneOf and anyOf`);
    const mode = raw.oneOf !== undefined ? 'oneOf' : 'anyOf';
    const options = alternatives
      .filter((a) => typesOf(a).join() !== 'null')
      .map((a, i) => readNode(a, { ...at, where: `${at.where}/${mode}/${i}`, required: true }));
    if (options.length === 0) fail(at, `${at.path}: ${mode} with no alternative but null`);
    return { ...base, kind: 'alternatives', mode, options };
  }
  const nonNull = types.filter((t) => t !== 'null');
  if (nonNull.length !== 1) fail(at, `${at.path} has type ${JSON.stringify(types)}; give one type (and "null"), or oneOf alternatives`);
  const type = nonNull[0];
  switch (type) {
    case 'integer':
    case 'number':
      return readNumber(schema, at, base, type === 'integer');
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'array': {
      const itemSchema = raw.items;
      if (!isObject(itemSchema)) fail(at, `${at.path}: an array needs an items schema`);
      const minItems = schema.minItems ?? 0;
      if (schema.maxItems !== undefined && schema.maxItems < minItems) fail(at, `${at.path}: maxItems ${schema.maxItems} is below minItems ${minItems}`);
      const items = readNode(itemSchema as JsonSchema, { ...at, where: `${at.where}/items`, path: `${at.path}[]`, required: true });
      return { ...base, kind: 'array', items, minItems, ...(schema.maxItems !== undefined ? { maxItems: schema.maxItems } : {}), unique: schema.uniqueItems === true };
    }
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set(schema.required ?? []);
      for (const name of required) if (!Object.hasOwn(props, name)) fail(at, `${at.path} requires ${name}, which it does not declare`);
      return {
        ...base,
        kind: 'object',
        props: Object.entries(props).map(([name, s]) => ({
          name,
          required: required.has(name),
          node: readNode(s, { where: `${at.where}/${name}`, path: `${at.path}.${name}`, required: required.has(name), source: s['x-hwc-source'] ?? base.source }),
        })),
        closed: schema.additionalProperties === false,
        groups: readGroups(schema, Object.keys(props), at.where, base.source),
      };
    }
    default:
      return fail(at, `${at.path} has type ${type}`);
  }
}
