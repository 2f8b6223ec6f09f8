/**
 * Runs every applicable check on one exchange. A check that throws is an *error* of the run
 * (the tool broke), reported as such — never a failure of the target and never a crash.
 */
import type { Check, CheckContext, Failure } from '../checks/types.ts';
import type { Exchange } from '../execute/types.ts';

export interface Judgement {
  readonly failures: readonly Failure[];
  /** checks that judged this exchange */
  readonly judged: readonly string[];
  readonly thrown: readonly { check: string; message: string }[];
}

export function judge(checks: readonly Check[], context: CheckContext, exchange: Exchange): Judgement {
  const failures: Failure[] = [];
  const judged: string[] = [];
  const thrown: { check: string; message: string }[] = [];
  for (const check of checks) {
    if (!check.applies(context.operation)) continue;
    judged.push(check.name);
    try {
      failures.push(...check.run(context, exchange));
    } catch (e) {
      thrown.push({ check: check.name, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { failures, judged, thrown };
}
