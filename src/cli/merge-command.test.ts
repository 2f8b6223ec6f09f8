/**
 * `conform run --shard i/n` and `conform merge DIR…` as a user runs them: the merged folder
 * holds the four reports of one run; reports that are not the shards of one run are one line,
 * exit 2.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../run/types.ts';
import { cli, tempDir } from '../test-support/cli-harness.ts';

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  work = await tempDir();
  const shard = (i: number, seed = 1) => cli(['run', '--operations', 'ShowSecret,UpdateCertificate', '--cases', '4', '--seed', String(seed), '--shard', `${i}/2`, '--report-dir', `s${i}-${seed}`, '-q'], { cwd: work.dir });
  const runs = await Promise.all([shard(1), shard(2), shard(2, 9)]);
  for (const r of runs) expect(r.code, r.stdout + r.stderr).toBe(0);
}, 60_000);
afterAll(() => work.remove());

describe('conform merge', { timeout: 30_000 }, () => {
  it('writes the four reports of one run from the shards', async () => {
    const r = await cli(['merge', 's1-1', 's2-1', '--report-dir', 'merged'], { cwd: work.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^merged 2 shards\n/);
    expect((await readdir(join(work.dir, 'merged'))).sort()).toEqual(['conformance.json', 'junit.xml', 'report.html', 'summary.md']);
    const read = async (d: string) => JSON.parse(await readFile(join(work.dir, d, 'conformance.json'), 'utf8')) as RunResult;
    const [a, b, merged] = await Promise.all([read('s1-1'), read('s2-1'), read('merged')]);
    expect(merged.shard).toBeUndefined();
    expect(merged.summary.requests).toBe(a.summary.requests + b.summary.requests);
    for (const op of merged.operations) {
      const cases = [a, b].map((x) => x.operations.find((o) => o.operationId === op.operationId)!.cases);
      expect(op.cases).toBe(cases[0]! + cases[1]!);
    }
  });

  it('refuses shards of different seeds, a missing shard, and a folder without a report: one line, exit 2', async () => {
    for (const [args, message] of [
      [['s1-1', 's2-9'], /different seed \(9 vs 1\)/],
      [['s1-1'], /shard 2\/2 missing/],
      [['s1-1', 'nowhere'], /cannot read nowhere\/conformance\.json: ENOENT/],
    ] as const) {
      const r = await cli(['merge', ...args, '--report-dir', 'refused'], { cwd: work.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^conform: CONFORM_USAGE: conform merge: [^\n]+\n$/);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(join(work.dir, 'refused'))).toBe(false);
  });

  it.each(['0/3', '4/3', 'x'])('run --shard %s: one line, exit 2', async (shard) => {
    const r = await cli(['run', '--shard', shard], { cwd: work.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`conform: CONFORM_USAGE: --shard expects i/n with 1 ≤ i ≤ n (e.g. 2/4), got '${shard}'\n`);
  });
});
