import type { Check } from './types.ts';
import { documentedStatuses, failure, shortBody, statusSource } from './failure.ts';

/** Every status the service answers must be one the operation's status table lists. */
export const statusDocumented: Check = {
  name: 'status-documented',
  title: 'Status code is documented for the operation',
  severity: 'error',
  applies: () => true,
  run(context, exchange) {
    const documented = documentedStatuses(context);
    const { status, text } = exchange.response;
    if (documented.includes(status)) return [];
    return [
      failure('status-documented', context, exchange, {
        message: `HTTP ${status} is not in the status table of ${context.operation.id}`,
        rule: `${context.operation.id} answers one of ${documented.join(', ')}`,
        source: statusSource(context),
        received: `HTTP ${status} ${shortBody(text)}`,
        documented: documented.join(', '),
      }),
    ];
  },
};
