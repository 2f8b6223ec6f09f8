/**
 * Rules observed through supporting operations (read-back, labels moved; observe.ts): one unit
 * of the shard deal, after the fixed flows, like a flow. A stopped run sends none of it.
 */
import type { Operation } from '../../spec/types.ts';
import type { RunContext } from '../context.ts';
import { observe } from '../observe.ts';
import { inShard } from '../shard.ts';

/** Returns the requests sent to each supporting operation (theirs are not counted elsewhere). */
export async function observePhase(ctx: RunContext, runnable: readonly Operation[], slot: number): Promise<ReadonlyMap<string, number>> {
  const { stopping, sender, tally, input } = ctx;
  if (stopping.stopped || !inShard(ctx.shard, slot)) return new Map();
  return observe({
    operations: runnable,
    byId: ctx.byId,
    checks: ctx.checks,
    casesByOp: ctx.flowCases.byOperation(),
    tally,
    contextFor: (op, history) => ctx.contextFor(op, history),
    fixtures: ctx.fixtures,
    seed: ctx.config.run.seed,
    send: (op, c) => sender.send(op, ctx.unique(op, c)),
    requests: (id) => sender.requests(id),
    record: (op, o, history) => {
      if (stopping.sent(o)) ctx.record(op, o, 'flows', history);
    },
    seen: (o, failures) => input.onOutcome?.(o, failures, 'flows'),
    fail: (f, ex) => ctx.fail(f, ex),
    unserved: (operationId, reason) => ctx.emit({ kind: 'operation-skipped', operationId, reason, notRun: true }),
  });
}
