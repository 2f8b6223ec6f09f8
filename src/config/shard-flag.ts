/** `--shard i/n` (src/run/shard.ts says what a shard sends). */
import { ConformError } from '../errors.ts';

export interface Shard {
  /** 1-based */
  readonly index: number;
  readonly count: number;
}

/** `i/n` with 1 ≤ i ≤ n; anything else is one usage line. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new ConformError('CONFORM_USAGE', `--shard expects i/n with 1 ≤ i ≤ n (e.g. 2/4), got '${text}'`);
  }
  return { index, count };
}
