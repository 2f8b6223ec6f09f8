/**
 * A bounded child process for the benchmark: killed when it outlives its time limit, resolved
 * with its stdout and wall time on exit 0, rejected with one line naming why otherwise. Every
 * child of the benchmark is also killed when the benchmark ends, by an error or by Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './setup.ts';

export interface ChildRun {
  readonly stdout: string;
  readonly ms: number;
}

export function runBounded(label: string, nodeArgs: readonly string[], timeLimitMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const untrack = killOnExit(child);
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
      untrack();
      const ms = performance.now() - started;
      if (code === 0) return resolve({ stdout: out, ms });
      const limit = signal === 'SIGKILL' ? ` (time limit ${timeLimitMs} ms)` : '';
      reject(new Error(`${label} ended with ${signal ?? `exit ${code}`}${limit}: ${err.trim().split('\n').pop() ?? ''}`));
    });
  });
}

const live = new Set<ChildProcess>();

function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/**
 * Kills `child` when this process exits, or is stopped by SIGINT or SIGTERM (then it exits 130
 * or 143 as a shell would report it). Returns the function that forgets the child once it ended.
 */
export function killOnExit(child: ChildProcess): () => void {
  if (live.size === 0) {
    process.once('exit', killAll);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  live.add(child);
  return () => {
    live.delete(child);
    if (live.size > 0) return;
    process.off('exit', killAll);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
