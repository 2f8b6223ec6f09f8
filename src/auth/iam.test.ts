import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchIamToken, type IamCredentials } from './iam.ts';
import { isConformError, type ConformError } from '../errors.ts';

const PASSWORD = 'S3cret!pässwörd';

interface Seen {
  method?: string;
  url?: string;
  contentType?: string;
  body?: unknown;
}

let server: Server | undefined;
const sockets = new Set<import('node:net').Socket>();

/** A stand-in IAM on 127.0.0.1:0; `answer` decides the response once the body is read. */
async function startIam(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ base: string; seen: Seen }> {
  const seen: Seen = {};
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.method = req.method;
      seen.url = req.url;
      seen.contentType = req.headers['content-type'];
      seen.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      answer(req, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const creds = (url: string): IamCredentials => ({ url, domain: 'my-domain', username: 'alice', password: PASSWORD, projectName: 'cn-north-4' });

async function authError(p: Promise<unknown>): Promise<ConformError> {
  const e = await p.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
  if (!isConformError(e)) throw e;
  expect(e.code).toBe('CONFORM_AUTH');
  expect(e.oneLine()).not.toContain(PASSWORD);
  expect(e.oneLine()).not.toMatch(/\n/);
  return e;
}

describe('fetchIamToken', () => {
  it('posts the Keystone password body scoped to the project and returns X-Subject-Token', async () => {
    const { base, seen } = await startIam((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': 'MIIT-token' });
      res.end('{"token":{"expires_at":"2099-01-01T00:00:00.000000Z"}}');
    });
    await expect(fetchIamToken(creds(base + '/'), { timeoutMs: 2000 })).resolves.toBe('MIIT-token');
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v3/auth/tokens');
    expect(seen.contentType).toMatch(/^application\/json/);
    expect(seen.body).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'alice', password: PASSWORD, domain: { name: 'my-domain' } } },
        },
        scope: { project: { name: 'cn-north-4' } },
      },
    });
  });

  it('accepts an IAM URL that already ends in /v3', async () => {
    const { base, seen } = await startIam((_req, res) => {
      res.writeHead(201, { 'x-subject-token': 't' });
      res.end();
    });
    await expect(fetchIamToken(creds(`${base}/v3`), { timeoutMs: 2000 })).resolves.toBe('t');
    expect(seen.url).toBe('/v3/auth/tokens');
  });

  it('401: says the password was rejected, quotes IAM, never the password', async () => {
    const { base } = await startIam((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 401, message: `The username or password is wrong (${PASSWORD}).`, title: 'Unauthorized' } }));
    });
    const e = await authError(fetchIamToken(creds(base), { timeoutMs: 2000 }));
    expect(e.message).toMatch(/rejected the password of user 'alice' of domain 'my-domain'.*HTTP 401 The username or password is wrong/);
  });

  it('2xx without X-Subject-Token is an error', async () => {
    const { base } = await startIam((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const e = await authError(fetchIamToken(creds(base), { timeoutMs: 2000 }));
    expect(e.message).toMatch(/sent no X-Subject-Token header/);
  });

  it('unreachable IAM', async () => {
    const { base } = await startIam(() => {});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const e = await authError(fetchIamToken(creds(base), { timeoutMs: 2000 }));
    expect(e.message).toMatch(/cannot reach IAM at http:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens: ECONNREFUSED/);
  });

  it('times out when IAM never answers', async () => {
    const { base } = await startIam(() => {
      /* never answers */
    });
    const started = Date.now();
    const e = await authError(fetchIamToken(creds(base), { timeoutMs: 150 }));
    expect(e.message).toMatch(/did not answer within 150 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects unusable input before sending anything', async () => {
    await authError(fetchIamToken({ ...creds('not a url'), password: PASSWORD }, { timeoutMs: 100 }));
    const e = await authError(fetchIamToken({ ...creds('http://127.0.0.1:1'), password: '' }, { timeoutMs: 100 }));
    expect(e.message).toMatch(/auth\.iam\.password is empty/);
    await expect(fetchIamToken(creds('http://127.0.0.1:1'), { timeoutMs: 0 })).rejects.toThrow(RangeError);
  });
});
