import type { Rule } from '../spec/types.ts';
import { failure } from './failure.ts';
import { at } from '../json-pointer.ts';
import { isUnset, observedCall, sameValue, shown } from './observed.ts';
import { toNanos } from './timestamps.ts';
import type { Check, Failure } from './types.ts';

type ReadsBack = Extract<Rule, { kind: 'reads-back' }>;

/** One view may carry fractions of a second another drops (specs/NOTES.md, "Supporting operations"). */
const TIME_TOLERANCE_NS = 1_000_000_000n;

/**
 * Rule `reads-back`: what a call answered is what it stored. After a successful call, the
 * observer (a read operation) shows each listed field as the call answered it; with `items`, the
 * observer lists records and the one whose `key` equals the call's is compared.
 */
export const readsBack: Check = {
  name: 'reads-back',
  title: 'What the call answered is what is stored (read back)',
  severity: 'error',
  applies: (op) => op.rules.some((r) => r.kind === 'reads-back'),
  run: () => [],
  observe(context, observed) {
    const rule = context.operation.rules.find((r): r is ReadsBack => r.kind === 'reads-back' && r.observer === observed.case.operationId);
    const call = observedCall(context.history, context.operation.id);
    if (!rule || !call) return { failures: [], unjudged: `no successful ${context.operation.id} call to compare with` };
    const answered = call.response.json;
    const shownBody = observed.response.json;
    const what = `${rule.observer} after ${context.operation.id}`;
    const fail = (message: string, received: string, documented: string): Failure =>
      failure('reads-back', context, observed, {
        message,
        rule: `${context.operation.id} stores what it answers: ${rule.observer} shows the same ${[...rule.fields, ...rule.times].map((f) => f.slice(1)).join(', ')}`,
        source: rule.source,
        received,
        documented,
      });

    let record: unknown = shownBody;
    if (rule.items !== undefined && rule.key !== undefined) {
      const list = at(shownBody, rule.items);
      if (!Array.isArray(list)) return { failures: [], unjudged: `${rule.observer} answered no ${rule.items.slice(1)} list` };
      const key = at(answered, rule.key);
      // a call that answered no key names no record to look for (absence is response-schema's finding)
      if (isUnset(key)) return { failures: [], unjudged: `${context.operation.id} answered no ${rule.key.slice(1)}` };
      record = list.find((item) => sameValue(at(item, rule.key!), key));
      if (record === undefined) {
        return {
          failures: [fail(`${what}: the ${rule.key.slice(1)} ${shown(key)} the call answered is not listed`, `${list.length} listed, none with ${rule.key.slice(1)} ${shown(key)}`, `the record ${context.operation.id} answered`)],
        };
      }
    } else if (record === null || typeof record !== 'object') {
      return { failures: [], unjudged: `${rule.observer} answered no JSON object` };
    }

    const failures: Failure[] = [];
    for (const field of rule.fields) {
      const a = at(answered, field);
      const b = at(record, field);
      // a field the call did not answer has nothing to be compared with
      if (a === undefined || sameValue(a, b)) continue;
      failures.push(fail(`${what}: ${field.slice(1)} is stored as ${shown(b)}, the call answered ${shown(a)}`, `${field.slice(1)}: ${shown(b)}`, `${field.slice(1)}: ${shown(a)}, as ${context.operation.id} answered`));
    }
    for (const field of rule.times) {
      const a = at(answered, field);
      const b = at(record, field);
      if (isUnset(a)) continue;
      const ta = toNanos(a);
      const tb = toNanos(b);
      // a time that does not parse is response-schema's finding, not this one's
      if (ta === undefined || (tb === undefined && !isUnset(b))) continue;
      if (tb !== undefined && (ta > tb ? ta - tb : tb - ta) < TIME_TOLERANCE_NS) continue;
      failures.push(fail(`${what}: ${field.slice(1)} is stored as ${shown(b)}, the call answered ${shown(a)}`, `${field.slice(1)}: ${shown(b)}`, `${field.slice(1)}: ${shown(a)} (within a second)`));
    }
    return { failures };
  },
};

