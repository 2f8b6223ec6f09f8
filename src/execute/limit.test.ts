import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLimit } from './limit.ts';

describe('createLimit', () => {
  it('never runs more than n tasks at once and runs every task', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(fc.nat({ max: 3 }), { maxLength: 40 }), async (n, delays) => {
        const limit = createLimit(n);
        let active = 0;
        let peak = 0;
        const results = await Promise.all(
          delays.map((d, i) =>
            limit(async () => {
              active++;
              peak = Math.max(peak, active);
              await new Promise((r) => setTimeout(r, d));
              active--;
              return i;
            }),
          ),
        );
        expect(peak).toBeLessThanOrEqual(n);
        expect(results).toEqual(delays.map((_, i) => i));
      }),
      { numRuns: 30 },
    );
  });

  it('rejects a non-positive concurrency with the API name', () => {
    expect(() => createLimit(0)).toThrow(/createLimit/);
  });
});
