import { rulesOf } from '../spec/rule-lookup.ts';
import type { Exchange } from '../execute/types.ts';
import type { Check, CheckContext, Failure } from './types.ts';
import { failure, shortBody } from './failure.ts';
import { successWithCredentials } from './evidence.ts';
import { isSuccess } from './history.ts';
import { at, childPointer } from '../json-pointer.ts';
import { asObject, sameValue } from './observed.ts';

/**
 * A refused request changes nothing: after a 4xx from a mutating operation, the next successful
 * answer about the same resource shows, for every `reflects` field the refused request set (and
 * this request does not), the value from before the refusal — never the refused one; and a read
 * operation of the same resource answers after the refusal exactly as before it. The
 * documented 4xx statuses say "the request was not carried out"; no page allows a partial write.
 */
export const stateRefusal: Check = {
  name: 'state-refusal-changes-nothing',
  title: 'A refused request changes nothing',
  severity: 'error',
  judgesSequences: true,
  // about an existing resource the path names (a create makes a new one each time: no before)
  applies: (op) =>
    (!op.mutating || op.rules.some((r) => r.kind === 'reflects')) && op.params.some((p) => p.in === 'path' && p.fixture !== undefined && p.fixture !== 'projectId'),
  // evidence only when there is something to compare: an answer from before a refused call on the same resource
  judges: (ex, context) =>
    successWithCredentials(ex) && (context.operation.mutating ? updateBasis(context.history, ex) : readBasis(context, ex)) !== undefined,
  run(context, exchange) {
    if (!isSuccess(exchange) || exchange.case.auth) return [];
    if (!context.operation.mutating) return readAfterRefusal(context, exchange);
    const basis = updateBasis(context.history, exchange);
    const now = asObject(exchange.response.json);
    if (!basis || !now) return [];
    const { before, refused } = basis;
    const setNow = asObject(exchange.case.body.kind === 'json' ? exchange.case.body.value : undefined) ?? {};
    const out: Failure[] = [];
    for (const rule of rulesOf(context.operation, 'reflects')) {
      for (const f of rule.fields) {
        if (f in setNow) continue;
        for (const r of refused) {
          const sent = asObject(r.case.body.kind === 'json' ? r.case.body.value : undefined)?.[f];
          if (typeof sent !== 'string' || sent === before[f] || !(typeof now[f] === 'string' && (now[f] as string).trim() === sent.trim())) continue;
          out.push(
            failure('state-refusal-changes-nothing', context, exchange, {
              message: `${f} holds the value of a request refused with HTTP ${r.response.status} (case ${r.case.id})`,
              rule: `a refused ${context.operation.id} stores nothing`,
              source: context.operation.responses.find((x) => x.status === r.response.status)?.source ?? context.operation.source,
              received: `${f}: ${shortBody(JSON.stringify(now[f]), 60)}, sent in the refused request`,
              documented: `${f}: ${shortBody(JSON.stringify(before[f] ?? null), 60)} (as before the refused request)`,
            }),
          );
          break;
        }
      }
    }
    return out;
  },
};

/**
 * A read operation's answer about a resource, before and after a mutating call on it was refused
 * (a mutating operation whose path parameters all match this read's): the same answer.
 */
/**
 * What an update's answer is compared with: the same operation's last success on the same
 * resource, as a JSON object, and the refused calls of it since. Undefined when there is none.
 */
function updateBasis(history: readonly Exchange[], exchange: Exchange): { before: Record<string, unknown>; refused: Exchange[] } | undefined {
  const same = sameResource(history, exchange);
  const lastSuccess = findLastIndex(same, isSuccess);
  const before = lastSuccess < 0 ? undefined : asObject(same[lastSuccess]!.response.json);
  const refused = same.slice(lastSuccess + 1).filter((h) => h.response.status >= 400 && h.response.status < 500 && !h.case.auth);
  return before && refused.length > 0 ? { before, refused } : undefined;
}

/**
 * What a read's answer is compared with: its own earlier answer about the resource, when a
 * mutating call on it (a mutating operation whose path parameters all match this read's) was
 * refused since and none succeeded. Undefined when there is none.
 */
function readBasis(context: CheckContext, exchange: Exchange): { was: Record<string, unknown>; refused: Exchange } | undefined {
  const same = sameResource(context.history, exchange);
  const before = same[same.length - 1];
  if (!before || !isSuccess(before)) return undefined;
  // the mutating calls on this resource since the earlier read: only refusals may lie between
  const between = context.history
    .slice(context.history.indexOf(before) + 1)
    .filter(
      (h) =>
        h.case.operationId !== exchange.case.operationId &&
        context.operations.get(h.case.operationId)?.mutating === true &&
        !h.case.auth &&
        Object.entries(h.pathParams).every(([k, v]) => exchange.pathParams[k] === v),
    );
  if (between.some(isSuccess)) return undefined;
  const refused = between.find((h) => h.response.status >= 400 && h.response.status < 500);
  const was = asObject(before.response.json);
  return refused && was ? { was, refused } : undefined;
}

/** A read operation's answer about a resource, before and after a mutating call on it was refused: the same answer. */
function readAfterRefusal(context: CheckContext, exchange: Exchange): Failure[] {
  const basis = readBasis(context, exchange);
  const now = asObject(exchange.response.json);
  if (!basis || !now) return [];
  const { was, refused } = basis;
  const changed = changedPaths(was, now, '');
  if (changed.length === 0) return [];
  return [
    failure('state-refusal-changes-nothing', context, exchange, {
      message: `after ${refused.case.operationId} was refused with HTTP ${refused.response.status} (case ${refused.case.id}), ${context.operation.id} shows ${changed.join(', ')} changed`,
      rule: `a refused ${refused.case.operationId} changes nothing`,
      source: context.operations.get(refused.case.operationId)?.responses.find((r) => r.status === refused.response.status)?.source ?? context.operation.source,
      received: changed.map((p) => `${p.slice(1)}: ${shortBody(JSON.stringify(at(now, p)), 40)}`).join('; '),
      documented: changed.map((p) => `${p.slice(1)}: ${shortBody(JSON.stringify(at(was, p)), 40)} (as before)`).join('; '),
    }),
  ];
}

function changedPaths(a: Record<string, unknown>, b: Record<string, unknown>, path: string): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k];
    const y = b[k];
    if (asObject(x) && asObject(y)) out.push(...changedPaths(x as Record<string, unknown>, y as Record<string, unknown>, childPointer(path, k)));
    else if (!sameValue(x, y)) out.push(childPointer(path, k));
  }
  return out;
}

function sameResource(history: readonly Exchange[], exchange: Exchange): Exchange[] {
  const key = JSON.stringify(exchange.pathParams);
  return history.filter((h) => h.case.operationId === exchange.case.operationId && JSON.stringify(h.pathParams) === key);
}

function findLastIndex<T>(items: readonly T[], p: (t: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (p(items[i]!)) return i;
  return -1;
}
