import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from './handler.ts';
import { MAX_CREATED_APPS } from './fixtures.ts';
import { ISO_UTC_MS, expectApigError, startClient, type Client } from '../test-support/emulator-harness.ts';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.emu.close());

const create = (body: unknown) => c.request('POST', c.paths.createApp, { body });

describe('CreateApp POST /v1.0/apigw/apps', () => {
  it('answers 201 with the documented fields, app_secret masked, ISO-8601 UTC times', async () => {
    const r = await create({ name: 'app_001' });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(r.json).toMatchObject({ name: 'app_001', status: 1, app_secret: '******', creator: 'USER', remark: '', app_type: 'apig' });
    expect(r.json.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(typeof r.json.app_key).toBe('string');
    expect(r.json.register_time).toMatch(ISO_UTC_MS);
    expect(r.json.update_time).toMatch(ISO_UTC_MS);
  });

  it('honours a custom app_key, stores a given app_secret and never echoes it', async () => {
    const secret = 'Given_Secret-1!@#$%';
    const r = await create({ name: 'app_002', remark: 'first app', app_key: 'app_key_sample', app_secret: secret, extra: 1 });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ app_key: 'app_key_sample', app_secret: '******', remark: 'first app' });
    expect(r.text).not.toContain(secret);
    expect(c.emu.emulator.snapshot().apps.find((a) => a.id === r.json.id)?.appSecret).toBe(secret);
  });

  it.each([
    ['the smallest name', 'abc'],
    ['a 64-character name', `a${'b'.repeat(63)}`],
    ['Chinese characters', '应用_001'],
    ['64 Chinese characters', '应'.repeat(64)],
    ['the range ends U+4E00 and U+9FA5', '\u4E00\u9FA5x'],
    ['a name starting with an upper-case letter', 'Z_9'],
  ])('accepts %s', async (_, name) => {
    expect((await create({ name })).status).toBe(201);
  });

  it('counts length in characters, not UTF-16 units', async () => {
    // 255 astral characters: 510 UTF-16 units, 255 characters.
    expect((await create({ name: 'app_emoji', remark: '😀'.repeat(255) })).status).toBe(201);
    expect((await create({ name: 'app_emoji', remark: '😀'.repeat(256) })).status).toBe(400);
  });

  it.each<[string, unknown]>([
    ['no name', { remark: 'x' }],
    ['a 2-character name', { name: 'ab' }],
    ['a 65-character name', { name: `a${'b'.repeat(64)}` }],
    ['an empty name', { name: '' }],
    ['a name with "-"', { name: 'app-1' }],
    ['a name with a space', { name: 'app 1' }],
    ['a name with an emoji', { name: 'app😀' }],
    ['a name starting with a digit', { name: '1app' }],
    ['a name starting with "_"', { name: '_app' }],
    ['a number name', { name: 123 }],
    ['a null name', { name: null }],
    ['a 256-character remark', { name: 'app_x', remark: 'r'.repeat(256) }],
    ['a null remark', { name: 'app_x', remark: null }],
    ['a number remark', { name: 'app_x', remark: 5 }],
    ['a 7-character app_key', { name: 'app_x', app_key: 'abcdefg' }],
    ['a 65-character app_key', { name: 'app_x', app_key: 'a'.repeat(65) }],
    ['an app_key starting with "_"', { name: 'app_x', app_key: '_abcdefgh' }],
    ['an app_key with "!"', { name: 'app_x', app_key: 'abcdefgh!' }],
    ['a null app_key', { name: 'app_x', app_key: null }],
    ['a 7-character app_secret', { name: 'app_x', app_secret: 'abcdefg' }],
    ['a 65-character app_secret', { name: 'app_x', app_secret: 's'.repeat(65) }],
    ['an app_secret starting with "-"', { name: 'app_x', app_secret: '-abcdefgh' }],
    ['an app_secret with "^"', { name: 'app_x', app_secret: 'abcdefgh^' }],
    ['a number app_secret', { name: 'app_x', app_secret: 12345678 }],
    ['an array body', [{ name: 'app_x' }]],
    ['a string body', '"app_x"'],
    ['a null body', 'null'],
    ['malformed JSON', '{"name": "app_x"'],
    ['an empty body', ''],
  ])('refuses %s with a flat APIG 400', async (_, body) => {
    const r = await create(body);
    expect(r.status).toBe(400);
    expect(expectApigError(r.json)).toBe(true);
  });

  it('never quotes a refused app_secret in the error', async () => {
    const r = await create({ name: 'app_x', app_secret: 'Secret^Value1' });
    expect(r.status).toBe(400);
    expect(r.text).not.toContain('Secret^Value1');
  });

  it('refuses with 400 (quota) once the created apps reach the cap, keeping memory bounded', async () => {
    const e = createEmulator();
    const seeded = e.snapshot().apps.length;
    const body = Buffer.from(JSON.stringify({ name: 'app_quota' }));
    const base = { method: 'POST', path: '/v1.0/apigw/apps', query: '', headers: { 'x-auth-token': e.fixtures.token }, body };
    for (let i = 0; i < MAX_CREATED_APPS; i += 1) e.respond(base);
    expect(e.snapshot().createdApps).toBe(MAX_CREATED_APPS);
    const r = e.respond(base);
    expect(r).not.toBe(undefined);
    if (typeof r === 'symbol') throw new Error('hung');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error_code).toMatch(/^APIG\./);
    expect(e.snapshot().apps.length).toBe(MAX_CREATED_APPS + seeded);
  });
});

describe('ResetAppSecret PUT /v1/{project_id}/apigw/instances/{instance_id}/apps/secret/{id}', () => {
  it.each<[string, unknown]>([
    ['no body', undefined],
    ['an empty object', {}],
    ['a given app_secret', { app_secret: 'app_secret_sample' }],
  ])('answers 200 to %s, masked', async (_, body) => {
    const r = await c.request('PUT', c.paths.resetAppSecret(), { body });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: c.emu.fixtures.apig.appId, app_secret: '******', status: 1, creator: 'USER' });
    expect(r.json.register_time).toMatch(ISO_UTC_MS);
    expect(r.json.update_time).toMatch(ISO_UTC_MS);
    expect(r.text).not.toContain('app_secret_sample');
  });

  it('stores the new secret: a given one as is, a generated one different from before', async () => {
    const id = c.emu.fixtures.apig.appId;
    const secretOf = () => c.emu.emulator.snapshot().apps.find((a) => a.id === id)?.appSecret;
    await c.request('PUT', c.paths.resetAppSecret(), { body: { app_secret: 'New_Secret-123' } });
    expect(secretOf()).toBe('New_Secret-123');
    await c.request('PUT', c.paths.resetAppSecret(), { body: {} });
    expect(secretOf()).not.toBe('New_Secret-123');
    expect(secretOf()).toMatch(/^[A-Za-z0-9][A-Za-z0-9_!@#$%-]{7,63}$/);
  });

  it('moves update_time strictly forward on every reset, even within one millisecond', async () => {
    const times: number[] = [];
    const replies = await Promise.all(Array.from({ length: 5 }, () => c.request('PUT', c.paths.resetAppSecret(), { body: {} })));
    for (const r of replies) times.push(Date.parse(r.json.update_time));
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i += 1) expect(times[i]).toBeGreaterThan(times[i - 1]);
    const before = Date.parse(replies.map((r) => r.json.update_time).sort().at(-1));
    const next = await c.request('PUT', c.paths.resetAppSecret(), {});
    expect(Date.parse(next.json.update_time)).toBeGreaterThan(before);
  });

  it('can reset an app made by CreateApp', async () => {
    const made = await create({ name: 'app_reset' });
    const r = await c.request('PUT', c.paths.resetAppSecret(made.json.id), {});
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(made.json.id);
  });

  it.each<[string, unknown]>([
    ['a 7-character app_secret', { app_secret: 'abcdefg' }],
    ['an app_secret with a space', { app_secret: 'abc defgh' }],
    ['a null app_secret', { app_secret: null }],
    ['an array body', []],
    ['malformed JSON', '{'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
  ])('refuses %s with 400', async (_, body) => {
    const r = await c.request('PUT', c.paths.resetAppSecret(), { body });
    expect(r.status).toBe(400);
    expect(expectApigError(r.json)).toBe(true);
  });

  it.each([
    ['an unknown app', () => c.paths.resetAppSecret('00000000-0000-4000-8000-000000000000')],
    ['an unknown instance', () => c.paths.resetAppSecret(undefined, '0'.repeat(32))],
    ['an unknown project', () => c.paths.resetAppSecret(undefined, undefined, '0'.repeat(32))],
  ])('answers 404 to %s', async (_, path) => {
    const r = await c.request('PUT', path(), { body: {} });
    expect(r.status).toBe(404);
    expect(expectApigError(r.json)).toBe(true);
  });
});
