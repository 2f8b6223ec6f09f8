/**
 * A first character the field allows elsewhere but not first (`1app`, `_app` for an APIG app
 * name): breaks only the first-character rule — every character is in the charset and the
 * length is valid under every reading.
 */
import fc from 'fast-check';
import { firstCharViolators, showChar, type CharClass } from '../charclasses.ts';
import { realisticText } from '../faker.ts';
import { generationMax, type FieldSpec } from '../fields.ts';
import { utf8Length } from '../length.ts';
import { article, firstCharRule, singular } from '../wording.ts';
import type { Draft } from '../draft.ts';
import { fieldDraft, type GenContext } from './context.ts';
import { fitString } from './fit.ts';
import { unitArbitrary, unitsArbitrary } from './units.ts';

export function firstChar(ctx: GenContext, field: FieldSpec, pin?: { cls: CharClass }): fc.Arbitrary<Draft> | undefined {
  const facts = field.string;
  const violators = firstCharViolators(facts.rule);
  if (facts.enum || violators.length === 0) return undefined;
  const maxChars = generationMax(facts);
  const tailMin = Math.max(facts.min - 1, 1);
  if (tailMin + 1 > maxChars) return undefined;
  const bad = pin ? unitArbitrary([pin.cls]) : unitArbitrary(violators);
  const values = fc
    .tuple(
      bad,
      fc.noBias(fc.integer({ min: tailMin + 1, max: maxChars })),
      realisticText(facts.rule),
      unitsArbitrary(facts.rule.restPool, maxChars),
    )
    .map(([b, n, text, fill]) => {
      const tail = fitString(
        facts.rule,
        { text, target: n - 1, filler: fill, firstUnit: fill[0] },
        {
          min: tailMin,
          maxChars: maxChars - 1,
          maxBytes: facts.max === undefined ? undefined : facts.max - utf8Length(b),
          startsValue: false,
        },
      );
      const cls = violators.find((c) => c.test(b));
      return {
        value: b + tail,
        detail: `sent ${article(field.name)} starting with ${showChar(b)}${cls && cls.name !== cls.example ? ` (${singular(cls)})` : ''}`,
      };
    });
  return fieldDraft(ctx, field, values, { constraint: 'first-char', rule: firstCharRule(field) });
}
