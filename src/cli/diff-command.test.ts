/**
 * `conform diff --target A --target B`: against the emulator and the same emulator with one
 * fault, exactly the cases the fault touches differ; against an identical emulator, none.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import { compareDigests, shapeOf, type CaseDifference, type CaseDigest } from '../run/diff.ts';
import { cli, configYaml, tempDir, writeConfig, type CliResult } from '../test-support/cli-harness.ts';

describe('conform diff', { timeout: 40_000 }, () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  const emulators: RunningEmulator[] = [];
  let faulted: CliResult;
  let identical: CliResult;

  beforeAll(async () => {
    work = await tempDir();
    // The same (default) seed: the same ids and names, so one conform.yaml serves all four. Each
    // diff has its own pair: two runs rotating one emulator's secret at once would move each
    // other's SYSCURRENT between a rotation and its read (a moves-label failure of the setup).
    const [a, b, c, d] = await Promise.all([startEmulator(), startEmulator({ fault: 'rotate-common-allowed' }), startEmulator(), startEmulator()]);
    emulators.push(a!, b!, c!, d!);
    expect(b!.fixtures).toEqual(a!.fixtures);
    await writeConfig(work.dir, configYaml('http://127.0.0.1:9', a!.fixtures));
    [faulted, identical] = await Promise.all([
      cli(['diff', '--target', a!.url, '--target', b!.url, '--cases', '10', '--report-dir', 'faulted'], { cwd: work.dir }),
      cli(['diff', '--target', d!.url, '--target', c!.url, '--cases', '10', '--report-dir', 'identical'], { cwd: work.dir }),
    ]);
  }, 40_000);
  afterAll(async () => {
    await Promise.all(emulators.map((e) => e.close()));
    await work.remove();
  });

  const differences = async (dir: string) =>
    (JSON.parse(await readFile(join(work.dir, dir, 'diff.json'), 'utf8')) as { cases: number; differences: CaseDifference[] });

  it('one fault: exit 1, every differing case is RotateSecret, the COMMON rotation among them', async () => {
    expect(faulted.stderr).toBe('');
    expect(faulted.code, faulted.stdout).toBe(1);
    const d = await differences('faulted');
    expect(d.cases).toBeGreaterThan(100);
    expect(d.differences.length).toBeGreaterThan(0);
    // ShowSecret of the COMMON secret around its rotation (a depth flow) shows what B's rotation did
    expect(d.differences.filter((x) => x.operationId !== 'RotateSecret' && !/\.flow\.RotateSecret-refusal-read\.\d+$/.test(x.caseId))).toEqual([]);
    const common = d.differences.find((x) => /^RotateSecret\.flow\.RotateSecret-refuse-COMMON\.\d+$/.test(x.caseId));
    expect(common).toMatchObject({ aspects: ['status', 'verdict'], a: { status: 400, failures: [] }, b: { status: 200, failures: ['state-common-not-rotatable'] } });
    expect(faulted.stdout).toContain(`≠ ${common!.caseId} (rotate the COMMON secret): status, verdict — A: 400 []  B: 200 [state-common-not-rotatable]`);
    expect(faulted.stdout).toMatch(new RegExp(`^${d.differences.length} of ${d.cases} cases differ between A and B`, 'm'));
  });

  it('an identical emulator: exit 0, no difference', async () => {
    expect(identical.code, identical.stdout + identical.stderr).toBe(0);
    const d = await differences('identical');
    expect(d.differences).toEqual([]);
    expect(identical.stdout).toMatch(/^0 of \d+ cases differ between A and B/m);
  });

  it('one --target: exit 2, one line', async () => {
    const r = await cli(['diff', '--target', emulators[0]!.url], { cwd: work.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^conform: CONFORM_USAGE: conform diff needs exactly two --target URLs, got 1; usage: [^\n]+\n$/);
  });
});

describe('diff digests', () => {
  it('an echoed request string is no enum: a generated name "CXQ" and "Q0w" have the same shape', () => {
    const body = (name: string) => ({ id: 'x', name, creator: 'USER' });
    expect(shapeOf(body('CXQ'), '', new Set(['CXQ']))).toEqual(shapeOf(body('Q0w'), '', new Set(['Q0w'])));
    expect(shapeOf(body('CXQ'), '', new Set(['CXQ']))).toEqual({ creator: '"USER"', id: 'string', name: 'string' });
  });

  it('a case only one target got is a difference', () => {
    const d = (caseId: string): CaseDigest => ({ caseId, operationId: 'CreateApp', note: 'n', status: 201, failures: [], shape: '{}' });
    const out = compareDigests(new Map([['a', d('a')], ['b', d('b')]]), new Map([['a', d('a')], ['c', d('c')]]));
    expect(out.map((x) => [x.caseId, x.aspects, x.a !== undefined, x.b !== undefined])).toEqual([
      ['b', ['missing'], true, false],
      ['c', ['missing'], false, true],
    ]);
  });
});
