/**
 * A bounded child process for the benchmark: killed when it outlives its time limit, resolved
 * with its stdout and wall time on exit 0, rejected with one line naming why otherwise.
 */
import { spawn } from 'node:child_process';
import { ROOT } from './setup.ts';

export interface ChildRun {
  readonly stdout: string;
  readonly ms: number;
}

export function runBounded(label: string, nodeArgs: readonly string[], timeLimitMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
      const ms = performance.now() - started;
      if (code === 0) return resolve({ stdout: out, ms });
      const limit = signal === 'SIGKILL' ? ` (time limit ${timeLimitMs} ms)` : '';
      reject(new Error(`${label} ended with ${signal ?? `exit ${code}`}${limit}: ${err.trim().split('\n').pop() ?? ''}`));
    });
  });
}
