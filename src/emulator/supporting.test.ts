/**
 * The twelve supporting operations (seeds/extra/): each answers its documented success with the
 * documented body, its documented errors in its service's shape, and what it shows agrees with
 * what the five stored (read-back, SYSCURRENT).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ELB_TIME, ISO_UTC_MS, expectApigError, expectCsmsFlatError, expectElbError, startClient, type Client } from '../test-support/emulator-harness.ts';

let c: Client;
beforeEach(async () => {
  c = await startClient();
});
afterEach(() => c.emu.close());

const f = () => c.emu.fixtures;
const dedicated = (id = '') => `/v1/${f().projectId}/apigw/instances/${f().apig.instanceId}/apps${id ? `/${id}` : ''}`;
const shared = (id: string) => `/v1.0/apigw/apps/${id}`;
const certificates = (id = '') => `/v1.0/${f().projectId}/elbaas/certificate${id ? `/${id}` : ''}`;
const secrets = (rest = '') => `/v1/${f().projectId}/secrets${rest}`;
const APP_FIELDS = ['id', 'name', 'status', 'app_key', 'app_secret', 'creator', 'register_time', 'remark', 'update_time', 'app_type'];

describe('APIG: ViewApp and DeleteApp (shared gateway)', () => {
  it('ViewApp shows an app CreateApp made as CreateApp answered it, secret masked', async () => {
    const made = await c.request('POST', '/v1.0/apigw/apps', { body: { name: 'app_001', remark: '第一个应用' } });
    const seen = await c.request('GET', shared(made.json.id));
    expect(seen.status).toBe(200);
    expect(Object.keys(seen.json).sort()).toEqual([...APP_FIELDS].sort());
    expect(seen.json).toEqual(made.json);
    expect(seen.json.app_secret).toBe('******');
    expect(ISO_UTC_MS.test(seen.json.register_time)).toBe(true);
  });

  it('ViewApp shows the seeded shared app, and no app of the dedicated instance (404 in APIG shape)', async () => {
    expect((await c.request('GET', shared(f().apig.sharedAppId))).json.id).toBe(f().apig.sharedAppId);
    const other = await c.request('GET', shared(f().apig.appId));
    expect(other.status).toBe(404);
    expect(expectApigError(other.json)).toBe(true);
  });

  it('DeleteApp answers 204 with no body; the app is gone (404 again)', async () => {
    const gone = await c.request('DELETE', shared(f().apig.deletableSharedAppId));
    expect([gone.status, gone.text, gone.headers.get('content-type')]).toEqual([204, '', null]);
    expect((await c.request('GET', shared(f().apig.deletableSharedAppId))).status).toBe(404);
    expect((await c.request('DELETE', shared(f().apig.deletableSharedAppId))).status).toBe(404);
  });

  it('needs credentials: 401 without a token', async () => {
    expect((await c.request('GET', shared(f().apig.sharedAppId), { token: null })).status).toBe(401);
    expect((await c.request('DELETE', shared(f().apig.deletableSharedAppId), { token: null })).status).toBe(401);
  });
});

describe('APIG: CreateDedicatedApp, ViewDedicatedApp, DeleteDedicatedApp', () => {
  it('creates with the same rules as CreateApp (201, masked; 400 for a bad name) and shows what it made', async () => {
    const made = await c.request('POST', dedicated(), { body: { name: '应用_1', app_secret: 'Secret_1234' } });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: '应用_1', app_secret: '******', app_type: 'apig', creator: 'USER' });
    expect(made.text).not.toContain('Secret_1234');
    expect((await c.request('POST', dedicated(), { body: { name: '1app' } })).status).toBe(400);
    const seen = await c.request('GET', dedicated(made.json.id));
    expect(seen.json).toEqual(made.json);
  });

  it('ViewDedicatedApp after ResetAppSecret shows the update_time the reset answered', async () => {
    const reset = await c.request('PUT', `/v1/${f().projectId}/apigw/instances/${f().apig.instanceId}/apps/secret/${f().apig.appId}`, { body: {} });
    const seen = await c.request('GET', dedicated(f().apig.appId));
    expect(seen.status).toBe(200);
    expect(seen.json.update_time).toBe(reset.json.update_time);
    expect(seen.json.app_secret).toBe('******');
  });

  it('an unknown instance: 400 on create, 404 on view and delete; shared apps are not the instance\'s', async () => {
    const wrong = `/v1/${f().projectId}/apigw/instances/${'0'.repeat(32)}/apps`;
    expect((await c.request('POST', wrong, { body: { name: 'app_001' } })).status).toBe(400);
    expect((await c.request('GET', `${wrong}/${f().apig.appId}`)).status).toBe(404);
    expect((await c.request('GET', dedicated(f().apig.sharedAppId))).status).toBe(404);
  });

  it('DeleteDedicatedApp deletes its own fixture only', async () => {
    expect((await c.request('DELETE', dedicated(f().apig.deletableAppId))).status).toBe(204);
    expect((await c.request('GET', dedicated(f().apig.deletableAppId))).status).toBe(404);
    expect((await c.request('GET', dedicated(f().apig.appId))).status).toBe(200);
  });
});

describe('classic ELB: CreateCertificate, ListCertificates, DeleteCertificate', () => {
  const seeded = async () => (await c.request('GET', certificates())).json.certificates.find((x: { id: string }) => x.id === f().elb.certificateId);

  it('CreateCertificate takes a PEM pair (200, tenant_id, ELB times) and ListCertificates lists it as answered', async () => {
    const { certificate, private_key } = await seeded();
    const made = await c.request('POST', certificates(), { body: { name: 'cert-1', description: 'd', domain: 'www.example.com', certificate, private_key } });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ tenant_id: f().projectId, name: 'cert-1', domain: 'www.example.com' });
    expect(ELB_TIME.test(made.json.create_time)).toBe(true);
    const list = await c.request('GET', certificates());
    expect(list.status).toBe(200);
    expect(typeof list.json.instance_num).toBe('string');
    const { tenant_id: _, ...record } = made.json;
    expect(list.json.certificates).toContainEqual(record);
  });

  it.each([
    ['no certificate', { private_key: 'x' }],
    ['a certificate that is not PEM', { certificate: 'not a certificate', private_key: 'not a key' }],
    ['a domain starting with "-"', { domain: '-example.com' }],
    ['a description with "<"', { description: 'a<b' }],
  ])('CreateCertificate refuses %s with 400 in ELB shape', async (_, extra) => {
    const { certificate, private_key } = await seeded();
    const r = await c.request('POST', certificates(), { body: { certificate, private_key, ...extra } });
    expect(r.status).toBe(400);
    expect(expectElbError(r.json)).toBe(true);
  });

  it('ListCertificates after UpdateCertificate shows what the update answered', async () => {
    const updated = await c.request('PUT', certificates(f().elb.certificateId), { body: { name: 'renamed', description: 'new' } });
    expect(await seeded()).toEqual(updated.json);
  });

  it('DeleteCertificate answers 204 and the certificate leaves the list; 404 for an unknown one', async () => {
    expect((await c.request('DELETE', certificates(f().elb.deletableCertificateId))).status).toBe(204);
    const ids = (await c.request('GET', certificates())).json.certificates.map((x: { id: string }) => x.id);
    expect(ids).not.toContain(f().elb.deletableCertificateId);
    expect(ids).toContain(f().elb.certificateId);
    expect((await c.request('DELETE', certificates(f().elb.deletableCertificateId))).status).toBe(404);
  });
});

describe('CSMS: CreateSecret, ShowSecretStage, ListSecretVersions, DeleteSecret', () => {
  const stage = (name = f().csms.rotatableSecret, stageName = 'SYSCURRENT') => c.request('GET', secrets(`/${name}/stages/${stageName}`));
  const versions = (name = f().csms.rotatableSecret, query = '') => c.request('GET', secrets(`/${name}/versions${query}`));
  const labelled = (list: { id: string; version_stages: string[] }[]) => list.filter((v) => v.version_stages.includes('SYSCURRENT')).map((v) => v.id);

  it('CreateSecret makes a COMMON secret whose v1 is SYSCURRENT; metadata only', async () => {
    const r = await c.request('POST', secrets(), { body: { name: 'demo', secret_string: 'this is a demo secret string' } });
    expect(r.status).toBe(200);
    expect(r.json.secret).toMatchObject({ name: 'demo', secret_type: 'COMMON', state: 'ENABLED', auto_rotation: false });
    expect(r.text).not.toContain('this is a demo secret string');
    expect((await stage('demo')).json.stage).toMatchObject({ name: 'SYSCURRENT', version_id: 'v1', secret_name: 'demo' });
    expect(labelled((await versions('demo')).json.version_metadatas)).toEqual(['v1']);
    expect((await c.request('POST', secrets(), { body: { name: 'demo', secret_string: 'again' } })).status).toBe(400);
  });

  it.each([
    ['both secret_string and secret_binary', { name: 'a', secret_string: 'x', secret_binary: 'eA==' }],
    ['neither', { name: 'a' }],
    ['a name outside ^[a-zA-Z0-9_-]{1,64}$', { name: 'a.b', secret_string: 'x' }],
    ['a description over 2048 bytes', { name: 'a', secret_string: 'x', description: '中'.repeat(683) }],
    ['auto_rotation without rotation_period', { name: 'a', secret_string: 'x', auto_rotation: true }],
    ['a rotation_period under 6 hours', { name: 'a', secret_string: 'x', rotation_period: '5h' }],
    ['an RDS secret without rotation_config', { name: 'a', secret_string: 'x', secret_type: 'RDS' }],
    ['two events', { name: 'a', secret_string: 'x', event_subscriptions: ['e1', 'e2'] }],
    ['a secret_binary with a character outside base64', { name: 'a', secret_binary: 'QU~D' }],
    ['a secret_binary with = inside', { name: 'a', secret_binary: 'Q=JD' }],
    ['a secret_binary without its padding', { name: 'a', secret_binary: 'eA' }],
    ['a secret_binary in the URL-safe alphabet', { name: 'a', secret_binary: '-_-_' }],
    ['a secret_binary in Chinese', { name: 'a', secret_binary: '中文字符' }],
  ])('CreateSecret refuses %s with 400, flat CSMS error', async (_, body) => {
    const r = await c.request('POST', secrets(), { body });
    expect(r.status).toBe(400);
    expect(expectCsmsFlatError(r.json)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['without padding', 'QUJD'],
    ['with =', 'QUI='],
    ['with ==', 'QQ=='],
    ['of 32768 characters', 'QUJD'.repeat(8192)],
  ])('CreateSecret takes a base64 secret_binary %s', async (label, value) => {
    const name = `bin-${label.replace(/\W+/g, '-')}`;
    const r = await c.request('POST', secrets(), { body: { name, secret_binary: value } });
    expect(r.status).toBe(200);
    expect(r.json.secret).toMatchObject({ name, secret_type: 'COMMON' });
  });

  it('after each RotateSecret, SYSCURRENT names the new version and only it; SYSPREVIOUS the one before', async () => {
    for (let i = 0; i < 3; i++) {
      const { version_id } = (await c.request('POST', `${secrets(`/${f().csms.rotatableSecret}`)}/rotate`)).json;
      expect((await stage()).json.stage.version_id).toBe(version_id);
      const list = (await versions()).json;
      expect(labelled(list.version_metadatas)).toEqual([version_id]);
      expect(list.version_metadatas.map((v: { id: string }) => v.id)).toContain(version_id);
    }
    expect((await stage(undefined, 'SYSPREVIOUS')).json.stage.version_id).toBe('v3');
    expect((await stage(undefined, 'NO_SUCH_STAGE')).status).toBe(404);
  });

  it('ListSecretVersions pages with limit and marker, newest first; carries no secret value', async () => {
    for (let i = 0; i < 3; i++) await c.request('POST', `${secrets(`/${f().csms.rotatableSecret}`)}/rotate`);
    const first = await versions(undefined, '?limit=2');
    expect(first.json.version_metadatas.map((v: { id: string }) => v.id)).toEqual(['v4', 'v3']);
    expect(first.json.page_info).toEqual({ next_marker: 'v3', previous_marker: 'v4', current_count: 2 });
    const next = await versions(undefined, `?limit=2&marker=${first.json.page_info.next_marker}`);
    expect(next.json.version_metadatas.map((v: { id: string }) => v.id)).toEqual(['v2', 'v1']);
    for (const value of f().knownSecrets) expect(first.text + next.text).not.toContain(value);
    expect((await versions('no-such-secret')).status).toBe(404);
  });

  it('DeleteSecret answers 200 with no body; the secret is gone', async () => {
    const r = await c.request('DELETE', secrets(`/${f().csms.deletableSecret}`));
    expect([r.status, r.text]).toEqual([200, '']);
    expect((await c.request('GET', secrets(`/${f().csms.deletableSecret}`))).status).toBe(404);
    expect((await c.request('GET', secrets(`/${f().csms.rotatableSecret}`))).status).toBe(200);
  });

  it('needs credentials: 401 without a token on each', async () => {
    for (const [method, path] of [['GET', secrets(`/${f().csms.rotatableSecret}/stages/SYSCURRENT`)], ['GET', secrets(`/${f().csms.rotatableSecret}/versions`)], ['POST', secrets()], ['DELETE', secrets(`/${f().csms.deletableSecret}`)]] as const) {
      expect((await c.request(method, path, { token: null, body: method === 'POST' ? { name: 'x', secret_string: 'y' } : undefined })).status).toBe(401);
    }
  });
});
