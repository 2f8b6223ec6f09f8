/**
 * The sender against a throttling server on 127.0.0.1: a 429 or a 503 with Retry-After is sent
 * again after the wait it asks for, a bounded number of times, each retry counted; a 429 that
 * never ends is a `throttled` error of that case, a 503 an answer the checks judge. Retry-After
 * is 0 here so the test waits on nothing but the backoff floor.
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Case } from '../cases/types.ts';
import { createSender, MAX_RETRIES } from './send.ts';
import { baseConfig, suiteSpecs } from '../test-support/target.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server answering the n-th request (1-based) with `answer(n)`. */
async function serve(answer: (n: number) => { status: number; headers?: Record<string, string> }): Promise<{ url: string; count: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const a = answer(++n);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end('{"error_code":"X","error_msg":"x"}');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as { port: number }).port}`, count: () => n };
}

async function sendOne(url: string, flags: string[] = []) {
  const op = (await suiteSpecs()).flatMap((s) => s.operations).find((o) => o.id === 'ShowSecret')!;
  const config = { ...(await baseConfig(flags)), target: { apig: url, elb: url, csms: url } };
  const sender = createSender(config, { projectId: 'p', 'csms.rotatableSecret': 's', 'csms.commonSecret': 'c' } as never, Date.now() + 60_000);
  const c: Case = { id: 'ShowSecret.t.0', operationId: 'ShowSecret', expect: 'accept', origin: 'boundary', body: { kind: 'none' }, note: 'test' };
  try {
    return { outcome: await sender.send(op, c), requests: sender.requests(), retries: sender.retries() };
  } finally {
    await sender.close();
  }
}

describe('throttling', { timeout: 20_000 }, () => {
  it('a 429 then a 200: sent again, the retry counted, the 200 is the answer', async () => {
    const s = await serve((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200 }));
    const r = await sendOne(s.url);
    expect(r.outcome.ok && r.outcome.exchange.response.status).toBe(200);
    expect({ requests: r.requests, retries: r.retries, served: s.count() }).toEqual({ requests: 2, retries: 1, served: 2 });
  });

  it('a 503 with Retry-After is retried; a 503 without one is an answer at once', async () => {
    const a = await serve((n) => (n === 1 ? { status: 503, headers: { 'retry-after': '0' } } : { status: 200 }));
    expect((await sendOne(a.url)).retries).toBe(1);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const b = await serve(() => ({ status: 503 }));
    const r = await sendOne(b.url);
    expect(r.outcome.ok && r.outcome.exchange.response.status).toBe(503);
    expect(r.retries).toBe(0);
  });

  it('a 429 that never ends: MAX_RETRIES retries, then a throttled error of the case (not an answer to judge)', async () => {
    const s = await serve(() => ({ status: 429, headers: { 'retry-after': '0' } }));
    const r = await sendOne(s.url);
    expect(!r.outcome.ok && r.outcome.error.code).toBe('throttled');
    expect({ requests: r.requests, retries: r.retries }).toEqual({ requests: MAX_RETRIES + 1, retries: MAX_RETRIES });
  });

  it('the request budget bounds retries too', async () => {
    const s = await serve(() => ({ status: 429, headers: { 'retry-after': '0' } }));
    const r = await sendOne(s.url, ['--max-requests', '2']);
    expect(s.count()).toBe(2);
    expect(!r.outcome.ok && r.outcome.error.code).toBe('throttled');
  });
});
