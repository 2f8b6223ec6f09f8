import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectCsmsFlatError,
  expectCsmsNestedError,
  expectElbError,
  expectGatewayAuthError,
  signRequest,
  startClient,
  type Client,
} from '../test-support/emulator-harness.ts';

const AK = 'EMUACCESSKEY0000';
const SK = 'emu-secret-key-for-tests';

let c: Client;
beforeAll(async () => {
  c = await startClient({ accessKey: AK, secretKey: SK });
});
afterAll(() => c.emu.close());

type Op = [name: string, method: string, path: () => string, body: unknown, shape: (json: unknown) => boolean];
const OPS: Op[] = [
  // APIG's own APIs: a missing or wrong token is refused by the gateway itself (README.md)
  ['CreateApp', 'POST', () => c.paths.createApp, { name: 'app_auth' }, expectGatewayAuthError],
  ['ResetAppSecret', 'PUT', () => c.paths.resetAppSecret(), { app_secret: 'app_secret_sample' }, expectGatewayAuthError],
  ['UpdateCertificate', 'PUT', () => c.paths.updateCertificate(), { name: 'unauthorised' }, expectElbError],
  ['RotateSecret', 'POST', () => c.paths.rotateSecret(), undefined, expectCsmsNestedError],
  ['ShowSecret', 'GET', () => c.paths.showSecret(), undefined, expectCsmsFlatError],
];

function resourceData(): string[] {
  const f = c.emu.fixtures;
  return [f.projectId, f.apig.instanceId, f.apig.appId, f.elb.certificateId, f.csms.rotatableSecret, f.csms.commonSecret, 'BEGIN', ...f.knownSecrets];
}

describe('X-Auth-Token', () => {
  describe.each(OPS)('%s', (_, method, path, body, shape) => {
    it.each([
      ['missing', null],
      ['wrong', 'not-the-token'],
      ['a prefix of the right one', 'conform-emulator'],
    ])('answers 401 when the token is %s, in the service\'s error shape, with no resource data and no effect', async (_, token) => {
      const before = JSON.stringify(c.emu.emulator.snapshot());
      const r = await c.request(method, path(), { body, token });
      expect(r.status).toBe(401);
      expect(shape(r.json)).toBe(true);
      for (const value of resourceData()) expect(r.text).not.toContain(value);
      expect(JSON.stringify(c.emu.emulator.snapshot())).toBe(before);
    });

    it('checks the token before validating anything or looking anything up', async () => {
      const unknown = path().replace(/[0-9a-f]{32}/, '0'.repeat(32));
      const r = await c.request(method, unknown, { body: method === 'GET' ? undefined : '{not json', token: null });
      expect(r.status).toBe(401);
    });
  });

  it('accepts the right token', async () => {
    expect((await c.request('GET', c.paths.showSecret())).status).toBe(200);
  });
});

function sign(method: string, url: string, body: string, date: Date, sk = SK): Record<string, string> {
  return signRequest(method, url, body, date, AK, sk);
}

describe('AK/SK (SDK-HMAC-SHA256)', () => {
  it('accepts a correctly signed request with no token, for every operation', async () => {
    for (const [name, method, path, body] of OPS) {
      const text = body === undefined ? '' : JSON.stringify(body);
      const headers = sign(method, c.emu.url + path(), text, new Date());
      const r = await c.request(method, path(), { body: body === undefined ? undefined : text, token: null, headers });
      expect([200, 201], name).toContain(r.status);
    }
  });

  it('rejects a tampered body, a wrong key, a stale date and a forged signature with 401', async () => {
    const path = c.paths.updateCertificate();
    const url = c.emu.url + path;
    const good = JSON.stringify({ name: 'signed' });
    const cases: Array<[string, Record<string, string>, string]> = [
      ['tampered body', sign('PUT', url, good, new Date()), JSON.stringify({ name: 'tampered' })],
      ['wrong secret key', sign('PUT', url, good, new Date(), 'not-the-sk'), good],
      ['20 minutes old', sign('PUT', url, good, new Date(Date.now() - 20 * 60_000)), good],
      ['signed for another path', sign('PUT', `${url}0`, good, new Date()), good],
    ];
    for (const [label, headers, body] of cases) {
      const r = await c.request('PUT', path, { body, token: null, headers });
      expect(r.status, label).toBe(401);
      // the gateway refuses a bad signature before the service sees it, whatever the service
      expect(expectGatewayAuthError(r.json), label).toBe(true);
      expect((r.json as { error_msg: string }).error_msg, label).toBe('Incorrect IAM authentication information: verify aksk signature fail');
    }
    const forged = sign('PUT', url, good, new Date());
    forged.authorization = forged.authorization.replace(/Signature=(.)/, (_, ch) => `Signature=${ch === 'a' ? 'b' : 'a'}`);
    expect((await c.request('PUT', path, { body: good, token: null, headers: forged })).status).toBe(401);
  });

  it('does not let a valid token rescue a wrong signature', async () => {
    const headers = sign('GET', c.emu.url + c.paths.showSecret(), '', new Date(), 'not-the-sk');
    const r = await c.request('GET', c.paths.showSecret(), { headers });
    expect(r.status).toBe(401);
    expect(expectGatewayAuthError(r.json)).toBe(true);
  });

  it('words a missing and a wrong token on APIG as the gateway does, each with its request id', async () => {
    const missing = await c.request('POST', c.paths.createApp, { body: { name: 'app_auth' }, token: null });
    const wrong = await c.request('POST', c.paths.createApp, { body: { name: 'app_auth' }, token: 'not-the-token' });
    expect((missing.json as { error_msg: string }).error_msg).toBe('Incorrect IAM authentication information: x-auth-token not found');
    expect((wrong.json as { error_msg: string }).error_msg).toBe('Incorrect IAM authentication information: decrypt token fail');
    expect((missing.json as { request_id: string }).request_id).toBe(missing.headers.get('x-request-id'));
  });

  it('ignores signatures when no AK/SK is configured', async () => {
    const plain = await startClient();
    try {
      const headers = sign('GET', plain.emu.url + plain.paths.showSecret(), '', new Date());
      expect((await plain.request('GET', plain.paths.showSecret(), { token: null, headers })).status).toBe(401);
      expect((await plain.request('GET', plain.paths.showSecret(), { headers })).status).toBe(200);
    } finally {
      await plain.emu.close();
    }
  });
});
