import { afterAll, beforeAll, expect, it } from 'vitest';
import { startClient, type Client } from '../test-support/emulator-harness.ts';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.emu.close());

type Kind = 'rotate' | 'rotate-common' | 'create' | 'create-invalid' | 'reset' | 'update' | 'show' | 'no-token';
const PLAN: Array<[Kind, number, number]> = [
  // kind, count, expected status
  ['rotate', 60, 200],
  ['rotate-common', 20, 400],
  ['create', 30, 201],
  ['create-invalid', 10, 400],
  ['reset', 20, 200],
  ['update', 20, 200],
  ['show', 30, 200],
  ['no-token', 10, 401],
];

it('answers 200 concurrent mixed requests correctly and keeps state consistent', async () => {
  const f = c.emu.fixtures;
  const kinds = PLAN.flatMap(([kind, count]) => Array.from({ length: count }, (_, i) => [kind, i] as const));
  // Interleave so every kind is in flight at once.
  kinds.sort((a, b) => a[1] - b[1]);
  expect(kinds.length).toBe(200);
  const send = ([kind, i]: readonly [Kind, number]) => {
    switch (kind) {
      case 'rotate': return c.request('POST', c.paths.rotateSecret());
      case 'rotate-common': return c.request('POST', c.paths.rotateSecret(f.csms.commonSecret));
      case 'create': return c.request('POST', c.paths.createApp, { body: { name: `app_c${i}`, app_key: `key_concurrent_${i}` } });
      case 'create-invalid': return c.request('POST', c.paths.createApp, { body: { name: `${i}` } });
      case 'reset': return c.request('PUT', c.paths.resetAppSecret(), { body: { app_secret: `Secret_${i}_abcdef` } });
      case 'update': return c.request('PUT', c.paths.updateCertificate(), { body: { name: `cert_${i}`, description: `d${i}` } });
      case 'show': return c.request('GET', c.paths.showSecret());
      case 'no-token': return c.request('GET', c.paths.showSecret(), { token: null });
    }
  };
  const replies = await Promise.all(kinds.map(send));

  const expected = new Map(PLAN.map(([kind, , status]) => [kind, status]));
  replies.forEach((r, n) => expect(r.status, kinds[n][0]).toBe(expected.get(kinds[n][0])));

  const versions = replies.filter((_, n) => kinds[n][0] === 'rotate').map((r) => Number(r.json.version_id.slice(1)));
  expect(new Set(versions).size).toBe(60);
  expect(Math.min(...versions)).toBe(2);
  expect(Math.max(...versions)).toBe(61);

  const snapshot = c.emu.emulator.snapshot();
  expect(snapshot.secrets.find((s) => s.type === 'RDS')!.version).toBe(61);
  expect(snapshot.secrets.find((s) => s.type === 'COMMON')!.version).toBe(1);
  expect(snapshot.createdApps).toBe(30);
  const createdKeys = replies.filter((_, n) => kinds[n][0] === 'create').map((r) => r.json.app_key).sort();
  expect(createdKeys).toEqual(Array.from({ length: 30 }, (_, i) => `key_concurrent_${i}`).sort());
  expect(new Set(replies.filter((_, n) => kinds[n][0] === 'create').map((r) => r.json.id)).size).toBe(30);

  const resetTimes = replies.filter((_, n) => kinds[n][0] === 'reset').map((r) => r.json.update_time);
  expect(new Set(resetTimes).size).toBe(20);
  const lastReset = replies.filter((_, n) => kinds[n][0] === 'reset').sort((a, b) => a.json.update_time.localeCompare(b.json.update_time)).at(-1)!;
  const app = snapshot.apps.find((a) => a.id === f.apig.appId)!;
  expect(new Date(app.updateMs).toISOString()).toBe(lastReset.json.update_time);

  const certificate = snapshot.certificates[0];
  const lastUpdate = replies.filter((_, n) => kinds[n][0] === 'update').at(-1)!;
  expect(certificate.name).toMatch(/^cert_\d+$/);
  expect(certificate.description).toBe(`d${certificate.name.slice(5)}`);
  expect(lastUpdate.status).toBe(200);

  const requestIds = replies.map((r) => r.headers.get('x-request-id'));
  expect(new Set(requestIds).size).toBe(200);

  const shown = (await c.request('GET', c.paths.showSecret())).json.secret;
  expect(shown.rotation_time).toBe(snapshot.secrets.find((s) => s.type === 'RDS')!.rotationMs);
});
