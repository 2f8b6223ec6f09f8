import { successWithCredentials } from './evidence.ts';
import { rulesOf } from '../spec/rule-lookup.ts';
import type { Check } from './types.ts';
import { failure } from './failure.ts';
import { at } from '../json-pointer.ts';

/** A masked field is shown exactly as the documented mask in every success response. */
export const masking: Check = {
  name: 'masking',
  title: 'Secret fields are shown as the documented mask',
  severity: 'error',
  judgesSequences: true,
  applies: (op) => op.rules.some((r) => r.kind === 'mask'),
  judges: successWithCredentials,
  run(context, exchange) {
    const { status, json } = exchange.response;
    if (status < 200 || status >= 300) return [];
    const rules = rulesOf(context.operation, 'mask');
    return rules.flatMap((rule) => {
      const value = at(json, rule.field);
      // Absent is a schema question (response-schema); here only what is shown matters.
      if (value === undefined || value === rule.mask) return [];
      return [
        failure('masking', context, exchange, {
          message: `${rule.field} is shown as ${describe(value)}, not the documented mask ${rule.mask}`,
          rule: `${rule.field.slice(1)} is shown as ${rule.mask} in every response`,
          source: rule.source,
          received: `${rule.field.slice(1)}: ${describe(value)}`,
          documented: `${rule.field.slice(1)}: "${rule.mask}"`,
        }),
      ];
    });
  },
};

function describe(value: unknown): string {
  // Never print an unmasked secret: its length and type say enough.
  if (typeof value === 'string') return `a ${value.length}-character string`;
  return value === null ? 'null' : `a ${typeof value}`;
}
