/**
 * Sends cases: plan → credentials → (rate limit, budget) → HTTP → Outcome. Bounded in
 * concurrency, per-request time, request count and total time. Never throws: whatever goes
 * wrong with one case is an Outcome of that case.
 */
import type { LookupFunction } from 'node:net';
import type { Case } from '../cases/types.ts';
import type { Config } from '../config/types.ts';
import { createHttpClient, type HttpClient } from './client.ts';
import { createLimit, type Limit } from './limit.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createBackoff, parseRetryAfter, seededRandom } from './retry-after.ts';
import { planRequest, type FixtureValues } from './request.ts';
import { sleep } from './sleep.ts';
import type { Outcome, SentRequest, TransportErrorCode } from './types.ts';
import type { Operation } from '../spec/types.ts';
import { withCredentials } from './credentials.ts';

/** Re-sends of one case after throttling, at most. */
export const MAX_RETRIES = 4;

export interface Sender {
  send(op: Operation, c: Case): Promise<Outcome>;
  /** requests sent so far (each retry is one more), in total or for one operation */
  readonly requests: (operationId?: string) => number;
  /** re-sends after a 429 or a 503 with Retry-After */
  readonly retries: () => number;
  /** Stops sending: every later send, and every wait, ends at once as `stopped`; requests in flight are cut. */
  stop(): void;
  readonly stopped: () => boolean;
  close(): Promise<void>;
}

/** A 429, or a 503 that says when to come back: the service pacing us, not an answer to the case. */
function throttled(status: number, retryAfter: string | undefined): boolean {
  return status === 429 || (status === 503 && retryAfter !== undefined);
}

export function createSender(config: Config, fixtures: FixtureValues, deadline: number, lookup?: LookupFunction): Sender {
  const clientOptions = { timeoutMs: config.run.timeoutMs, connections: config.run.concurrency, ...(lookup ? { lookup } : {}) };
  const client: HttpClient = createHttpClient(clientOptions);
  // A request that creates a resource is not cut when the run stops: its answer names what it
  // created, which the run must delete. It ends within its own time bound (own client, closed
  // gracefully).
  let creating: HttpClient | undefined;
  const clientFor = (op: Operation) => (op.creates ? (creating ??= createHttpClient(clientOptions)) : client);
  const limit: Limit = createLimit(config.run.concurrency);
  const rate = createRateLimiter({ perSecond: config.run.rate });
  const abort = new AbortController();
  let count = 0;
  let retries = 0;
  // every phase's requests (main, flows, model-based sequences, shrinking) per operation, so the
  // per-operation figures add up to the total
  const byOperation = new Map<string, number>();
  const backoff = createBackoff({ random: seededRandom(config.run.seed) });
  const budgetSpent = () => config.run.maxRequests > 0 && count >= config.run.maxRequests;

  async function attempt(op: Operation, c: Case): Promise<Outcome> {
    const base = config.target![op.service];
    const planned = planRequest(op, c, base, fixtures);
    const refuse = (code: TransportErrorCode, message: string, request: SentRequest = planned.request): Outcome => ({
      ok: false,
      error: { case: c, request, code, message, elapsedMs: 0 },
    });
    const stoppedNow = () => refuse('stopped', 'not sent: the run stopped');
    return limit(async () => {
      if (abort.signal.aborted) return stoppedNow();
      if (budgetSpent()) return refuse('budget', `not sent: the request budget of ${config.run.maxRequests} is spent`);
      if (Date.now() > deadline) return refuse('deadline', `not sent: the run time bound of ${config.run.totalTimeoutMs} ms was reached`);
      for (let retry = 0; ; retry++) {
        try {
          await rate.acquire(abort.signal);
        } catch {
          return stoppedNow();
        }
        count++;
        byOperation.set(op.id, (byOperation.get(op.id) ?? 0) + 1);
        if (retry > 0) retries++;
        // AK/SK signatures carry X-Sdk-Date, so they are made at the moment of sending.
        const sent = withCredentials(planned.request, c.auth, config.auth);
        const r = await clientFor(op).send(sent);
        if (abort.signal.aborted && !(op.creates && r.ok)) return refuse('stopped', 'cut off: the run stopped', sent);
        if (!r.ok) {
          return {
            ok: false,
            error: { case: c, request: sent, code: r.code, message: r.message, elapsedMs: r.elapsedMs, ...(r.response ? { response: r.response } : {}) },
          };
        }
        const retryAfter = r.response.headers['retry-after'];
        if (throttled(r.response.status, retryAfter)) {
          const wait = backoff(retry + 1, parseRetryAfter(retryAfter));
          const affordable = retry < MAX_RETRIES && !budgetSpent() && Date.now() + wait < deadline;
          if (affordable && (await sleep(wait, abort.signal))) continue;
          if (abort.signal.aborted) return refuse('stopped', 'cut off: the run stopped', sent);
          // A 503 is a server fault whatever it asks: judged like any answer once the retries are spent.
          if (r.response.status === 429) {
            return refuse('throttled', `HTTP 429 after ${retry + 1} attempt${retry === 0 ? '' : 's'} (Retry-After ${retryAfter ?? 'absent'})`, sent);
          }
        }
        return {
          ok: true,
          exchange: { case: c, request: sent, pathParams: planned.pathParams, sentAt: r.sentAt, response: r.response, elapsedMs: r.elapsedMs },
        };
      }
    });
  }

  async function send(op: Operation, c: Case): Promise<Outcome> {
    try {
      return await attempt(op, c);
    } catch (e) {
      // planning or signing threw: an error of this case, never of the run
      const message = `internal error while sending: ${e instanceof Error ? e.message : String(e)}`.split('\n')[0]!;
      return { ok: false, error: { case: c, request: { method: op.method, url: op.path, headers: {} }, code: 'other', message, elapsedMs: 0 } };
    }
  }

  return {
    send,
    requests: (operationId) => (operationId === undefined ? count : (byOperation.get(operationId) ?? 0)),
    retries: () => retries,
    stop: () => {
      if (abort.signal.aborted) return;
      abort.abort();
      void client.destroy().catch(() => {});
    },
    stopped: () => abort.signal.aborted,
    close: async () => {
      await Promise.all([abort.signal.aborted ? undefined : client.close(), creating?.close()]);
    },
  };
}
