/**
 * Each check on hand-built exchanges: it passes what the documents allow (every reading in
 * specs/NOTES.md) and flags what they rule out. Operations are built inline from the documented
 * facts so these tests do not depend on the spec loader.
 */
import { describe, expect, it } from 'vitest';
import type { Case } from '../cases/types.ts';
import type { Exchange } from '../execute/types.ts';
import type { Operation, ResponseSpec, Rule } from '../spec/types.ts';
import { CHECKS } from './registry.ts';
import type { CheckContext } from './types.ts';
import { toNanos } from './timestamps.ts';

const src = { doc: 'seed.txt', table: '表 1' };

function op(partial: Partial<Operation> & Pick<Operation, 'id'>): Operation {
  const responses: ResponseSpec[] = [200, 400, 401, 403, 404, 500].map((status) => ({ status, description: '', source: src }));
  return {
    service: 'apig',
    method: 'PUT',
    path: '/x/{id}',
    summary: '',
    params: [],
    responses,
    successStatus: 200,
    authFailureStatuses: [401],
    notFoundStatuses: [400, 404],
    mutating: true,
    rules: [],
    source: src,
    raw: {},
    ...partial,
  };
}

function exchange(c: Partial<Case>, status: number, body: unknown, extra: Partial<Exchange> = {}, headers: Record<string, string> = { 'content-type': 'application/json' }): Exchange {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return {
    case: { id: 'c1', operationId: 'Op', expect: 'accept', origin: 'boundary', body: { kind: 'none' }, note: 'n', ...c },
    request: { method: 'PUT', url: 'http://127.0.0.1/x/abc', headers: {} },
    response: { status, headers, text, ...(typeof body === 'object' ? { json: body } : {}) },
    pathParams: { id: 'abc' },
    sentAt: 0,
    elapsedMs: 1,
    ...extra,
  };
}

function ctx(operation: Operation, more: Partial<CheckContext> = {}): CheckContext {
  return { operation, operations: new Map(), knownSecrets: [], fixtures: {}, history: [], probes: {}, ...more };
}

const run = (name: string, c: CheckContext, e: Exchange) => {
  const check = CHECKS.find((x) => x.name === name)!;
  return check.run(c, e);
};

describe('status checks', () => {
  const o = op({ id: 'Op' });
  it('no-server-error flags any 5xx, documented or not', () => {
    expect(run('no-server-error', ctx(o), exchange({}, 500, { error_code: 'x' }))).toHaveLength(1);
    expect(run('no-server-error', ctx(o), exchange({}, 503, {}))).toHaveLength(1);
    expect(run('no-server-error', ctx(o), exchange({}, 400, {}))).toHaveLength(0);
  });
  it('status-documented flags only statuses outside the table', () => {
    expect(run('status-documented', ctx(o), exchange({}, 202, {}))).toHaveLength(1);
    expect(run('status-documented', ctx(o), exchange({}, 404, {}))).toHaveLength(0);
  });
  it('accepts-valid wants the success status, but lets a region refuse custom app_key', () => {
    expect(run('accepts-valid', ctx(o), exchange({}, 201, {}))).toHaveLength(1);
    expect(run('accepts-valid', ctx(o), exchange({}, 200, {}))).toHaveLength(0);
    expect(run('accepts-valid', ctx(o), exchange({ regionOptional: ['app_key'] }, 400, {}))).toHaveLength(0);
    expect(run('accepts-valid', ctx(o), exchange({ regionOptional: ['app_key'] }, 500, {}))).toHaveLength(1);
  });
  it('rejects-invalid accepts any documented 4xx (400 for not-found too) and names the rule', () => {
    const violation = { constraint: 'maxLength' as const, field: 'name', rule: 'name: 3–64 characters', detail: 'sent a 65-character name', source: src };
    expect(run('rejects-invalid', ctx(o), exchange({ expect: 'reject', violation }, 400, {}))).toHaveLength(0);
    expect(run('rejects-invalid', ctx(o), exchange({ expect: 'reject', violation }, 404, {}))).toHaveLength(0);
    const f = run('rejects-invalid', ctx(o), exchange({ expect: 'reject', violation }, 200, {}));
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('65-character name');
    expect(f[0]!.rule).toBe('name: 3–64 characters');
    expect(run('rejects-invalid', ctx(o), exchange({ expect: 'reject', violation }, 422, {}))).toHaveLength(1);
  });
  it('rejects-invalid lets a region ignore an invalid region-optional field unless it came back or the field is supported', () => {
    const violation = { constraint: 'charset' as const, field: 'app_key', rule: 'r', detail: 'd', source: src };
    const c = { expect: 'reject' as const, violation, regionOptional: ['app_key'], body: { kind: 'json' as const, value: { name: 'abc', app_key: 'bad key!' } } };
    const supported = { probes: { supportedFields: new Set(['Op.app_key', 'Op.app_secret']) } };
    expect(run('rejects-invalid', ctx(o), exchange(c, 200, { app_key: 'generated-key' }))).toHaveLength(0);
    expect(run('rejects-invalid', ctx(o, supported), exchange(c, 200, { app_key: 'generated-key' }))).toHaveLength(0);
    expect(run('rejects-invalid', ctx(o), exchange(c, 200, { app_key: 'bad key!' }))).toHaveLength(1);
    const masked = { expect: 'reject' as const, violation: { ...violation, field: 'app_secret' }, regionOptional: ['app_secret'], body: { kind: 'json' as const, value: { app_secret: 'bad secret' } } };
    expect(run('rejects-invalid', ctx(o), exchange(masked, 200, { app_secret: '******' }))).toHaveLength(0);
    expect(run('rejects-invalid', ctx(o, supported), exchange(masked, 200, { app_secret: '******' }))).toHaveLength(1);
  });
});

describe('body checks', () => {
  const validate = (b: unknown) => (typeof (b as { id?: unknown })?.id === 'string' ? [] : [{ instancePath: '/id', schemaPath: '#', keyword: 'type', message: 'must be string', params: {} }]);
  const o = op({ id: 'Op', responses: [{ status: 200, description: '', source: src, validate }, { status: 400, description: '', source: src, validate: (b) => (b && typeof b === 'object' && 'error_code' in b ? [] : [{ instancePath: '', schemaPath: '#', keyword: 'anyOf', message: 'must match', params: {} }]) }] });
  it('response-schema judges success bodies only', () => {
    expect(run('response-schema', ctx(o), exchange({}, 200, { id: 'x', extra: 1 }))).toHaveLength(0);
    expect(run('response-schema', ctx(o), exchange({}, 200, { id: 1 }))).toHaveLength(1);
    expect(run('response-schema', ctx(o), exchange({}, 400, { id: 1 }))).toHaveLength(0);
  });
  it('error-shape judges documented error bodies', () => {
    expect(run('error-shape', ctx(o), exchange({}, 400, { error_code: 'A', error_msg: 'b' }))).toHaveLength(0);
    expect(run('error-shape', ctx(o), exchange({}, 400, { message: 'b' }))).toHaveLength(1);
  });
  it('content-type accepts application/json with parameters and +json, flags others', () => {
    expect(run('content-type', ctx(o), exchange({}, 200, { id: 'x' }, {}, { 'content-type': 'application/json;charset=UTF-8' }))).toHaveLength(0);
    expect(run('content-type', ctx(o), exchange({}, 200, { id: 'x' }, {}, { 'content-type': 'application/problem+json' }))).toHaveLength(0);
    expect(run('content-type', ctx(o), exchange({}, 200, { id: 'x' }, {}, { 'content-type': 'text/plain' }))).toHaveLength(1);
    expect(run('content-type', ctx(o), exchange({}, 200, { id: 'x' }, {}, {}))).toHaveLength(1);
  });
});

describe('secret checks', () => {
  const rules: Rule[] = [
    { kind: 'mask', id: 'm', field: '/app_secret', mask: '******', source: src },
    { kind: 'never-echo', id: 'n', fields: ['app_secret'], source: src },
  ];
  const o = op({ id: 'Op', rules });
  const sent = { kind: 'json' as const, value: { name: 'app_one', app_secret: 'S3cret_value!' } };
  it('masking wants exactly the mask, and never prints the value', () => {
    expect(run('masking', ctx(o), exchange({}, 200, { app_secret: '******' }))).toHaveLength(0);
    const f = run('masking', ctx(o), exchange({}, 200, { app_secret: 'abcdefgh12' }));
    expect(f).toHaveLength(1);
    expect(JSON.stringify(f)).not.toContain('abcdefgh12');
    expect(run('masking', ctx(o), exchange({}, 200, { app_secret: '****' }))).toHaveLength(1);
  });
  it('secret-leak finds a sent app_secret raw, JSON-escaped, URL-encoded or base64, in body or headers', () => {
    const s = 'S3cret_value!';
    for (const leaked of [s, encodeURIComponent(s), Buffer.from(s).toString('base64')]) {
      expect(run('secret-leak', ctx(o), exchange({ body: sent }, 400, { error_msg: `bad ${leaked}` }))).toHaveLength(1);
    }
    expect(run('secret-leak', ctx(o), exchange({ body: sent }, 201, { app_secret: '******' }, {}, { 'content-type': 'application/json', 'x-debug': s }))).toHaveLength(1);
    expect(run('secret-leak', ctx(o), exchange({ body: sent }, 201, { name: 'app_one', app_secret: '******' }))).toHaveLength(0);
  });
  it('secret-leak finds known secrets (token, fixture values) and ignores values also sent in ordinary fields', () => {
    const token = 'tok-1234567890';
    expect(run('secret-leak', ctx(o, { knownSecrets: [token] }), exchange({}, 401, { error_msg: `token ${token} invalid` }))).toHaveLength(1);
    const same = { kind: 'json' as const, value: { name: 'Same_value1', app_secret: 'Same_value1' } };
    expect(run('secret-leak', ctx(o), exchange({ body: same }, 201, { name: 'Same_value1', app_secret: '******' }))).toHaveLength(0);
  });
  it('secret-leak reports a value listed twice among the known secrets once, and each distinct one', () => {
    const token = 'tok-1234567890';
    const other = 'fixture-secret-value';
    const leaked = exchange({}, 401, { error_msg: `token ${token} invalid, also ${other}` });
    const found = run('secret-leak', ctx(o, { knownSecrets: [token, other, token] }), leaked);
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining('known secret #1'), expect.stringContaining('known secret #2')]);
  });
  it('metadata-only flags value-bearing properties anywhere and known secret values', () => {
    const m = op({ id: 'Show', rules: [{ kind: 'metadata-only', id: 'x', forbiddenProperties: ['secret_string', 'secret_binary'], source: src }] });
    expect(run('metadata-only', ctx(m), exchange({}, 200, { secret: { name: 'a', state: 'ENABLED' } }))).toHaveLength(0);
    expect(run('metadata-only', ctx(m), exchange({}, 200, { secret: { name: 'a', secret_string: 'x' } }))).toHaveLength(1);
    expect(run('metadata-only', ctx(m, { knownSecrets: ['pa55word-value'] }), exchange({}, 200, { secret: { name: 'a', note: 'pa55word-value' } }))).toHaveLength(1);
    // an error body is judged by secret-leak, not here
    expect(run('metadata-only', ctx(m, { knownSecrets: ['pa55word-value'] }), exchange({}, 401, { error_msg: 'pa55word-value' }))).toHaveLength(0);
  });
});

describe('auth-required', () => {
  const o = op({
    id: 'Op',
    authFailureStatuses: [401, 403],
    responses: [
      { status: 200, description: '', source: src, schema: { type: 'object', required: ['version_id', 'secret_name'] } },
      { status: 401, description: '', source: src },
      { status: 403, description: '', source: src },
    ],
  });
  it('accepts each documented auth failure, flags anything else and resource data', () => {
    expect(run('auth-required', ctx(o), exchange({ auth: 'none', expect: 'reject' }, 401, { error_code: 'x' }))).toHaveLength(0);
    expect(run('auth-required', ctx(o), exchange({ auth: 'wrong', expect: 'reject' }, 403, { error_code: 'x' }))).toHaveLength(0);
    expect(run('auth-required', ctx(o), exchange({ auth: 'wrong', expect: 'reject' }, 200, { version_id: 'v2' }))).toHaveLength(1);
    expect(run('auth-required', ctx(o), exchange({ auth: 'none', expect: 'reject' }, 401, { version_id: 'v2', secret_name: 's' }))).toHaveLength(1);
    expect(run('auth-required', ctx(o), exchange({}, 200, {}))).toHaveLength(0);
  });
});

describe('state checks', () => {
  it('state-rotation flags a version id seen before on the same secret', () => {
    const o = op({ id: 'Rotate', rules: [{ kind: 'new-version', id: 'v', field: '/version_id', source: src }] });
    const first = exchange({ operationId: 'Rotate' }, 200, { version_id: 'v2' });
    expect(run('state-rotation', ctx(o, { history: [first] }), exchange({ operationId: 'Rotate' }, 200, { version_id: 'v3' }))).toHaveLength(0);
    expect(run('state-rotation', ctx(o, { history: [first] }), exchange({ operationId: 'Rotate' }, 200, { version_id: 'v2' }))).toHaveLength(1);
    // another secret's history does not count
    const other = { ...first, pathParams: { id: 'other' } };
    expect(run('state-rotation', ctx(o, { history: [other] }), exchange({ operationId: 'Rotate' }, 200, { version_id: 'v2' }))).toHaveLength(0);
  });
  it('state-common-not-rotatable wants a 4xx on the COMMON fixture only', () => {
    const o = op({ id: 'Rotate', rules: [{ kind: 'refuse-secret-type', id: 'c', secretType: 'COMMON', fixture: 'csms.commonSecret', source: src }] });
    const c = ctx(o, { fixtures: { 'csms.commonSecret': 'common-one' } });
    const onCommon = { pathParams: { id: 'common-one' } };
    expect(run('state-common-not-rotatable', c, exchange({}, 400, {}, onCommon))).toHaveLength(0);
    expect(run('state-common-not-rotatable', c, exchange({}, 200, { version_id: 'v2' }, onCommon))).toHaveLength(1);
    expect(run('state-common-not-rotatable', c, exchange({}, 200, { version_id: 'v2' }))).toHaveLength(0);
  });
  it('state-reset-advances: never backwards; equal only when the calls were under 1.1 s apart', () => {
    const o = op({ id: 'Reset', rules: [{ kind: 'advances', id: 'a', field: '/update_time', after: '/register_time', source: src }] });
    const prev = exchange({ operationId: 'Reset' }, 200, { update_time: '2024-01-01T00:00:01Z' }, { sentAt: 0 });
    const at = (t: string, sentAt: number) => exchange({ operationId: 'Reset' }, 200, { update_time: t, register_time: '2017-12-28T12:26:54Z' }, { sentAt });
    expect(run('state-reset-advances', ctx(o, { history: [prev] }), at('2024-01-01T00:00:01Z', 500))).toHaveLength(0);
    expect(run('state-reset-advances', ctx(o, { history: [prev] }), at('2024-01-01T00:00:01Z', 1500))).toHaveLength(1);
    expect(run('state-reset-advances', ctx(o, { history: [prev] }), at('2024-01-01T00:00:00.999999999Z', 100))).toHaveLength(1);
    expect(run('state-reset-advances', ctx(o, { history: [prev] }), at('2024-01-01T08:00:01+08:00', 1500))).toHaveLength(1);
    expect(run('state-reset-advances', ctx(o, { history: [prev] }), at('2024-01-01T00:00:01.0000001Z', 1500))).toHaveLength(0);
    // never earlier than the rule's `after` timestamp of the same answer, and only when the rule names one
    expect(run('state-reset-advances', ctx(o), at('2017-12-28T12:00:00Z', 0)).map((f) => f.message)).toEqual(['update_time is earlier than register_time']);
    // register_time is given to the second: one rounded up is within a second of a reset right after
    expect(run('state-reset-advances', ctx(o), at('2017-12-28T12:26:53.2Z', 0))).toHaveLength(0);
    expect(run('state-reset-advances', ctx(o), at('2017-12-28T12:26:53Z', 0))).toHaveLength(1);
    const without = op({ id: 'Reset', rules: [{ kind: 'advances', id: 'a', field: '/update_time', source: src }] });
    expect(run('state-reset-advances', ctx(without), at('2017-12-28T12:00:00Z', 0))).toHaveLength(0);
  });
  it('state-certificate-immutable: reflects name/description, keeps the rest, and a refusal is fine', () => {
    const o = op({ id: 'Upd', rules: [{ kind: 'only-changes', id: 'o', mutable: ['name', 'description'], immutable: ['certificate', 'private_key', 'domain'], source: src }] });
    const base = { name: 'a', description: 'd', certificate: 'CERT', private_key: 'KEY', domain: null };
    const prev = exchange({ operationId: 'Upd' }, 200, base);
    const body = (v: object) => ({ body: { kind: 'json' as const, value: v }, operationId: 'Upd' });
    expect(run('state-certificate-immutable', ctx(o, { history: [prev] }), exchange(body({ name: 'b' }), 200, { ...base, name: 'b' }))).toHaveLength(0);
    expect(run('state-certificate-immutable', ctx(o, { history: [prev] }), exchange(body({ name: 'b' }), 200, base))).toHaveLength(1);
    // "" may mean "not given"; trimmed whitespace is no change of meaning
    expect(run('state-certificate-immutable', ctx(o, { history: [prev] }), exchange(body({ name: '' }), 200, base))).toHaveLength(0);
    expect(run('state-certificate-immutable', ctx(o, { history: [prev] }), exchange(body({ description: ' d2 ' }), 200, { ...base, description: 'd2' }))).toHaveLength(0);
    expect(run('state-certificate-immutable', ctx(o, { history: [prev] }), exchange(body({ name: 'b', certificate: 'NEW' }), 200, { ...base, name: 'b', certificate: 'NEW' }))).toHaveLength(1);
    expect(run('state-certificate-immutable', ctx(o, { history: [prev] }), exchange(body({ name: 'b', certificate: 'NEW' }), 200, { ...base, name: 'b' }))).toHaveLength(0);
    expect(run('state-certificate-immutable', ctx(o, { history: [prev] }), exchange(body({ certificate: 'NEW' }), 400, { error: {} }))).toHaveLength(0);
  });
});

describe('identifies-resource', () => {
  it('wants the resource named in the path, and leaves absence to the schema check', () => {
    const o = op({ id: 'Show', rules: [{ kind: 'identifies', id: 'i', param: 'id', field: '/secret/name', source: src }] });
    expect(run('identifies-resource', ctx(o), exchange({}, 200, { secret: { name: 'abc' } }))).toHaveLength(0);
    expect(run('identifies-resource', ctx(o), exchange({}, 200, { secret: { name: 'other' } }))).toHaveLength(1);
    expect(run('identifies-resource', ctx(o), exchange({}, 200, { secret: {} }))).toHaveLength(0);
    expect(run('identifies-resource', ctx(o), exchange({}, 404, { secret: { name: 'other' } }))).toHaveLength(0);
  });
});

describe('toNanos', () => {
  it('orders ISO times with 0–9 fractional digits and offsets, and integer epochs', () => {
    expect(toNanos('2017-12-28T12:26:54.2345858Z')! > toNanos('2017-12-28T12:26:54.234585Z')!).toBe(true);
    expect(toNanos('2017-12-28T20:26:54+08:00')).toBe(toNanos('2017-12-28T12:26:54Z'));
    expect(toNanos('2016-06-27 08:14:42')).toBeDefined();
    expect(toNanos(1581507580000)).toBe(1581507580000n * 1_000_000n);
    expect(toNanos('yesterday')).toBeUndefined();
  });
});
