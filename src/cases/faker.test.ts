import { fakerEN } from '@faker-js/faker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCharset } from './charclasses.ts';
import { fakerArbitrary, realisticText } from './faker.ts';

describe('faker wrapper', () => {
  it('is seeded by fast-check: same seed, same values; values never shrink', () => {
    const arb = fakerArbitrary((f) => f.zh.company.name());
    expect(fc.sample(arb, { seed: 3, numRuns: 5 })).toEqual(fc.sample(arb, { seed: 3, numRuns: 5 }));
    const value = fc.sample(arb, { seed: 3, numRuns: 1 })[0];
    expect([...arb.shrink(value, undefined)]).toEqual([]);
  });

  it('leaves the shared faker singletons alone', () => {
    fakerEN.seed(1);
    const reference = [fakerEN.number.int(), fakerEN.number.int()];
    fakerEN.seed(1);
    const first = fakerEN.number.int();
    fc.sample(realisticText(compileCharset({ allowed: ['latin', 'digit'] })), { seed: 1, numRuns: 10 });
    expect([first, fakerEN.number.int()]).toEqual(reference);
  });

  it('gives Chinese and English names sanitised to the rule', () => {
    const rule = compileCharset({ first: ['latin', 'han'], allowed: ['latin', 'digit', 'han', '_'] });
    const names = fc.sample(realisticText(rule), { seed: 8, numRuns: 60 });
    expect(names.some((n) => /[\u4e00-\u9fa5]{3}/.test(n))).toBe(true);
    expect(names.some((n) => /[A-Za-z]{4}/.test(n))).toBe(true);
    for (const n of names) expect(n).toMatch(/^([A-Za-z\u4e00-\u9fa5][A-Za-z0-9_\u4e00-\u9fa5]*)?$/u);
  });
});
