/** A character the document forbids outright (`<` or `>` in an ELB description), anywhere in a valid value. */
import fc from 'fast-check';
import { showChar } from '../charclasses.ts';
import type { FieldSpec } from '../fields.ts';
import { article, forbiddenRule } from '../wording.ts';
import type { Draft } from '../draft.ts';
import { fieldDraft, type GenContext } from './context.ts';
import { insertedChar } from './inserted-char.ts';

export function forbiddenChar(
  ctx: GenContext,
  field: FieldSpec,
  pin?: { char: string; at?: 'start' | 'middle' | 'end' },
): fc.Arbitrary<Draft> | undefined {
  const facts = field.string;
  const forbidden = facts.rule.forbidden;
  if (facts.enum || forbidden.length === 0) return undefined;
  const char = pin ? fc.constant(pin.char) : fc.noBias(fc.constantFrom(...forbidden));
  const place = (k: number, len: number) =>
    pin?.at === 'start' ? 0 : pin?.at === 'end' ? len : pin?.at === 'middle' ? 1 + (k % (len - 1)) : k % (len + 1);
  const inserted = insertedChar(facts, char, (c) => c, Math.max(facts.min - 1, pin?.at === 'middle' ? 2 : 0), place);
  if (!inserted) return undefined;
  const values = inserted.map(({ value, char: c }) => ({ value, detail: `sent ${article(field.name)} containing ${showChar(c)}` }));
  return fieldDraft(ctx, field, values, { constraint: 'forbidden-char', rule: forbiddenRule(field) });
}
