/**
 * The emulator under slow or greedy clients: a body that stalls half-way gets a documented 400
 * and a closed connection after the configured body timeout (a tiny one here: the outcome is
 * asserted, never the time it took); the app quota is configurable and answered like APIG's
 * own quota error.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConformError } from '../errors.ts';
import { runEmulatorCommand } from './cli.ts';
import { createEmulator } from './handler.ts';
import { startEmulator } from './server.ts';
import { expectApigError, expectCsmsNestedError, rawExchange, signRequest, startClient, type Client } from '../test-support/emulator-harness.ts';

let c: Client;
beforeAll(async () => {
  c = await startClient({ bodyTimeoutMs: 30 });
});
afterAll(() => c.emu.close());

/** Headers announcing `declared` body bytes, then only `sent` of them, then nothing. */
function stalled(method: string, path: string, declared: number, sent: number): string {
  return (
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${c.emu.fixtures.token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n${'{"name":"app_'.padEnd(sent, 'x').slice(0, sent)}`
  );
}

describe('a request body that stalls half-way', () => {
  it('gets a 400 in the operation\'s error shape, then its connection is closed (CreateApp, APIG)', async () => {
    const r = await rawExchange(c.emu.url, stalled('POST', c.paths.createApp, 100, 10));
    expect(r.status).toBe(400);
    expect(expectApigError(JSON.parse(r.body))).toBe(true);
    expect(JSON.parse(r.body).error_msg).toMatch(/did not arrive in full within 30 ms/);
    expect(r.headers.connection).toBe('close');
  });

  it('the same for a CSMS operation, in its nested error shape, and nothing changed', async () => {
    const before = JSON.stringify(c.emu.emulator.snapshot());
    const r = await rawExchange(c.emu.url, stalled('POST', c.paths.rotateSecret(), 64, 5));
    expect(r.status).toBe(400);
    expect(expectCsmsNestedError(JSON.parse(r.body))).toBe(true);
    expect(JSON.stringify(c.emu.emulator.snapshot())).toBe(before);
  });

  it('a stalled body without credentials still gets 401 first', async () => {
    const payload = `POST ${c.paths.createApp} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{"na`;
    expect((await rawExchange(c.emu.url, payload)).status).toBe(401);
  });

  it('an oversized body refused at once loses its connection when the client then stalls', async () => {
    const r = await rawExchange(c.emu.url, stalled('POST', c.paths.createApp, 5 * 1024 * 1024, 10));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error_msg).toMatch(/larger than/);
  });

  it('a body that arrives in full is answered as before, on a connection kept alive', async () => {
    const r = await c.request('POST', c.paths.createApp, { body: { name: 'app_whole' } });
    expect(r.status).toBe(201);
  });

  it('refuses a body timeout that is not a whole number of ms ≥ 1', async () => {
    for (const bodyTimeoutMs of [0, -1, 1.5]) {
      const e = await startEmulator({ bodyTimeoutMs }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isConformError(e) && e.code === 'CONFORM_USAGE' && /bodyTimeoutMs/.test(e.message)).toBe(true);
    }
  });
});

function createApp(e: ReturnType<typeof createEmulator>, name: string) {
  const r = e.respond({
    method: 'POST',
    path: '/v1.0/apigw/apps',
    query: '',
    headers: { 'x-auth-token': e.fixtures.token },
    body: Buffer.from(JSON.stringify({ name })),
  });
  if (typeof r === 'symbol') throw new Error('hung');
  return { status: r.status, json: JSON.parse(r.body) };
}

describe('the app quota', () => {
  it('is configurable: after appQuota apps CreateApp answers 400 APIG.3103, the documented quota error', () => {
    const e = createEmulator({ appQuota: 2 });
    expect(createApp(e, 'app_one').status).toBe(201);
    expect(createApp(e, 'app_two').status).toBe(201);
    const refused = createApp(e, 'app_three');
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ error_code: 'APIG.3103', error_msg: 'The number of apps exceeds the maximum allowed limit (quota: 2 apps)', request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(e.snapshot().createdApps).toBe(2);
  });

  it('0 refuses every CreateApp; the other operations go on', () => {
    const e = createEmulator({ appQuota: 0 });
    expect(createApp(e, 'app_none').json.error_code).toBe('APIG.3103');
    const f = e.fixtures;
    const r = e.respond({ method: 'GET', path: `/v1/${f.projectId}/secrets/${f.csms.rotatableSecret}`, query: '', headers: { 'x-auth-token': f.token }, body: null });
    expect(typeof r !== 'symbol' && r.status).toBe(200);
  });

  it('refuses a quota that is not a whole number ≥ 0', () => {
    for (const appQuota of [-1, 2.5, Number.NaN]) {
      let error: unknown;
      try {
        createEmulator({ appQuota });
      } catch (e) {
        error = e;
      }
      expect(isConformError(error) && /appQuota/.test(error.message)).toBe(true);
    }
  });
});

describe('conform emulator: limits and credentials from the environment or a file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'conform-emulator-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function serve(argv: string[], env: Record<string, string> = {}) {
    let out = '';
    let err = '';
    const controller = new AbortController();
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, signal: controller.signal, env };
    const done = runEmulatorCommand(argv, io);
    for (let i = 0; i < 200 && !out.includes('}') && !err.includes('conform emulator:'); i += 1) await new Promise((r) => setTimeout(r, 10));
    const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
    return { url, out: () => out, err: () => err, stop: async () => (controller.abort(), done) };
  }

  it('--app-quota and --body-timeout reach the server', async () => {
    const s = await serve(['--app-quota', '1', '--body-timeout', '20']);
    const token = createEmulator().fixtures.token;
    const post = (name: string) =>
      fetch(`${s.url}/v1.0/apigw/apps`, { method: 'POST', headers: { 'x-auth-token': token, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    expect((await post('app_first')).status).toBe(201);
    expect(await (await post('app_second')).json()).toMatchObject({ error_code: 'APIG.3103' });
    const raw = `POST /v1.0/apigw/apps HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${token}\r\nContent-Length: 40\r\n\r\n{"na`;
    expect((await rawExchange(s.url!, raw)).status).toBe(400);
    expect(await s.stop()).toBe(0);
  });

  it('reads the token from CONFORM_EMULATOR_TOKEN, or from the file --token-file names, and never prints it', async () => {
    const file = join(dir, 'token');
    await writeFile(file, 'token-from-a-file\n');
    for (const [argv, env, token] of [
      [[], { CONFORM_EMULATOR_TOKEN: 'token-from-the-env' }, 'token-from-the-env'],
      [['--token-file', file], { CONFORM_EMULATOR_TOKEN: 'loses-to-the-flag' }, 'token-from-a-file'],
      [[], { CONFORM_EMULATOR_TOKEN_FILE: file }, 'token-from-a-file'],
    ] as const) {
      const s = await serve([...argv], { ...env });
      const f = createEmulator().fixtures;
      const show = (t: string) => fetch(`${s.url}/v1/${f.projectId}/secrets/${f.csms.rotatableSecret}`, { headers: { 'x-auth-token': t } });
      expect((await show(token)).status).toBe(200);
      expect((await show(f.token)).status).toBe(401);
      expect(s.out() + s.err()).not.toContain(token);
      expect(await s.stop()).toBe(0);
    }
  });

  it('reads the secret key from --secret-key-file or CONFORM_EMULATOR_SECRET_KEY, never printing it', async () => {
    const file = join(dir, 'sk');
    await writeFile(file, 'sk-from-a-file\n');
    for (const [argv, env] of [
      [['--access-key', 'AK1', '--secret-key-file', file], {}],
      [[], { CONFORM_EMULATOR_ACCESS_KEY: 'AK1', CONFORM_EMULATOR_SECRET_KEY: 'sk-from-the-env' }],
    ] as const) {
      const s = await serve([...argv], { ...env });
      const f = createEmulator().fixtures;
      const url = `${s.url}/v1/${f.projectId}/secrets/${f.csms.rotatableSecret}`;
      const signedWith = (sk: string) => fetch(url, { headers: signRequest('GET', url, '', new Date(), 'AK1', sk) });
      expect((await signedWith(argv.length > 0 ? 'sk-from-a-file' : 'sk-from-the-env')).status).toBe(200);
      expect((await signedWith('another-sk')).status).toBe(401);
      expect(s.out() + s.err()).not.toMatch(/sk-from-/);
      expect(await s.stop()).toBe(0);
    }
  });

  it('a missing or empty credential file: one line naming the file, exit 2, no server', async () => {
    const empty = join(dir, 'empty');
    await writeFile(empty, '\n');
    for (const argv of [['--secret-key-file', join(dir, 'nope'), '--access-key', 'AK1'], ['--token-file', empty]]) {
      const s = await serve(argv);
      expect(s.url).toBeUndefined();
      expect(s.err().trim().split('\n')).toHaveLength(1);
      expect(s.err()).toMatch(/conform emulator: CONFORM_USAGE: .*(nope \(ENOENT\)|empty holds no token)/);
      expect(await s.stop()).toBe(2);
    }
  });
});
