/**
 * Above `maxLength`, ASCII only: max+1 (what shrinking converges to) up to twice the limit. A
 * base64 value (`contentEncoding`) stays base64, so only its length is wrong, and is over the
 * limit under both readings of it: in characters, and in the bytes it decodes to (base64.ts).
 */
import fc from 'fast-check';
import { base64Beyond } from '../base64.ts';
import type { FieldSpec } from '../fields.ts';
import { codePointLength } from '../length.ts';
import { lengthRule } from '../wording.ts';
import type { Draft } from '../draft.ts';
import type { Expectation } from '../types.ts';
import { asciiString } from './ascii-string.ts';
import { fieldDraft, type GenContext } from './context.ts';

/** The shortest value over the documented maximum: what the `max+1` case sends. */
export function tooLongEdge(field: FieldSpec): number | undefined {
  const { max } = field.string;
  if (max === undefined) return undefined;
  return field.string.encoding === 'base64' ? base64Beyond(max) : max + 1;
}

export function tooLong(ctx: GenContext, field: FieldSpec, pin?: { length: number; expect?: Expectation }): fc.Arbitrary<Draft> | undefined {
  const { max, enum: listed } = field.string;
  const edge = tooLongEdge(field);
  if (listed || max === undefined || edge === undefined) return undefined;
  const base64 = field.string.encoding === 'base64';
  const longest = base64 ? 2 * edge : 2 * max + 1;
  const drawn = fc.noBias(fc.oneof(fc.constant(edge), fc.integer({ min: edge, max: longest })));
  const length = pin ? fc.constant(pin.length) : base64 ? drawn.map((n) => Math.max(edge, Math.floor(n / 4) * 4)) : drawn;
  const values = asciiString(field, length, pin ? pin.length : longest).map((value) => ({
    value,
    detail: base64
      ? `sent a ${value.length}-character ${field.name} (${Buffer.from(value, 'base64').length} bytes decoded)`
      : `sent a ${codePointLength(value)}-character ${field.name}`,
  }));
  return fieldDraft(ctx, field, values, { constraint: 'maxLength', rule: lengthRule(field), expect: pin?.expect });
}
