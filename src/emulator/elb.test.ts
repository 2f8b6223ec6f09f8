import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELB_TIME, expectElbError, startClient, type Client } from '../test-support/emulator-harness.ts';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.emu.close());

const update = (body: unknown) => c.request('PUT', c.paths.updateCertificate(), { body });

describe('UpdateCertificate PUT /v1.0/{project_id}/elbaas/certificate/{certificate_id}', () => {
  it('answers 200 with the documented fields and reflects the new name and description', async () => {
    const r = await update({ name: 'cert-bky', description: 'certificate' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json).toMatchObject({ id: c.emu.fixtures.elb.certificateId, name: 'cert-bky', description: 'certificate', domain: null });
    expect(r.json.certificate).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(r.json.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(r.json.create_time).toMatch(ELB_TIME);
    expect(r.json.update_time).toMatch(ELB_TIME);
    const again = await update({ name: '证书_2-x', description: 'second' });
    expect(again.json).toMatchObject({ name: '证书_2-x', description: 'second' });
    expect(again.json.create_time).toBe(r.json.create_time);
  });

  it('changes only the name and the description: certificate, private_key, domain and the rest are ignored', async () => {
    const before = (await update({})).json;
    const r = await update({
      name: 'renamed',
      description: 'described',
      certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
      private_key: '-----BEGIN RSA PRIVATE KEY-----\nBBBB\n-----END RSA PRIVATE KEY-----',
      domain: 'www.example.com',
      id: 'ffffffffffffffffffffffffffffffff',
      create_time: '2000-01-01 00:00:00',
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: 'renamed', description: 'described' });
    for (const key of ['id', 'certificate', 'private_key', 'domain', 'create_time']) expect(r.json[key]).toEqual(before[key]);
  });

  it('leaves the certificate as it was for an empty body or {}', async () => {
    const before = (await update({ name: 'stay' })).json;
    for (const body of [undefined, {}]) {
      const r = await update(body);
      expect(r.status).toBe(200);
      expect(r.json.name).toBe(before.name);
      expect(r.json.description).toBe(before.description);
    }
  });

  it.each<[string, unknown]>([
    ['an empty name (0 characters)', { name: '' }],
    ['a 64-character name', { name: 'n'.repeat(64) }],
    ['a Chinese name with "_" and "-"', { name: '证书_a-1' }],
    ['a 128-character description', { description: 'd'.repeat(128) }],
    ['a 128-character Chinese description', { description: '描'.repeat(128) }],
    ['an empty description', { description: '' }],
  ])('accepts %s', async (_, body) => {
    expect((await update(body)).status).toBe(200);
  });

  it.each<[string, unknown]>([
    ['a 65-character name', { name: 'n'.repeat(65) }],
    ['a name with a space', { name: 'cert bky' }],
    ['a name with "."', { name: 'cert.bky' }],
    ['a null name', { name: null }],
    ['a number name', { name: 7 }],
    ['a 129-character description', { description: 'd'.repeat(129) }],
    ['a description with "<"', { description: 'a<b' }],
    ['a description with ">"', { description: 'a>b' }],
    ['a null description', { description: null }],
    ['an array body', ['x']],
    ['a number body', '42'],
    ['malformed JSON', '{"name":'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x7d, 0xff])],
  ])('refuses %s with 400 in the classic-ELB shape', async (_, body) => {
    const r = await update(body);
    expect(r.status).toBe(400);
    expect(expectElbError(r.json)).toBe(true);
  });

  it.each([
    ['an unknown certificate', () => c.paths.updateCertificate('0'.repeat(32))],
    ['an unknown project', () => c.paths.updateCertificate(undefined, '0'.repeat(32))],
  ])('answers 404 to %s in the classic-ELB shape', async (_, path) => {
    const r = await c.request('PUT', path(), { body: { name: 'x' } });
    expect(r.status).toBe(404);
    expect(expectElbError(r.json)).toBe(true);
  });
});
