/**
 * The GitHub Action's step (action.yml → src/action/step.js), run locally with the environment
 * GitHub sets: the summary lands in $GITHUB_STEP_SUMMARY, one ::error annotation per failing
 * operation × check (file = the spec, title = the rule), outputs for the upload step, and the
 * run's exit code.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/index.ts';
import { configText } from '../emulator/write-config.ts';
import type { RunResult } from '../run/types.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STEP = join(ROOT, 'src', 'action', 'step.js');

interface Step {
  readonly code: number | null;
  readonly stdout: string;
  readonly summary: string;
  readonly outputs: Record<string, string>;
}

let workspace: string;
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'conform-action-'));
});
afterAll(() => rm(workspace, { recursive: true, force: true }));

/** `node src/action/step.js` in a fresh workspace folder, with GitHub's variables and the action's inputs. */
async function step(name: string, inputs: Record<string, string>, files: Record<string, string> = {}): Promise<Step> {
  const ws = join(workspace, name);
  await rm(ws, { recursive: true, force: true });
  await mkdir(ws, { recursive: true });
  for (const [f, text] of Object.entries(files)) await writeFile(join(ws, f), text);
  const summaryFile = join(ws, 'step-summary.md');
  const outputFile = join(ws, 'github-output');
  await writeFile(summaryFile, '# earlier step\n');
  await writeFile(outputFile, '');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(CONFORM_|HWC_|GITHUB_|FORCE_COLOR$)/.test(k)) env[k] = v;
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: tmpdir(),
    NO_COLOR: '1',
  });
  for (const [k, v] of Object.entries(inputs)) env[`CONFORM_INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = v;
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [STEP], { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c, stdout: out });
    });
  });
  const outputs = Object.fromEntries(
    (await readFile(outputFile, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code, stdout, summary: await readFile(summaryFile, 'utf8'), outputs };
}

const annotationsOf = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::error'));

describe('the action step', () => {
  it('against a deviating target: the summary, one annotation per failing operation × check, exit 1', async () => {
    const emulator = await startEmulator({ port: 0, host: '127.0.0.1', fault: 'show-secret-leaks-value' });
    try {
      const config = `${configText({ url: emulator.url, seed: 0, fixtures: emulator.fixtures, tokenGiven: false, aksk: false })}run: { cases: 5 }\n`;
      const r = await step('deviates', { config: 'emulator.yaml', target: emulator.url, operations: 'ShowSecret RotateSecret', 'report-dir': 'out' }, { 'emulator.yaml': config });
      expect(r.code, r.stdout).toBe(1);
      const dir = join(workspace, 'deviates', 'out');
      expect(r.outputs).toEqual({ 'report-dir': dir, artifact: 'conformance-reports', outcome: 'deviates' });
      expect(r.summary).toBe(`# earlier step\n${await readFile(join(dir, 'summary.md'), 'utf8')}\n`);

      const result = JSON.parse(await readFile(join(dir, 'conformance.json'), 'utf8')) as RunResult;
      const failed = result.operations.flatMap((o) => o.checks.filter((c) => c.verdict === 'failed').map((c) => `${o.operationId} · ${c.check}`));
      expect(failed).toContain('ShowSecret · metadata-only');
      const lines = annotationsOf(r.stdout);
      expect(lines).toHaveLength(failed.length);
      // the suite is not inside this workspace: the spec's path in the package
      const spec = 'specs/csms.yaml';
      for (const [i, key] of failed.entries()) {
        const [op, check] = key.split(' · ');
        const first = result.failures.find((f) => f.operationId === op && f.check === check)!;
        const line = lines[i]!;
        expect(line.startsWith(`::error file=${spec},title=`)).toBe(true);
        // the title is the rule, with the runner's escaping of ':' and ','
        expect(decodeURIComponent(/title=([^:]*)::/.exec(line)![1]!)).toBe(first.rule);
        expect(line).toContain(`::${key}: `);
        expect(line).not.toMatch(/[\r\n]/);
      }
    } finally {
      await emulator.close();
    }
  }, 90_000);

  it('a shard of a conforming run: no annotation, the shard in the artifact name, exit 0', async () => {
    const r = await step('shard', { shard: '2/2', operations: 'ShowSecret' }, { 'conform.yaml': 'run: { cases: 3 }\n' });
    expect(r.code, r.stdout).toBe(0);
    expect(annotationsOf(r.stdout)).toEqual([]);
    expect(r.outputs).toMatchObject({ artifact: 'conformance-reports-2-of-2', outcome: 'conforms' });
    const result = JSON.parse(await readFile(join(workspace, 'shard', 'conformance-reports', 'conformance.json'), 'utf8')) as RunResult;
    expect(result.shard).toMatchObject({ index: 2, count: 2 });
  }, 60_000);

  it('a run that cannot start (a bad shard): one annotation with its one line, exit 2', async () => {
    const r = await step('bad-shard', { shard: '0/3' });
    expect(r.code).toBe(2);
    expect(annotationsOf(r.stdout)).toEqual([
      "::error title=conformance run%3A exit 2::conform: CONFORM_USAGE: --shard expects i/n with 1 ≤ i ≤ n (e.g. 2/4), got '0/3'",
    ]);
    expect(r.outputs.outcome).toBe('usage');
  }, 60_000);
});
