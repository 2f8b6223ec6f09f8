/**
 * Peak memory of long runs: engine-child.ts in a process of its own per case count, so each
 * RSS figure is that run's alone. Two counts, so growth with the count shows as a difference;
 * the heap left after a full collection at the end shows what the run kept.
 */
import { runBounded } from './child.ts';
import path from 'node:path';
import type { ChildResult } from './engine-child.ts';
import { ROOT } from './setup.ts';

export interface MemoryRun extends ChildResult {
  readonly argv: readonly string[];
}

const CHILD = path.join(ROOT, 'src/bench/engine-child-bin.js');

/** Runs one engine child; rejects when it fails or outlives `timeLimitMs` (then it is killed). */
export async function runChild(argv: readonly string[], timeLimitMs: number): Promise<MemoryRun> {
  const label = `engine child ${argv.join(' ')}`;
  const { stdout } = await runBounded(label, ['--expose-gc', CHILD, ...argv], timeLimitMs);
  const line = stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) throw new Error(`${label} printed no result line`);
  return { argv, ...(JSON.parse(line) as ChildResult) };
}
