/**
 * Sequences of characters drawn from a pool of classes. Each character comes from one unbiased
 * integer (class = n mod k, member = n div k), so a sequence shrinks towards the first class's
 * first member (`a` for Latin), and a per-value subset of classes gives pure runs as well as
 * mixes (all-Chinese names, all-Latin names, Latin with digits …).
 */
import fc from 'fast-check';
import type { CharClass } from '../charclasses.ts';

/** Named classes weigh twice a literal; literals share one group so `!@#$%` do not swamp text. */
function weighted(pool: readonly CharClass[]): CharClass[] {
  const literals = pool.filter((c) => c.name === c.example);
  const named = pool.filter((c) => c.name !== c.example);
  const out: CharClass[] = [];
  for (const c of named) out.push(c, c);
  if (literals.length > 0) {
    const chars = literals.map((c) => c.example);
    const members = new Set(chars);
    out.push({
      name: 'literals',
      label: chars.join(''),
      test: (ch) => members.has(ch),
      size: chars.length,
      at: (i) => chars[i % chars.length],
      example: chars[0],
      ascii: literals.every((c) => c.ascii),
    });
  }
  return out;
}

function draw(classes: readonly CharClass[], n: number): string {
  const c = classes[n % classes.length];
  return c.at(Math.floor(n / classes.length));
}

/** One character from the pool. */
export function unitArbitrary(pool: readonly CharClass[]): fc.Arbitrary<string> {
  const classes = weighted(pool);
  return fc.noBias(fc.nat()).map((n) => draw(classes, n));
}

/**
 * Filler is read cyclically (fit.ts), so a value needs at most this many drawn characters: one
 * draw per possible character (255 for a remark) was most of the cost of a case, and the draws
 * past the value's length were thrown away.
 */
const FILLER_CYCLE = 16;

/**
 * `min(count, FILLER_CYCLE)` characters, all from one random non-empty subset of the pool: the
 * cycle a value of any length is filled from.
 */
export function unitsArbitrary(pool: readonly CharClass[], count: number): fc.Arbitrary<string[]> {
  const classes = weighted(pool);
  const n = Math.min(count, FILLER_CYCLE);
  return fc
    .tuple(
      fc.noBias(fc.subarray(classes, { minLength: 1 })),
      fc.array(fc.noBias(fc.nat()), { minLength: n, maxLength: n }),
    )
    .map(([subset, ns]) => ns.map((n) => draw(subset, n)));
}
