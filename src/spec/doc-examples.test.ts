/**
 * (a) Every request and response example of the five documents is valid under the spec: a
 * service that answers exactly like its own documentation must never fail the schema check.
 * Where an example is valid only because of a reading in specs/NOTES.md, a second test pins
 * that reading, so tightening the schema later breaks a test instead of raising false alarms.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSchema, findOperation, loadSpecs, type Operation, type Spec } from './index.ts';

interface DocExample {
  readonly doc: string;
  readonly operationId: string;
  readonly kind: 'request' | 'response';
  readonly status?: number;
  readonly section: string;
  /** verbatim from the document */
  readonly text: string;
}

const { examples } = JSON.parse(readFileSync(new URL('./testdata/doc-examples.json', import.meta.url), 'utf8')) as {
  examples: DocExample[];
};

let specs: Spec[];
beforeAll(async () => {
  specs = await loadSpecs();
});

function op(id: string): Operation {
  const found = findOperation(specs, id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
}

function example(operationId: string, kind: DocExample['kind']): Record<string, unknown> {
  const e = examples.find((x) => x.operationId === operationId && x.kind === kind);
  if (!e) throw new Error(`no ${kind} example for ${operationId}`);
  return JSON.parse(e.text) as Record<string, unknown>;
}

/**
 * The one place an example contradicts its own table in a way the specs side with the table:
 * ShowSecret's ENABLED secret carries a scheduled_delete_time, which 表 4 says is null when no
 * deletion is scheduled (NOTES.md, "CSMS scheduled_delete_time"). Validated with the table's value.
 */
function consistent(operationId: string, body: Record<string, any>): Record<string, unknown> {
  if (operationId !== 'ShowSecret') return body;
  return { ...body, secret: { ...body.secret, scheduled_delete_time: null } };
}

describe('document examples', () => {
  it('covers every example block of the five documents', () => {
    expect(examples.map((e) => `${e.operationId} ${e.kind}`)).toEqual([
      'ResetAppSecret request',
      'ResetAppSecret response',
      'CreateApp request',
      'CreateApp response',
      'UpdateCertificate request',
      'UpdateCertificate response',
      'RotateSecret response',
      'ShowSecret response',
    ]);
  });

  it.each(examples.filter((e) => e.kind === 'response').map((e) => [`${e.operationId} ${e.status}`, e] as const))(
    '%s response example is valid',
    (_, e) => {
      const response = op(e.operationId).responses.find((r) => r.status === e.status);
      expect(response?.validate, `${e.operationId} documents ${e.status} with a schema`).toBeDefined();
      expect(response!.validate!(consistent(e.operationId, JSON.parse(e.text)))).toEqual([]);
    },
  );

  it.each(examples.filter((e) => e.kind === 'request').map((e) => [e.operationId, e] as const))(
    '%s request example is valid',
    (_, e) => {
      const body = op(e.operationId).requestBody;
      expect(body).toBeDefined();
      expect(compileSchema(body!.schema)(JSON.parse(e.text))).toEqual([]);
    },
  );
});

describe('readings the examples depend on (specs/NOTES.md)', () => {
  const validate = (id: string, status: number) => op(id).responses.find((r) => r.status === status)!.validate!;

  it('ELB: domain is null in the example though 表 2 says String', () => {
    const body = example('UpdateCertificate', 'response');
    expect(body.domain).toBeNull();
    expect(validate('UpdateCertificate', 200)({ ...body, domain: 'www.example.com' })).toEqual([]);
    expect(validate('UpdateCertificate', 200)({ ...body, domain: 42 })).not.toEqual([]);
  });

  it('ELB: times have no zone ("2016-06-27 08:14:42")', () => {
    const body = example('UpdateCertificate', 'response');
    expect(body.create_time).toBe('2016-06-27 08:14:42');
    expect(validate('UpdateCertificate', 200)({ ...body, create_time: '2016-06-27T08:14:42Z' })).not.toEqual([]);
  });

  it('ShowSecret: the table says seconds, the example holds milliseconds; both are accepted', () => {
    const body = consistent('ShowSecret', example('ShowSecret', 'response')) as { secret: Record<string, unknown> };
    expect(body.secret.create_time).toBe(1581507580000);
    const seconds = { secret: { ...body.secret, create_time: 1581507580, update_time: 1581507580 } };
    expect(validate('ShowSecret', 200)(seconds)).toEqual([]);
    expect(validate('ShowSecret', 200)({ secret: { ...body.secret, create_time: '1581507580' } })).not.toEqual([]);
  });

  it('ShowSecret: rotation_config is not JSON in the example and is not required to be', () => {
    const body = consistent('ShowSecret', example('ShowSecret', 'response')) as { secret: Record<string, unknown> };
    expect(() => JSON.parse(body.secret.rotation_config as string)).toThrow();
    expect(validate('ShowSecret', 200)(body)).toEqual([]);
  });

  it('ShowSecret: the example sets scheduled_delete_time on an ENABLED secret; the table (null unless scheduled) decides', () => {
    const body = example('ShowSecret', 'response') as { secret: Record<string, unknown> };
    expect(body.secret.state).toBe('ENABLED');
    expect(body.secret.scheduled_delete_time).toBe(1581507580000);
    expect(validate('ShowSecret', 200)(body)).not.toEqual([]);
    expect(validate('ShowSecret', 200)({ secret: { ...body.secret, scheduled_delete_time: null } })).toEqual([]);
    expect(validate('ShowSecret', 200)({ secret: { ...body.secret, scheduled_delete_time: 0 } })).not.toEqual([]);
    expect(validate('ShowSecret', 200)({ secret: { ...body.secret, state: 'PENDING_DELETE' } })).toEqual([]);
    expect(validate('ShowSecret', 200)({ secret: { ...body.secret, state: 'PENDING_DELETE', scheduled_delete_time: null } })).not.toEqual([]);
  });

  it('ShowSecret: next_rotation_time − rotation_time is 17 h while rotation_period is 1d; no rule ties them', () => {
    const { secret } = example('ShowSecret', 'response') as { secret: Record<string, number | string> };
    expect(((secret.next_rotation_time as number) - (secret.rotation_time as number)) / 3_600_000).toBe(17);
    expect(secret.rotation_period).toBe('1d');
  });

  it('APIG: example times carry 0, 3 and 7 fractional digits', () => {
    expect(example('ResetAppSecret', 'response').register_time).toBe('2017-12-28T12:26:54Z');
    expect(example('ResetAppSecret', 'response').update_time).toBe('2017-12-28T12:29:35.571Z');
    expect(example('CreateApp', 'response').register_time).toBe('2017-12-28T12:26:54.2345858Z');
  });

  it('APIG: ResetAppSecret example has no app_type (CreateApp has); extra fields are allowed', () => {
    expect(example('ResetAppSecret', 'response')).not.toHaveProperty('app_type');
    expect(validate('ResetAppSecret', 200)({ ...example('ResetAppSecret', 'response'), app_type: 'apig' })).toEqual([]);
  });

  it('CSMS: RotateSecret page nests the error body, ShowSecret page does not; both pages accept both', () => {
    const nested = { error: { error_code: 'CSMS.0401', error_msg: 'Invalid token' } };
    const flat = { error_code: 'CSMS.0401', error_msg: 'Invalid token' };
    for (const id of ['RotateSecret', 'ShowSecret']) {
      for (const status of [400, 401, 403, 404, 500, 502, 504]) {
        expect(validate(id, status)(nested)).toEqual([]);
        expect(validate(id, status)(flat)).toEqual([]);
        expect(validate(id, status)({ message: 'no code' })).not.toEqual([]);
      }
    }
  });
});
