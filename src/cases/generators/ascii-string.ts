/**
 * ASCII values of an exact length that satisfy the field's character rule: the values of
 * length-negative cases. In ASCII every length reading (characters, UTF-16 units, UTF-8 bytes)
 * counts the same, so a 65-character value is too long under all of them. A base64 field
 * (`contentEncoding`) gets base64 of that length (a multiple of 4): only its length is wrong.
 */
import fc from 'fast-check';
import { base64Text } from '../base64.ts';
import { realisticAscii } from '../faker.ts';
import type { FieldSpec } from '../fields.ts';
import { fitString } from './fit.ts';
import { unitArbitrary, unitsArbitrary } from './units.ts';

export function asciiString(field: FieldSpec, length: fc.Arbitrary<number>, longest: number): fc.Arbitrary<string> {
  // no padding: a text over a limit counted in decoded bytes is over it by the most
  if (field.string.encoding === 'base64') return base64Text(length, { pad: 0 });
  const rule = field.string.rule;
  const first = rule.firstPool.filter((c) => c.ascii && c.name !== 'space');
  const rest = rule.restPool.filter((c) => c.ascii);
  return fc
    .tuple(length, realisticAscii(rule), unitArbitrary(first), unitsArbitrary(rest, longest))
    .map(([n, text, f, fill]) => fitString(rule, { text, target: n, filler: fill, firstUnit: f }, { min: n, maxChars: n }));
}
