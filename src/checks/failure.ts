/** Builds a Failure with the fields every check fills the same way. */
import type { Exchange } from '../execute/types.ts';
import type { Source } from '../spec/types.ts';
import type { CheckContext, Failure } from './types.ts';

export function failure(
  check: string,
  context: CheckContext,
  exchange: Exchange,
  f: { message: string; rule: string; source: Source; received: string; documented: string },
): Failure {
  return { check, operationId: context.operation.id, caseId: exchange.case.id, ...f };
}

/** The operation's status table, as the document labels it. */
export function statusSource(context: CheckContext): Source {
  const r = context.operation.responses.find((x) => x.status >= 400) ?? context.operation.responses[0];
  return r?.source ?? context.operation.source;
}

export function documentedStatuses(context: CheckContext): number[] {
  return context.operation.responses.map((r) => r.status);
}

export function shortBody(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
