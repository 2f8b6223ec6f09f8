/**
 * The reference emulator in a process of its own, as CI runs it: `conform emulator --port 0
 * --write-config FILE` on 127.0.0.1, started as a user starts it (src/cli/bin.js). Resolves once
 * it listens, with its URL and the conform.yaml it wrote. The child is killed when it is
 * stopped, when it outlives its time limit, and when the benchmark ends in any way (child.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { killOnExit } from './child.ts';
import { ROOT } from './setup.ts';

export interface EmulatorProcess {
  readonly pid: number;
  readonly url: string;
  /** a conform.yaml for it: target, token, fixtures, its secret values */
  readonly configFile: string;
  /** Ends the child (SIGTERM, then SIGKILL if it lingers) and removes its config. */
  stop(): Promise<void>;
}

const BIN = path.join(ROOT, 'src/cli/bin.js');
const LISTENING = /conform emulator listening on (http:\/\/127\.0\.0\.1:\d+)/;
/** how long a stopped child may take to close its server before it is killed */
const GRACE_MS = 5000;

/**
 * Starts the emulator child; rejects (the child killed) when it exits or prints no URL within
 * `startLimitMs`. The child is killed after `lifetimeMs` whatever happens.
 */
export function startEmulatorProcess(lifetimeMs: number, startLimitMs = 60_000): Promise<EmulatorProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'conform-bench-emulator-'));
  const configFile = path.join(dir, 'conform.yaml');
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--host', '127.0.0.1', '--write-config', configFile], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const untrack = killOnExit(child);
  const life = setTimeout(() => child.kill('SIGKILL'), lifetimeMs);
  life.unref();
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  void exited.then(() => {
    clearTimeout(life);
    untrack();
    rmSync(dir, { recursive: true, force: true });
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    const grace = setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
    await exited;
    clearTimeout(grace);
  };

  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const fail = (why: string) => {
      clearTimeout(start);
      child.kill('SIGKILL');
      reject(new Error(`emulator process: ${why}${err.trim() ? `: ${err.trim().split('\n').pop()}` : ''}`));
    };
    const start = setTimeout(() => fail(`no URL within ${startLimitMs} ms`), startLimitMs);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const url = LISTENING.exec(out)?.[1];
      // the config is written before the URL is printed
      if (url === undefined || !out.includes(`wrote ${configFile}`)) return;
      clearTimeout(start);
      child.stdout.removeAllListeners('data').resume();
      resolve({ pid: child.pid!, url, configFile, stop });
    });
    child.once('error', (e) => fail(e.message));
    child.once('close', (code, signal) => fail(`ended with ${signal ?? `exit ${code}`} before listening`));
  });
}
