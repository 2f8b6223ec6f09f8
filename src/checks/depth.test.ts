/**
 * The depth checks (issue 12) on hand-built exchanges: each passes what the documents allow and
 * flags the one thing they rule out. Operations are built inline, as in checks.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Case } from '../cases/types.ts';
import type { Exchange } from '../execute/types.ts';
import type { JsonSchema, Operation, ResponseSpec, Rule } from '../spec/types.ts';
import { decodedContainers, maskNeighbours, partialMask } from './nested-secrets.ts';
import { CHECKS } from './registry.ts';
import type { CheckContext, OptionalEvidence } from './types.ts';

const src = { doc: 'seed.txt', table: '表 1' };

function op(rules: Rule[], extra: Partial<Operation> = {}): Operation {
  const responses: ResponseSpec[] = [200, 400, 401, 403, 404, 500].map((status) => ({ status, description: '', source: src }));
  return {
    id: 'Op', service: 'apig', method: 'PUT', path: '/x/{id}', summary: '', params: [], responses, successStatus: 200,
    authFailureStatuses: [401], notFoundStatuses: [400, 404], mutating: true, rules, source: src, raw: {}, ...extra,
  };
}

let n = 0;
function ex(body: Record<string, unknown> | undefined, status: number, answer: unknown, c: Partial<Case> = {}, headers: Record<string, string> = {}): Exchange {
  return {
    case: { id: `c${++n}`, operationId: 'Op', expect: 'accept', origin: 'boundary', body: body ? { kind: 'json', value: body } : { kind: 'none' }, note: 'n', ...c },
    request: { method: 'PUT', url: 'http://127.0.0.1/x/abc', headers: { 'x-auth-token': 'the-right-token-123' } },
    response: { status, headers: { 'content-type': 'application/json', ...headers }, text: JSON.stringify(answer), json: answer },
    pathParams: { id: 'abc' },
    sentAt: 0,
    elapsedMs: 1,
  };
}

const ctx = (operation: Operation, more: Partial<CheckContext> = {}): CheckContext => ({
  operation, operations: new Map(), knownSecrets: [], fixtures: {}, history: [], probes: {}, ...more,
});
const run = (name: string, c: CheckContext, e: Exchange) => CHECKS.find((x) => x.name === name)!.run(c, e);

describe('reflects-request', () => {
  const o = op([{ kind: 'reflects', id: 'r', fields: ['name', 'remark'], source: src }]);
  it('passes values as sent, trimmed, and an empty one as null', () => {
    expect(run('reflects-request', ctx(o), ex({ name: '应用_1', remark: ' x ' }, 200, { name: '应用_1', remark: 'x' }))).toEqual([]);
    expect(run('reflects-request', ctx(o), ex({ remark: '' }, 200, { remark: null }))).toEqual([]);
    expect(run('reflects-request', ctx(o), ex({ name: 'abc' }, 200, {}))).toEqual([]);
  });
  it('passes an empty value read as "not given" on an existing resource: its value kept', () => {
    const update = op([{ kind: 'reflects', id: 'r', fields: ['name'], source: src }], {
      params: [{ name: 'id', in: 'path', required: true, fixture: 'elb.certificateId', schema: { type: 'string' }, source: src }],
    });
    expect(run('reflects-request', ctx(update), ex({ name: ' ' }, 200, { name: 'kept' }))).toEqual([]);
    expect(run('reflects-request', ctx(update), ex({ name: 'new' }, 200, { name: 'kept' }))).toHaveLength(1);
    expect(run('reflects-request', ctx(o), ex({ name: '' }, 200, { name: 'kept' }))).toHaveLength(1);
  });
  it('flags a cut or re-encoded value, and says where it differs', () => {
    const [cut] = run('reflects-request', ctx(o), ex({ remark: 'r'.repeat(200) }, 200, { remark: 'r'.repeat(100) }));
    expect(cut?.message).toMatch(/cut to 100 of 200 characters/);
    const [mojibake] = run('reflects-request', ctx(o), ex({ name: '应用' }, 200, { name: Buffer.from('应用').toString('latin1') }));
    expect(mojibake?.message).toMatch(/first difference at character 1 \(sent U\+5E94/);
  });
  it('judges neither either-probes nor refusals', () => {
    expect(run('reflects-request', ctx(o), ex({ name: 'a\u0001b' }, 200, { name: 'ab' }, { expect: 'either' }))).toEqual([]);
    expect(run('reflects-request', ctx(o), ex({ name: 'abc' }, 400, { name: 'x' }))).toEqual([]);
  });
});

describe('state-unchanged', () => {
  const o = op([{ kind: 'unchanged', id: 'u', fields: ['app_key', 'register_time'], source: src }]);
  const first = ex(undefined, 200, { app_key: 'k1', register_time: '2017-12-28T12:26:54Z', app_secret: '******' });
  it('passes kept values, the same instant written another way, and no earlier call', () => {
    const same = ex(undefined, 200, { app_key: 'k1', register_time: '2017-12-28T20:26:54.000+08:00' });
    expect(run('state-unchanged', ctx(o, { history: [first] }), same)).toEqual([]);
    expect(run('state-unchanged', ctx(o), same)).toEqual([]);
  });
  it('passes an unset value written another way (null for "", NOTES.md "Unset optional values")', () => {
    const unset = op([{ kind: 'unchanged', id: 'u', fields: ['remark'], source: src }]);
    const before = ex(undefined, 200, { remark: '' });
    expect(run('state-unchanged', ctx(unset, { history: [before] }), ex(undefined, 200, { remark: null }))).toEqual([]);
    expect(run('state-unchanged', ctx(unset, { history: [before] }), ex(undefined, 200, { remark: 'set' }))).toHaveLength(1);
  });
  it('flags a listed field that changed', () => {
    const f = run('state-unchanged', ctx(o, { history: [first] }), ex(undefined, 200, { app_key: 'k2', register_time: '2017-12-28T12:26:54Z' }));
    expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/^app_key changed/)]);
  });
});

describe('state-refusal-changes-nothing', () => {
  const o = op([{ kind: 'reflects', id: 'r', fields: ['name', 'description'], source: src }]);
  const set = ex({ name: 'before' }, 200, { name: 'before', description: 'd' });
  const refused = ex({ name: 'refused', description: '<b>' }, 400, { error: 'x' }, { expect: 'reject' });
  it('flags a value of a refused request stored anyway', () => {
    const f = run('state-refusal-changes-nothing', ctx(o, { history: [set, refused] }), ex({}, 200, { name: 'refused', description: 'd' }));
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/name holds the value of a request refused with HTTP 400/);
  });
  it('passes what was there before, and a later request that sets the field itself', () => {
    expect(run('state-refusal-changes-nothing', ctx(o, { history: [set, refused] }), ex({}, 200, { name: 'before', description: 'd' }))).toEqual([]);
    expect(run('state-refusal-changes-nothing', ctx(o, { history: [set, refused] }), ex({ name: 'refused' }, 200, { name: 'refused' }))).toEqual([]);
  });
});

describe('state-refusal-changes-nothing, seen by a read operation', () => {
  const read = op([], { id: 'Show', method: 'GET', mutating: false });
  const rotate = op([], { id: 'Rotate', method: 'POST' });
  const operations = new Map([['Show', read], ['Rotate', rotate]]);
  const at = (e: Exchange, operationId: string): Exchange => ({ ...e, case: { ...e.case, operationId } });
  const shown = (t: number) => at(ex(undefined, 200, { secret: { name: 's', update_time: t } }), 'Show');
  it('flags a field a refused call changed', () => {
    const history = [shown(1), at(ex(undefined, 400, {}), 'Rotate')];
    const f = run('state-refusal-changes-nothing', ctx(read, { operations, history }), shown(2));
    expect(f[0]?.message).toMatch(/after Rotate was refused with HTTP 400 .* shows \/secret\/update_time changed/);
  });
  it('passes the same answer, and a change that a successful call explains', () => {
    expect(run('state-refusal-changes-nothing', ctx(read, { operations, history: [shown(1), at(ex(undefined, 400, {}), 'Rotate')] }), shown(1))).toEqual([]);
    const history = [shown(1), at(ex(undefined, 200, {}), 'Rotate'), at(ex(undefined, 400, {}), 'Rotate')];
    expect(run('state-refusal-changes-nothing', ctx(read, { operations, history }), shown(2))).toEqual([]);
  });
});

describe('optional-feature-consistent', () => {
  const o = op([], {
    requestBody: { required: true, source: src, schema: { type: 'object', properties: { app_key: { type: 'string', 'x-hwc-region-optional': true } as JsonSchema } } },
  });
  const evidence = (e: Partial<OptionalEvidence>, sent: [string, number][] = []) => ({ optional: new Map([['Op.app_key', { sent: new Map(sent), ...e }]]) });
  const custom = (status: number, answer: unknown, value = 'key-0001') => ex({ app_key: value }, status, answer, { regionOptional: ['app_key'] });
  it('flags a valid value refused after another was accepted, naming both cases', () => {
    const f = run('optional-feature-consistent', ctx(o, { probes: evidence({ accepted: 'c-accepted', duplicateAccepted: 'd' }) }), custom(400, {}));
    expect(f[0]?.message).toMatch(/refused with HTTP 400, though case c-accepted had one accepted/);
  });
  it('flags a value replaced after another came back as sent', () => {
    expect(run('optional-feature-consistent', ctx(o, { probes: evidence({ accepted: 'a', echoed: 'a' }) }), custom(200, { app_key: 'generated' }))).toHaveLength(1);
  });
  it('passes a region that refuses every one or ignores every one, and a duplicate refused', () => {
    expect(run('optional-feature-consistent', ctx(o, { probes: evidence({ refused: 'r' }) }), custom(400, {}))).toEqual([]);
    expect(run('optional-feature-consistent', ctx(o, { probes: evidence({ accepted: 'a', changed: 'a' }) }), custom(200, { app_key: 'generated' }))).toEqual([]);
    expect(run('optional-feature-consistent', ctx(o, { probes: evidence({ accepted: 'a', duplicateAccepted: 'd' }, [['key-0001', 2]]) }), custom(400, {}))).toEqual([]);
    // a target never seen to take a duplicate may be refusing an earlier run's value
    expect(run('optional-feature-consistent', ctx(o, { probes: evidence({ accepted: 'a' }) }), custom(400, {}))).toEqual([]);
  });
});

describe('secrets in hiding places', () => {
  const o = op([{ kind: 'never-echo', id: 'n', fields: ['app_secret'], source: src }]);
  const secret = 'Hide_me_12345';
  it('finds a secret inside a base64 JSON container, and a partial mask', () => {
    const trace = Buffer.from(JSON.stringify({ app_secret: secret })).toString('base64');
    expect(decodedContainers(`{"trace":"${trace}"}`).some((t) => t.includes(secret))).toBe(true);
    expect(run('secret-leak', ctx(o), ex({ app_secret: secret }, 200, { trace }))[0]?.message).toMatch(/inside a base64-encoded container/);
    expect(partialMask(maskNeighbours('hint: Hid******345'), secret)).toBeDefined();
    expect(run('secret-leak', ctx(o), ex({ app_secret: secret }, 200, {}, {}, { 'x-hint': 'Hid******345' }))[0]?.message).toMatch(/partly shown beside a mask/);
  });
  it('finds a secret written with JSON escapes a plain search cannot read (\\u0041, \\/)', () => {
    const text = '{"note":"' + [...secret].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('') + '"}';
    const e = ex({ app_secret: secret }, 200, JSON.parse(text));
    const escaped = { ...e, response: { ...e.response, text } };
    expect(escaped.response.text).not.toContain(secret);
    expect(run('secret-leak', ctx(o), escaped)[0]?.message).toMatch(/written with JSON escapes/);
  });

  it('a mask alone, or one that shows too little, is no leak', () => {
    expect(partialMask(maskNeighbours('"app_secret":"******"'), secret)).toBeUndefined();
    expect(partialMask(maskNeighbours('H******5'), secret)).toBeUndefined();
    expect(run('secret-leak', ctx(o), ex({ app_secret: secret }, 200, { app_secret: '******', id: 'c0f0a1b2c3d4e5f60718293a4b5c6d7e' }))).toEqual([]);
  });
  it('finds a secret an earlier request set, but not one the current request sends in an ordinary field', () => {
    const earlier = { probes: { sentSecrets: ['Earlier_12345'] } };
    expect(run('secret-leak', ctx(o, earlier), ex({ name: 'x' }, 201, { last_app_secret: 'Earlier_12345' }))[0]?.message).toMatch(/an earlier request of the run set/);
    expect(run('secret-leak', ctx(o, earlier), ex({ name: 'Earlier_12345' }, 201, { name: 'Earlier_12345' }))).toEqual([]);
  });
  it('an earlier short secret inside a value the run sent in an ordinary field (a stored name read back) is no leak', () => {
    const chance = { probes: { sentSecrets: ['technolo'], sentValues: ['technologist公司'] } };
    expect(run('secret-leak', ctx(o, chance), ex(undefined, 200, { name: 'technologist公司' }))).toEqual([]);
    // the same answer without that ordinary value sent is still a leak
    expect(run('secret-leak', ctx(o, { probes: { sentSecrets: ['technolo'] } }), ex(undefined, 200, { name: 'technologist公司' }))[0]?.message).toMatch(/an earlier request of the run set/);
  });

  it('finds the token the request carried, the wrong one of an auth case too', () => {
    const wrong = ex(undefined, 401, { error_msg: 'token the-right-token-123 is not valid' }, { auth: 'wrong' });
    expect(run('secret-leak', ctx(o), wrong)[0]?.message).toMatch(/X-Auth-Token sent/);
  });
});

describe('reads-back', () => {
  const rule: Rule = { kind: 'reads-back', id: 'rb', observer: 'List', bind: {}, items: '/items', key: '/id', fields: ['/id', '/name'], times: [], source: src };
  const o = op([rule]);
  const observe = (call: unknown, listed: unknown) =>
    CHECKS.find((x) => x.name === 'reads-back')!.observe!(ctx(o, { history: [ex({}, 200, call)] }), ex(undefined, 200, listed, { operationId: 'List' }));
  it('passes the record listed as the call answered it, whatever else is listed', () => {
    expect(observe({ id: 'a', name: 'n' }, { items: [{ id: 'b', name: 'x' }, { id: 'a', name: 'n', extra: 1 }] })).toEqual({ failures: [] });
  });
  it('flags a record stored otherwise, and one not listed at all', () => {
    expect(observe({ id: 'a', name: 'n' }, { items: [{ id: 'a', name: 'stale' }] }).failures).toHaveLength(1);
    expect(observe({ id: 'a', name: 'n' }, { items: [{ id: 'b', name: 'n' }] }).failures).toHaveLength(1);
  });
  it('compares times as instants within a second: fractions dropped and another offset pass, a later time fails', () => {
    const timed = op([{ kind: 'reads-back', id: 'rb', observer: 'Show', bind: {}, fields: [], times: ['/t'], source: src }]);
    const seen = (call: unknown, shownBody: unknown) =>
      CHECKS.find((x) => x.name === 'reads-back')!.observe!(ctx(timed, { history: [ex({}, 200, call)] }), ex(undefined, 200, shownBody, { operationId: 'Show' }));
    expect(seen({ t: '2020-01-01T12:26:54.2345858Z' }, { t: '2020-01-01T12:26:54Z' })).toEqual({ failures: [] });
    expect(seen({ t: '2020-01-01T12:26:54Z' }, { t: '2020-01-01T20:26:54+08:00' })).toEqual({ failures: [] });
    expect(seen({ t: '2020-01-01T12:26:54Z' }, { t: '2020-01-01T12:26:56Z' }).failures).toHaveLength(1);
    expect(seen({ t: '2020-01-01T12:26:54Z' }, { t: null }).failures).toHaveLength(1);
  });
  it('does not judge when the call answered no key: it names no record to look for', () => {
    for (const call of [{ name: 'n' }, { id: null, name: 'n' }]) {
      const v = observe(call, { items: [{ id: 'b', name: 'x' }] });
      expect(v).toEqual({ failures: [], unjudged: 'Op answered no id' });
    }
  });
});

describe('state-refusal-changes-nothing: what is evidence', () => {
  const check = CHECKS.find((x) => x.name === 'state-refusal-changes-nothing')!;
  const o = op([{ kind: 'reflects', id: 'r', fields: ['name'], source: src }]);
  const read = op([], { id: 'Show', method: 'GET', mutating: false });
  const operations = new Map([['Op', o], ['Show', read]]);
  const set = ex({ name: 'before' }, 200, { name: 'before' });
  const refused = ex({ name: 'refused' }, 400, { error: 'x' }, { expect: 'reject' });
  const shown = (): Exchange => {
    const e = ex(undefined, 200, { name: 'before' });
    return { ...e, case: { ...e.case, operationId: 'Show' } };
  };
  const judges = (operation: Operation, history: Exchange[], e: Exchange) => check.judges!(e, ctx(operation, { operations, history }));
  it('an answer with a success before a refused call on the same resource', () => {
    expect(judges(o, [set, refused], ex({}, 200, { name: 'before' }))).toBe(true);
    expect(judges(read, [shown(), refused], shown())).toBe(true);
  });
  it('not an answer with nothing from before the refusal to compare with', () => {
    expect(judges(o, [refused], ex({}, 200, { name: 'before' }))).toBe(false);
    expect(judges(o, [set], ex({}, 200, { name: 'before' }))).toBe(false);
    expect(judges(read, [refused], shown())).toBe(false);
    expect(judges(read, [shown(), set, refused], shown())).toBe(false);
  });
});
