/**
 * Valid values for a string property: every length from min to max, every allowed class
 * (Chinese included), the first-character rule, valid under every length reading (characters
 * ≥ min, UTF-8 bytes ≤ max: a 64-character all-Chinese name is not a positive case, 21 Chinese
 * characters and a Latin letter are). Half realistic (faker), half raw fast-check characters.
 */
import fc from 'fast-check';
import { base64Length, base64Range, base64Text } from '../base64.ts';
import { HAN, type CharClass } from '../charclasses.ts';
import { realisticText } from '../faker.ts';
import { generationMax, type FieldSpec, type StringFacts } from '../fields.ts';
import { codePointLength } from '../length.ts';
import { clamp, fitString } from './fit.ts';
import { unitArbitrary, unitsArbitrary } from './units.ts';

/**
 * The longest value whose Chinese characters fill the byte budget: 21 Chinese + 1 Latin for
 * a 64-byte limit. `undefined` when the field takes no Chinese or has no maximum.
 */
export function byteLimitLength(facts: StringFacts): number | undefined {
  if (facts.max === undefined || !facts.rule.restPool.includes(HAN)) return undefined;
  const han = Math.floor(facts.max / 3);
  return clamp(han + (facts.max - 3 * han), facts.min, generationMax(facts));
}

/**
 * Draws like `pick` (boundaries on purpose) but shrinks like an integer of the whole range, from
 * the drawn length towards `min`. A boundary drawn as a constant would not shrink at all, and
 * `oneof`'s cross-shrinking tries one value of its first arm and gives up: a failure seen at the
 * maximum length must still shrink to the shortest length that fails.
 */
class LengthArbitrary extends fc.Arbitrary<number> {
  constructor(
    private readonly pick: fc.Arbitrary<number>,
    private readonly range: fc.Arbitrary<number>,
  ) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<number> {
    return new fc.Value(this.pick.generate(mrng, biasFactor).value, undefined);
  }
  canShrinkWithoutContext(value: unknown): value is number {
    return this.range.canShrinkWithoutContext(value);
  }
  shrink(value: number): fc.Stream<fc.Value<number>> {
    return this.range.shrink(value, undefined);
  }
}

/** Lengths across the whole range, with each boundary drawn on purpose. */
export function lengthArbitrary(facts: StringFacts): fc.Arbitrary<number> {
  const maxChars = generationMax(facts);
  const range = fc.noBias(fc.integer({ min: facts.min, max: maxChars }));
  const arms = [
    { arbitrary: range, weight: 6 },
    { arbitrary: fc.constant(facts.min), weight: 1 },
    { arbitrary: fc.constant(maxChars), weight: 1 },
  ];
  const byteLimit = byteLimitLength(facts);
  if (byteLimit !== undefined) arms.push({ arbitrary: fc.constant(byteLimit), weight: 1 });
  return new LengthArbitrary(fc.oneof(...arms), range);
}

export interface ValidStringOptions {
  /** characters (clamped to the documented range); default: lengthArbitrary */
  readonly length?: number | fc.Arbitrary<number>;
  /** restrict the classes for positions after the first (e.g. ASCII only, Chinese only) */
  readonly restPool?: readonly CharClass[];
  /** restrict the classes for the first position */
  readonly firstPool?: readonly CharClass[];
  /** one character of each class appears right after the first (when the length allows) */
  readonly include?: readonly CharClass[];
  /** base64 values (`contentEncoding`): how many `=` end them; drawn when absent */
  readonly pad?: 0 | 1 | 2;
}

export function validString(field: FieldSpec, options: ValidStringOptions = {}): fc.Arbitrary<string> {
  const facts = field.string;
  if (facts.enum && facts.enum.length > 0) return fc.constantFrom(...facts.enum);
  const rule = facts.rule;
  const maxChars = generationMax(facts);
  const limits = { min: facts.min, maxChars, maxBytes: facts.max };
  const length =
    typeof options.length === 'number' ? fc.constant(options.length) : (options.length ?? lengthArbitrary(facts));
  if (facts.encoding === 'base64') {
    // string-facts.ts refused a range that holds no base64 length
    const range = base64Range(facts.min, maxChars)!;
    return base64Text(length.map((n) => base64Length(range, n)), { pad: options.pad });
  }
  const first = unitArbitrary(options.firstPool ?? rule.firstPool);
  const filler = unitsArbitrary(options.restPool ?? rule.restPool, maxChars);
  const include = fc.tuple(...(options.include ?? []).map((c) => unitArbitrary([c])));
  const raw = fc
    .tuple(length, first, include, filler)
    .map(([n, f, inc, fill]) => fitString(rule, { text: '', target: n, filler: [...inc, ...fill], firstUnit: f }, limits));
  if (options.restPool || options.firstPool || options.include) return raw;
  // realistic: the faker text at its own length (padded when shorter than min) or fitted to a
  // drawn length; an explicit length always wins
  const target = options.length === undefined ? fc.oneof(fc.constant(-1), length) : length;
  const realistic = fc
    .tuple(target, realisticText(rule), first, filler)
    .map(([n, text, f, fill]) =>
      fitString(rule, { text, target: n < 0 ? codePointLength(text) : n, filler: fill, firstUnit: f }, limits),
    );
  return fc.oneof(realistic, raw);
}
