/**
 * Cold start: `conform run` as a user starts it (`node src/cli/bin.js`, which runs the prebuilt
 * bundle of the sources, cli/bundle.js), from spawning the process to its exit, reports written.
 * The first start after a source change also builds the bundle; it is reported apart from the
 * median of the rest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBounded } from './child.ts';
import { median, ROOT } from './setup.ts';

export interface ColdStart {
  readonly command: string;
  /** the first start, which may also build the bundle */
  readonly firstMs: number;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
}

const BIN = path.join(ROOT, 'src/cli/bin.js');

async function once(args: readonly string[], timeLimitMs: number): Promise<number> {
  return (await runBounded(`conform ${args.join(' ')}`, [BIN, ...args], timeLimitMs)).ms;
}

export async function measureColdStart(runs: number, timeLimitMs = 60_000): Promise<ColdStart> {
  const dir = mkdtempSync(path.join(tmpdir(), 'conform-bench-cold-'));
  const args = ['run', '--operations', 'ShowSecret', '--cases', '1', '--report-dir', dir];
  try {
    const firstMs = await once(args, timeLimitMs);
    const runsMs: number[] = [];
    for (let i = 0; i < runs; i++) runsMs.push(await once(args, timeLimitMs));
    return { command: `node src/cli/bin.js ${args.slice(0, -2).join(' ')}`, firstMs, runsMs, medianMs: median(runsMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
