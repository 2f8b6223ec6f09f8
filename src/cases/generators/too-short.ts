/**
 * Below `minLength`, ASCII only: min−1 and shorter. An empty string in an *optional* field is
 * not drawn here: many services read "" as "not given" (Go zero values), which the documents do
 * not rule out — boundary.ts sends it as an `either` case.
 */
import fc from 'fast-check';
import type { FieldSpec } from '../fields.ts';
import { codePointLength } from '../length.ts';
import { lengthRule } from '../wording.ts';
import type { Draft } from '../draft.ts';
import { asciiString } from './ascii-string.ts';
import { fieldDraft, type GenContext } from './context.ts';

function tooShortDetail(field: FieldSpec, value: string): string {
  const n = codePointLength(value);
  return n === 0 ? `sent an empty ${field.name}` : `sent a ${n}-character ${field.name}`;
}

export function tooShort(ctx: GenContext, field: FieldSpec, pin?: { length: number }): fc.Arbitrary<Draft> | undefined {
  const { min, enum: listed } = field.string;
  const shortest = field.required ? 0 : 1;
  if (listed || min - 1 < shortest) return undefined;
  const length = pin
    ? fc.constant(pin.length)
    : fc.noBias(fc.oneof(fc.constant(min - 1), fc.integer({ min: shortest, max: min - 1 })));
  const values = asciiString(field, length, min).map((value) => ({ value, detail: tooShortDetail(field, value) }));
  const expect = pin?.length === 0 && !field.required ? 'either' : 'reject';
  return fieldDraft(ctx, field, values, { constraint: 'minLength', rule: lengthRule(field), expect });
}
