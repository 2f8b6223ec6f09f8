import type { Check } from './types.ts';
import { failure, shortBody, statusSource } from './failure.ts';

/** A request — valid or not — must never make the service fail: 5xx is a server fault. */
export const noServerError: Check = {
  name: 'no-server-error',
  title: 'No server error (5xx) on any request',
  severity: 'error',
  readsAnyText: true,
  applies: () => true,
  run(context, exchange) {
    const { status, text, headers } = exchange.response;
    if (status < 500) return [];
    const type = headers['content-type'] ? `content-type ${headers['content-type']}` : 'no content-type';
    return [
      failure('no-server-error', context, exchange, {
        message: `${exchange.case.expect === 'accept' ? 'valid' : 'invalid'} input caused HTTP ${status}`,
        rule: 'the 5xx statuses in the status table are server faults; no request the suite sends may cause one',
        source: statusSource(context),
        received: `HTTP ${status} (${type}) ${shortBody(text)}`,
        documented: `a 2xx for valid input, a 4xx for invalid input`,
      }),
    ];
  },
};
