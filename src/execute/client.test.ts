/**
 * The HTTP client against small local servers: every answer becomes data, every transport
 * failure a stable code, and nothing throws.
 */
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, isBlank } from './client.ts';

let server: Server;
let base = '';
const hanging = new Set<import('node:http').ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const answers: Record<string, () => void> = {
      '/blank': () => res.end(' \r\n\t '),
      '/empty': () => res.writeHead(204).end(),
      '/json': () => res.setHeader('content-type', 'application/json').end('\n  {"a": 1}'),
      '/html': () => res.end('<html>oops</html>'),
      '/latin1': () => res.end(Buffer.from([0x7b, 0xff, 0x7d])),
      '/large': () => res.end('x'.repeat(4096)),
      '/hang': () => hanging.add(res),
      // a byte every 20 ms, forever: never silent long enough for undici's idle timeouts
      '/trickle': () => {
        res.writeHead(200, { 'content-type': 'application/json' }).write('[');
        const drip = setInterval(() => res.write(' '), 20);
        res.once('close', () => clearInterval(drip));
      },
    };
    (answers[req.url ?? ''] ?? (() => res.writeHead(404).end('{}')))();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const get = (path: string, options: { timeoutMs?: number; maxResponseBytes?: number } = {}) => {
  const client = createHttpClient({ timeoutMs: options.timeoutMs ?? 5000, connections: 2, ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}) });
  return client.send({ method: 'GET', url: `${base}${path}`, headers: {} }).finally(() => client.close());
};

describe('the HTTP client', () => {
  it('a blank or empty body is an answer without JSON; JSON after whitespace is parsed', async () => {
    for (const path of ['/blank', '/empty']) {
      const r = await get(path);
      expect(r.ok && r.response.json === undefined, path).toBe(true);
    }
    const r = await get('/json');
    expect(r.ok && r.response.json).toEqual({ a: 1 });
    expect(r.ok && r.response.headers['content-type']).toBe('application/json');
  });

  it('a body that is not JSON, or not UTF-8, is a non-json error that keeps the status', async () => {
    for (const path of ['/html', '/latin1']) {
      const r = await get(path);
      expect(r.ok, path).toBe(false);
      expect(!r.ok && { code: r.code, status: r.response?.status }).toEqual({ code: 'non-json', status: 200 });
    }
  });

  it('too large, too slow and refused are errors with their own codes', async () => {
    const large = await get('/large', { maxResponseBytes: 1024 });
    expect(!large.ok && large.code).toBe('too-large');
    const slow = await get('/hang', { timeoutMs: 300 });
    expect(!slow.ok && slow.code).toBe('timeout');
    // the timeout bounds the whole exchange, a body that never stops arriving too
    const trickle = await get('/trickle', { timeoutMs: 300 });
    expect(!trickle.ok && trickle.code).toBe('timeout');
    const client = createHttpClient({ timeoutMs: 2000, connections: 1 });
    const closed = new URL(base);
    closed.port = String((await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    })));
    const refused = await client.send({ method: 'GET', url: `${closed.origin}/`, headers: {} });
    await client.close();
    expect(!refused.ok && refused.code).toBe('refused');
  });

  it('close() waits for a request in flight, which still ends within its time bound', { timeout: 5000 }, async () => {
    const client = createHttpClient({ timeoutMs: 300, connections: 1 });
    const pending = client.send({ method: 'GET', url: `${base}/trickle`, headers: {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.close();
    const r = await pending;
    expect(!r.ok && r.code).toBe('timeout');
  });

  it('isBlank is trim() === "" for any text', () => {
    const ws = fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\ufeff', '\u2028', '\u3000', 'x', '{', '\u200b');
    fc.assert(
      fc.property(fc.array(ws, { maxLength: 8 }).map((a) => a.join('')), (text) => isBlank(text) === (text.trim() === '')),
      { numRuns: 500 },
    );
  });
});
