/** The run's result from what its context gathered: verdicts per operation and check, completion, outcome. */
import { verdictCounts } from './verdict-counts.ts';
import type { RunContext } from './context.ts';
import { specsDigest } from './shard.ts';
import { NOT_RUN } from './stopping.ts';
import type { Cleanup, CreatedResource, RunResult } from './types.ts';

/** `observed`: requests sent to each supporting operation by the observation phase */
export function runResult(
  ctx: RunContext,
  observed: ReadonlyMap<string, number> = new Map(),
  createdResources: readonly CreatedResource[] = [],
  cleanup?: Cleanup,
): RunResult {
  const { input, config, tally, sender, stopping, readings, redactor, shard } = ctx;
  // what the run showed about custom credentials is a reading too
  readings.optional(ctx.byId, ctx.optional.evidence);
  const finished = Date.now();
  const spilledFailures = tally.spilled();
  const stopped = stopping.reason;
  const opResults = tally.operationResults(ctx.operations, ctx.checks, (id) => sender.requests(id) + (observed.get(id) ?? 0), stopped ? NOT_RUN[stopped.reason] : undefined, input.disabledChecks);
  const counts = verdictCounts(opResults);
  const outcome =
    stopped?.reason === 'interrupted'
      ? 'interrupted'
      : stopped?.reason === 'unreachable' || stopped?.reason === 'auth-refused' || tally.errorCount > 0
        ? 'errored'
        : counts.checksFailed > 0
          ? 'deviates'
          : 'conforms';
  return {
    tool: input.tool,
    startedAt: new Date(ctx.started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - ctx.started,
    target: Object.fromEntries(Object.entries(config.target ?? {}).map(([k, v]) => [k, redactor.text(v)])),
    embedded: input.embedded,
    seed: config.run.seed,
    settings: { cases: config.run.cases, concurrency: config.run.concurrency, timeoutMs: config.run.timeoutMs },
    operations: opResults,
    completion: {
      complete: stopped === undefined || (stopped.reason === 'auth-refused' && ctx.counts.run === ctx.counts.planned),
      ...(stopped ? { reason: stopped.reason, message: stopped.message } : {}),
      casesRun: ctx.counts.run,
      casesPlanned: ctx.counts.planned,
    },
    failures: tally.failures,
    ...(spilledFailures ? { spilledFailures } : {}),
    failureCount: tally.failureCount,
    errors: tally.errors,
    errorCount: tally.errorCount,
    createdResources,
    ...(cleanup && (cleanup.requests > 0 || cleanup.unanswered > 0 || cleanup.untracked > 0) ? { cleanup } : {}),
    ...(shard ? { shard: { ...shard, specs: specsDigest(input.specs) } } : {}),
    readings: readings.list(),
    summary: {
      requests: sender.requests(),
      retries: sender.retries(),
      ...counts,
      outcome,
    },
  };
}
