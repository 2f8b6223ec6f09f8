/**
 * `npm run bench` end to end at a tiny size: every phase runs and writes its figures. Nothing
 * here asserts on time (speed is the benchmark's to measure, not a test's).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './setup.ts';

const BIN = path.join(ROOT, 'src', 'bench', 'bin.js');

function bench(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
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
    for (const row of ['raw undici floor', 'engine / raw', 'sending alone / raw: the ceiling', 'cold start (median of 1)', 'default run: requests']) {
      expect(run.stdout).toContain(row);
    }
  });

  it('writes the figures: both throughputs and their ratio, memory at both counts, cold starts, requests', () => {
    const t = figures.throughput;
    expect(t.rawCasesPerSecond).toBeGreaterThan(0);
    expect(t.engineCasesPerSecond).toBeGreaterThan(0);
    expect(t.engineToRaw).toBeCloseTo(t.rounds[0].ratio, 2);
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
    expect(figures.targets).toEqual({ engineToRaw: 0.8, peakRssMb: 250, coldStartMs: 1000 });
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
