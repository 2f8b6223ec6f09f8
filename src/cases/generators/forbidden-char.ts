/** A character the document forbids outright (`<` or `>` in an ELB description), anywhere in a valid value. */
import fc from 'fast-check';
import { showChar } from '../charclasses.ts';
import { realisticText } from '../faker.ts';
import { generationMax, type FieldSpec } from '../fields.ts';
import { utf8Length } from '../length.ts';
import { article, forbiddenRule } from '../wording.ts';
import type { Draft } from '../draft.ts';
import { fieldDraft, insertAt, type GenContext } from './context.ts';
import { fitString } from './fit.ts';
import { unitArbitrary, unitsArbitrary } from './units.ts';

export function forbiddenChar(
  ctx: GenContext,
  field: FieldSpec,
  pin?: { char: string; at?: 'start' | 'middle' | 'end' },
): fc.Arbitrary<Draft> | undefined {
  const facts = field.string;
  const forbidden = facts.rule.forbidden;
  if (facts.enum || forbidden.length === 0) return undefined;
  const maxChars = generationMax(facts);
  const baseMin = Math.max(facts.min - 1, pin?.at === 'middle' ? 2 : 0);
  if (baseMin + 1 > maxChars) return undefined;
  const char = pin ? fc.constant(pin.char) : fc.noBias(fc.constantFrom(...forbidden));
  const values = fc
    .tuple(
      char,
      fc.noBias(fc.integer({ min: baseMin + 1, max: maxChars })),
      realisticText(facts.rule),
      unitArbitrary(facts.rule.firstPool),
      unitsArbitrary(facts.rule.restPool, maxChars),
      fc.noBias(fc.nat()),
    )
    .map(([c, n, text, f, fill, k]) => {
      const base = fitString(
        facts.rule,
        { text, target: n - 1, filler: fill, firstUnit: f },
        { min: baseMin, maxChars: maxChars - 1, maxBytes: facts.max === undefined ? undefined : facts.max - utf8Length(c) },
      );
      const len = [...base].length;
      const at =
        pin?.at === 'start' ? 0 : pin?.at === 'end' ? len : pin?.at === 'middle' ? 1 + (k % (len - 1)) : k % (len + 1);
      return { value: insertAt(base, at, c), detail: `sent ${article(field.name)} containing ${showChar(c)}` };
    });
  return fieldDraft(ctx, field, values, { constraint: 'forbidden-char', rule: forbiddenRule(field) });
}
