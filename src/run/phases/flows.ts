/**
 * The fixed stateful flows (cases/flows.ts, cases/depth-flows.ts), one at a time: a burst
 * (steps sharing a burst key) is sent at once, then judged in step order, each step against the
 * flow's history.
 */
import type { Exchange } from '../../execute/types.ts';
import type { Operation } from '../../spec/types.ts';
import type { RunContext } from '../context.ts';
import { depthFlows } from '../../cases/depth-flows.ts';
import { batches, fixedFlows } from '../../cases/flows.ts';
import { inShard } from '../shard.ts';

/** Runs this shard's flows; returns how many flows there were (the model phase is dealt as the next one). */
export async function flowsPhase(ctx: RunContext, runnable: readonly Operation[]): Promise<number> {
  const { stopping, sender, tally, config, fixtures } = ctx;
  if (!stopping.stopped) ctx.emit({ kind: 'phase', name: 'stateful flows' });
  let flowIndex = 0;
  const kept = ctx.flowCases.byOperation();
  for (const flow of stopping.stopped ? [] : [...fixedFlows(runnable, kept, fixtures), ...depthFlows(runnable, kept, fixtures, config.run.seed)]) {
    if (!inShard(ctx.shard, flowIndex++)) continue;
    const history: Exchange[] = [];
    steps: for (const batch of batches(flow.steps)) {
      if (stopping.stopped) break;
      if (batch[0]!.delayMs) await stopping.pause(batch[0]!.delayMs);
      const outcomes = await Promise.all(batch.map((step) => sender.send(step.op, step.case)));
      for (const [i, step] of batch.entries()) {
        const o = outcomes[i]!;
        if (!stopping.sent(o)) break steps;
        tally.countCase(step.op.id);
        ctx.record(step.op, o, 'flows', history);
        if (o.ok) history.push(o.exchange);
      }
    }
  }
  return flowIndex;
}
