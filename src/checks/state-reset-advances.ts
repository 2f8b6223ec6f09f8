import { successWithCredentials } from './evidence.ts';
import { ruleOf } from '../spec/rule-lookup.ts';
import type { Check } from './types.ts';
import { failure } from './failure.ts';
import { earlierSuccesses, isSuccess } from './history.ts';
import { at } from '../json-pointer.ts';
import { toNanos } from './timestamps.ts';

/**
 * Each call moves the timestamp forward. Two calls less than a second apart may share a
 * timestamp on a service with second resolution, so only calls ≥ 1.1 s apart must differ;
 * a timestamp going backwards is always a deviation.
 */
const SECOND_NS = 1_000_000_000n;

export const stateResetAdvances: Check = {
  name: 'state-reset-advances',
  title: 'Each call moves the documented timestamp forward',
  severity: 'error',
  judgesSequences: true,
  applies: (op) => op.rules.some((r) => r.kind === 'advances'),
  judges: successWithCredentials,
  run(context, exchange) {
    if (!isSuccess(exchange) || exchange.case.auth) return [];
    const rule = ruleOf(context.operation, 'advances');
    if (!rule) return [];
    const now = toNanos(at(exchange.response.json, rule.field));
    if (now === undefined) return []; // a malformed time is response-schema's finding
    const name = rule.field.slice(1);
    const out = [];
    const after = rule.after;
    const registered = after ? toNanos(at(exchange.response.json, after)) : undefined;
    // the example gives register_time to the second and update_time to the millisecond: a
    // service may round either, so only a reset a whole second before the creation is flagged
    if (after && registered !== undefined && now + SECOND_NS <= registered) {
      const was = after.slice(1);
      out.push(
        failure('state-reset-advances', context, exchange, {
          message: `${name} is earlier than ${was}`,
          rule: `a reset moves ${name} forward`,
          source: rule.source,
          received: `${name} before ${was}`,
          documented: `${name} ≥ ${was}`,
        }),
      );
    }
    const previous = earlierSuccesses(context.history, exchange)[0];
    const before = previous ? toNanos(at(previous.response.json, rule.field)) : undefined;
    if (previous && before !== undefined) {
      // Only the gap from the previous answer to this request is certain: the service may have
      // handled the previous call at any moment before it answered.
      const apart = exchange.sentAt - (previous.sentAt + previous.elapsedMs);
      if (now < before || (now === before && apart >= 1100)) {
        const prevText = String(at(previous.response.json, rule.field));
        const nowText = String(at(exchange.response.json, rule.field));
        out.push(
          failure('state-reset-advances', context, exchange, {
            message: `${name} did not move forward: ${prevText} then ${nowText} (${apart} ms apart)`,
            rule: `each reset moves ${name} forward`,
            source: rule.source,
            received: `${name} ${nowText} after ${prevText}`,
            documented: `${name} later than ${prevText}`,
          }),
        );
      }
    }
    return out;
  },
};
