import { successWithCredentials } from './evidence.ts';
import type { Rule } from '../spec/types.ts';
import type { Check } from './types.ts';
import { failure } from './failure.ts';
import { at } from '../json-pointer.ts';

type Identifies = Extract<Rule, { kind: 'identifies' }>;

/**
 * The answer is about the resource the request named: ShowSecret of X describes X, an update of
 * certificate C answers with C. Only judged when the body names it at all (absence is
 * response-schema's finding).
 */
export const identifies: Check = {
  name: 'identifies-resource',
  title: 'The response describes the resource the request named',
  severity: 'error',
  applies: (op) => op.rules.some((r) => r.kind === 'identifies'),
  judges: successWithCredentials,
  run(context, exchange) {
    const { status, json } = exchange.response;
    if (status < 200 || status >= 300 || exchange.case.auth) return [];
    return context.operation.rules
      .filter((r): r is Identifies => r.kind === 'identifies')
      .flatMap((rule) => {
        const named = exchange.pathParams[rule.param];
        const value = at(json, rule.field);
        if (named === undefined || typeof value !== 'string' || value === named) return [];
        return [
          failure('identifies-resource', context, exchange, {
            message: `asked for ${rule.param} ${JSON.stringify(named)}, the answer describes ${JSON.stringify(value)}`,
            rule: `the response is about the ${rule.param} in the path`,
            source: rule.source,
            received: `${rule.field.slice(1)}: ${JSON.stringify(value)}`,
            documented: `${rule.field.slice(1)}: ${JSON.stringify(named)}`,
          }),
        ];
      });
  },
};
