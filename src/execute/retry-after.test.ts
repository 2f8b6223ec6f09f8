import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay, createBackoff, parseRetryAfter, seededRandom } from './retry-after.ts';

const NOW = Date.parse('2024-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(' 7 ')).toBe(7000);
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(parseRetryAfter(['3', '9'])).toBe(3000);
  });

  it('reads the three HTTP-date forms as GMT', () => {
    expect(parseRetryAfter('Fri, 01 Mar 2024 12:00:30 GMT', { now: NOW })).toBe(30_000);
    expect(parseRetryAfter('Friday, 01-Mar-24 12:00:30 GMT', { now: NOW })).toBe(30_000);
    expect(parseRetryAfter('Fri Mar  1 12:00:30 2024', { now: NOW })).toBe(30_000);
  });

  it('a past date means now; a far one is capped', () => {
    expect(parseRetryAfter('Thu, 29 Feb 2024 12:00:00 GMT', { now: NOW })).toBe(0);
    expect(parseRetryAfter('Sat, 02 Mar 2024 12:00:00 GMT', { now: NOW })).toBe(60_000);
    expect(parseRetryAfter('86400', { capMs: 5000 })).toBe(5000);
  });

  it.each([undefined, '', '-1', 'soon', '1e3', 'Fri, 01 Mar 2024 12:00:30', '2024-03-01T12:00:30Z', 'Fri, 32 Mar 2024 12:00:30 GMT'])(
    'ignores %j',
    (v) => expect(parseRetryAfter(v, { now: NOW })).toBeUndefined(),
  );

  it('validates its cap', () => expect(() => parseRetryAfter('1', { capMs: -1 })).toThrow(/parseRetryAfter: capMs/));
});

describe('backoffDelay', () => {
  it('grows exponentially within [ceiling/2, ceiling] up to the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, undefined, { baseMs: 100, capMs: 10_000, random: () => r });
        const ceiling = Math.min(10_000, 100 * 2 ** (attempt - 1));
        expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(d).toBeLessThanOrEqual(ceiling);
      }),
    );
    const delays = [1, 2, 3, 4].map((a) => backoffDelay(a, undefined, { baseMs: 100, random: () => 0 }));
    expect(delays).toEqual([50, 100, 200, 400]);
  });

  it('treats Retry-After as a floor, capped', () => {
    const opts = { baseMs: 100, capMs: 5000, random: () => 0.5 };
    expect(backoffDelay(1, 2000, opts)).toBe(2000);
    expect(backoffDelay(1, 10, opts)).toBe(75);
    expect(backoffDelay(1, 60_000, opts)).toBe(5000);
  });

  it('is replayable from a seed', () => {
    const run = (seed: number) => {
      const delay = createBackoff({ random: seededRandom(seed) });
      return [1, 2, 3, 4, 5].map((a) => delay(a));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
    const r = seededRandom(7);
    for (let i = 0; i < 1000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('validates early, naming the API', () => {
    expect(() => createBackoff({ baseMs: 0, random: Math.random })).toThrow(/createBackoff: baseMs/);
    expect(() => createBackoff({ baseMs: 100, capMs: 50, random: Math.random })).toThrow(/createBackoff: capMs/);
    expect(() => backoffDelay(0, undefined, { random: Math.random })).toThrow(/backoffDelay: attempt/);
  });
});
