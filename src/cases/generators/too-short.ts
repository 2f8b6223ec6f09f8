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
  // base64 (`contentEncoding`) stays base64: its lengths are multiples of 4, and only the length is wrong
  const step = field.string.encoding === 'base64' ? 4 : 1;
  const shortest = field.required ? 0 : step;
  const longest = Math.floor((min - 1) / step) * step;
  if (listed || longest < shortest) return undefined;
  const drawn = fc.noBias(fc.oneof(fc.constant(longest), fc.integer({ min: shortest, max: longest })));
  const pinned = pin && Math.floor(pin.length / step) * step;
  const length = pinned !== undefined ? fc.constant(pinned) : step === 1 ? drawn : drawn.map((n) => Math.floor(n / step) * step);
  const values = asciiString(field, length, min).map((value) => ({ value, detail: tooShortDetail(field, value) }));
  const expect = pinned === 0 && !field.required ? 'either' : 'reject';
  return fieldDraft(ctx, field, values, { constraint: 'minLength', rule: lengthRule(field), expect });
}
