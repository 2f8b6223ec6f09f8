/** Above `maxLength`, ASCII only: max+1 (what shrinking converges to) up to twice the limit. */
import fc from 'fast-check';
import type { FieldSpec } from '../fields.ts';
import { codePointLength } from '../length.ts';
import { lengthRule } from '../wording.ts';
import type { Draft } from '../draft.ts';
import { asciiString } from './ascii-string.ts';
import { fieldDraft, type GenContext } from './context.ts';

export function tooLong(ctx: GenContext, field: FieldSpec, pin?: { length: number }): fc.Arbitrary<Draft> | undefined {
  const { max, enum: listed } = field.string;
  if (listed || max === undefined) return undefined;
  const longest = 2 * max + 1;
  const length = pin
    ? fc.constant(pin.length)
    : fc.noBias(fc.oneof(fc.constant(max + 1), fc.integer({ min: max + 1, max: longest })));
  const values = asciiString(field, length, pin ? pin.length : longest).map((value) => ({
    value,
    detail: `sent a ${codePointLength(value)}-character ${field.name}`,
  }));
  return fieldDraft(ctx, field, values, { constraint: 'maxLength', rule: lengthRule(field) });
}
