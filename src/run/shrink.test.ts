/**
 * Shrinking through the engine: a target that fails on CreateApp whenever `remark` is longer
 * than 100 characters. The first failing random case of each check is re-generated and shrunk
 * while the check still fails, so the reported counterexample must sit right at the edge: a
 * remark of 101 characters (or 256, when the case itself breaks the 255-character limit and
 * must keep breaking it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../cases/types.ts';
import { replayCase } from '../cases/index.ts';
import type { Operation } from '../spec/types.ts';
import { suiteSpecs } from '../test-support/target.ts';
import { jsonOf, jsonResponse, type Transform } from '../test-support/proxy.ts';
import { explain, runAgainst } from '../test-support/target.ts';
import type { RunResult } from './types.ts';

const longRemark500: Transform = {
  name: 'CreateApp answers 500 to a remark over 100 characters',
  request: (req) => {
    const remark = (jsonOf(req.body) as { remark?: unknown } | undefined)?.remark;
    return req.operation === 'CreateApp' && typeof remark === 'string' && [...remark].length > 100
      ? jsonResponse(500, { error_code: 'APIG.9999', error_msg: 'system error' })
      : req;
  },
};

const remarkOf = (c: Case): string | undefined => {
  const v = c.body.kind === 'json' ? (c.body.value as { remark?: unknown } | null)?.remark : undefined;
  return typeof v === 'string' ? v : undefined;
};

describe('a failing random case is shrunk to the edge of the fault', () => {
  let result: RunResult;
  /** check → the first random case that failed it (the one the engine shrinks) */
  const firstRandom = new Map<string, Case>();

  let operation: Operation;

  beforeAll(async () => {
    operation = (await suiteSpecs()).flatMap((s) => s.operations).find((o) => o.id === 'CreateApp')!;
    result = await runAgainst({
      seed: 1,
      cases: 30,
      operations: ['CreateApp'],
      transforms: [longRemark500],
      onOutcome: (o, failures) => {
        const c = o.ok ? o.exchange.case : o.error.case;
        if (c.origin !== 'random' || !c.replay) return;
        for (const f of failures) if (!firstRandom.has(f.check)) firstRandom.set(f.check, c);
      },
    });
  }, 60_000);

  it('the fault is found, by no-server-error among others', () => {
    expect(result.summary.outcome).toBe('deviates');
    expect(result.errorCount, explain(result)).toBe(0);
    expect(firstRandom.has('no-server-error'), explain(result)).toBe(true);
  });

  it('every shrunk counterexample has a remark of exactly 101 characters (256 where the case breaks the limit itself)', () => {
    const shrunk = [...firstRandom].flatMap(([check, original]) => {
      const record = result.failures.find((f) => f.caseId === original.id && f.check === check);
      return record && JSON.stringify(record.case.body) !== JSON.stringify(original.body) ? [{ check, original, record }] : [];
    });
    expect(shrunk.length, 'no counterexample was shrunk').toBeGreaterThan(0);
    for (const { check, original, record } of shrunk) {
      const edge = record.case.violation?.field === 'remark' && record.case.violation.constraint === 'maxLength' ? 256 : 101;
      const before = [...(remarkOf(original) ?? '')].length;
      const after = [...(remarkOf(record.case) ?? '')].length;
      expect({ check, caseId: original.id, before, after }).toEqual({ check, caseId: original.id, before, after: edge });
      // Still the failure it was, and still replayable by seed and path.
      expect(record.response?.status).toBe(500);
      expect(record.replay.seed).toBe(1);
      // the shrunk case itself, regenerated from its replay data, is the one reported
      const data = record.case.replay;
      expect(data, `${check}: shrunk counterexample without replay data`).toBeDefined();
      const again = replayCase(operation, original.expect as 'accept' | 'reject', data!.seed, data!.path ?? data!.index);
      expect({ check, note: again.note, remark: remarkOf(again)?.length }).toEqual({ check, note: record.case.note, remark: remarkOf(record.case)?.length });
    }
  });

  // BUG (src/run/tally.ts `replace`, src/run/engine.ts shrinking phase): a check keeps at most
  // MAX_FAILURES_PER_CHECK (5) records; when five boundary cases failed first, the first random
  // failure was never recorded, so `tally.replace` finds nothing and the shrunk counterexample
  // is silently dropped — the report shows five large ones and never the minimal one.
  it('the shrunk counterexample of every check that failed on a random case is reported', () => {
    const missing = [...firstRandom]
      .filter(([check, c]) => !result.failures.some((f) => f.caseId === c.id && f.check === check))
      .map(([check, c]) => `${check} (first random failure ${c.id}, remark of ${[...(remarkOf(c) ?? '')].length} characters)`);
    expect(missing).toEqual([]);
  });
});
