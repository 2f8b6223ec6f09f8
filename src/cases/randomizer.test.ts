import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xoroshiroRandomizer } from './randomizer.ts';

describe('the faker randomizer', () => {
  it('draws floats in [0, 1), the same ones for the same seed, other ones for another', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        const r = xoroshiroRandomizer();
        r.seed(a);
        const first = Array.from({ length: 50 }, () => r.next());
        for (const x of first) expect(x >= 0 && x < 1).toBe(true);
        r.seed(a);
        expect(Array.from({ length: 50 }, () => r.next())).toEqual(first);
        if ((a | 0) !== (b | 0)) {
          r.seed(b);
          expect(Array.from({ length: 50 }, () => r.next())).not.toEqual(first);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('takes array seeds too (faker allows them), deterministically', () => {
    const r = xoroshiroRandomizer([1, 2, 3]);
    const first = [r.next(), r.next()];
    r.seed([1, 2, 3]);
    expect([r.next(), r.next()]).toEqual(first);
    r.seed([3, 2, 1]);
    expect([r.next(), r.next()]).not.toEqual(first);
  });

  it('spreads its draws: each tenth of [0, 1) gets about a tenth of 20,000', () => {
    const r = xoroshiroRandomizer(7);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) bins[Math.floor(r.next() * 10)]!++;
    for (const n of bins) expect(Math.abs(n - 2000)).toBeLessThan(200);
  });
});
