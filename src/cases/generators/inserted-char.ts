/**
 * A valid value with one extra character inserted: the shared core of the disallowed-character
 * and forbidden-character generators. The base is one character shorter than the drawn length,
 * and the inserted character's UTF-8 size counts against the byte budget, so only the inserted
 * character breaks a rule.
 */
import fc from 'fast-check';
import { realisticText } from '../faker.ts';
import { generationMax, type StringFacts } from '../fields.ts';
import { utf8Length } from '../length.ts';
import { insertAt } from './context.ts';
import { fitString } from './fit.ts';
import { unitArbitrary, unitsArbitrary } from './units.ts';

export interface Inserted<C> {
  readonly value: string;
  readonly char: C;
}

/**
 * `place(k, length)` picks the insertion index in the base from a drawn natural number.
 * Returns undefined when no value of the field has room for the character.
 */
export function insertedChar<C>(
  facts: StringFacts,
  chars: fc.Arbitrary<C>,
  charOf: (c: C) => string,
  baseMin: number,
  place: (k: number, length: number) => number,
): fc.Arbitrary<Inserted<C>> | undefined {
  const maxChars = generationMax(facts);
  if (baseMin + 1 > maxChars) return undefined;
  return fc
    .tuple(
      chars,
      fc.noBias(fc.integer({ min: baseMin + 1, max: maxChars })),
      realisticText(facts.rule),
      unitArbitrary(facts.rule.firstPool),
      unitsArbitrary(facts.rule.restPool, maxChars),
      fc.noBias(fc.nat()),
    )
    .map(([c, n, text, f, fill, k]) => {
      const char = charOf(c);
      const base = fitString(
        facts.rule,
        { text, target: n - 1, filler: fill, firstUnit: f },
        { min: baseMin, maxChars: maxChars - 1, maxBytes: facts.max === undefined ? undefined : facts.max - utf8Length(char) },
      );
      return { value: insertAt(base, place(k, [...base].length), char), char: c };
    });
}
