/**
 * faker's default randomizer (MersenneTwister19937, 53-bit floats: `generateMersenne53Randomizer`)
 * on an Int32Array. Same seed, same numbers as faker's own; seeding is several times cheaper,
 * and the case generators reseed for every faker value they draw.
 *
 * Every read of the state is a bitwise operation, so storing each word as its 32-bit two's
 * complement (what an Int32Array holds) gives exactly faker's results.
 */
import type { Randomizer } from '@faker-js/faker';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

function initGenrand(mt: Int32Array, seed: number): void {
  mt[0] = seed;
  for (let i = 1; i < N; i++) {
    const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
    mt[i] = Math.imul(1812433253, prev) + i;
  }
}

function initByArray(mt: Int32Array, key: readonly number[]): void {
  initGenrand(mt, 19650218);
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, key.length); k !== 0; k--) {
    const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
    mt[i] = Math.trunc((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j);
    i++;
    j++;
    if (i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k !== 0; k--) {
    const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
    mt[i] = Math.trunc((mt[i]! ^ Math.imul(prev, 1566083941)) - i);
    i++;
    if (i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
  }
  mt[0] = UPPER;
}

function twist(mt: Int32Array): void {
  let k = 0;
  for (; k < N - M; k++) {
    const y = (mt[k]! & UPPER) | (mt[k + 1]! & LOWER);
    mt[k] = mt[k + M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  for (; k < N - 1; k++) {
    const y = (mt[k]! & UPPER) | (mt[k + 1]! & LOWER);
    mt[k] = mt[k + M - N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  const y = (mt[N - 1]! & UPPER) | (mt[0]! & LOWER);
  mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
}

/** A faker `Randomizer` equal to `generateMersenne53Randomizer(seed)`. */
export function mersenne53(seed = 5489): Randomizer {
  const mt = new Int32Array(N);
  let index = 0;
  const nextU32 = (): number => {
    let y = mt[index]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    if (++index >= N) {
      twist(mt);
      index = 0;
    }
    return y >>> 0;
  };
  const reseed = (s: number | number[]): void => {
    if (typeof s === 'number') initGenrand(mt, s);
    else initByArray(mt, s);
    twist(mt);
    index = 0;
  };
  reseed(seed);
  return {
    next: () => ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) * 2 ** -53,
    seed: reseed,
  };
}
