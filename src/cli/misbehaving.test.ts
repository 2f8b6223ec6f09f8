/**
 * `conform run` against targets that misbehave the way live endpoints and broken emulator
 * builds do (misbehaving-targets.ts), each on 127.0.0.1: the exit code, the one line that says
 * why, and the verdict of every operation × check in conformance.json. No assertion on elapsed
 * time: what bounds a run here is counted (requests received, requests after a signal).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import type { RunResult, Verdict } from '../run/types.ts';
import { startMisbehavingTarget, type Misbehaviour, type MisbehavingTarget } from './misbehaving-targets.ts';
import { cli, configYaml, startCli, startTap, tempDir, writeConfig, type CliResult } from '../test-support/cli-harness.ts';

let work: Awaited<ReturnType<typeof tempDir>>;
let emu: RunningEmulator;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  work = await tempDir();
  emu = await startEmulator({});
  cleanup.push(() => emu.close());
});
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await work.remove();
});

interface Scenario {
  readonly target: MisbehavingTarget;
  readonly dir: string;
  readonly run: CliResult;
  readonly result: RunResult;
}

async function setUp(name: string, m: Misbehaviour): Promise<{ target: MisbehavingTarget; dir: string }> {
  const target = await startMisbehavingTarget(m);
  cleanup.push(() => target.close());
  const dir = join(work.dir, name);
  await mkdir(dir, { recursive: true });
  await writeConfig(dir, configYaml(target.url, emu.fixtures));
  return { target, dir };
}

async function resultIn(dir: string): Promise<RunResult> {
  return JSON.parse(await readFile(join(dir, 'out', 'conformance.json'), 'utf8')) as RunResult;
}

async function scenario(name: string, m: Misbehaviour, args: readonly string[] = []): Promise<Scenario> {
  const { target, dir } = await setUp(name, m);
  const run = await cli(['run', '--config', 'conform.yaml', '--report-dir', 'out', ...args], { cwd: dir, timeoutMs: 60_000 });
  return { target, dir, run, result: await resultIn(dir) };
}

/** operation · check → verdict */
function verdicts(r: RunResult): Map<string, Verdict> {
  return new Map(r.operations.flatMap((o) => o.checks.map((c) => [`${o.operationId} · ${c.check}`, c.verdict] as const)));
}

/** What holds for every run: evidence behind every pass, a reason for every unjudged check, counts that agree. */
function expectHonest(r: RunResult): void {
  for (const op of r.operations) {
    for (const c of op.checks) {
      const where = `${op.operationId} · ${c.check}`;
      if (c.verdict === 'passed') expect(c.judged, where).toBeGreaterThan(0);
      if (c.verdict === 'not exercised') {
        expect(c.judged, where).toBe(0);
        expect(c.reason, where).toMatch(/\S/);
      }
      if (c.verdict !== 'not applicable' && !op.skipped) expect(c.errors, where).toBe(op.transportErrors);
    }
  }
  const threw = r.operations.flatMap((o) => o.checks).reduce((n, c) => n + (c.verdict === 'errored' ? 1 : 0), 0);
  if (threw === 0) expect(r.operations.reduce((n, o) => n + o.transportErrors, 0)).toBe(r.errorCount);
  expect(r.failures.length).toBe(r.failureCount);
}

/** Every applicable check of every operation ended as `expected(check)`. */
function expectEvery(r: RunResult, expected: (check: string) => Verdict): void {
  for (const op of r.operations) {
    for (const c of op.checks) {
      if (c.verdict === 'not applicable') continue;
      expect(c.verdict, `${op.operationId} · ${c.check}: ${c.reason ?? ''}`).toBe(expected(c.check));
    }
  }
}

function oneLine(run: CliResult, pattern: RegExp): void {
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('conform: '));
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe.concurrent('a target that misbehaves', { timeout: 90_000 }, () => {
  it('never answers: the run gives up after --give-up-after timeouts in a row, says so in one line, exit 3, nothing judged', async () => {
    const s = await scenario('hang', { kind: 'hang' }, ['--timeout', '500']);
    expect(s.run.code, s.run.stdout.slice(-1500)).toBe(3);
    oneLine(s.run, /^conform: CONFORM_TARGET_UNREACHABLE: the target stopped answering: 5 requests in a row failed \(timeout ×5\); gave up on it/);
    expectEvery(s.result, () => 'not exercised');
    expectHonest(s.result);
    expect(s.result.completion).toMatchObject({ complete: false, reason: 'unreachable' });
    // bounded: one wave of concurrent requests, not one per case
    expect(s.target.received()).toBeLessThanOrEqual(16);
    expect(s.run.stdout).not.toMatch(/✓ CreateApp/);
    expect(s.run.stdout).toMatch(/\? CreateApp — nothing judged, \d+ transport errors?/);
  });

  it('resets every connection: gives up in one line, exit 3, every check not exercised with the reason', async () => {
    const s = await scenario('reset', { kind: 'reset' });
    expect(s.run.code, s.run.stdout.slice(-1500)).toBe(3);
    oneLine(s.run, /^conform: CONFORM_TARGET_UNREACHABLE: the target stopped answering: 5 requests in a row failed \(reset ×5\)/);
    expectEvery(s.result, () => 'not exercised');
    expectHonest(s.result);
    const create = s.result.operations.find((o) => o.operationId === 'CreateApp')!;
    expect(create.checks.find((c) => c.check === 'accepts-valid')?.reason).toMatch(/no answer could be judged: \d+ transport errors? \(reset ×\d+\), \d+ cases not run \(the target stopped answering\)/);
    expect(s.target.received()).toBeLessThanOrEqual(16);
    // the console names them too, with the reason
    expect(s.run.stdout).toMatch(/^Not exercised\n\? CreateApp · no-server-error, status-documented, .* — no answer could be judged: /m);
  });

  it('answers 401 to everything (an expired token): one line naming the credentials, exit 3, evidence for auth-required only', async () => {
    const s = await scenario('unauthorized', { kind: 'unauthorized' });
    expect(s.run.code, s.run.stdout.slice(-1500)).toBe(3);
    oneLine(s.run, /^conform: CONFORM_AUTH: every request was refused for its credentials \(\d+ answers HTTP 401\): the X-Auth-Token \(auth\.token \/ --token \/ HWC_AUTH_TOKEN\) is not accepted/);
    expectEvery(s.result, (check) => (check === 'auth-required' ? 'passed' : 'not exercised'));
    expectHonest(s.result);
    for (const op of s.result.operations) {
      expect(op.authRefused).toBeGreaterThan(0);
      // (an operation with fewer cases than that sends them all)
      if (op.notRun) expect(op.notRun.reason, op.operationId).toBe('not run (credentials refused)');
    }
    expect(s.result.operations.filter((o) => o.notRun).length).toBeGreaterThanOrEqual(3);
    // each operation stops after a few refusals (its auth cases still go): not hundreds of 401s
    expect(s.target.received()).toBeLessThan(5 * 40);
  });

  it('answers an HTML 502 (a gateway): no-server-error fails with the content type, exit 1, not a transport error', async () => {
    const s = await scenario('html-502', { kind: 'html-502' }, ['--cases', '5']);
    expect(s.run.code, s.run.stdout.slice(-1500) + s.run.stderr).toBe(1);
    expect(s.run.stderr).toBe('');
    // the model-based sequences judge state rules on their own: a 502 is no refusal of a COMMON rotation
    const model = s.result.operations.find((o) => o.operationId === 'RotateSecret')!.checks.find((c) => c.check === 'state-common-not-rotatable')!;
    expectEvery(s.result, (check) =>
      check === 'no-server-error' ? 'failed' : check === 'secret-leak' ? 'passed' : check === 'state-common-not-rotatable' ? model.verdict : 'not exercised',
    );
    expect(['failed', 'not exercised']).toContain(model.verdict);
    expectHonest(s.result);
    expect(s.result.errorCount).toBe(0);
    const f = s.result.failures.find((x) => x.check === 'no-server-error')!;
    expect(f.received).toMatch(/^HTTP 502 \(content-type text\/html\) <html>/);
  });

  it('answers 500 to everything: every check that can read a 500 judges it; none passes without evidence; exit 1', async () => {
    const s = await scenario('server-error', { kind: 'server-error' }, ['--cases', '5']);
    expect(s.run.code, s.run.stdout.slice(-1500) + s.run.stderr).toBe(1);
    expectHonest(s.result);
    const v = verdicts(s.result);
    for (const op of s.result.operations) {
      expect(v.get(`${op.operationId} · no-server-error`)).toBe('failed');
      expect(v.get(`${op.operationId} · accepts-valid`)).toBe('failed');
      // no 2xx came back: the checks of success bodies had nothing to judge
      for (const check of ['response-schema', 'masking', 'metadata-only', 'identifies-resource']) {
        const verdict = v.get(`${op.operationId} · ${check}`);
        if (verdict !== 'not applicable') expect(verdict, `${op.operationId} · ${check}`).toBe('not exercised');
      }
    }
  });

  it('throttles one request in twenty with Retry-After: retried, counted, and the target still conforms', async () => {
    const { target, dir } = await setUp('throttle', { kind: 'throttle', every: 20, retryAfterSeconds: 1, upstream: emu.url });
    const run = await cli(['run', '--config', 'conform.yaml', '--report-dir', 'out', '--cases', '10'], { cwd: dir, timeoutMs: 60_000 });
    const result = await resultIn(dir);
    expect(run.code, run.stdout.slice(-2500) + run.stderr).toBe(0);
    expect(target.throttled()).toBeGreaterThan(0);
    // the cleanup's deletes of what the run created are throttled and counted too, apart
    expect(result.summary.retries + (result.cleanup?.retries ?? 0)).toBe(target.throttled());
    expect(result.summary.requests + (result.cleanup?.requests ?? 0)).toBe(target.received());
    expect(result.createdResources.length).toBeGreaterThan(0);
    expect(result.createdResources.filter((r) => r.state !== 'deleted')).toEqual([]);
    expect(result.errorCount).toBe(0);
    expectEvery(result, () => 'passed');
    expectHonest(result);
    expect(run.stdout).toMatch(new RegExp(`\\d+ requests \\(${result.summary.retries} retried after throttling\\)`));
  });

  it.for(['SIGINT', 'SIGTERM'] as const)('%s on a slow target: stops sending, writes every report marked interrupted, exit 130', async (signal) => {
    const { target, dir } = await setUp(signal, { kind: 'slow', delayMs: 100, upstream: emu.url });
    const child = startCli(['run', '--config', 'conform.yaml', '--report-dir', 'out'], { cwd: dir, timeoutMs: 60_000 });
    // interrupt once the run is well under way (a count, not a time)
    for (let i = 0; i < 3000 && target.received() < 30; i++) await new Promise((r) => setTimeout(r, 20));
    expect(target.received()).toBeGreaterThanOrEqual(30);
    child.signal(signal);
    const atSignal = target.received();
    const run = await child.done;
    expect(run.code, run.stdout.slice(-1500) + run.stderr).toBe(130);
    expect(run.stderr).toMatch(new RegExp(`^conform: ${signal}: stopping; deleting what the run created, then writing the reports of what was judged`, 'm'));
    expect(run.stderr).toMatch(/^conform: CONFORM_RUN: interrupted: stopped sending; .*\(\d+ of \d+ planned cases run\)$/m);
    // what was in flight may still arrive; nothing new is sent (concurrency 8) but the deletes
    // of what the run created, every one of which is then gone
    const result = await resultIn(dir);
    expect(target.received() - atSignal).toBeLessThanOrEqual(8 + (result.cleanup?.requests ?? 0));
    expect(result.createdResources.length).toBeGreaterThan(0);
    expect(result.createdResources.filter((r) => r.state === 'left')).toEqual([]);
    expect(result.summary.outcome).toBe('interrupted');
    expect(result.completion).toMatchObject({ complete: false, reason: 'interrupted' });
    expectHonest(result);
    for (const f of ['report.html', 'junit.xml', 'summary.md']) expect(await readFile(join(dir, 'out', f), 'utf8')).toMatch(/nterrupted/);
    expect(run.stdout).toMatch(/^Interrupted: /m);
  });

  it('--max-requests 10: exactly 10 sent, unsent cases are "not run (budget)", not errors; incomplete, exit 0; a disabled check is "skipped"', async () => {
    const tap = await startTap(emu.url);
    cleanup.push(() => tap.close());
    const dir = join(work.dir, 'budget');
    await mkdir(dir, { recursive: true });
    await writeConfig(dir, configYaml(tap.url, emu.fixtures, { extra: 'checks: { content-type: false }' }));
    const run = await cli(['run', '--report-dir', 'out', '--max-requests', '10'], { cwd: dir });
    const result = await resultIn(dir);
    expect(run.code, run.stdout.slice(-1500) + run.stderr).toBe(0);
    // ten cases; then the deletes of the apps they created, outside the budget
    const deletes = tap.requests.filter((q) => q.method === 'DELETE');
    expect(tap.requests.length - deletes.length).toBe(10);
    expect(deletes.length).toBe(result.cleanup?.requests ?? 0);
    expect(deletes.length).toBe(result.createdResources.length);
    expect(result.createdResources.every((r) => r.state === 'deleted')).toBe(true);
    expect(result.summary.requests).toBe(10);
    expect(result.errorCount).toBe(0);
    expect(result.summary.outcome).toBe('conforms');
    expect(result.completion).toMatchObject({ complete: false, reason: 'budget', casesRun: 10 });
    expect(result.completion.casesPlanned).toBeGreaterThan(100);
    expect(result.operations.filter((o) => o.notRun).every((o) => o.notRun!.reason === 'not run (budget)')).toBe(true);
    expectHonest(result);
    expect(run.stdout).toMatch(/^Conforms \(incomplete\): /m);
    for (const op of result.operations) {
      expect(op.checks.find((c) => c.check === 'content-type'), op.operationId).toMatchObject({ verdict: 'skipped', reason: 'disabled in the configuration (checks:)' });
      expect(op.checks.filter((c) => c.verdict === 'skipped')).toHaveLength(1);
    }
    expect(run.stdout).toMatch(/incomplete: the request budget of 10 is spent .* — 10 of \d+ planned cases run/);
  });

  it('an unwritable --report-dir (/proc/x, a path under a file): one line, exit 2, before any request', async () => {
    const tap = await startTap();
    cleanup.push(() => tap.close());
    const dir = join(work.dir, 'unwritable');
    await mkdir(dir, { recursive: true });
    await writeConfig(dir, configYaml(tap.url, emu.fixtures));
    for (const reportDir of ['/proc/x', 'conform.yaml/out']) {
      const run = await cli(['run', '--report-dir', reportDir], { cwd: dir });
      expect(run.code, run.stderr).toBe(2);
      oneLine(run, /^conform: CONFORM_CONFIG: .*: cannot write the reports: /);
    }
    expect(tap.requests).toHaveLength(0);
  });
});
