/**
 * Peak memory of long runs: engine-child.ts in a process of its own per case count, so each
 * RSS figure is that run's alone. Two counts, so growth with the count shows as a difference;
 * the heap left after a full collection at the end shows what the run kept.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ChildResult } from './engine-child.ts';
import { ROOT } from './setup.ts';

export interface MemoryRun extends ChildResult {
  readonly argv: readonly string[];
}

const CHILD = path.join(ROOT, 'src/bench/engine-child.ts');

/** Runs one engine child; rejects when it fails or outlives `timeLimitMs` (then it is killed). */
export function runChild(argv: readonly string[], timeLimitMs: number): Promise<MemoryRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeLimitMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`engine child ${argv.join(' ')} ended with ${signal ?? `exit ${code}`}${signal === 'SIGKILL' ? ` (time limit ${timeLimitMs} ms)` : ''}: ${err.trim().split('\n').pop() ?? ''}`));
        return;
      }
      resolve({ argv, ...(JSON.parse(line) as ChildResult) });
    });
  });
}
