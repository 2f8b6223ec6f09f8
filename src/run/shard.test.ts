/**
 * `--shard i/n` and `conform merge`: n shards together send exactly the cases of the unsharded
 * run, each once, and their merged result gives the same verdicts, against a target with a
 * planted defect (so failed verdicts are compared too, not only passes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseShard } from '../config/shard-flag.ts';
import { isConformError } from '../errors.ts';
import { outcomeLine } from '../report/console.ts';
import { renderHtml, renderMarkdown } from '../report/index.ts';
import { mergeResults } from './merge.ts';
import { inShard } from './shard.ts';
import { background, runAgainst } from '../test-support/target.ts';
import type { RunResult } from './types.ts';

const N = 3;
const CASES = 30;
// a region-optional field (app_key), whose cases must stay together on one shard
const FAULT = 'create-app-skip-app-key-rule';
const STEADY = ['main', 'flows'];

interface Sent {
  readonly result: RunResult;
  /** `phase caseId` of every case sent in the phases that do not follow the target's answers */
  readonly cases: string[];
}

const start = background(4);
const runs = new Map<string, Promise<Sent>>();

function run(shard?: { index: number; count: number }): Promise<Sent> {
  return start(async () => {
    const cases: string[] = [];
    const result = await runAgainst({
      fault: FAULT,
      cases: CASES,
      ...(shard ? { shard } : {}),
      onOutcome: (o, _f, phase) => {
        if (STEADY.includes(phase)) cases.push(`${phase} ${(o.ok ? o.exchange.case : o.error.case).id}`);
      },
    });
    return { result, cases };
  });
}

beforeAll(() => {
  runs.set('whole', run());
  for (let i = 1; i <= N; i++) runs.set(`${i}/${N}`, run({ index: i, count: N }));
});

const verdicts = (r: RunResult) => Object.fromEntries(r.operations.flatMap((o) => o.checks.map((c) => [`${o.operationId}:${c.check}`, c.verdict])));
const counted = (xs: readonly string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());

describe(`${N} shards of one run`, () => {
  it('send exactly the cases of the unsharded run, each once', async () => {
    const whole = await runs.get('whole')!;
    const shards = await Promise.all(Array.from({ length: N }, (_, i) => runs.get(`${i + 1}/${N}`)!));
    const union = shards.flatMap((s) => s.cases);
    expect(whole.cases.length).toBeGreaterThan(100);
    expect(union.length).toBe(whole.cases.length);
    expect(counted(union)).toEqual(counted(whole.cases));
    // no case on two shards
    const owner = new Map<string, number>();
    shards.forEach((s, i) => {
      for (const c of s.cases) {
        expect(owner.get(c) ?? i, c).toBe(i);
        owner.set(c, i);
      }
    });
    // every shard does real work
    for (const s of shards) expect(s.cases.length).toBeGreaterThan(whole.cases.length / (3 * N));
    console.log(`shards ${N}: main+flows cases per shard ${shards.map((s) => s.cases.length).join(', ')}; union ${union.length}; unsharded ${whole.cases.length}`);
  }, 120_000);

  it('merge into the verdicts and counts of the unsharded run', async () => {
    const whole = (await runs.get('whole')!).result;
    const shards = await Promise.all(Array.from({ length: N }, (_, i) => runs.get(`${i + 1}/${N}`)!));
    // given in any order
    const merged = mergeResults(shards.map((s, i) => ({ from: `shard${i + 1}`, result: s.result })).reverse());
    expect(verdicts(merged)).toEqual(verdicts(whole));
    expect(Object.values(verdicts(whole))).toContain('failed');
    expect(merged.operations.map((o) => [o.operationId, o.cases])).toEqual(whole.operations.map((o) => [o.operationId, o.cases]));
    expect(merged.summary.outcome).toBe(whole.summary.outcome);
    expect(merged.failureCount).toBe(whole.failureCount);
    expect(merged.shard).toBeUndefined();
    expect(new Set(merged.failures.map((f) => `${f.operationId}:${f.check}`))).toEqual(new Set(whole.failures.map((f) => `${f.operationId}:${f.check}`)));
  }, 120_000);

  it('merge refuses what is not one run: a missing or repeated shard, another seed, other specs', async () => {
    const shards = await Promise.all(Array.from({ length: N }, (_, i) => runs.get(`${i + 1}/${N}`)!.then((s) => s.result)));
    const whole = (await runs.get('whole')!).result;
    const refused = (results: RunResult[]) => {
      try {
        mergeResults(results.map((result, i) => ({ from: `r${i}`, result })));
      } catch (e) {
        expect(isConformError(e) && e.exitCode).toBe(2);
        return (e as Error).message;
      }
      return 'merged';
    };
    expect(refused(shards.slice(1))).toMatch(/shard 1\/3 missing/);
    expect(refused([...shards, shards[0]!])).toMatch(/both shard 1\/3/);
    expect(refused([...shards.slice(1), { ...shards[0]!, seed: 2 }])).toMatch(/different seed/);
    expect(refused([...shards.slice(1), { ...shards[0]!, shard: { ...shards[0]!.shard!, specs: 'other' } }])).toMatch(/different specs/);
    expect(refused([...shards.slice(1), { ...shards[0]!, tool: { ...shards[0]!.tool, version: '9.9.9' } }])).toMatch(/different version/);
    expect(refused([whole, ...shards])).toMatch(/not the report of a shard/);
    expect(refused([...shards.slice(1), { ...shards[0]!, operations: shards[0]!.operations.map((o) => ({ ...o, checks: o.checks.slice(1) })) }])).toMatch(/different checks/);
  }, 120_000);

  it('a shard says so in every report a person reads', async () => {
    const shard = (await runs.get(`2/${N}`)!).result;
    expect(renderMarkdown(shard)).toContain(`**shard 2/${N}**`);
    expect(renderHtml(shard)).toContain(`2/${N}: a share of the cases`);
    expect(outcomeLine(shard)).toMatch(new RegExp(` · shard 2/${N}\n$`));
  }, 120_000);
});

describe('--shard i/n', () => {
  it.each(['0/3', '4/3', 'x', '1/0', '2', '-1/3', '1.5/3'])('refuses %s with one usage line', (text) => {
    let error: unknown;
    try {
      parseShard(text);
    } catch (e) {
      error = e;
    }
    expect(isConformError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toBe(`--shard expects i/n with 1 ≤ i ≤ n (e.g. 2/4), got '${text}'`);
  });

  it('deals every unit to exactly one of n shards', () => {
    for (const n of [1, 2, 5]) {
      for (const key of [0, 1, 7, 'apig', 'csms']) {
        const owners = Array.from({ length: n }, (_, i) => i + 1).filter((index) => inShard({ index, count: n }, key));
        expect(owners).toHaveLength(1);
      }
    }
  });
});
