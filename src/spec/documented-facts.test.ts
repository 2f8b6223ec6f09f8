/**
 * (b) The documented facts of each operation, written down once more from the documents as a
 * table and asserted against the loaded spec: fields, required flags, limits, character rules
 * (sample values the documents accept and reject), statuses, auth-failure and not-found statuses,
 * fixtures and rules. A spec edit that drifts from the documents fails here.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileSchema,
  findOperation,
  loadSpecs,
  type Charset,
  type FixtureKey,
  type JsonSchema,
  type Operation,
  type Spec,
} from './index.ts';

interface FieldFact {
  /** JSON type; 'string' when absent */
  readonly type?: string;
  readonly required: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly charset?: Charset;
  readonly regionOptional?: boolean;
  readonly accept: readonly unknown[];
  readonly reject: readonly unknown[];
}

interface OperationFacts {
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly statuses: readonly number[];
  readonly success: number;
  readonly authFailure: readonly number[];
  readonly notFound: readonly number[];
  readonly mutating: boolean;
  /** `x-hwc-role: support`: an operation around the five (seeds/extra/) */
  readonly support?: true;
  /** path parameters and their fixtures */
  readonly params: Readonly<Record<string, FixtureKey>>;
  /** query parameters and their JSON types */
  readonly query?: Readonly<Record<string, string>>;
  /** undefined: the operation takes no body */
  readonly body?: { readonly required: boolean; readonly fields: Readonly<Record<string, FieldFact>> };
  /** statuses whose body shape is documented */
  readonly schemaStatuses: readonly number[];
  readonly successRequired: readonly string[];
  readonly rules: readonly Record<string, unknown>[];
}

const x = (n: number, ch = 'a') => ch.repeat(n);

const APP_SECRET: FieldFact = {
  required: false,
  minLength: 8,
  maxLength: 64,
  charset: { first: ['latin', 'digit'], allowed: ['latin', 'digit', '_', '-', '!', '@', '#', '$', '%'] },
  regionOptional: true,
  accept: ['app_secret_sample', 'Ab1!@#$%-_', '9aaaaaaa', x(64, 'Z')],
  reject: ['!secret12', '_secret12', '-secret12', 'secret^12', 'secret 12', 'secret.12', '密钥secret12', x(7), x(65), 12345678],
};

/**
 * A certificate the call answered, read back through ListCertificates (the item whose id it
 * answered): CreateCertificate and UpdateCertificate differ only in the timestamps compared.
 */
const certificateReadBack = (times: readonly string[]) => ({
  kind: 'reads-back',
  observer: 'ListCertificates',
  bind: {},
  items: '/certificates',
  key: '/id',
  fields: ['/id', '/name', '/description', '/domain', '/certificate', '/private_key'],
  times,
});

const FACTS: Readonly<Record<string, OperationFacts>> = {
  CreateApp: {
    service: 'apig',
    method: 'POST',
    path: '/v1.0/apigw/apps',
    statuses: [201, 400, 401, 403, 500],
    success: 201,
    authFailure: [401],
    notFound: [],
    mutating: true,
    params: {},
    body: {
      required: true,
      fields: {
        name: {
          required: true,
          minLength: 3,
          maxLength: 64,
          charset: { first: ['latin', 'han'], allowed: ['latin', 'digit', 'han', '_'] },
          accept: ['app_001', 'abc', '应用一', '中a1', 'Z9_', x(64), `a${x(63, '_')}`, '第一个应用'],
          reject: ['1app', '_app', 'app-1', 'app 1', 'app.1', 'ab', x(65), 'ａpp', 'app！', 'app😀', 3],
        },
        remark: {
          required: false,
          maxLength: 255,
          accept: ['', 'first app', '第一个应用', x(255), '<>!@# ,.;'],
          reject: [x(256), 3, null],
        },
        app_key: {
          required: false,
          minLength: 8,
          maxLength: 64,
          charset: { first: ['latin', 'digit'], allowed: ['latin', 'digit', '_', '-'] },
          regionOptional: true,
          accept: ['app_key_sample', 'A1234567', '12345678', 'a-b_c-d_e', x(64)],
          reject: ['_appkey1', '-appkey1', 'appkey!1', 'app key1', x(7), x(65), 'key中文12345'],
        },
        app_secret: APP_SECRET,
      },
    },
    schemaStatuses: [201],
    successRequired: ['id', 'name', 'status', 'app_key', 'app_secret', 'creator', 'register_time', 'update_time', 'app_type'],
    rules: [
      { kind: 'mask', field: '/app_secret', mask: '******' },
      { kind: 'never-echo', fields: ['app_secret'] },
      // 表 3 returns name and remark: what the request set
      { kind: 'reflects', fields: ['name', 'remark'] },
      {
        kind: 'reads-back',
        observer: 'ViewApp',
        bind: { id: { field: '/id' } },
        fields: ['/id', '/name', '/remark', '/app_key', '/creator'],
        times: ['/register_time'],
      },
    ],
  },
  ResetAppSecret: {
    service: 'apig',
    method: 'PUT',
    path: '/v1/{project_id}/apigw/instances/{instance_id}/apps/secret/{id}',
    statuses: [200, 400, 401, 403, 404, 500],
    success: 200,
    authFailure: [401],
    notFound: [400, 404],
    mutating: true,
    params: { project_id: 'projectId', instance_id: 'apig.instanceId', id: 'apig.appId' },
    body: { required: false, fields: { app_secret: APP_SECRET } },
    schemaStatuses: [200],
    successRequired: ['id', 'name', 'status', 'app_key', 'app_secret', 'creator', 'register_time', 'update_time'],
    rules: [
      { kind: 'identifies', param: 'id', field: '/id' },
      { kind: 'mask', field: '/app_secret', mask: '******' },
      { kind: 'never-echo', fields: ['app_secret'] },
      { kind: 'advances', field: '/update_time', after: '/register_time' },
      // "重置指定APP的密钥": the secret, nothing else of the APP
      { kind: 'unchanged', fields: ['id', 'name', 'app_key', 'creator', 'remark', 'register_time'] },
      { kind: 'reads-back', observer: 'ViewDedicatedApp', bind: {}, fields: ['/id', '/name', '/app_key', '/creator'], times: ['/update_time'] },
    ],
  },
  UpdateCertificate: {
    service: 'elb',
    method: 'PUT',
    path: '/v1.0/{project_id}/elbaas/certificate/{certificate_id}',
    statuses: [200, 400, 401, 403, 404, 500, 503],
    success: 200,
    authFailure: [401],
    notFound: [400, 404],
    mutating: true,
    params: { project_id: 'projectId', certificate_id: 'elb.certificateId' },
    body: {
      required: false,
      fields: {
        name: {
          required: false,
          minLength: 0,
          maxLength: 64,
          charset: { allowed: ['latin', 'digit', 'han', '_', '-'] },
          accept: ['', 'cert-bky', '证书_1-a', '-', '_', '9', x(64)],
          reject: ['cert bky', 'cert.bky', 'cert@1', x(65), 'cert，1', null],
        },
        description: {
          required: false,
          maxLength: 128,
          charset: { forbidden: ['<', '>'] },
          accept: ['', 'certificate', 'a b & c "q" \'s\' /', '中文描述', x(128)],
          reject: ['a<b', 'a>b', '<', '>', '<script>', x(129), 5],
        },
      },
    },
    schemaStatuses: [200],
    successRequired: ['id', 'name', 'description', 'domain', 'certificate', 'private_key', 'create_time', 'update_time'],
    rules: [
      { kind: 'identifies', param: 'certificate_id', field: '/id' },
      { kind: 'only-changes', mutable: ['name', 'description'], immutable: ['certificate', 'private_key', 'domain'] },
      // "仅支持修改证书的名称和描述": every other field but the update's own time
      {
        kind: 'unchanged',
        fields: ['id', 'domain', 'certificate', 'private_key', 'create_time'],
        allBut: ['name', 'description', 'update_time'],
      },
      { kind: 'reflects', fields: ['name', 'description'] },
      certificateReadBack(['/update_time']),
    ],
  },
  RotateSecret: {
    service: 'csms',
    method: 'POST',
    path: '/v1/{project_id}/secrets/{secret_name}/rotate',
    statuses: [200, 400, 401, 403, 404, 500, 502, 504],
    success: 200,
    authFailure: [401, 403],
    notFound: [400, 404],
    mutating: true,
    params: { project_id: 'projectId', secret_name: 'csms.rotatableSecret' },
    schemaStatuses: [200, 400, 401, 403, 404, 500, 502, 504],
    successRequired: ['version_id', 'secret_name'],
    rules: [
      { kind: 'identifies', param: 'secret_name', field: '/secret_name' },
      { kind: 'new-version', field: '/version_id' },
      { kind: 'refuse-secret-type', secretType: 'COMMON', fixture: 'csms.commonSecret' },
      {
        kind: 'moves-label',
        label: 'SYSCURRENT',
        version: '/version_id',
        current: { observer: 'ShowSecretStage', bind: { stage_name: { value: 'SYSCURRENT' } }, field: '/stage/version_id' },
        listing: { observer: 'ListSecretVersions', bind: {}, items: '/version_metadatas', key: '/id', labels: '/version_stages' },
      },
    ],
  },
  ShowSecret: {
    service: 'csms',
    method: 'GET',
    path: '/v1/{project_id}/secrets/{secret_name}',
    statuses: [200, 400, 401, 403, 404, 500, 502, 504],
    success: 200,
    authFailure: [401, 403],
    notFound: [400, 404],
    mutating: false,
    params: { project_id: 'projectId', secret_name: 'csms.rotatableSecret' },
    schemaStatuses: [200, 400, 401, 403, 404, 500, 502, 504],
    successRequired: ['secret'],
    rules: [
      { kind: 'identifies', param: 'secret_name', field: '/secret/name' },
      { kind: 'metadata-only', forbiddenProperties: ['secret_string', 'secret_binary'] },
    ],
  },
};


const CSMS_STATUSES = [400, 401, 403, 404, 500, 502, 504];
const ELB_STATUSES = [400, 401, 403, 404, 500, 503];
const APP_REQUIRED = ['id', 'name', 'status', 'app_key', 'app_secret', 'creator', 'register_time', 'update_time'];
const CERT_REQUIRED = ['id', 'name', 'description', 'domain', 'certificate', 'private_key', 'create_time', 'update_time'];
const DEDICATED = { project_id: 'projectId', instance_id: 'apig.instanceId' };
const APP_MASK = { kind: 'mask', field: '/app_secret', mask: '******' };

/** The twelve supporting operations (seeds/extra/), written down from their pages. */
const SUPPORT_FACTS: Readonly<Record<string, OperationFacts>> = {
  ViewApp: {
    service: 'apig', method: 'GET', path: '/v1.0/apigw/apps/{id}', support: true,
    statuses: [200, 401, 403, 404, 500], success: 200, authFailure: [401], notFound: [404], mutating: false,
    params: { id: 'apig.sharedAppId' }, schemaStatuses: [200], successRequired: APP_REQUIRED,
    rules: [{ kind: 'identifies', param: 'id', field: '/id' }, APP_MASK],
  },
  DeleteApp: {
    service: 'apig', method: 'DELETE', path: '/v1.0/apigw/apps/{id}', support: true,
    statuses: [204, 400, 401, 403, 404, 409, 500], success: 204, authFailure: [401], notFound: [400, 404], mutating: true,
    params: { id: 'apig.deletableSharedAppId' }, schemaStatuses: [], successRequired: [], rules: [],
  },
  CreateDedicatedApp: {
    service: 'apig', method: 'POST', path: '/v1/{project_id}/apigw/instances/{instance_id}/apps', support: true,
    statuses: [201, 400, 401, 403, 500], success: 201, authFailure: [401], notFound: [400], mutating: true,
    params: DEDICATED,
    body: {
      required: true,
      fields: {
        name: FACTS.CreateApp!.body!.fields.name!,
        remark: FACTS.CreateApp!.body!.fields.remark!,
        app_key: FACTS.CreateApp!.body!.fields.app_key!,
        app_secret: APP_SECRET,
      },
    },
    schemaStatuses: [201], successRequired: APP_REQUIRED,
    rules: [APP_MASK, { kind: 'never-echo', fields: ['app_secret'] }],
  },
  ViewDedicatedApp: {
    service: 'apig', method: 'GET', path: '/v1/{project_id}/apigw/instances/{instance_id}/apps/{id}', support: true,
    statuses: [200, 401, 403, 404, 500], success: 200, authFailure: [401], notFound: [404], mutating: false,
    params: { ...DEDICATED, id: 'apig.appId' }, schemaStatuses: [200], successRequired: APP_REQUIRED,
    rules: [{ kind: 'identifies', param: 'id', field: '/id' }, APP_MASK],
  },
  DeleteDedicatedApp: {
    service: 'apig', method: 'DELETE', path: '/v1/{project_id}/apigw/instances/{instance_id}/apps/{id}', support: true,
    statuses: [204, 400, 401, 403, 404, 409, 500], success: 204, authFailure: [401], notFound: [400, 404], mutating: true,
    params: { ...DEDICATED, id: 'apig.deletableAppId' }, schemaStatuses: [], successRequired: [], rules: [],
  },
  CreateCertificate: {
    service: 'elb', method: 'POST', path: '/v1.0/{project_id}/elbaas/certificate', support: true,
    statuses: [200, ...ELB_STATUSES], success: 200, authFailure: [401], notFound: [], mutating: true,
    params: { project_id: 'projectId' },
    body: {
      required: true,
      fields: {
        name: FACTS.UpdateCertificate!.body!.fields.name!,
        description: FACTS.UpdateCertificate!.body!.fields.description!,
        domain: {
          required: false,
          minLength: 1,
          maxLength: 254,
          charset: { first: ['latin', 'digit'], allowed: ['latin', 'digit', '-', '.'] },
          accept: ['www.example.com', '1.example-a.cn', 'a', x(254)],
          reject: ['-example.com', '.example.com', 'ex_ample.com', 'exa mple.com', '例子.com', x(255), ''],
        },
        certificate: { required: true, accept: [], reject: ['not a certificate', ''] },
        private_key: { required: true, accept: [], reject: ['not a key', ''] },
      },
    },
    schemaStatuses: [200], successRequired: CERT_REQUIRED,
    rules: [
      certificateReadBack(['/create_time', '/update_time']),
    ],
  },
  ListCertificates: {
    service: 'elb', method: 'GET', path: '/v1.0/{project_id}/elbaas/certificate', support: true,
    statuses: [200, ...ELB_STATUSES], success: 200, authFailure: [401], notFound: [400, 404], mutating: false,
    params: { project_id: 'projectId' }, schemaStatuses: [200], successRequired: ['certificates'], rules: [],
  },
  DeleteCertificate: {
    service: 'elb', method: 'DELETE', path: '/v1.0/{project_id}/elbaas/certificate/{certificate_id}', support: true,
    statuses: [204, ...ELB_STATUSES], success: 204, authFailure: [401], notFound: [400, 404], mutating: true,
    params: { project_id: 'projectId', certificate_id: 'elb.deletableCertificateId' }, schemaStatuses: [], successRequired: [], rules: [],
  },
  CreateSecret: {
    service: 'csms', method: 'POST', path: '/v1/{project_id}/secrets', support: true,
    statuses: [200, ...CSMS_STATUSES], success: 200, authFailure: [401, 403], notFound: [], mutating: true,
    params: { project_id: 'projectId' },
    body: {
      required: true,
      fields: {
        name: {
          required: true,
          minLength: 1,
          maxLength: 64,
          charset: { allowed: ['latin', 'digit', '_', '-'] },
          accept: ['demo', 'a', '-', '_a-1', x(64)],
          reject: ['', 'de mo', 'demo.1', '凭据', x(65), 5],
        },
        kms_key_id: { required: false, regionOptional: true, accept: ['0d0466b0-e727-4d9c-b35d-f84bb474a37f'], reject: [5] },
        description: { required: false, maxLength: 2048, accept: ['', 'description', x(2048)], reject: [x(2049), 5] },
        secret_binary: { required: false, maxLength: 32768, accept: ['dGhpcyBpcyBhIGRlbW8='], reject: [x(32769)] },
        secret_string: { required: false, maxLength: 32768, accept: ['this is a demo secret string', x(32768)], reject: [x(32769), 5] },
        secret_type: { required: false, regionOptional: true, accept: ['COMMON', 'RDS'], reject: ['common', ''] },
        auto_rotation: { type: 'boolean', required: false, regionOptional: true, accept: [false, true], reject: ['false'] },
        rotation_period: { required: false, accept: ['6h', '1d', '8760h'], reject: ['1x', '', 'h'] },
        rotation_config: { required: false, maxLength: 1024, regionOptional: true, accept: ['{}', x(1024)], reject: [x(1025)] },
        event_subscriptions: { type: 'array', required: false, regionOptional: true, accept: [['pocEvent'], []], reject: [['a', 'b'], 'a'] },
        enterprise_project_id: { required: false, regionOptional: true, accept: ['0', 'default'], reject: [0] },
      },
    },
    schemaStatuses: [200, ...CSMS_STATUSES], successRequired: ['secret'], rules: [],
  },
  ShowSecretStage: {
    service: 'csms', method: 'GET', path: '/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}', support: true,
    statuses: [200, ...CSMS_STATUSES], success: 200, authFailure: [401, 403], notFound: [400, 404], mutating: false,
    params: { project_id: 'projectId', secret_name: 'csms.rotatableSecret', stage_name: 'csms.stageName' },
    schemaStatuses: [200, ...CSMS_STATUSES], successRequired: ['stage'],
    rules: [
      { kind: 'identifies', param: 'secret_name', field: '/stage/secret_name' },
      { kind: 'identifies', param: 'stage_name', field: '/stage/name' },
    ],
  },
  ListSecretVersions: {
    service: 'csms', method: 'GET', path: '/v1/{project_id}/secrets/{secret_name}/versions', support: true,
    statuses: [200, ...CSMS_STATUSES], success: 200, authFailure: [401, 403], notFound: [400, 404], mutating: false,
    params: { project_id: 'projectId', secret_name: 'csms.rotatableSecret' }, query: { marker: 'string', limit: 'integer' },
    schemaStatuses: [200, ...CSMS_STATUSES], successRequired: ['version_metadatas'],
    rules: [{ kind: 'metadata-only', forbiddenProperties: ['secret_string', 'secret_binary'] }],
  },
  DeleteSecret: {
    service: 'csms', method: 'DELETE', path: '/v1/{project_id}/secrets/{secret_name}', support: true,
    statuses: [200, ...CSMS_STATUSES], success: 200, authFailure: [401, 403], notFound: [400, 404], mutating: true,
    params: { project_id: 'projectId', secret_name: 'csms.deletableSecret' }, schemaStatuses: CSMS_STATUSES, successRequired: [], rules: [],
  },
};

let specs: Spec[];
beforeAll(async () => {
  specs = await loadSpecs();
});
const op = (id: string): Operation => findOperation(specs, id)!;

describe('the specs hold exactly the five documented operations and the twelve around them', () => {
  it('operationIds', () => {
    expect(specs.flatMap((s) => s.operations.map((o) => o.id)).sort()).toEqual([...Object.keys(FACTS), ...Object.keys(SUPPORT_FACTS)].sort());
  });
  it('the twelve, and only they, are supporting operations', () => {
    const support = specs.flatMap((s) => s.operations.filter((o) => o.role === 'support').map((o) => o.id));
    expect(support.sort()).toEqual(Object.keys(SUPPORT_FACTS).sort());
  });
});

describe.each(Object.entries({ ...FACTS, ...SUPPORT_FACTS }))('%s', (id, facts) => {
  it('method, path, service, mutating, role', () => {
    const o = op(id);
    expect([o.service, o.method, o.path, o.mutating, o.role]).toEqual([facts.service, facts.method, facts.path, facts.mutating, facts.support ? 'support' : undefined]);
  });

  it('documented statuses, the one success status, auth-failure and not-found statuses', () => {
    const o = op(id);
    expect(o.responses.map((r) => r.status)).toEqual(facts.statuses);
    expect(o.successStatus).toBe(facts.success);
    expect(o.authFailureStatuses).toEqual(facts.authFailure);
    expect(o.notFoundStatuses).toEqual(facts.notFound);
    expect(o.responses.filter((r) => r.validate).map((r) => r.status)).toEqual(facts.schemaStatuses);
  });

  it('path parameters and their fixtures, query parameters', () => {
    const o = op(id);
    const path = o.params.filter((p) => p.in === 'path');
    expect(Object.fromEntries(path.map((p) => [p.name, p.fixture]))).toEqual(facts.params);
    for (const p of path) expect([p.required, p.schema.type]).toEqual([true, 'string']);
    const query = o.params.filter((p) => p.in !== 'path');
    expect(Object.fromEntries(query.map((p) => [p.name, `${p.in} ${String(p.schema.type)} ${p.required}`]))).toEqual(
      Object.fromEntries(Object.entries(facts.query ?? {}).map(([n, t]) => [n, `query ${t} false`])),
    );
  });

  it('X-Auth-Token as an apiKey header security scheme', () => {
    const o = op(id);
    const spec = specs.find((s) => s.operations.includes(o))!;
    expect(o.raw.security).toEqual([{ token: [] }]);
    expect(spec.document.components?.securitySchemes?.token).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
  });

  it('required fields of the success body', () => {
    const success = op(id).responses.find((r) => r.status === facts.success)!;
    expect([...(success.schema?.required ?? [])].sort()).toEqual([...facts.successRequired].sort());
  });

  it('rules', () => {
    const rules = op(id).rules.map(({ id: _id, source: _source, ...rest }) => rest);
    expect(rules).toEqual(facts.rules);
  });

  if (!facts.body) {
    it('takes no request body', () => expect(op(id).requestBody).toBeUndefined());
    return;
  }
  const body = facts.body;

  it('request body: required flag, fields and required fields', () => {
    const rb = op(id).requestBody!;
    expect(rb.required).toBe(body.required);
    expect(Object.keys(rb.schema.properties ?? {}).sort()).toEqual(Object.keys(body.fields).sort());
    const required = Object.entries(body.fields).filter(([, f]) => f.required).map(([n]) => n);
    expect([...(rb.schema.required ?? [])].sort()).toEqual(required.sort());
  });

  describe.each(Object.entries(body.fields))('field %s', (name, fact) => {
    const prop = () => op(id).requestBody!.schema.properties![name] as JsonSchema;

    it('type, limits, charset, region-optional', () => {
      const p = prop();
      expect(p.type).toBe(fact.type ?? 'string');
      expect(p.minLength).toBe(fact.minLength);
      expect(p.maxLength).toBe(fact.maxLength);
      expect(p['x-hwc-charset']).toEqual(fact.charset);
      expect(p['x-hwc-region-optional']).toBe(fact.regionOptional);
    });

    it.each(fact.accept.map((v) => [JSON.stringify(v).slice(0, 40), v]))('accepts %s', (_, value) => {
      expect(compileSchema(prop())(value)).toEqual([]);
    });

    it.each(fact.reject.map((v) => [JSON.stringify(v).slice(0, 40), v]))('rejects %s', (_, value) => {
      expect(compileSchema(prop())(value)).not.toEqual([]);
    });
  });
});

describe('x-hwc-charset and pattern say the same thing', () => {
  const HAN_FIRST = 0x4e00;
  const HAN_LAST = 0x9fa5;
  const inClass = (cls: string, ch: string): boolean => {
    if (cls === 'latin') return /^[A-Za-z]$/.test(ch);
    if (cls === 'digit') return /^[0-9]$/.test(ch);
    if (cls === 'han') return ch.length === 1 && ch.charCodeAt(0) >= HAN_FIRST && ch.charCodeAt(0) <= HAN_LAST;
    return cls === ch;
  };
  const samples: Record<string, string[]> = { latin: ['a', 'Z'], digit: ['0', '9'], han: ['一', '龥'] };
  const printableAscii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
  const probes = [...printableAscii, '一', '中', '龥', 'é', 'Ａ', '，', '😀', '\t'];

  const charsetProperties = () =>
    specs.flatMap((s) =>
      s.operations.flatMap((o) =>
        Object.entries(o.requestBody?.schema.properties ?? {})
          .filter(([, p]) => (p as JsonSchema)['x-hwc-charset'])
          .map(([n, p]) => ({ where: `${o.id}.${n}`, schema: p as JsonSchema })),
      ),
    );

  it('finds the charset properties', () => {
    expect(charsetProperties().map((p) => p.where).sort()).toEqual([
      'CreateApp.name',
      'CreateApp.app_key',
      'CreateApp.app_secret',
      'ResetAppSecret.app_secret',
      'UpdateCertificate.name',
      'UpdateCertificate.description',
      'CreateDedicatedApp.name',
      'CreateDedicatedApp.app_key',
      'CreateDedicatedApp.app_secret',
      'CreateCertificate.name',
      'CreateCertificate.description',
      'CreateCertificate.domain',
      'CreateSecret.name',
    ].sort());
  });

  it('for every probe character, in first and in later position', () => {
    for (const { where, schema } of charsetProperties()) {
      const charset = schema['x-hwc-charset']!;
      const pattern = new RegExp(schema.pattern!, 'u');
      const forbidden = (ch: string) => (charset.forbidden ?? []).includes(ch);
      const allowed = (ch: string) => !forbidden(ch) && (charset.allowed ? charset.allowed.some((c) => inClass(c, ch)) : true);
      const firstOk = (ch: string) => allowed(ch) && (charset.first ? charset.first.some((c) => inClass(c, ch)) : true);
      const aFirst = (charset.first ?? charset.allowed ?? ['latin']).flatMap((c) => samples[c] ?? [c])[0]!;
      const aLater = (charset.allowed ?? ['latin']).flatMap((c) => samples[c] ?? [c])[0]!;
      for (const ch of probes) {
        expect(pattern.test(aFirst + ch), `${where}: ${JSON.stringify(ch)} after the first character`).toBe(allowed(ch));
        expect(pattern.test(ch + aLater), `${where}: ${JSON.stringify(ch)} as the first character`).toBe(firstOk(ch));
      }
    }
  });
});

describe('success and error body shapes', () => {
  const examples = (
    JSON.parse(readFileSync(new URL('./testdata/doc-examples.json', import.meta.url), 'utf8')) as {
      examples: { operationId: string; kind: string; text: string }[];
    }
  ).examples;
  const base = (id: string) => JSON.parse(examples.find((e) => e.operationId === id && e.kind === 'response')!.text);
  const valid = (id: string, status: number, body: unknown) => op(id).responses.find((r) => r.status === status)!.validate!(body).length === 0;
  const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
  // the example's ENABLED secret carries a scheduled_delete_time its table says is null (NOTES.md)
  const secret = (patch: Record<string, unknown>) => ({ secret: { ...base('ShowSecret').secret, scheduled_delete_time: null, ...patch } });

  const CASES: [string, string, number, unknown, boolean][] = [
    ['CreateApp: creator outside USER/MARKET', 'CreateApp', 201, { ...base('CreateApp'), creator: 'ADMIN' }, false],
    ['CreateApp: status as a string', 'CreateApp', 201, { ...base('CreateApp'), status: '1' }, false],
    ['CreateApp: time without T and zone', 'CreateApp', 201, { ...base('CreateApp'), register_time: '2017-12-28 12:26:54' }, false],
    ['CreateApp: time with +08:00 offset', 'CreateApp', 201, { ...base('CreateApp'), update_time: '2017-12-28T20:26:54+08:00' }, true],
    ['CreateApp: 10 fractional digits', 'CreateApp', 201, { ...base('CreateApp'), update_time: '2017-12-28T12:26:54.1234567890Z' }, false],
    ['CreateApp: no remark', 'CreateApp', 201, without(base('CreateApp'), 'remark'), true],
    ['CreateApp: null remark', 'CreateApp', 201, { ...base('CreateApp'), remark: null }, true],
    ['CreateApp: no app_type', 'CreateApp', 201, without(base('CreateApp'), 'app_type'), false],
    ['CreateApp: no app_secret', 'CreateApp', 201, without(base('CreateApp'), 'app_secret'), false],
    ['CreateApp: an extra field', 'CreateApp', 201, { ...base('CreateApp'), request_id: 'r' }, true],
    ['ResetAppSecret: no update_time', 'ResetAppSecret', 200, without(base('ResetAppSecret'), 'update_time'), false],
    ['UpdateCertificate: no certificate', 'UpdateCertificate', 200, without(base('UpdateCertificate'), 'certificate'), false],
    ['UpdateCertificate: null description', 'UpdateCertificate', 200, { ...base('UpdateCertificate'), description: null }, true],
    ['UpdateCertificate: null name', 'UpdateCertificate', 200, { ...base('UpdateCertificate'), name: null }, false],
    ['RotateSecret: no version_id', 'RotateSecret', 200, { secret_name: 'Test' }, false],
    ['RotateSecret: numeric version_id', 'RotateSecret', 200, { version_id: 2, secret_name: 'Test' }, false],
    ['ShowSecret: no secret', 'ShowSecret', 200, {}, false],
    ['ShowSecret: unknown state', 'ShowSecret', 200, secret({ state: 'ACTIVE' }), false],
    ['ShowSecret: unknown secret_type', 'ShowSecret', 200, secret({ secret_type: 'KMS' }), false],
    ['ShowSecret: COMMON secret without rotation', 'ShowSecret', 200, secret({ secret_type: 'COMMON', auto_rotation: false, rotation_period: null, rotation_config: null, rotation_time: null, next_rotation_time: null, scheduled_delete_time: null }), true],
    ['ShowSecret: rotation_period 6h', 'ShowSecret', 200, secret({ rotation_period: '6h' }), true],
    ['ShowSecret: rotation_period "24 h"', 'ShowSecret', 200, secret({ rotation_period: '24 h' }), false],
    ['ShowSecret: rotation_period without unit', 'ShowSecret', 200, secret({ rotation_period: '24' }), false],
    ['ShowSecret: two event subscriptions', 'ShowSecret', 200, secret({ event_subscriptions: ['a', 'b'] }), false],
    ['ShowSecret: rotation_config of 1025 characters', 'ShowSecret', 200, secret({ rotation_config: x(1025) }), false],
    ['ShowSecret: negative create_time', 'ShowSecret', 200, secret({ create_time: -1 }), false],
    ['ShowSecret: fractional update_time', 'ShowSecret', 200, secret({ update_time: 1.5 }), false],
    ['ShowSecret: auto_rotation as a string', 'ShowSecret', 200, secret({ auto_rotation: 'true' }), false],
    ['ShowSecret: RDS secret without rotation_config', 'ShowSecret', 200, { secret: without(base('ShowSecret').secret, 'rotation_config') }, false],
    ['ShowSecret: RDS secret with null rotation_config', 'ShowSecret', 200, secret({ rotation_config: null }), false],
    ['ShowSecret: auto_rotation without rotation_period', 'ShowSecret', 200, secret({ rotation_period: null }), false],
    ['ShowSecret: RDS secret, rotation off, no period', 'ShowSecret', 200, secret({ auto_rotation: false, rotation_period: null }), true],
    ['ShowSecret: no id', 'ShowSecret', 200, { secret: without(base('ShowSecret').secret, 'id') }, false],
    ['ShowSecret: scheduled_delete_time 0 on an ENABLED secret', 'ShowSecret', 200, secret({ scheduled_delete_time: 0 }), false],
    ['ShowSecret: scheduled_delete_time set on an ENABLED secret', 'ShowSecret', 200, secret({ scheduled_delete_time: 1581507580000 }), false],
    ['ShowSecret: PENDING_DELETE with its deletion time', 'ShowSecret', 200, secret({ state: 'PENDING_DELETE', scheduled_delete_time: 1581507580 }), true],
    ['ShowSecret: PENDING_DELETE without a deletion time', 'ShowSecret', 200, secret({ state: 'PENDING_DELETE' }), false],
  ];

  it.each(CASES)('%s', (_, id, status, body, expected) => {
    expect(valid(id, status, body)).toBe(expected);
  });
});
