/** Earlier successful exchanges of the same operation on the same resource, newest first. */
import type { Exchange } from '../execute/types.ts';

export function earlierSuccesses(history: readonly Exchange[], exchange: Exchange): Exchange[] {
  const key = JSON.stringify(exchange.pathParams);
  return history
    .filter(
      (h) =>
        h.case.operationId === exchange.case.operationId &&
        h.response.status >= 200 &&
        h.response.status < 300 &&
        JSON.stringify(h.pathParams) === key,
    )
    .reverse();
}

export function isSuccess(exchange: Exchange): boolean {
  return exchange.response.status >= 200 && exchange.response.status < 300;
}
