/**
 * Valid request bodies: required fields always, optional ones present or absent (absent, never
 * `undefined`: cases are JSON data), every "exactly one of" requirement met. Region-optional
 * fields ("只支持部分region自定义") are opt-in, so a case that must isolate one constraint can
 * leave them out.
 */
import fc from 'fast-check';
import type { BodyField, BodySpec } from '../fields.ts';
import { groupChoices, validValue, type Presence } from './valid-value.ts';
import { validString } from './valid-string.ts';

export type { Presence } from './valid-value.ts';

/** Valid values of one body property: the charset machinery for strings, valid-value.ts for the rest. */
export function fieldValue(field: BodyField): fc.Arbitrary<unknown> {
  return field.kind === 'string' ? validString(field) : validValue(field.node);
}

export interface ValidBodyOptions {
  /** optional fields that are not region-optional; default `maybe` */
  readonly optional?: Presence;
  /** optional region-optional fields; default `maybe` */
  readonly regionOptional?: Presence;
  /** fields left out entirely (the one a negative case breaks) */
  readonly exclude?: readonly string[];
}

export type JsonObject = Record<string, unknown>;

function presence(field: BodyField, options: ValidBodyOptions, grouped: ReadonlySet<string>): Presence {
  if (options.exclude?.includes(field.name) || grouped.has(field.name)) return 'never';
  if (field.required) return 'always';
  return (field.regionOptional ? options.regionOptional : options.optional) ?? 'maybe';
}

export function validBody(spec: BodySpec, options: ValidBodyOptions = {}): fc.Arbitrary<JsonObject> {
  const grouped = new Set(spec.groups.flatMap((g) => g.names));
  const entries = spec.fields
    .map((field) => ({ field, presence: presence(field, options, grouped) }))
    .filter((e) => e.presence !== 'never')
    .map(({ field, presence: p }) => {
      const value = fieldValue(field);
      return p === 'always' ? value : fc.option(value, { freq: 2, nil: undefined });
    });
  const names = spec.fields.filter((f) => presence(f, options, grouped) !== 'never').map((f) => f.name);
  const bodies = fc.tuple(...entries).map((values) => {
    const body: JsonObject = {};
    values.forEach((v, i) => {
      if (v !== undefined) body[names[i]] = v;
    });
    return body;
  });
  if (spec.groups.length === 0) return bodies;
  return withGroups(spec, bodies, options.exclude ?? []);
}

/** `bodies` with every group of the spec met (a group with a member in `satisfied` is left alone). */
export function withGroups(spec: BodySpec, bodies: fc.Arbitrary<JsonObject>, satisfied: readonly string[]): fc.Arbitrary<JsonObject> {
  const byName = new Map(spec.fields.map((f) => [f.name, f] as const));
  const chosen = groupChoices(spec.groups, (name) => fieldValue(byName.get(name)!), satisfied);
  return fc.tuple(bodies, chosen).map(([body, extra]) => Object.entries(extra).reduce((b, [k, v]) => withField(spec, b, k, v), body));
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
