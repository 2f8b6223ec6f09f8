import type { Check } from './types.ts';
import { failure, shortBody } from './failure.ts';

/**
 * Input valid under every documented constraint (and every reading in specs/NOTES.md) is
 * accepted with the documented success status.
 */
export const acceptsValid: Check = {
  name: 'accepts-valid',
  title: 'Valid input is accepted with the documented success status',
  severity: 'error',
  applies: () => true,
  judges: (ex) => ex.case.expect === 'accept' && !ex.case.auth,
  run(context, exchange) {
    const c = exchange.case;
    if (c.expect !== 'accept' || c.auth) return [];
    const { status, text } = exchange.response;
    const success = context.operation.successStatus;
    if (status === success) return [];
    // "只支持部分region自定义": a region without custom app_key/app_secret may refuse them.
    const documented4xx = context.operation.responses.some((r) => r.status === status && status >= 400 && status < 500);
    if (documented4xx && (c.regionOptional?.length ?? 0) > 0) return [];
    const successSpec = context.operation.responses.find((r) => r.status === success);
    return [
      failure('accepts-valid', context, exchange, {
        message: `valid input answered HTTP ${status}, not ${success}: ${c.note}`,
        rule: `${context.operation.id} answers ${success} to a request valid under every documented constraint`,
        source: successSpec?.source ?? context.operation.source,
        received: `HTTP ${status} ${shortBody(text)}`,
        documented: `HTTP ${success}`,
      }),
    ];
  },
};
