/**
 * Sends cases: plan → credentials → (rate limit, budget) → HTTP → Outcome. Bounded in
 * concurrency, per-request time, request count and total time.
 */
import type { LookupFunction } from 'node:net';
import type { Case } from '../cases/types.ts';
import type { Config } from '../config/types.ts';
import { createHttpClient, type HttpClient } from '../execute/client.ts';
import { createLimit, type Limit } from '../execute/limit.ts';
import { createRateLimiter } from '../execute/rate-limit.ts';
import { createBackoff, parseRetryAfter, seededRandom } from '../execute/retry-after.ts';
import { planRequest, type FixtureValues } from '../execute/request.ts';
import type { Outcome } from '../execute/types.ts';
import type { Operation } from '../spec/types.ts';
import { withCredentials } from './credentials.ts';

const MAX_429_RETRIES = 4;

export interface Sender {
  send(op: Operation, c: Case): Promise<Outcome>;
  /** requests sent so far (each 429 retry is one more), in total or for one operation */
  readonly requests: (operationId?: string) => number;
  close(): Promise<void>;
}

export function createSender(config: Config, fixtures: FixtureValues, deadline: number, lookup?: LookupFunction): Sender {
  const client: HttpClient = createHttpClient({ timeoutMs: config.run.timeoutMs, connections: config.run.concurrency, ...(lookup ? { lookup } : {}) });
  const limit: Limit = createLimit(config.run.concurrency);
  const rate = createRateLimiter({ perSecond: config.run.rate });
  let count = 0;
  // every phase's requests (main, flows, model-based sequences, shrinking) per operation, so the
  // per-operation figures add up to the total
  const byOperation = new Map<string, number>();
  const backoff = createBackoff({ random: seededRandom(config.run.seed) });

  async function send(op: Operation, c: Case): Promise<Outcome> {
    const base = config.target![op.service];
    const planned = planRequest(op, c, base, fixtures);
    const refuse = (code: 'budget' | 'timeout', message: string): Outcome => ({
      ok: false,
      error: { case: c, request: planned.request, code, message, elapsedMs: 0 },
    });
    return limit(async () => {
      if (config.run.maxRequests > 0 && count >= config.run.maxRequests) {
        return refuse('budget', `request budget of ${config.run.maxRequests} spent`);
      }
      if (Date.now() > deadline) return refuse('timeout', `run time bound of ${config.run.totalTimeoutMs} ms reached`);
      let sent = planned.request;
      let r: Awaited<ReturnType<HttpClient['send']>>;
      // A 429 is the service pacing us, not an answer to the case: wait as told and send again.
      for (let attempt = 0; ; attempt++) {
        await rate.acquire();
        count++;
        byOperation.set(op.id, (byOperation.get(op.id) ?? 0) + 1);
        // AK/SK signatures carry X-Sdk-Date, so they are made at the moment of sending.
        sent = withCredentials(planned.request, c.auth, config.auth);
        const answer = await client.send(sent);
        r = answer;
        if (!answer.ok || answer.response.status !== 429 || attempt >= MAX_429_RETRIES || Date.now() > deadline) break;
        const wait = backoff(attempt + 1, parseRetryAfter(answer.response.headers['retry-after']));
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if (!r.ok) {
        return {
          ok: false,
          error: { case: c, request: sent, code: r.code, message: r.message, elapsedMs: r.elapsedMs, ...(r.response ? { response: r.response } : {}) },
        };
      }
      return {
        ok: true,
        exchange: { case: c, request: sent, pathParams: planned.pathParams, sentAt: r.sentAt, response: r.response, elapsedMs: r.elapsedMs },
      };
    });
  }

  return {
    send,
    requests: (operationId) => (operationId === undefined ? count : (byOperation.get(operationId) ?? 0)),
    close: () => client.close(),
  };
}
