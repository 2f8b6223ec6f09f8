/**
 * A JSON value of another type where the document says String. Objects and arrays: `reject`.
 * Numbers and booleans: `either` — Jackson, the usual JSON binder of Java services, coerces
 * scalars to their string form by default (`123` → "123"), and the documents say nothing about
 * coercion; flagging it would raise a false alarm on a service that honours every documented rule.
 */
import fc from 'fast-check';
import type { FieldSpec } from '../fields.ts';
import { typeRule } from '../wording.ts';
import type { Draft } from '../draft.ts';
import type { Expectation } from '../types.ts';
import { fieldDraft, type FieldValue, type GenContext } from './context.ts';
import { validString } from './valid-string.ts';

export type WrongType = 'number' | 'boolean' | 'object' | 'array';
export const WRONG_TYPES: readonly WrongType[] = ['number', 'boolean', 'object', 'array'];

function wrongTypeExpectation(type: WrongType): Expectation {
  return type === 'number' || type === 'boolean' ? 'either' : 'reject';
}

function values(field: FieldSpec, type: WrongType): fc.Arbitrary<FieldValue> {
  const detail = (v: unknown) => `sent ${field.name} as ${type === 'array' || type === 'object' ? 'an' : 'a'} ${type} (${JSON.stringify(v)})`;
  const arb: fc.Arbitrary<unknown> =
    type === 'number'
      ? fc.noBias(fc.integer({ min: 0, max: 99_999_999 }))
      : type === 'boolean'
        ? fc.boolean()
        : type === 'object'
          ? validString(field).map((s) => ({ value: s }))
          : validString(field).map((s) => [s]);
  return arb.map((value) => ({ value, detail: detail(value) }));
}

export function wrongType(ctx: GenContext, field: FieldSpec, pin: { type: WrongType }): fc.Arbitrary<Draft> {
  return fieldDraft(ctx, field, values(field, pin.type), {
    constraint: 'type',
    rule: typeRule(field),
    expect: wrongTypeExpectation(pin.type),
  });
}

/** Random phase: objects and arrays only (the `reject` kinds). */
export function wrongContainerType(ctx: GenContext, field: FieldSpec): fc.Arbitrary<Draft> {
  return fc.oneof(wrongType(ctx, field, { type: 'object' }), wrongType(ctx, field, { type: 'array' }));
}
