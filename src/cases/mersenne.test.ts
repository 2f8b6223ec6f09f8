import { generateMersenne53Randomizer } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { mersenne53 } from './mersenne.ts';

describe('mersenne53', () => {
  it("draws exactly faker's generateMersenne53Randomizer numbers, across reseeds and state refills", () => {
    const ours = mersenne53();
    const theirs = generateMersenne53Randomizer();
    const seeds: (number | number[])[] = [0, 1, -1, 42, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 + 5, 13.37, 123456789, [42, 13.37], [1, 2, 3], [-7]];
    for (let i = 0; i < 40; i++) seeds.push(Math.imul(i + 1, 0x9e3779b1));
    for (const seed of seeds) {
      ours.seed(seed);
      theirs.seed(seed);
      const a = Array.from({ length: 700 }, () => ours.next());
      const b = Array.from({ length: 700 }, () => theirs.next());
      expect(a, `seed ${JSON.stringify(seed)}`).toEqual(b);
    }
  });
});
