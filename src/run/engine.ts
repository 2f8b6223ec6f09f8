/**
 * The run: operations → cases → sends → checks → one RunResult. Streams: every exchange is
 * judged as it arrives and then dropped; only counters and capped failure records are kept.
 * The phases (phases/) share one run context (context.ts) and run in this order.
 */
import { createRunContext, fixtureValues, type EngineInput } from './context.ts';
import { cleanupPhase } from './phases/cleanup.ts';
import { setupPhase } from './phases/setup.ts';
import { CreatedResources } from './resources.ts';
import { flowsPhase } from './phases/flows.ts';
import { mainPhase } from './phases/main.ts';
import { observePhase } from './phases/observe.ts';
import { modelPhase } from './phases/model.ts';
import { shrinkPhase } from './phases/shrink.ts';
import { runResult } from './result.ts';
import type { RunResult } from './types.ts';

export { fixtureValues, secretsOf, type EngineInput, type RunEvent, type RunPhase } from './context.ts';

export async function runEngine(input: EngineInput): Promise<RunResult> {
  const emit = input.onEvent ?? (() => {});
  const byId = new Map(input.specs.flatMap((s) => s.operations).map((o) => [o.id, o] as const));
  let config = input.config;
  const resources = new CreatedResources(byId, () => fixtureValues(config), fixtureValues(input.config));
  // The rate limiter's timers are unref'd; this one keeps the process alive while a run waits on them.
  const keepAlive = setInterval(() => {}, 60_000);
  let observed: ReadonlyMap<string, number> = new Map();
  let ctx: ReturnType<typeof createRunContext> | undefined;
  let cleanup;
  let setupSent = { requests: 0, retries: 0 };
  try {
    const setup = await setupPhase(input, resources, emit);
    setupSent = { requests: setup.requests, retries: setup.retries };
    config = setup.config;
    ctx = createRunContext({ ...input, config }, resources, setup.blocked);
    if (setup.broke !== undefined) ctx.internalError('', 'setup', setup.broke);
    try {
      await mainPhase(ctx);
      // Every answer refused the credentials: nothing but auth-required could be judged, and no
      // later phase can do better.
      ctx.stopping.checkCredentials();
      const runnable = ctx.operations.filter((o) => !input.skip?.(o) && !setup.blocked.has(o.id));
      const flows = await flowsPhase(ctx, runnable);
      observed = await observePhase(ctx, runnable, flows);
      await modelPhase(ctx, runnable, flows + 1);
      await shrinkPhase(ctx);
    } catch (e) {
      // a phase broke (the tool, not the target): what was judged is kept and reported
      ctx.internalError('', 'run', e);
    } finally {
      ctx.detach();
      await ctx.sender.close();
    }
  } finally {
    // whatever ended the run, what it created is deleted (or listed as left)
    cleanup = await cleanupPhase(input, config, resources, emit, setupSent);
    clearInterval(keepAlive);
  }
  return runResult(ctx, observed, resources.list(), cleanup);
}
