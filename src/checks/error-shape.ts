import type { Check } from './types.ts';
import { failure, shortBody } from './failure.ts';
import { describeErrors } from './response-schema.ts';

/**
 * An error body has the shape the documents give for that status (CSMS: nested or flat,
 * specs/NOTES.md). Services whose documents give no error body (APIG, classic ELB) are not judged.
 */
export const errorShape: Check = {
  name: 'error-shape',
  title: 'Error body has the documented shape',
  severity: 'error',
  applies: (op) => op.responses.some((r) => r.status >= 400 && r.validate),
  judges: (ex) => ex.response.status >= 400,
  run(context, exchange) {
    const { status, json, text } = exchange.response;
    if (status < 400) return [];
    const spec = context.operation.responses.find((r) => r.status === status);
    if (!spec?.validate) return [];
    const errors = spec.validate(json);
    if (errors.length === 0) return [];
    return [
      failure('error-shape', context, exchange, {
        message: `HTTP ${status} error body does not have the documented shape: ${describeErrors(errors)}`,
        rule: `the ${status} error body of ${context.operation.id} (error_code, error_msg)`,
        source: spec.source,
        received: shortBody(text, 300),
        documented: describeErrors(errors),
      }),
    ];
  },
};
