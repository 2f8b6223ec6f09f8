/**
 * After the run, whatever ended it (the last phase, a failure, a spent budget, Ctrl-C): every
 * resource the run created and did not delete itself is deleted with the operation its
 * `x-hwc-creates` names. Bounded in time (CLEANUP_MS) and by the run's give-up rule; not by the
 * request budget, which counts cases. What could not be deleted is listed with why.
 */
import type { Config } from '../../config/types.ts';
import { createSender } from '../../execute/send.ts';
import type { Outcome } from '../../execute/types.ts';
import type { Operation } from '../../spec/types.ts';
import { fixtureValues, type EngineInput, type RunEvent } from '../context.ts';
import { answeredText, type CreatedResources } from '../resources.ts';
import { NOT_SENT } from '../stopping.ts';
import type { Cleanup } from '../types.ts';

/** The cleanup's own time bound, from its start. */
export const CLEANUP_MS = 60_000;

/** `before`: the requests the setup sent (its throwaways), counted with the cleanup's. */
export async function cleanupPhase(
  input: EngineInput,
  config: Config,
  resources: CreatedResources,
  emit: (e: RunEvent) => void,
  before: { requests: number; retries: number } = { requests: 0, retries: 0 },
): Promise<Cleanup> {
  const pending = resources.pending();
  const deletable = pending.filter((p) => p.c !== undefined);
  for (const p of pending) if (p.missing) resources.settle(p.entry, 'left', p.missing);
  if (deletable.length === 0) return { ...before, ...resources.unknown() };

  emit({ kind: 'phase', name: `cleanup: deleting ${deletable.length} resource${deletable.length === 1 ? '' : 's'} the run created` });
  const sender = createSender({ ...config, run: { ...config.run, maxRequests: 0 } }, fixtureValues(config), Date.now() + CLEANUP_MS, input.lookup);
  // why the deleting stopped, the first reason kept: a second Ctrl-C, or a target given up on
  let stoppedBy = 'the cleanup was stopped';
  const stop = (why?: string) => {
    if (sender.stopped()) return;
    if (why) stoppedBy = why;
    sender.stop();
  };
  const onSignal = () => stop();
  if (input.cleanupSignal?.aborted) stop();
  input.cleanupSignal?.addEventListener('abort', onSignal);
  let unanswered = 0;
  // "not found" from a delete the target never once honoured may as well mean "not served here"
  const gone = new Map<Operation, { entry: (typeof deletable)[number]['entry']; status: number }[]>();
  const honoured = new Set<Operation>();
  try {
    await Promise.all(
      deletable.map(async ({ entry, deleter, c }) => {
        const o = await sender.send(deleter!, c!);
        input.onOutcome?.(o, [], 'cleanup');
        const [state, note] = settled(deleter!, o, stoppedBy);
        resources.settle(entry, state, note);
        if (state === 'deleted') honoured.add(deleter!);
        if (state === 'gone' && o.ok) gone.set(deleter!, [...(gone.get(deleter!) ?? []), { entry, status: o.exchange.response.status }]);
        // deletes refused before sending (time bound, stop) are no sign of a dead target
        if (!o.ok && NOT_SENT.has(o.error.code)) return;
        unanswered = o.ok ? 0 : unanswered + 1;
        if (config.run.giveUpAfter > 0 && unanswered >= config.run.giveUpAfter) {
          stop(`the cleanup gave up: ${unanswered} deletes in a row got no answer (run.giveUpAfter)`);
        }
      }),
    );
  } finally {
    input.cleanupSignal?.removeEventListener('abort', onSignal);
    await sender.close();
  }
  for (const [deleter, list] of gone) {
    if (honoured.has(deleter) || resources.honours(deleter.id)) continue;
    const statuses = [...new Set(list.map((g) => g.status))].join('/');
    for (const g of list) {
      resources.settle(g.entry, 'left', `${deleter.id} answered ${statuses} to ${list.length === 1 ? 'its one delete' : `all ${list.length} deletes`} and never deleted one: not served here, or each was already gone; check by hand`);
    }
  }
  const left = resources.list().filter((r) => r.state === 'left').length;
  emit({ kind: 'phase', name: `cleanup: ${deletable.length - left} deleted${left > 0 ? `, ${left} left on the target (the reports list them)` : ''}` });
  return { requests: before.requests + sender.requests(), retries: before.retries + sender.retries(), ...resources.unknown() };
}

function settled(deleter: Operation, o: Outcome, stoppedBy: string): ['deleted' | 'gone' | 'left', string] {
  if (!o.ok) {
    const why =
      o.error.code === 'stopped' ? stoppedBy : o.error.code === 'deadline' ? `the cleanup's time bound (${CLEANUP_MS / 1000} s) was reached` : `${deleter.id} got no answer (${o.error.code})`;
    return ['left', why];
  }
  const { status } = o.exchange.response;
  // another 2xx than the documented one still says it was done (judging the status is not the cleanup's job)
  if (status >= 200 && status < 300) return ['deleted', `deleted by ${deleter.id}${status === deleter.successStatus ? '' : ` (answered ${status})`}`];
  if (deleter.notFoundStatuses.includes(status)) return ['gone', `${deleter.id} answered ${status}, documented for an unknown resource: already gone`];
  return ['left', answeredText(deleter.id, o.exchange.response)];
}
