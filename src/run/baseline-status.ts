/**
 * What became of each baseline entry in a run, so the person who accepted a deviation sees
 * when the acceptance ran out, or when it no longer matches anything (the deviation is fixed,
 * or the entry names the wrong check). The engine marks the failures an active entry accepts
 * (`known`); this looks at the finished run for the entries that did not.
 */
import { isActive, type BaselineEntry } from '../config/baseline.ts';
import type { BaselineNote, RunResult } from './types.ts';

/** One note per expired entry and per active entry that accepted no failure, in file order. */
export function baselineStatus(entries: readonly BaselineEntry[], result: Pick<RunResult, 'operations'>, today: string): BaselineNote[] {
  const notes: BaselineNote[] = [];
  for (const e of entries) {
    const op = result.operations.find((o) => o.operationId === e.operation);
    const check = op?.checks.find((c) => c.check === e.check);
    const failures = check?.failures ?? 0;
    const active = isActive(e, today);
    if (active && failures > 0) continue;
    const unjudged = !op
      ? `${e.operation} did not run`
      : op.skipped
        ? `${e.operation} was skipped: ${op.skipped}`
        : !check || check.judged === 0
          ? `${e.check} judged nothing for ${e.operation}${check?.reason ? `, ${check.reason}` : ''}`
          : undefined;
    notes.push({
      operationId: e.operation,
      check: e.check,
      reason: e.reason,
      expires: e.expires,
      status: active ? 'unmatched' : 'expired',
      failures,
      ...(unjudged ? { unjudged } : {}),
    });
  }
  return notes;
}
