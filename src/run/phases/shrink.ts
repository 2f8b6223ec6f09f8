/** Shrinking: the first failing random case of each check, cut down to a minimal counterexample that replaces it in the report. */
import type { RunContext } from '../context.ts';
import { judge } from '../../checks/judge.ts';
import { shrinkFailure } from '../shrink.ts';

/** At most this many failures are shrunk: each costs requests. */
const MAX_SHRUNK = 20;

export async function shrinkPhase(ctx: RunContext): Promise<void> {
  const { stopping, sender } = ctx;
  if (!stopping.stopped) ctx.emit({ kind: 'phase', name: 'shrinking' });
  for (const item of ctx.shrinkQueue.slice(0, MAX_SHRUNK)) {
    if (stopping.stopped) break;
    const shrunk = await shrinkFailure(item.op, item.c, item.check, {
      send: (c) => sender.send(item.op, ctx.unique(item.op, c)).then((o) => ctx.notifyError(o, 'shrink')),
      judge: (ex) => ctx.notify(ex, judge(ctx.checks, ctx.contextFor(item.op), ex).failures, 'shrink'),
      timeLimitMs: 10_000,
    });
    if (!shrunk) continue;
    const f = shrunk.failure;
    const known = ctx.input.known?.(f);
    ctx.tally.replace(item.c.id, item.check, ctx.recordOf(f, shrunk.exchange, known));
  }
}
