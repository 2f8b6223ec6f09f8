/**
 * Sends cases: plan → credentials → (rate limit, budget) → HTTP → Outcome. Bounded in
 * concurrency, per-request time, request count and total time.
 */
import type { Case } from '../cases/types.ts';
import type { Config } from '../config/types.ts';
import { createHttpClient, type HttpClient } from '../execute/client.ts';
import { createLimit, type Limit } from '../execute/limit.ts';
import { createRateLimiter } from '../execute/rate-limit.ts';
import { planRequest, type FixtureValues } from '../execute/request.ts';
import type { Outcome } from '../execute/types.ts';
import type { Operation } from '../spec/types.ts';
import { withCredentials } from './credentials.ts';

export interface Sender {
  send(op: Operation, c: Case): Promise<Outcome>;
  readonly requests: () => number;
  close(): Promise<void>;
}

export function createSender(config: Config, fixtures: FixtureValues, deadline: number): Sender {
  const client: HttpClient = createHttpClient({ timeoutMs: config.run.timeoutMs, connections: config.run.concurrency });
  const limit: Limit = createLimit(config.run.concurrency);
  const rate = createRateLimiter({ perSecond: config.run.rate });
  let count = 0;

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
      await rate.acquire();
      count++;
      // AK/SK signatures carry X-Sdk-Date, so they are made at the moment of sending.
      const sent = withCredentials(planned.request, c.auth, config.auth);
      const r = await client.send(sent);
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

  return { send, requests: () => count, close: () => client.close() };
}
