/**
 * Valid request bodies: required fields always, optional ones present or absent (absent, never
 * `undefined`: cases are JSON data). Region-optional fields ("只支持部分region自定义") are opt-in,
 * so a case that must isolate one constraint can leave them out.
 */
import fc from 'fast-check';
import type { BodySpec, FieldSpec } from '../fields.ts';
import { validString } from './valid-string.ts';

export type Presence = 'never' | 'maybe' | 'always';

export interface ValidBodyOptions {
  /** optional fields that are not region-optional; default `maybe` */
  readonly optional?: Presence;
  /** optional region-optional fields; default `maybe` */
  readonly regionOptional?: Presence;
  /** fields left out entirely (the one a negative case breaks) */
  readonly exclude?: readonly string[];
}

export type JsonObject = Record<string, unknown>;

function presence(field: FieldSpec, options: ValidBodyOptions): Presence {
  if (options.exclude?.includes(field.name)) return 'never';
  if (field.required) return 'always';
  return (field.regionOptional ? options.regionOptional : options.optional) ?? 'maybe';
}

export function validBody(spec: BodySpec, options: ValidBodyOptions = {}): fc.Arbitrary<JsonObject> {
  const entries = spec.fields
    .map((field) => ({ field, presence: presence(field, options) }))
    .filter((e) => e.presence !== 'never')
    .map(({ field, presence: p }) => {
      const value = validString(field);
      return p === 'always' ? value : fc.option(value, { freq: 2, nil: undefined });
    });
  const names = spec.fields.filter((f) => presence(f, options) !== 'never').map((f) => f.name);
  return fc.tuple(...entries).map((values) => {
    const body: JsonObject = {};
    values.forEach((v, i) => {
      if (v !== undefined) body[names[i]] = v;
    });
    return body;
  });
}

/** `body` with `name: value` inserted at the field's place in the schema order. */
export function withField(spec: BodySpec, body: JsonObject, name: string, value: unknown): JsonObject {
  const out: JsonObject = {};
  let placed = false;
  for (const f of spec.fields) {
    if (f.name === name) {
      out[name] = value;
      placed = true;
    } else if (Object.hasOwn(body, f.name)) out[f.name] = body[f.name];
  }
  for (const [k, v] of Object.entries(body)) if (!Object.hasOwn(out, k)) out[k] = v;
  if (!placed) out[name] = value;
  return out;
}
