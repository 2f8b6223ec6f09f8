/**
 * A value of a base64 field (`contentEncoding: base64`) that is not base64: a character outside
 * every base64 alphabet, or `=` inside the text. Its length stays within the documented limits
 * and a multiple of 4, so the encoding is the one thing broken. `either`: the documents name the
 * type, not a refusal, and common decoders (commons-codec, Python's b64decode, Node's Buffer)
 * skip what they cannot read; a service may also store the text as sent (specs/NOTES.md,
 * its base64 entry). Never a 5xx, as for every case.
 */
import fc from 'fast-check';
import { base64Length, base64Range, notBase64 } from '../base64.ts';
import type { Draft } from '../draft.ts';
import { generationMax, type FieldSpec } from '../fields.ts';
import { article, encodingRule } from '../wording.ts';
import { fieldDraft, type GenContext } from './context.ts';

/** Longest text drawn: the break, not the length, is what these cases probe. */
const SPAN = 64;

export function notBase64Value(ctx: GenContext, field: FieldSpec, how: 'alphabet' | 'padding'): fc.Arbitrary<Draft> | undefined {
  const facts = field.string;
  if (facts.encoding !== 'base64' || facts.enum) return undefined;
  // at least 4 characters: a break strictly inside a block of the text
  const range = base64Range(Math.max(facts.min, 4), generationMax(facts));
  if (!range) return undefined;
  const length = fc.integer({ min: range.lo, max: Math.min(range.hi, range.lo + SPAN) }).map((n) => base64Length(range, n));
  const values = notBase64(length, how).map(({ value, why }) => ({ value, detail: `sent ${article(field.name)} containing ${why}` }));
  return fieldDraft(ctx, field, values, { constraint: 'contentEncoding', rule: encodingRule(field), expect: 'either' });
}
