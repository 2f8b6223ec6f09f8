import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCsmsFlatError, expectCsmsNestedError, startClient, type Client } from '../test-support/emulator-harness.ts';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.emu.close());

const METADATA_FIELDS = [
  'id', 'name', 'state', 'kms_key_id', 'description', 'create_time', 'update_time', 'scheduled_delete_time',
  'secret_type', 'auto_rotation', 'rotation_period', 'rotation_config', 'rotation_time', 'next_rotation_time',
  'event_subscriptions', 'enterprise_project_id',
];

function expectNoSecretValue(text: string): void {
  for (const value of c.emu.fixtures.knownSecrets) expect(text).not.toContain(value);
  for (const s of c.emu.emulator.snapshot().secrets) expect(text).not.toContain(s.value);
  expect(text).not.toMatch(/secret_string|secret_binary|"value"/);
}

describe('ShowSecret GET /v1/{project_id}/secrets/{secret_name}', () => {
  it('answers the RDS secret\'s metadata only, times as integer epoch milliseconds', async () => {
    const r = await c.request('GET', c.paths.showSecret());
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['secret']);
    const s = r.json.secret;
    expect(Object.keys(s).sort()).toEqual([...METADATA_FIELDS].sort());
    expect(s).toMatchObject({ name: c.emu.fixtures.csms.rotatableSecret, state: 'ENABLED', secret_type: 'RDS', auto_rotation: true, scheduled_delete_time: null });
    for (const t of ['create_time', 'update_time', 'rotation_time', 'next_rotation_time']) {
      expect(Number.isInteger(s[t])).toBe(true);
      expect(s[t]).toBeGreaterThan(1e12);
    }
    const config = JSON.parse(s.rotation_config);
    expect(config).toEqual({ RDSInstanceId: expect.any(String), SecretSubType: 'SingleUser' });
    expectNoSecretValue(r.text);
  });

  it('answers the COMMON secret without rotation fields', async () => {
    const r = await c.request('GET', c.paths.showSecret(c.emu.fixtures.csms.commonSecret));
    expect(r.status).toBe(200);
    expect(r.json.secret).toMatchObject({ secret_type: 'COMMON', auto_rotation: false, state: 'ENABLED' });
    expect(r.json.secret.rotation_config).toBeUndefined();
    expectNoSecretValue(r.text);
  });

  it.each([
    ['an unknown secret', () => c.paths.showSecret('no-such-secret')],
    ['an unknown project', () => c.paths.showSecret(undefined, '0'.repeat(32))],
  ])('answers 404 to %s, flat {error_code, error_msg}', async (_, path) => {
    const r = await c.request('GET', path());
    expect(r.status).toBe(404);
    expect(expectCsmsFlatError(r.json)).toBe(true);
  });
});

describe('RotateSecret POST /v1/{project_id}/secrets/{secret_name}/rotate', () => {
  it('creates v2, v3, … and moves rotation_time; the secret value changes and is never shown', async () => {
    const before = (await c.request('GET', c.paths.showSecret())).json.secret;
    const startVersion = c.emu.emulator.snapshot().secrets.find((s) => s.type === 'RDS')!.version;
    const oldValue = c.emu.emulator.snapshot().secrets.find((s) => s.type === 'RDS')!.value;
    const first = await c.request('POST', c.paths.rotateSecret());
    const second = await c.request('POST', c.paths.rotateSecret());
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ version_id: `v${startVersion + 1}`, secret_name: c.emu.fixtures.csms.rotatableSecret });
    expect(second.json.version_id).toBe(`v${startVersion + 2}`);
    expectNoSecretValue(first.text + second.text);
    const after = (await c.request('GET', c.paths.showSecret())).json.secret;
    expect(after.rotation_time).toBeGreaterThan(before.rotation_time);
    expect(after.next_rotation_time).toBeGreaterThan(after.rotation_time);
    expect(c.emu.emulator.snapshot().secrets.find((s) => s.type === 'RDS')!.value).not.toBe(oldValue);
  });

  it('starts at v2 on a fresh emulator', async () => {
    const fresh = await startClient();
    try {
      expect((await fresh.request('POST', fresh.paths.rotateSecret())).json.version_id).toBe('v2');
    } finally {
      await fresh.emu.close();
    }
  });

  it('ignores a request body', async () => {
    expect((await c.request('POST', c.paths.rotateSecret(), { body: 'not json' })).status).toBe(200);
  });

  it('refuses a COMMON secret with 400, nested {error:{error_code, error_msg}}, and does not rotate it', async () => {
    const r = await c.request('POST', c.paths.rotateSecret(c.emu.fixtures.csms.commonSecret));
    expect(r.status).toBe(400);
    expect(expectCsmsNestedError(r.json)).toBe(true);
    expect(c.emu.emulator.snapshot().secrets.find((s) => s.type === 'COMMON')!.version).toBe(1);
  });

  it.each([
    ['an unknown secret', () => c.paths.rotateSecret('no-such-secret')],
    ['an unknown project', () => c.paths.rotateSecret(undefined, '0'.repeat(32))],
  ])('answers 404 to %s, nested', async (_, path) => {
    const r = await c.request('POST', path());
    expect(r.status).toBe(404);
    expect(expectCsmsNestedError(r.json)).toBe(true);
  });
});
