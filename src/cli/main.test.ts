/**
 * The `conform` command's contract for everything but a conformance verdict: usage, config
 * and spec problems exit 2, an unreachable target exits 3, each with one line on stderr and
 * never a stack trace; lint and list; the vitest suites exist.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../checks/registry.ts';
import { createEmulator } from '../emulator/index.ts';
import { BIN, cli, closedPort, configYaml, tempDir, type CliResult } from '../test-support/cli-harness.ts';

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  work = await tempDir();
});
afterAll(() => work.remove());

const fixtures = createEmulator().fixtures;

/** Exit `code`, nothing on stdout but what the command prints for help, one `conform: CODE: …` line on stderr. */
function expectOneLine(r: CliResult, code: number, errorCode: string, mentions: RegExp): void {
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(code);
  expect(r.stderr).toMatch(new RegExp(`^conform: ${errorCode}: [^\\n]+\\n$`));
  expect(r.stderr).toMatch(mentions);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
}

async function inDir(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(work.dir, name);
  await mkdir(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) await writeFile(join(dir, f), text, 'utf8');
  return dir;
}

describe.concurrent('errors: exit code and one line', { timeout: 20_000 }, () => {
  it('a closed port: exit 3, "cannot reach", no stack trace', async () => {
    const port = await closedPort();
    const dir = await inDir('closed', { 'conform.yaml': configYaml(`http://127.0.0.1:${port}`, fixtures) });
    const r = await cli(['run'], { cwd: dir });
    expectOneLine(r, 3, 'CONFORM_TARGET_UNREACHABLE', new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port} \\(connection refused\\)`));
    expect(r.stdout).toBe('');
  });

  it('an unknown key in conform.yaml: exit 2 naming the key and its line', async () => {
    const dir = await inDir('unknown-key', { 'conform.yaml': `${configYaml('http://127.0.0.1:9', fixtures)}retries: 3\n` });
    expectOneLine(await cli(['run'], { cwd: dir }), 2, 'CONFORM_CONFIG', /conform\.yaml:\d+: unknown key 'retries'; known: target, /);
  });

  it('bad YAML: exit 2 naming the file', async () => {
    const dir = await inDir('bad-yaml', { 'conform.yaml': 'target: [http://127.0.0.1:9\nauth:\n  token: x\n' });
    expectOneLine(await cli(['run'], { cwd: dir }), 2, 'CONFORM_CONFIG', /conform\.yaml:\d+: not valid YAML/);
  });

  it('an unknown check name: exit 2 listing the known ones', async () => {
    const dir = await inDir('unknown-check', { 'conform.yaml': 'checks:\n  status-code: false\n' });
    expectOneLine(await cli(['run'], { cwd: dir }), 2, 'CONFORM_CONFIG', /unknown check 'status-code' in conform\.yaml; known: no-server-error, /);
  });

  it('a target without fixtures: exit 2 naming what is missing', async () => {
    const dir = await inDir('no-fixtures', { 'conform.yaml': 'target: http://127.0.0.1:9\nauth:\n  token: t0ken-value\n' });
    expectOneLine(await cli(['run'], { cwd: dir }), 2, 'CONFORM_CONFIG', /missing: projectId, fixtures\.apig\.instanceId/);
  });

  it('--config naming a file that does not exist: exit 2', async () => {
    expectOneLine(await cli(['run', '--config', 'nope.yaml'], { cwd: work.dir }), 2, 'CONFORM_CONFIG', /nope\.yaml: config file not found/);
  });

  it('an unknown flag: exit 2 listing the known ones', async () => {
    expectOneLine(await cli(['run', '--taget', 'http://x'], { cwd: work.dir }), 2, 'CONFORM_USAGE', /unknown option '--taget'; known: --config, /);
  });

  it('an unknown command: exit 2 listing the commands', async () => {
    expectOneLine(await cli(['runn'], { cwd: work.dir }), 2, 'CONFORM_USAGE', /unknown command 'runn'; known: init, run, merge, /);
  });

  it('a fractional --rate the limiter cannot keep: exit 2 before anything is sent', async () => {
    expectOneLine(await cli(['run', '--rate', '2.5/s'], { cwd: work.dir }), 2, 'CONFORM_USAGE', /--rate \/ run\.rate must be a whole number of requests per second, or a fraction below 1 .*got 2\.5; use 2 or 0/);
  });

  it('--record into a directory: exit 2 before the run starts', async () => {
    const dir = await inDir('record-dir', {});
    await mkdir(join(dir, 'taken'));
    expectOneLine(await cli(['run', '--record', 'taken', '--operations', 'ShowSecret'], { cwd: dir }), 2, 'CONFORM_USAGE', /--record taken: cannot write the recording \(EISDIR\)/);
  });

  it('no command: the usage on stdout, exit 2; --help: exit 0', async () => {
    const none = await cli([], { cwd: work.dir });
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/^usage: conform <command>/);
    const help = await cli(['run', '--help'], { cwd: work.dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: conform run/);
  });
});

describe('a console reader that goes away', { timeout: 20_000 }, () => {
  it('`conform run | head -1`: the run goes on, the reports are written, the exit code is the verdict, no stack trace', async () => {
    const dir = await inDir('epipe', {});
    const child = spawn(process.execPath, [BIN, 'run', '--operations', 'ShowSecret', '--cases', '0', '--report-dir', 'out'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', CI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.once('data', () => child.stdout.destroy());
    let stderr = '';
    child.stderr.on('data', (s: Buffer) => (stderr += s.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'out', 'conformance.json'))).toBe(true);
  });
});

describe.concurrent('lint and list', { timeout: 20_000 }, () => {
  it('conform lint: exit 0, one ok line per spec', async () => {
    const r = await cli(['lint'], { cwd: work.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^ok \S+apig\.yaml: CreateApp, ResetAppSecret/), expect.stringMatching(/^ok \S+csms\.yaml: /), expect.stringMatching(/^ok \S+elb\.yaml: UpdateCertificate/)]);
  });

  it('conform lint on a directory holding a broken spec: exit 2, one line naming the file', async () => {
    const dir = await inDir('broken-spec', {
      'broken.yaml': 'openapi: 3.0.3\ninfo: { title: broken, version: "1" }\npaths:\n  /x:\n    get: [unclosed\n',
    });
    // the directory, as `conform lint DIR` takes it
    const r = await cli(['lint', dir], { cwd: work.dir });
    expectOneLine(r, 2, 'CONFORM_SPEC_[A-Z]+', /broken\.yaml/);
  });

  it('conform list: the five operations, the supporting ones marked, and every check', async () => {
    const r = await cli(['list'], { cwd: work.dir });
    expect(r.code, r.stderr).toBe(0);
    const [ops, checks] = r.stdout.split('\n\n');
    const lines = ops!.split('\n').slice(1);
    const main = lines.filter((l) => !l.includes('(supporting'));
    expect(main.map((l) => l.trim().split(/\s+/)[0])).toEqual(['CreateApp', 'ResetAppSecret', 'RotateSecret', 'ShowSecret', 'UpdateCertificate']);
    expect(lines.length - main.length).toBe(12);
    expect(checks!.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0])).toEqual([...CHECK_NAMES]);
  });

  it('the vitest suites exist, one per service', () => {
    for (const f of ['conformance.ts', 'apig.test.ts', 'elb.test.ts', 'csms.test.ts']) {
      expect(existsSync(new URL(`../../suites/${f}`, import.meta.url)), f).toBe(true);
    }
  });
});
