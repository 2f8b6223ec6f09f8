/**
 * The package as a user gets it: `npm pack` (its prepack script bundles the CLI), installed
 * into an empty folder with `npm i -D ./hwcloud-conformance-x.y.z.tgz` from the npm cache that
 * `npm ci` filled, then `npx conform list | run | emulator | init` there, with no build step and
 * no dev dependency installed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/cli-harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; devDependencies: Record<string, string> };

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a user's shell: nothing of the npm script this test may run under. */
function userEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^npm_(package|lifecycle)_|^INIT_CWD$|^CONFORM_|^HWC_|^CI$|^FORCE_COLOR$/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: '1' };
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs = 120_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let work: Awaited<ReturnType<typeof tempDir>>;
let app: string;
let tarball: string;

beforeAll(async () => {
  work = await tempDir();
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work.dir], ROOT);
  expect(packed.code, packed.stderr).toBe(0);
  tarball = join(work.dir, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  app = join(work.dir, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), '{ "name": "my-emulator", "private": true }\n');
  const installed = await run('npm', ['i', '-D', tarball, '--prefer-offline', '--no-audit', '--no-fund'], app);
  expect(installed.code, installed.stderr).toBe(0);
}, 180_000);
afterAll(() => work?.remove());

describe('the npm package, installed into an empty folder', { timeout: 60_000 }, () => {
  it('is named by version, holds the prebuilt bundle, the specs and NOTES, and no TypeScript source', async () => {
    expect(tarball.endsWith(`${PACKAGE.name}-${PACKAGE.version}.tgz`)).toBe(true);
    const pkg = join(app, 'node_modules', PACKAGE.name);
    expect(existsSync(join(pkg, 'src', 'cli', 'conform.mjs'))).toBe(true);
    for (const f of ['NOTES.md', 'README.md', 'apig.yaml', 'elb.yaml', 'csms.yaml']) expect(existsSync(join(pkg, 'specs', f)), f).toBe(true);
    expect(await readdir(join(pkg, 'src', 'cli'))).toEqual(['bin.js', 'conform.mjs']);
    // the clone is left as it was: the bundle exists only inside the package
    expect(existsSync(join(ROOT, 'src', 'cli', 'conform.mjs'))).toBe(false);
  });

  it('installs no dev dependency', async () => {
    const installed = await readdir(join(app, 'node_modules'));
    for (const dev of Object.keys(PACKAGE.devDependencies)) expect(installed, dev).not.toContain(dev.split('/')[0]);
  });

  it('npx conform list', async () => {
    const r = await run('npx', ['conform', 'list'], app);
    expect(r.code, r.stderr).toBe(0);
    for (const op of ['CreateApp', 'ResetAppSecret', 'UpdateCertificate', 'RotateSecret', 'ShowSecret']) expect(r.stdout).toContain(op);
  });

  it('npx conform run: the embedded emulator conforms, four reports', async () => {
    const r = await run('npx', ['conform', 'run', '--cases', '5'], app);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Conforms: 0 checks failed/);
    expect((await readdir(join(app, 'reports'))).sort()).toEqual(['conformance.json', 'junit.xml', 'report.html', 'summary.md']);
  });

  it('npx conform emulator --write-config, then npx conform run against it with that file', async () => {
    const emulator = spawn(join(app, 'node_modules', '.bin', 'conform'), ['emulator', '--port', '0', '--write-config', 'emulator.yaml'], {
      cwd: app,
      env: userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        emulator.stdout.setEncoding('utf8').on('data', (s: string) => {
          out += s;
          if (out.includes('wrote emulator.yaml')) resolve();
        });
        emulator.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const config = await readFile(join(app, 'emulator.yaml'), 'utf8');
      expect(config).toContain(`target: ${url}`);
      const r = await run('npx', ['conform', 'run', '--config', 'emulator.yaml', '--cases', '5', '--report-dir', 'emulator-reports'], app);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const report = JSON.parse(await readFile(join(app, 'emulator-reports', 'conformance.json'), 'utf8')) as { embedded: boolean; target: Record<string, string> };
      expect(report.embedded).toBe(false);
      expect(report.target.csms).toBe(url);
    } finally {
      emulator.kill('SIGTERM');
    }
  });

  it('npx conform init writes conform.yaml once, and refuses to overwrite it', async () => {
    const dir = join(app, 'init');
    await mkdir(dir);
    const first = await run('npx', ['conform', 'init', '--emulator', 'http://127.0.0.1:4010'], dir);
    expect(first.code, first.stderr).toBe(0);
    const text = await readFile(join(dir, 'conform.yaml'), 'utf8');
    expect(text).toContain('target: http://127.0.0.1:4010');
    const again = await run('npx', ['conform', 'init'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^conform: CONFORM_USAGE: conform\.yaml exists; conform init never overwrites/);
    expect(await readFile(join(dir, 'conform.yaml'), 'utf8')).toBe(text);
  });
});
