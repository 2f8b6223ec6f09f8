import { rulesOf } from '../spec/rule-lookup.ts';
import type { Check, Failure } from './types.ts';
import { failure } from './failure.ts';
import { successWithCredentials } from './evidence.ts';
import { earlierSuccesses, isSuccess } from './history.ts';
import { asObject, sameValue as sameStored } from './observed.ts';
import { toNanos } from './timestamps.ts';

/**
 * Rule `unchanged`: "仅支持修改证书的名称和描述" and "重置指定APP的密钥" promise something about
 * every other field too. Across successive successful calls on the same resource, the fields
 * the rule lists (or all declared fields but the listed ones) keep their values. Judged against
 * the previous success of the same flow; a field absent from either answer is response-schema's
 * question, and two times that name the same instant are the same value.
 */
export const stateUnchanged: Check = {
  name: 'state-unchanged',
  title: 'What the operation does not change keeps its value',
  severity: 'error',
  judgesSequences: true,
  applies: (op) => op.rules.some((r) => r.kind === 'unchanged'),
  // only an answer with an earlier one about the same resource shows what the call left alone
  judges: (ex, context) => successWithCredentials(ex) && earlierSuccesses(context.history, ex).length > 0,
  run(context, exchange) {
    if (!isSuccess(exchange) || exchange.case.auth) return [];
    const previous = earlierSuccesses(context.history, exchange)[0];
    const before = asObject(previous?.response.json);
    const now = asObject(exchange.response.json);
    if (!before || !now) return [];
    const out: Failure[] = [];
    for (const rule of rulesOf(context.operation, 'unchanged')) {
      for (const f of rule.fields) {
        if (!(f in before) || !(f in now) || sameValue(before[f], now[f])) continue;
        const kept = rule.allBut ? `every field but ${rule.allBut.join(', ')}` : rule.fields.join(', ');
        out.push(
          failure('state-unchanged', context, exchange, {
            message: `${f} changed across a ${context.operation.id} (${describe(before[f])} before, ${describe(now[f])} after)`,
            rule: `${context.operation.id} leaves ${kept} unchanged`,
            source: rule.source,
            received: `${f}: ${describe(now[f])}`,
            documented: `${f}: ${describe(before[f])} (as before the call)`,
          }),
        );
      }
    }
    return out;
  },
};

/** The same stored value (unset ones alike, any key order), or two times naming the same instant. */
function sameValue(a: unknown, b: unknown): boolean {
  if (sameStored(a, b)) return true;
  const ta = toNanos(a);
  return ta !== undefined && ta === toNanos(b);
}

function describe(v: unknown): string {
  const s = JSON.stringify(v ?? null);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
