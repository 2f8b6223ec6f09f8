import { ruleOf } from '../spec/rule-lookup.ts';
import type { Check } from './types.ts';
import { failure, shortBody } from './failure.ts';

/** "RotateSecret接口不支持轮转通用凭据": rotating a COMMON secret is refused with a documented 4xx. */
export const stateCommonNotRotatable: Check = {
  name: 'state-common-not-rotatable',
  title: 'A COMMON secret cannot be rotated',
  severity: 'error',
  judgesSequences: true,
  applies: (op) => op.rules.some((r) => r.kind === 'refuse-secret-type'),
  judges: (ex) => !ex.case.auth,
  run(context, exchange) {
    if (exchange.case.auth) return [];
    const rule = ruleOf(context.operation, 'refuse-secret-type');
    const target = rule ? context.fixtures[rule.fixture] : undefined;
    if (!rule || target === undefined || !Object.values(exchange.pathParams).includes(target)) return [];
    const { status, text } = exchange.response;
    const documented4xx = context.operation.responses.map((r) => r.status).filter((s) => s >= 400 && s < 500);
    if (documented4xx.includes(status)) return [];
    return [
      failure('state-common-not-rotatable', context, exchange, {
        message: `rotating the ${rule.secretType} secret answered HTTP ${status}`,
        rule: `${context.operation.id} does not rotate ${rule.secretType} secrets`,
        source: rule.source,
        received: `HTTP ${status} ${shortBody(text)}`,
        documented: `a 4xx (${documented4xx.join(', ')})`,
      }),
    ];
  },
};
