import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from './handler.ts';
import { startEmulator } from './server.ts';
import { fetch as undiciFetch } from 'undici';
import { agent, expectApigError, rawExchange, startClient, type Client, type Reply } from '../test-support/emulator-harness.ts';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.emu.close());

function expectJsonReply(r: Reply): void {
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  expect(r.json).toBeTypeOf('object');
}

const BODY_OPS: Array<[string, string, () => string]> = [
  ['CreateApp', 'POST', () => c.paths.createApp],
  ['ResetAppSecret', 'PUT', () => c.paths.resetAppSecret()],
  ['UpdateCertificate', 'PUT', () => c.paths.updateCertificate()],
];

describe('bodies', () => {
  describe.each(BODY_OPS)('%s', (_, method, path) => {
    it.each<[string, string | Uint8Array]>([
      ['malformed JSON', '{"name": "app_x",'],
      ['a truncated UTF-8 sequence', new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe4, 0xb8, 0x22, 0x7d])],
      ['overlong UTF-8', new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])],
      ['deeply nested JSON', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ])('answers 400 JSON to %s', async (_, body) => {
      const r = await c.request(method, path(), { body });
      expect(r.status).toBe(400);
      expectJsonReply(r);
    });

    it('answers 400 to a body over 1 MiB (declared length), and the connection pool still works', async () => {
      const r = await c.request(method, path(), { body: `{"name":"${'a'.repeat(MAX_BODY_BYTES)}"}` });
      expect(r.status).toBe(400);
      expectJsonReply(r);
      expect((await c.request('GET', c.paths.showSecret())).status).toBe(200);
    });
  });

  it('answers 400 to a streamed (chunked) body over 1 MiB and drops the rest', async () => {
    const chunk = new TextEncoder().encode('a'.repeat(256 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 16) controller.close();
        else {
          sent += 1;
          controller.enqueue(chunk);
        }
      },
    });
    const response = await undiciFetch(c.emu.url + c.paths.createApp, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'x-auth-token': c.emu.fixtures.token, 'content-type': 'application/json' },
      dispatcher: agent,
    });
    expect(response.status).toBe(400);
    expect(expectApigError(await response.json())).toBe(true);
  });

  it('cuts a client that keeps sending far past the refusal (bounded reading)', async () => {
    const { hostname, port } = new URL(c.emu.url);
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => {});
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write(`POST ${c.paths.createApp} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${c.emu.fixtures.token}\r\nContent-Length: ${1024 ** 3}\r\n\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 200 && !socket.destroyed; i += 1) {
      if (!socket.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            socket.off('drain', done);
            socket.off('close', done);
            resolve();
          };
          socket.on('drain', done);
          socket.on('close', done);
        });
      }
    }
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('accepts a body just under 1 MiB (and validates it)', async () => {
    const r = await c.request('POST', c.paths.createApp, { body: `{"name":"app_big","pad":"${'a'.repeat(MAX_BODY_BYTES - 100)}"}` });
    expect(r.status).toBe(201);
  });
});

describe('routes and methods', () => {
  it.each(['/', '/v1.0/apigw', '/v1.0/apigw/apps/extra', '/v2/x/secrets/y', '/favicon.ico', '/v1.0//apigw/apps'])(
    'answers 404 JSON to the unknown route %s',
    async (path) => {
      const r = await c.request('GET', path);
      expect(r.status).toBe(404);
      expectJsonReply(r);
      expect(expectApigError(r.json)).toBe(true);
    },
  );

  it.each([
    ['CreateApp', 'GET', () => c.paths.createApp, 'POST'],
    ['ResetAppSecret', 'POST', () => c.paths.resetAppSecret(), 'PUT'],
    ['UpdateCertificate', 'PATCH', () => c.paths.updateCertificate(), 'PUT, DELETE'],
    ['RotateSecret', 'GET', () => c.paths.rotateSecret(), 'POST'],
    ['ShowSecret', 'PATCH', () => c.paths.showSecret(), 'GET, DELETE'],
  ])('answers a wrong method on %s with a documented 400 JSON and Allow', async (_, method, path, allow) => {
    const r = await c.request(method, path());
    expect(r.status).toBe(400);
    expectJsonReply(r);
    expect(r.headers.get('allow')).toBe(allow);
  });

  it('decodes percent-encoded path parameters', async () => {
    const name = c.emu.fixtures.csms.rotatableSecret.replace(/-/g, '%2D');
    expect((await c.request('GET', c.paths.showSecret(name))).status).toBe(200);
    expect((await c.request('GET', c.paths.showSecret('%E0%A4%A'))).status).toBe(404);
  });

  it('ignores query strings', async () => {
    expect((await c.request('GET', `${c.paths.showSecret()}?limit=1&x=%ZZ`)).status).toBe(200);
  });
});

describe('malformed HTTP', () => {
  it('answers headers over the limit with a JSON 400, not 431', async () => {
    const r = await rawExchange(c.emu.url, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(r.body)).toMatchObject({ error_code: expect.any(String) });
  });

  it('answers a garbage request line with a JSON 400', async () => {
    const r = await rawExchange(c.emu.url, 'HELLO THERE\r\n\r\n');
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers a bad Content-Length with a JSON 400', async () => {
    const r = await rawExchange(c.emu.url, 'POST /v1.0/apigw/apps HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
    expect(r.status).toBe(400);
  });
});

describe('connections', () => {
  it('answers 300 simultaneous connections, each with its own request', async () => {
    const f = c.emu.fixtures;
    const request = `GET ${c.paths.showSecret()} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${f.token}\r\nConnection: close\r\n\r\n`;
    const replies = await Promise.all(Array.from({ length: 300 }, () => rawExchange(c.emu.url, request, 15_000)));
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
  });

  it('keeps serving while hundreds of idle connections are open, and close() ends them at once', async () => {
    const emu = await startEmulator();
    const { hostname, port } = new URL(emu.url);
    const sockets: Socket[] = await Promise.all(
      Array.from({ length: 300 }, () => new Promise<Socket>((resolve, reject) => {
        const s = connect({ host: hostname, port: Number(port) }, () => resolve(s));
        s.on('error', reject);
      })),
    );
    // Half of them start a request and never finish it.
    for (const s of sockets.slice(0, 150)) s.write('PUT /v1.0/apigw/apps HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"na');
    const r = await fetch(emu.url + '/v1/x/secrets/y', { headers: { 'x-auth-token': emu.fixtures.token } });
    expect(r.status).toBe(404);
    const closed = Promise.all(sockets.map((s) => new Promise((resolve) => (s.destroyed ? resolve(null) : s.on('close', resolve)))));
    const started = Date.now();
    await emu.close();
    await closed;
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
