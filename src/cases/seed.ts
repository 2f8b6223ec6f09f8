/** Derived seeds: one run seed, independent streams per use (FNV-1a of seed and a label). */
import fc from 'fast-check';

export function mixSeed(seed: number, label: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}/${label}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** One deterministic, unbiased value of `arb` for this seed and label. */
export function pick<T>(arb: fc.Arbitrary<T>, seed: number, label: string): T {
  return fc.sample(fc.noBias(arb), { seed: mixSeed(seed, label), numRuns: 1 })[0];
}
