/** How many operation × check verdicts of each kind a run holds: the summary's counts. */
import type { OperationResult, Verdict } from './types.ts';

export function verdictCounts(operations: readonly OperationResult[]) {
  const verdicts = operations.flatMap((o) => o.checks);
  const count = (v: Verdict) => verdicts.filter((x) => x.verdict === v).length;
  return {
    checksPassed: count('passed'),
    checksFailed: count('failed'),
    checksKnown: count('known'),
    checksNotApplicable: count('not applicable'),
    checksNotExercised: count('not exercised'),
    checksSkipped: count('skipped'),
    checksErrored: count('errored'),
  };
}
