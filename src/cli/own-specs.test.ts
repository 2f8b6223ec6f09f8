/**
 * `conform run --specs DIR` on a user's own spec: an operation the project has never seen
 * (test-support/widgets.ts), served by a small server on 127.0.0.1, run end to end by the CLI
 * as a child process — cases, checks, the four reports — with no change to src/. The
 * conforming server passes every check that judged it; each planted fault is caught by the
 * constraint it breaks.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../run/types.ts';
import { startWidgetService, widgetSpecsDir, type WidgetFault, type WidgetService } from '../test-support/widgets.ts';
import { cli, closedPort, tempDir, writeConfig, type CliResult } from '../test-support/cli-harness.ts';

const REPORTS = ['conformance.json', 'junit.xml', 'summary.md', 'report.html'];

let work: Awaited<ReturnType<typeof tempDir>>;
let specs: Awaited<ReturnType<typeof widgetSpecsDir>>;
const services: WidgetService[] = [];

interface Run {
  readonly run: CliResult;
  readonly result: RunResult;
  readonly reportDir: string;
}

const runs = new Map<string, Run>();

function configFor(s: WidgetService, target = s.url): string {
  return `target: ${target}\nauth: { token: ${s.token} }\nprojectId: ${s.projectId}\nfixtures:\n  widgets: { widgetId: ${s.widgetId} }\n`;
}

async function runAgainst(name: string, fault?: WidgetFault): Promise<Run> {
  const service = await startWidgetService(fault ? { fault } : {});
  services.push(service);
  const dir = join(work.dir, name);
  await mkdir(dir, { recursive: true });
  await writeConfig(dir, configFor(service));
  const reportDir = join(dir, 'out');
  const run = await cli(['run', '--specs', specs.dir, '--report-dir', reportDir, '--cases', '40'], { cwd: dir, timeoutMs: 60_000 });
  const result = JSON.parse(await readFile(join(reportDir, 'conformance.json'), 'utf8')) as RunResult;
  return { run, result, reportDir };
}

beforeAll(async () => {
  work = await tempDir();
  specs = await widgetSpecsDir();
  const all = await Promise.all([runAgainst('clean'), runAgainst('size', 'size-unbounded'), runAgainst('secrets', 'both-secrets')]);
  ['clean', 'size', 'secrets'].forEach((n, i) => runs.set(n, all[i]!));
}, 120_000);

afterAll(async () => {
  for (const s of services) await s.close();
  await specs.remove();
  await work.remove();
});

const verdicts = (r: RunResult) => Object.fromEntries(r.operations[0]!.checks.map((c) => [c.check, c]));

describe('conform run --specs on an operation the project has never seen', () => {
  it('the conforming server passes: exit 0, every check that applies judged real answers and passed, four reports', () => {
    const { run, result, reportDir } = runs.get('clean')!;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(result.operations.map((o) => [o.operationId, o.service])).toEqual([['ConfigureWidget', 'widgets']]);
    expect(result.summary.outcome).toBe('conforms');
    expect(result.failureCount).toBe(0);
    expect(result.errorCount).toBe(0);
    const v = verdicts(result);
    for (const check of ['accepts-valid', 'rejects-invalid', 'response-schema', 'status-documented', 'identifies-resource', 'auth-required', 'secret-leak']) {
      expect(v[check]?.verdict, check).toBe('passed');
      expect(v[check]!.judged, check).toBeGreaterThan(0);
    }
    for (const f of REPORTS) expect(existsSync(join(reportDir, f)), f).toBe(true);
  });

  it('a server that accepts sizes above the documented maximum is caught by the constraint it breaks', () => {
    const { run, result } = runs.get('size')!;
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const rejects = result.failures.filter((f) => f.check === 'rejects-invalid');
    expect(rejects.length).toBeGreaterThan(0);
    for (const f of rejects) expect([f.case.violation?.constraint, f.case.violation?.field]).toEqual(['maximum', 'size']);
    expect(rejects[0]!.message).toMatch(/above the documented maximum 100/);
    // the only other deviation it shows is the same one, in what it answered
    for (const f of result.failures.filter((x) => x.check !== 'rejects-invalid')) expect([f.check, f.message]).toEqual(['response-schema', expect.stringMatching(/size/)]);
    expect(verdicts(result)['accepts-valid']?.verdict).toBe('passed');
  });

  it('a server that takes secret_text and secret_blob together is caught breaking "exactly one of"', () => {
    const { run, result } = runs.get('secrets')!;
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(result.failures.length).toBeGreaterThan(0);
    for (const f of result.failures) {
      expect(f.check).toBe('rejects-invalid');
      expect(f.case.violation?.constraint).toBe('exactly-one');
      expect(f.rule).toBe('request body: exactly one of secret_text or secret_blob');
    }
  });

  it('a run of these specs asks for their fixtures only, in one line (exit 2)', async () => {
    const dir = join(work.dir, 'no-fixture');
    await mkdir(dir, { recursive: true });
    const port = await closedPort();
    await writeConfig(dir, `target: http://127.0.0.1:${port}\nauth: { token: t }\nprojectId: p\n`);
    const run = await cli(['run', '--specs', specs.dir], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/missing: fixtures\.widgets\.widgetId/);
  });

  it('without a target it says the embedded emulator does not serve the service, in one line (exit 2)', async () => {
    const dir = join(work.dir, 'no-target');
    await mkdir(dir, { recursive: true });
    const run = await cli(['run', '--specs', specs.dir], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/no target for widgets: the embedded emulator serves apig, elb, csms; set target/);
  });
});
