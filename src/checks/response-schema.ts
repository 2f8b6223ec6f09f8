import { isSuccess } from './history.ts';
import type { SchemaError } from '../spec/types.ts';
import type { Check } from './types.ts';
import { failure, shortBody } from './failure.ts';

/** A success body matches the documented response schema (extra properties allowed). */
export const responseSchema: Check = {
  name: 'response-schema',
  title: 'Success body matches the documented schema',
  severity: 'error',
  applies: (op) => op.responses.some((r) => r.status < 300 && r.validate),
  judges: isSuccess,
  run(context, exchange) {
    const { status, json, text } = exchange.response;
    if (status < 200 || status >= 300) return [];
    const spec = context.operation.responses.find((r) => r.status === status);
    if (!spec?.validate) return [];
    const errors = spec.validate(json);
    if (errors.length === 0) return [];
    return [
      failure('response-schema', context, exchange, {
        message: `HTTP ${status} body does not match the documented schema: ${describeErrors(errors)}`,
        rule: `the ${status} response body of ${context.operation.id} as the response table documents it`,
        source: spec.source,
        received: shortBody(text, 300),
        documented: describeErrors(errors),
      }),
    ];
  },
};

export function describeErrors(errors: readonly SchemaError[]): string {
  return errors
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(body)'} ${e.message}`)
    .join('; ');
}
