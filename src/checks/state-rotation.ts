import { successWithCredentials } from './evidence.ts';
import { ruleOf } from '../spec/rule-lookup.ts';
import type { Check } from './types.ts';
import { failure } from './failure.ts';
import { earlierSuccesses, isSuccess } from './history.ts';
import { at } from '../json-pointer.ts';

/** Each rotation creates a new secret version: a version id never seen before on that secret. */
export const stateRotation: Check = {
  name: 'state-rotation',
  title: 'Each rotation creates a new, distinct version',
  severity: 'error',
  judgesSequences: true,
  applies: (op) => op.rules.some((r) => r.kind === 'new-version'),
  judges: successWithCredentials,
  run(context, exchange) {
    if (!isSuccess(exchange) || exchange.case.auth) return [];
    const rule = ruleOf(context.operation, 'new-version');
    if (!rule) return [];
    const version = at(exchange.response.json, rule.field);
    const name = rule.field.slice(1);
    if (typeof version !== 'string' || version === '') {
      return [
        failure('state-rotation', context, exchange, {
          message: `the rotation answered no ${name}`,
          rule: 'a rotation creates a new secret version and names it',
          source: rule.source,
          received: `${name}: ${JSON.stringify(version ?? null)}`,
          documented: `${name}: a new version id`,
        }),
      ];
    }
    const seen = earlierSuccesses(context.history, exchange).map((h) => at(h.response.json, rule.field));
    if (!seen.includes(version)) return [];
    return [
      failure('state-rotation', context, exchange, {
        message: `rotation ${seen.length + 1} on the same secret answered ${name} ${JSON.stringify(version)}, already returned by an earlier rotation`,
        rule: 'each rotation creates a new secret version (marked SYSCURRENT)',
        source: rule.source,
        received: `${name} ${JSON.stringify(version)} again`,
        documented: `a ${name} different from every earlier one (${seen.map((s) => JSON.stringify(s)).join(', ')})`,
      }),
    ];
  },
};
