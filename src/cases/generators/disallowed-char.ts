/**
 * One character outside the field's documented classes, placed strictly inside an otherwise
 * valid value (never first, so the first-character rule is not also broken; never last, so a
 * service that trims does not see a different value). Probes come from charclasses.PROBES: no
 * reading of the documents allows any of them.
 */
import fc from 'fast-check';
import { charsetProbes, showChar, type Probe } from '../charclasses.ts';
import { realisticText } from '../faker.ts';
import { generationMax, type FieldSpec } from '../fields.ts';
import { utf8Length } from '../length.ts';
import { article, charsetRule } from '../wording.ts';
import type { Draft } from '../draft.ts';
import { fieldDraft, insertAt, type GenContext } from './context.ts';
import { fitString } from './fit.ts';
import { unitArbitrary, unitsArbitrary } from './units.ts';

/** The probe's UTF-8 size counts against the byte budget, so the value stays valid in length. */
export function disallowedChar(ctx: GenContext, field: FieldSpec, pin?: { probe: Probe }): fc.Arbitrary<Draft> | undefined {
  const facts = field.string;
  const probes = charsetProbes(facts.rule);
  if (facts.enum || probes.length === 0) return undefined;
  const maxChars = generationMax(facts);
  const baseMin = Math.max(facts.min - 1, 2);
  if (baseMin + 1 > maxChars) return undefined;
  const probe = pin ? fc.constant(pin.probe) : fc.noBias(fc.constantFrom(...probes));
  const values = fc
    .tuple(
      probe,
      fc.noBias(fc.integer({ min: baseMin + 1, max: maxChars })),
      realisticText(facts.rule),
      unitArbitrary(facts.rule.firstPool),
      unitsArbitrary(facts.rule.restPool, maxChars),
      fc.noBias(fc.nat()),
    )
    .map(([p, n, text, f, fill, k]) => {
      const base = fitString(
        facts.rule,
        { text, target: n - 1, filler: fill, firstUnit: f },
        {
          min: baseMin,
          maxChars: maxChars - 1,
          maxBytes: facts.max === undefined ? undefined : facts.max - utf8Length(p.char),
        },
      );
      const at = 1 + (k % ([...base].length - 1));
      return {
        value: insertAt(base, at, p.char),
        detail: `sent ${article(field.name)} containing ${showChar(p.char)} (${p.label})`,
      };
    });
  return fieldDraft(ctx, field, values, { constraint: 'charset', rule: charsetRule(field) });
}
