/**
 * `conform run` end to end: the CLI as a child process against the embedded emulator and
 * against emulators started here (with a fault, behind a wire tap), judged by its exit code,
 * its four reports and its console — and nothing secret in any of them.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../checks/registry.ts';
import { createEmulator, startEmulator, type RunningEmulator } from '../emulator/index.ts';
import type { RunResult } from '../run/types.ts';
import {
  appSecretsSent,
  cli,
  configYaml,
  findSecrets,
  readTree,
  startTap,
  tempDir,
  writeConfig,
  type CliResult,
  type Tap,
} from '../test-support/cli-harness.ts';

const OPERATIONS = ['CreateApp', 'ResetAppSecret', 'RotateSecret', 'ShowSecret', 'UpdateCertificate'];
const REPORTS = ['conformance.json', 'junit.xml', 'summary.md', 'report.html'];

let work: Awaited<ReturnType<typeof tempDir>>;
const cleanup: Array<() => Promise<void>> = [];

/** Each run happens once; all of them start together, since each mostly waits on the others' CPU or on flow delays. */
const once = <T>(f: () => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
};
const embeddedRun = once(async () => {
  const reportDir = join(work.dir, 'embedded', 'reports');
  return { reportDir, run: await cli(['run', '--report-dir', reportDir], { cwd: work.dir }) };
});
const echoRun = once(() => runAgainst('echo', 'create-app-echo-secret', ['--cases', '20', '--record', 'out/exchanges.ndjson']));
const rotationRun = once(() => runAgainst('rotation', 'rotate-same-version', ['--cases', '10', '--config', 'conform.yaml']));
const cleanRun = once(() => runAgainst('clean', undefined, ['--cases', '10', '--record', 'out/exchanges.ndjson']));
const syscurrentRun = once(() => runAgainst('syscurrent', 'rotate-keeps-syscurrent', ['--cases', '10', '--operations', 'RotateSecret']));
const tokenRun = once(() => runAgainst('token', 'token-in-error', ['--cases', '10', '--record', 'out/exchanges.ndjson']));

beforeAll(async () => {
  work = await tempDir();
  await Promise.all([embeddedRun(), echoRun(), rotationRun(), cleanRun(), tokenRun()]);
}, 60_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await work.remove();
});

interface FaultedRun {
  readonly emu: RunningEmulator;
  readonly tap: Tap;
  readonly dir: string;
  readonly reportDir: string;
  readonly run: CliResult;
}

/** An emulator (with `fault`, if any) behind a tap, a conform.yaml for it, and one `conform run`. */
async function runAgainst(name: string, fault: string | undefined, args: readonly string[] = []): Promise<FaultedRun> {
  const emu = await startEmulator({ ...(fault ? { fault } : {}) });
  const tap = await startTap(emu.url);
  cleanup.push(() => emu.close(), () => tap.close());
  const dir = join(work.dir, name);
  await mkdir(dir, { recursive: true });
  await writeConfig(dir, configYaml(tap.url, emu.fixtures));
  const reportDir = join(dir, 'out');
  const run = await cli(['run', '--report-dir', reportDir, ...args], { cwd: dir });
  return { emu, tap, dir, reportDir, run };
}

async function reports(reportDir: string) {
  const text = async (f: string) => readFile(join(reportDir, f), 'utf8');
  return {
    json: JSON.parse(await text('conformance.json')) as RunResult,
    junit: new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ['testsuite', 'testcase'].includes(n) }).parse(
      await text('junit.xml'),
    ) as { testsuites: { testsuite: { '@name': string; testcase: Record<string, unknown>[] }[] } },
    md: await text('summary.md'),
    html: await text('report.html'),
  };
}

/** The markdown matrix row of an operation: verdict glyph per check, by column. */
function markdownRow(md: string, operationId: string): Record<string, string> {
  const lines = md.split('\n');
  const head = lines.find((l) => l.startsWith('| Operation |'))!;
  const checks = head.split('|').slice(2, -1).map((c) => c.trim().replace(/`/g, ''));
  const row = lines.find((l) => l.startsWith(`| ${operationId} |`))!;
  const cells = row.split('|').slice(2, -1).map((c) => c.trim());
  return Object.fromEntries(checks.map((c, i) => [c, cells[i]!]));
}

/** The failure (operation × check) shows in the JSON, JUnit, Markdown and HTML reports. */
async function expectFailureInEveryReport(reportDir: string, operationId: string, check: string): Promise<void> {
  const r = await reports(reportDir);
  const op = r.json.operations.find((o) => o.operationId === operationId)!;
  expect(op.checks.find((c) => c.check === check)?.verdict).toBe('failed');
  expect(r.json.failures.some((f) => f.operationId === operationId && f.check === check)).toBe(true);

  const suite = r.junit.testsuites.testsuite.find((s) => s['@name'] === operationId)!;
  const testcase = suite.testcase.find((t) => t['@name'] === check)!;
  expect(testcase.failure).toBeDefined();

  expect(markdownRow(r.md, operationId)[check]).toBe('❌');
  expect(r.md).toContain(`#### ❌ ${operationId} · \`${check}\``);

  expect(r.html).toContain(`title="${operationId} · ${check}: failed`);
}

function expectConsoleFailure(stdout: string, operationId: string, check: string): void {
  const at = stdout.indexOf(`✗ ${operationId} · ${check} — `);
  expect(at, stdout.slice(-3000)).toBeGreaterThanOrEqual(0);
  const block = stdout.slice(at).split('\n\n')[0]!;
  for (const label of ['Rule:', 'Received:', 'Documented:', 'Replay:']) expect(block).toMatch(new RegExp(`^  ${label} \\S`, 'm'));
  expect(block).toMatch(/Replay: npx conform replay \S+conformance\.json --case \S+/);
}

describe('conform run against the embedded emulator', () => {
  let run: CliResult;
  let reportDir: string;
  beforeAll(async () => {
    ({ run, reportDir } = await embeddedRun());
  });

  it('conforms: exit 0, nothing on stderr, the four reports written', () => {
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
    for (const f of REPORTS) expect(existsSync(join(reportDir, f)), f).toBe(true);
    expect(run.stdout).toMatch(/^Conforms: 0 checks failed/m);
  });

  it('junit.xml: one testsuite per operation, one testcase per check', async () => {
    const { junit } = await reports(reportDir);
    const suites = junit.testsuites.testsuite;
    expect(suites.map((s) => s['@name']).sort()).toEqual(OPERATIONS);
    for (const s of suites) expect(s.testcase.map((t) => t['@name']).sort()).toEqual([...CHECK_NAMES].sort());
  });

  it('report.html and summary.md carry the operation × check matrix', async () => {
    const { html, md, json } = await reports(reportDir);
    for (const op of json.operations) {
      const row = markdownRow(md, op.operationId);
      expect(Object.keys(row).sort()).toEqual([...CHECK_NAMES].sort());
      for (const c of op.checks) {
        expect(html).toContain(`title="${op.operationId} · ${c.check}: ${c.verdict}`);
        // against the conforming emulator every applicable check judged real answers and passed
        expect(c.verdict, `${op.operationId} · ${c.check}`).toMatch(/^(passed|not applicable)$/);
        if (c.verdict === 'passed') expect(c.judged).toBeGreaterThan(0);
        expect(row[c.check]).toBe(c.verdict === 'passed' ? '✅' : '▫️');
      }
    }
    expect(json.operations.map((o) => o.operationId).sort()).toEqual(OPERATIONS);
  });

  it('no token or fixture secret in any report or on the console', async () => {
    const f = createEmulator().fixtures; // same default seed as the embedded one: same values
    const texts = [...(await readTree(reportDir)).map((t) => ({ name: t.file, text: t.text })), { name: 'stdout', text: run.stdout }, { name: 'stderr', text: run.stderr }];
    expect(findSecrets(texts, f.knownSecrets.map((value, i) => ({ label: `fixture secret #${i + 1}`, value })))).toEqual([]);
  });
});

describe('conform run against a faulted emulator', () => {
  let echo: FaultedRun;
  let rotation: FaultedRun;
  beforeAll(async () => {
    [echo, rotation] = await Promise.all([echoRun(), rotationRun()]);
  });

  it('create-app-echo-secret: exit 1, CreateApp · secret-leak in every report and on the console', async () => {
    expect(echo.run.stderr).toBe('');
    expect(echo.run.code).toBe(1);
    await expectFailureInEveryReport(echo.reportDir, 'CreateApp', 'secret-leak');
    expectConsoleFailure(echo.run.stdout, 'CreateApp', 'secret-leak');
    expect(echo.run.stdout).toMatch(/^Deviates: /m);
  });

  it('rotate-same-version: exit 1, RotateSecret · state-rotation in every report and on the console', async () => {
    expect(rotation.run.stderr).toBe('');
    expect(rotation.run.code).toBe(1);
    await expectFailureInEveryReport(rotation.reportDir, 'RotateSecret', 'state-rotation');
    expectConsoleFailure(rotation.run.stdout, 'RotateSecret', 'state-rotation');
  });

  it('a console line per operation counts that operation\'s failures only', () => {
    expect(rotation.run.stdout).toMatch(/^✓ CreateApp$/m);
    expect(echo.run.stdout).toMatch(/^✓ ShowSecret$/m);
    expect(echo.run.stdout).toMatch(/^✗ CreateApp — \d+ failures?$/m);
  });

  it('the secrets the responses carried appear nowhere: reports, recording, stdout, stderr', async () => {
    const sent = appSecretsSent(echo.tap.requests);
    expect(sent.length).toBeGreaterThan(10);
    // the fault did put them on the wire
    const json = JSON.parse(await readFile(join(echo.reportDir, 'conformance.json'), 'utf8')) as RunResult;
    expect(json.failures.filter((f) => f.check === 'secret-leak').length).toBeGreaterThan(0);
    await expectNoSecrets(echo, sent);
  });
});

/** Token, fixture secrets and every app_secret sent: in no report file, not on stdout or stderr. */
async function expectNoSecrets(r: FaultedRun, sent: readonly string[]): Promise<void> {
  const texts = [
    ...(await readTree(r.reportDir)).map((t) => ({ name: t.file.slice(r.reportDir.length + 1), text: t.text })),
    { name: 'stdout', text: r.run.stdout },
    { name: 'stderr', text: r.run.stderr },
  ];
  expect(texts.length).toBeGreaterThanOrEqual(REPORTS.length + 2);
  const secrets = [
    { label: 'token', value: r.emu.fixtures.token },
    ...r.emu.fixtures.knownSecrets.map((value, i) => ({ label: `fixture secret #${i + 1}`, value })),
    ...sent.map((value) => ({ label: `app_secret sent '${value}'`, value })),
  ];
  expect(findSecrets(texts, secrets)).toEqual([]);
}

describe('secrets stay out of the reports', () => {
  it('a conforming run: token, fixture secrets, app_secrets sent', async () => {
    const r = await cleanRun();
    expect(r.run.code, r.run.stdout.slice(-2000) + r.run.stderr).toBe(0);
    const sent = appSecretsSent(r.tap.requests);
    expect(sent.length).toBeGreaterThan(5);
    await expectNoSecrets(r, sent);
  });

  it('--record holds every request the tap saw, each with the phase that sent it', async () => {
    const r = await cleanRun();
    const lines = (await readFile(join(r.reportDir, 'exchanges.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { phase: string });
    expect(lines).toHaveLength(r.tap.requests.length);
    expect(new Set(lines.map((l) => l.phase))).toEqual(new Set(['main', 'flows', 'model', 'cleanup']));
  });

  it('token-in-error: the token the error messages quote is redacted everywhere', async () => {
    const r = await tokenRun();
    expect(r.run.code, r.run.stderr).toBe(1);
    const json = JSON.parse(await readFile(join(r.reportDir, 'conformance.json'), 'utf8')) as RunResult;
    expect(json.failures.some((f) => f.check === 'secret-leak')).toBe(true);
    await expectNoSecrets(r, appSecretsSent(r.tap.requests));
  });
});

describe.concurrent('conform replay', { timeout: 120_000 }, () => {
  let conforming: RunningEmulator;
  beforeAll(async () => {
    conforming = await startEmulator();
    cleanup.push(() => conforming.close());
  });

  /** `conform replay <dir>/conformance.json --case <id of the first failure of check>` against the faulted emulator and a conforming one. */
  async function replayBoth(r: FaultedRun, check: string) {
    const json = JSON.parse(await readFile(join(r.reportDir, 'conformance.json'), 'utf8')) as RunResult;
    const failure = json.failures.find((f) => f.check === check)!;
    const args = ['replay', join(r.reportDir, 'conformance.json'), '--case', failure.caseId];
    const [faulted, clean] = await Promise.all([cli([...args, '--target', r.tap.url], { cwd: r.dir }), cli([...args, '--target', conforming.url], { cwd: r.dir })]);
    return { failure, faulted, clean };
  }

  it('re-sends a recorded secret-leak case (its app_secret regenerated from the seed): exit 1 on the faulted emulator, 0 on a conforming one', async () => {
    const r = await echoRun();
    const { failure, faulted, clean } = await replayBoth(r, 'secret-leak');
    expect(failure.case.body).toMatchObject({ value: { app_secret: '[REDACTED]' } });
    expect(faulted.stderr).toBe('');
    expect(faulted.code, faulted.stdout).toBe(1);
    expect(faulted.stdout).toContain(`✗ ${failure.caseId}: HTTP 201`);
    expect(faulted.stdout).toMatch(/^  secret-leak: the app_secret sent in the request came back/m);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toContain(`✓ ${failure.caseId}: HTTP 201`);
    // the replayed app_secret came back from the faulted target, and is not printed
    const sent = appSecretsSent(r.tap.requests);
    expect(findSecrets([{ name: 'replay stdout', text: faulted.stdout + faulted.stderr }], sent.map((value) => ({ label: value, value })))).toEqual([]);
  });

  it('re-sends a failing step of a rotation flow after the steps before it: exit 1 on the faulted emulator, 0 on a conforming one', async () => {
    const { failure, faulted, clean } = await replayBoth(await rotationRun(), 'state-rotation');
    expect(failure.caseId).toMatch(/^RotateSecret\.flow\./);
    expect(faulted.code, faulted.stdout + faulted.stderr).toBe(1);
    expect(faulted.stdout).toMatch(/^  · RotateSecret\.flow\.\S+: HTTP 200 — /m);
    expect(faulted.stdout).toMatch(/^  state-rotation: /m);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
  });

  it('a run on throwaways: its replay makes its own throwaway, re-sends the case on it and deletes it', async () => {
    const emu = await startEmulator({ fault: 'elb-allows-angle-brackets' });
    cleanup.push(() => emu.close());
    const dir = join(work.dir, 'throwaway-replay');
    await mkdir(dir, { recursive: true });
    await writeConfig(dir, configYaml(emu.url, emu.fixtures, { minimal: true }));
    const before = emu.emulator.snapshot();
    const run = await cli(['run', '--report-dir', 'out', '--operations', 'UpdateCertificate', '--cases', '5'], { cwd: dir });
    expect(run.code, run.stdout.slice(-1500) + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^· setup: elb\.certificateId = \S+ \(CreateCertificate\)$/m);
    const json = JSON.parse(await readFile(join(dir, 'out', 'conformance.json'), 'utf8')) as RunResult;
    const failure = json.failures.find((f) => f.check === 'rejects-invalid')!;
    const out = await cli(['replay', join(dir, 'out', 'conformance.json'), '--case', failure.caseId], { cwd: dir });
    expect(out.code, out.stdout + out.stderr).toBe(1);
    expect(out.stdout).toMatch(/^· setup: elb\.certificateId = /m);
    expect(out.stdout).toContain(`✗ ${failure.caseId}: HTTP 200`);
    expect(out.stdout).not.toMatch(/left on the target/);
    // the run's throwaway and the replay's are both gone; the emulator's own certificates are as they were
    expect(emu.emulator.snapshot().certificates).toEqual(before.certificates);
  });

  it('the replay line the console prints, run as printed from the same folder, re-sends to the same target and reproduces the failure', async () => {
    const r = await rotationRun();
    const line = /^  Replay: (npx conform replay .*)$/m.exec(r.run.stdout)?.[1];
    expect(line, r.run.stdout.slice(-2000)).toBeDefined();
    expect(line).toMatch(/ --config conform\.yaml$/);
    const json = JSON.parse(await readFile(join(r.reportDir, 'conformance.json'), 'utf8')) as RunResult;
    expect(json.failures.every((f) => f.replay.command.endsWith(' --config conform.yaml'))).toBe(true);
    // the words of the line (no quoting needed: a temp path and a case id)
    const [, , , ...args] = line!.split(' ');
    const out = await cli(['replay', ...args.slice(0)], { cwd: r.dir });
    expect(out.code, out.stdout + out.stderr).toBe(1);
    expect(out.stdout).toMatch(/^✗ /m);
  });

  it('a whole --record file with cases whose redacted secret cannot be regenerated: the others are replayed, those are named', async () => {
    const r = await echoRun();
    const out = await cli(['replay', join(r.reportDir, 'exchanges.ndjson'), '--target', conforming.url], { cwd: r.dir, timeoutMs: 110_000 });
    expect([0, 1], out.stdout.slice(-2000) + out.stderr).toContain(out.code);
    expect(out.stdout).toMatch(/^- CreateApp\.\S+: not replayed: its app_secret was redacted in .* and the case cannot be regenerated from seed \d+/m);
    expect(out.stdout).toMatch(/^\d+ of \d+ replayed cases conform.*; \d+ of the \d+ cases could not be replayed \(listed above\)$/m);
  });

  it('re-sends a case from a --record NDJSON recording', async () => {
    const r = await echoRun();
    const out = await cli(['replay', join(r.reportDir, 'exchanges.ndjson'), '--case', 'CreateApp.boundary.0', '--target', r.tap.url], { cwd: r.dir });
    expect(out.code, out.stdout + out.stderr).toBe(1);
    expect(out.stdout).toMatch(/^✗ CreateApp\.boundary\.0: HTTP 201 — [^\n]+\n  secret-leak: /m);
  });

  it('a mutating case to a non-loopback target without --allow-mutations: refused (exit 2) before anything is sent', async () => {
    const r = await echoRun();
    // apig.conform.test resolves nowhere: exit 2 rather than 3 shows the refusal came first
    const out = await cli(['replay', join(r.reportDir, 'conformance.json'), '--target', `http://apig.conform.test:${r.tap.port}`], { cwd: r.dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^conform: CONFORM_USAGE: case CreateApp\.\S+ \(CreateApp\): mutating operation against a non-loopback target \(apig\.conform\.test:\d+\); pass --allow-mutations to run it\n$/);
  });

  it('an observation step (a supporting operation after the call it observes): refused (exit 2), re-run the operation instead', async () => {
    const r = await syscurrentRun();
    expect(r.run.code, r.run.stdout + r.run.stderr).toBe(1);
    const report = JSON.parse(await readFile(join(r.reportDir, 'conformance.json'), 'utf8')) as RunResult;
    const failure = report.failures.find((f) => f.check === 'moves-label')!;
    expect(failure.caseId).toMatch(/^(ShowSecretStage|ListSecretVersions)\.observe\./);
    const out = await cli(['replay', join(r.reportDir, 'conformance.json'), '--case', failure.caseId], { cwd: r.dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^conform: CONFORM_USAGE: case \S+ observes RotateSecret \(rule rotate-secret-marks-syscurrent\) right after a call of it; re-run both with `conform run --operations RotateSecret`\n$/);
  });

  it('an unknown case id: exit 2, one line', async () => {
    const r = await rotationRun();
    const out = await cli(['replay', join(r.reportDir, 'conformance.json'), '--case', 'CreateApp.boundary.999'], { cwd: r.dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^conform: CONFORM_USAGE: no case 'CreateApp\.boundary\.999' in \S+conformance\.json\n$/);
  });
});
