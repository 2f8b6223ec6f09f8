import { describe, expect, it } from 'vitest';
import { isConformError } from '../errors.ts';
import { createEmulator, MAX_BODY_BYTES } from './handler.ts';

const BASE = 'http://emulator.local';

describe('createEmulator: in-process Request → Response, no port', () => {
  it('answers CreateApp and ShowSecret like the server does', async () => {
    const e = createEmulator();
    const token = e.fixtures.token;
    const created = await e.handle(new Request(`${BASE}/v1.0/apigw/apps`, {
      method: 'POST',
      headers: { 'x-auth-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'app_001' }),
    }));
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect((await created.json()).app_secret).toBe('******');
    const { projectId, csms } = e.fixtures;
    const shown = await e.handle(new Request(`${BASE}/v1/${projectId}/secrets/${csms.commonSecret}`, { headers: { 'x-auth-token': token } }));
    expect((await shown.json()).secret.secret_type).toBe('COMMON');
  });

  it('refuses an oversized body with 400 and answers HEAD without a body', async () => {
    const e = createEmulator();
    const big = await e.handle(new Request(`${BASE}/v1.0/apigw/apps`, {
      method: 'POST',
      headers: { 'x-auth-token': e.fixtures.token },
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    }));
    expect(big.status).toBe(400);
    const head = await e.handle(new Request(`${BASE}/v1.0/apigw/apps`, { method: 'HEAD', headers: { 'x-auth-token': e.fixtures.token } }));
    expect(head.status).toBe(400);
    expect(await head.text()).toBe('');
  });

  it('derives fixtures from the seed: same seed, same fixtures; another seed, others', () => {
    const a = createEmulator({ seed: 1 }).fixtures;
    expect(createEmulator({ seed: 1 }).fixtures).toEqual(a);
    expect(createEmulator({ seed: 2 }).fixtures.projectId).not.toBe(a.projectId);
    expect(a.projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.apig.instanceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.elb.certificateId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.apig.appId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Object.isFrozen(a) && Object.isFrozen(a.knownSecrets)).toBe(true);
    expect(a.knownSecrets).toContain(a.token);
    expect(a.knownSecrets.some((s) => s.includes('PRIVATE KEY'))).toBe(false);
  });

  it.each([
    [{ fault: 'nope' }, /unknown fault 'nope'/],
    [{ accessKey: 'AK' }, /accessKey and secretKey go together/],
    [{ token: '' }, /token must be a non-empty string/],
    [{ seed: 1.5 }, /seed must be an integer/],
  ])('validates its options early: %j', (options, message) => {
    try {
      createEmulator(options);
      expect.unreachable();
    } catch (error) {
      expect(isConformError(error) && error.code === 'CONFORM_USAGE').toBe(true);
      expect((error as Error).message).toMatch(/^createEmulator: /);
      expect((error as Error).message).toMatch(message);
    }
  });
});
