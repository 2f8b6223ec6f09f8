/**
 * The one sentence every report and the console use for a baseline entry that needs
 * attention: operation, check, the date, what it means now, and the reason it was accepted.
 */
import type { BaselineNote } from '../run/types.ts';
import { plural } from './view.ts';

/** `CreateApp · masking: accepted until 2026-01-01, expired — its 3 failures count again (reason: TICKET-1)` */
export function baselineText(n: BaselineNote): string {
  const what =
    n.status === 'expired'
      ? n.failures > 0
        ? `expired on ${n.expires}: it no longer accepts the deviation, and its ${plural(n.failures, 'failure')} count again`
        : `expired on ${n.expires}, and it matched no failure in this run${n.unjudged ? ` (${n.unjudged})` : ''}: remove it`
      : n.unjudged
        ? `accepted until ${n.expires}, matched nothing: ${n.unjudged}`
        : `accepted until ${n.expires}, matched no failure: the deviation is gone or the entry names the wrong check; remove or fix it`;
  return `${n.operationId} · ${n.check} ${what} (reason: ${n.reason})`;
}

/** Expired entries first: they change the verdict; unmatched ones are housekeeping. */
export function sortedNotes(notes: readonly BaselineNote[] | undefined): BaselineNote[] {
  return [...(notes ?? [])].sort((a, b) => (a.status === b.status ? 0 : a.status === 'expired' ? -1 : 1));
}
