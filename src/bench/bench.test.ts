/**
 * `npm run bench` end to end at a tiny size: every phase runs and writes its figures. Nothing
 * here asserts on time (speed is the benchmark's to measure, not a test's).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './setup.ts';

const BIN = path.join(ROOT, 'src', 'bench', 'bin.js');

/** `onStdout` sees the output so far at every chunk (to act on a line as it appears). */
function bench(
  args: readonly string[],
  onStdout?: (soFar: string, child: import('node:child_process').ChildProcess) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The process exists and is not a zombie waiting to be reaped (Linux /proc; elsewhere signal 0). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || process.platform !== 'linux') {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    }
    return false;
  }
}

/** Waits (at most `limitMs`, a bound on failure, not a timing assertion) until `pid` is gone. */
async function gone(pid: number, limitMs = 10_000): Promise<boolean> {
  for (const end = Date.now() + limitMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (!alive(pid)) return true;
  return !alive(pid);
}

describe('npm run bench', () => {
  let dir = '';
  let run: Awaited<ReturnType<typeof bench>>;
  let figures: Record<string, any>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'conform-bench-test-'));
    const out = path.join(dir, 'bench.json');
    run = await bench(['--cases', '20', '--rounds', '1', '--memory-cases', '200', '--cold-starts', '1', '--out', out]);
    figures = run.code === 0 ? JSON.parse(await readFile(out, 'utf8')) : {};
  }, 160_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs every phase and prints the table', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/peak RSS, \d+ cases/);
    for (const row of [
      'raw undici floor',
      'engine / raw',
      'CPU per case: raw, engine',
      'sending alone / raw: the ceiling',
      'emulator in its own process: engine / raw',
      'cold start (median of 1)',
      'default run: requests',
    ]) {
      expect(run.stdout).toContain(row);
    }
  });

  it('writes the figures: both throughputs and their ratio, memory at both counts, cold starts, requests', () => {
    const t = figures.throughput;
    expect(t.rawCasesPerSecond).toBeGreaterThan(0);
    expect(t.engineCasesPerSecond).toBeGreaterThan(0);
    expect(t.engineToRaw).toBeCloseTo(t.rounds[0].ratio, 2);
    expect(t.rawCpuUsPerCase).toBeGreaterThan(0);
    expect(t.engineCpuUsPerCase).toBeGreaterThan(0);
    // the parts, each alone: sending the same cases as the floor, generating, checking
    expect(t.rounds[0].sending.cases).toBe(t.rounds[0].raw.cases);
    expect(t.rounds[0].sending.complete).toBe(true);
    expect(t.breakdown.sendingToRaw).toBeGreaterThan(0);
    expect(t.breakdown.generationUsPerCase).toBeGreaterThan(0);
    expect(t.breakdown.checksUsPerExchange).toBeGreaterThan(0);
    expect(t.rounds[0].raw.complete && t.rounds[0].engine.complete).toBe(true);
    expect(t.rounds[0].engine.cases).toBe(t.rounds[0].raw.cases);
    expect(figures.memory.runs.map((r: { cases: number }) => r.cases)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(figures.memory.peakRssMb).toBeGreaterThan(0);
    expect(figures.coldStart.runsMs).toHaveLength(1);
    // the in-process engine/raw target is retired (issue 13): a figure, not a target
    expect(figures.targets).toEqual({ peakRssMb: 250, coldStartMs: 1000 });
  });

  it('measures engine and raw against an emulator in its own process: the same cases answered, a fresh child per measurement, every child gone', async () => {
    const p = figures.outOfProcess;
    const [round] = p.rounds;
    expect(p.rounds).toHaveLength(1);
    expect(round.raw.complete && round.engine.complete).toBe(true);
    expect(round.engine.outcome).toBe('conforms');
    expect(round.engine.cases).toBe(round.raw.cases);
    // the same cases as in process: the child serves what the embedded emulator serves
    expect(round.raw.cases).toBe(figures.throughput.rounds[0].raw.cases);
    expect(p.engineToRaw).toBeCloseTo(round.ratio, 2);
    expect(p.engineToRaw).toBeGreaterThan(0);
    // warm-up raw and engine, then raw and engine per round: four processes, none left running
    expect(new Set(p.emulatorPids).size).toBe(4);
    for (const pid of p.emulatorPids) expect(await gone(pid), `emulator process ${pid}`).toBe(true);
  });

  it('Ctrl-C while the emulator process serves: the bench exits 130 and takes the child with it', async () => {
    let pid = 0;
    const stopped = await bench(['--only', 'out-of-process', '--cases', '20', '--rounds', '1', '--out', path.join(dir, 'interrupted.json')], (soFar, child) => {
      const m = /emulator process (\d+) on/.exec(soFar);
      if (m && pid === 0) {
        pid = Number(m[1]);
        child.kill('SIGINT');
      }
    });
    expect(pid).toBeGreaterThan(0);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(await gone(pid), `emulator process ${pid}`).toBe(true);
  });

  it('counts the default run per operation, adding up to the total', () => {
    const r = figures.requests;
    expect(r.outcome).toBe('conforms');
    const sum = Object.values(r.byOperation as Record<string, { requests: number }>).reduce((n, o) => n + o.requests, 0);
    expect(sum).toBe(r.total);
    expect(Object.keys(r.byOperation).sort()).toEqual(['CreateApp', 'ResetAppSecret', 'RotateSecret', 'ShowSecret', 'UpdateCertificate']);
  });

  it('a bad option is one line and exit 1, before anything runs', async () => {
    const bad = await bench(['--only', 'bogus']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^bench: unknown phase 'bogus'/)]);
  });
});
