/**
 * Every fault of the emulator's catalogue, run through the whole engine: the fault is found,
 * by the check the catalogue names, on the operations it breaks — and on no other operation.
 * A fault added to the catalogue is a test added here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, type Fault } from '../emulator/index.ts';
import { OPERATION_IDS, background, blamed, explain, runAgainst } from '../test-support/target.ts';
import type { RunResult } from './types.ts';

// Small random phase: every fault of the catalogue shows in the boundary cases, the fixed flows
// or the first few random cases; the reference runs (engine.test.ts) use the default count.
const CASES = 20;
const isTransport = (f: Fault) => f.check === 'transport';

describe('fault catalogue through the engine', () => {
  const runs = new Map<string, Promise<RunResult>>();

  beforeAll(() => {
    const start = background(6);
    for (const fault of FAULTS.filter((f) => !isTransport(f))) runs.set(fault.name, start(() => runAgainst({ fault: fault.name, cases: CASES })));
    // A hung operation costs one timeout per concurrent slot: wide and short. It runs after the
    // others, so that their load cannot push an ordinary request past the short timeout.
    const others = Promise.allSettled([...runs.values()]);
    for (const fault of FAULTS.filter(isTransport)) {
      runs.set(fault.name, start(() => others.then(() => runAgainst({ fault: fault.name, cases: CASES, timeoutMs: 1500, concurrency: 64 }))));
    }
  });

  it.each(FAULTS)('$name is caught by $check', async (fault) => {
    const r = await runs.get(fault.name)!;
    const why = `${fault.name}: ${fault.description}\n${explain(r)}`;
    const touched = new Set<string>(fault.operations satisfies Fault['operations']);

    expect(r.summary.outcome, why).not.toBe('conforms');
    if (isTransport(fault)) {
      expect(r.summary.outcome, why).toBe('errored');
      for (const op of fault.operations) {
        expect(r.errors.some((e) => e.operationId === op && e.code === 'timeout'), why).toBe(true);
      }
    } else {
      expect(r.summary.outcome, why).toBe('deviates');
      expect(r.errorCount, why).toBe(0);
      for (const op of fault.operations) {
        expect(blamed(r), why).toContain(`${op}:${fault.check}`);
        const verdict = r.operations.find((o) => o.operationId === op)?.checks.find((c) => c.check === fault.check);
        expect(verdict?.verdict, why).toBe('failed');
      }
    }

    // Precision: an operation the fault leaves alone is blamed for nothing.
    expect(r.failures.filter((f) => !touched.has(f.operationId)), why).toEqual([]);
    expect(r.errors.filter((e) => !touched.has(e.operationId)), why).toEqual([]);
    for (const op of OPERATION_IDS.filter((o) => !touched.has(o))) {
      const verdicts = r.operations.find((o) => o.operationId === op)!.checks;
      expect(verdicts.filter((v) => v.verdict === 'failed' || v.verdict === 'errored').map((v) => `${op}:${v.check}`), why).toEqual([]);
    }
  }, 120_000);
});
