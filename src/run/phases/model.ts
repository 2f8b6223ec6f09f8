/**
 * Model-based sequences: random runs of the mutating operations, judged by the checks that
 * judge sequences (Check.judgesSequences). A failing run is shrunk by fast-check, and only
 * its minimal sequence is reported.
 */
import type { Operation } from '../../spec/types.ts';
import type { RunContext } from '../context.ts';
import { commandArbitraries } from '../../cases/flows.ts';
import { modelBased } from '../model-based.ts';
import { judge } from '../../checks/judge.ts';
import { inShard } from '../shard.ts';

/** `slot`: the model phase is dealt to a shard as one more flow, after the fixed ones. */
export async function modelPhase(ctx: RunContext, runnable: readonly Operation[], slot: number): Promise<void> {
  const { stopping, sender, config, tally } = ctx;
  const stateChecks = ctx.checks.filter((c) => c.judgesSequences === true);
  const modelFailure =
    stopping.stopped || !inShard(ctx.shard, slot)
      ? undefined
      : await modelBased(
          commandArbitraries(runnable, ctx.fixtures),
          (op, c) => sender.send(op, ctx.unique(op, c)).then((o) => ctx.notifyError(o, 'model')),
          (op, ex, history) => ctx.notify(ex, judge(stateChecks, ctx.contextFor(op, history), ex).failures, 'model'),
          { seed: config.run.seed, numRuns: Math.max(1, Math.min(10, Math.ceil(config.run.cases / 10))), maxCommands: 6, timeLimitMs: 20_000 },
        );
  if (!modelFailure) return;
  const op = ctx.byId.get(modelFailure.exchange.case.operationId)!;
  const j = judge(stateChecks, ctx.contextFor(op, modelFailure.history), modelFailure.exchange);
  tally.judged(op.id, j.judged, j.declined);
  for (const f of j.failures) ctx.fail({ ...f, message: `${f.message} (shrunk sequence: ${modelFailure.sequence})` }, modelFailure.exchange);
}
