/**
 * The randomizer of the case generators' private Faker instances: pure-rand's xoroshiro128+
 * behind faker's `Randomizer` interface. The generators reseed faker for every value they draw
 * (fast-check owns the randomness), and seeding faker's default Mersenne Twister fills 624
 * words each time: about a third of the cost of a realistic value. Seeding this one sets four.
 */
import type { Randomizer } from '@faker-js/faker';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** An array seed folded into one 32-bit integer (faker's interface allows both). */
function foldSeed(seed: number | number[]): number {
  if (typeof seed === 'number') return seed | 0;
  let h = 0x811c9dc5;
  for (const n of seed) h = Math.imul(h ^ (n | 0), 0x01000193);
  return h;
}

export function xoroshiroRandomizer(seed: number | number[] = 0): Randomizer {
  let rng = xoroshiro128plus(foldSeed(seed));
  return {
    // 53 random bits, as faker's own randomizer gives: 27 from one draw and 26 from the next
    next: () => ((rng.next() >>> 5) * 67108864 + (rng.next() >>> 6)) * 2 ** -53,
    seed: (s) => {
      rng = xoroshiro128plus(foldSeed(s));
    },
  };
}
