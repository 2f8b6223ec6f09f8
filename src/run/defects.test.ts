/**
 * Defects the emulator's fault catalogue does not plant, each one rewrite of an otherwise
 * conforming emulator: the suite must catch every one with the check that owns the rule, on the
 * operations the defect touches, and blame no other operation. They probe whether the checks
 * are general or only tuned to the catalogue.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { OperationName } from '../emulator/index.ts';
import { isSuccess, jsonOf, jsonResponse, mapJson, withHeader, type ProxyRequest, type ProxyResponse, type Transform } from '../test-support/proxy.ts';
import { OPERATION_IDS, background, blamed, explain, runAgainst } from '../test-support/target.ts';
import type { RunResult } from './types.ts';

type Json = Record<string, any>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const APIG = new Set<string>(['CreateApp', 'ResetAppSecret']);
const CSMS = new Set<string>(['RotateSecret', 'ShowSecret']);

interface Defect {
  readonly transform: Transform;
  readonly check: string;
  readonly operations: readonly OperationName[];
}

/** In-flight RotateSecret requests by secret, and the answer each waits for (the coalescing defect below). */
const pendingRotations = new Map<string, Promise<ProxyResponse>>();
const leaders = new WeakMap<ProxyRequest, (res: ProxyResponse) => void>();

const DEFECTS: readonly Defect[] = [
  {
    // Concurrency (issue 12): invisible to calls one after the other, seen only by a burst.
    check: 'state-rotation',
    operations: ['RotateSecret'],
    transform: {
      name: 'rotations of one secret sent at the same moment all get the one new version (in-flight requests coalesced)',
      request: async (req) => {
        if (req.operation !== 'RotateSecret') return req;
        const key = req.params.secret_name!;
        const pending = pendingRotations.get(key);
        if (pending) return pending;
        pendingRotations.set(key, new Promise((resolve) => leaders.set(req, resolve)));
        return req;
      },
      response: async (res, req) => {
        const resolve = leaders.get(req);
        if (!resolve) return res;
        // the first answer is held a moment, and given to every rotation that arrived meanwhile
        await new Promise((r) => setTimeout(r, 50));
        pendingRotations.delete(req.params.secret_name!);
        resolve(res);
        return res;
      },
    },
  },
  {
    // A hiding place (issue 12): every character of the echoed secret written as \uXXXX.
    check: 'secret-leak',
    operations: ['CreateApp'],
    transform: {
      name: 'CreateApp echoes the app_secret sent with every character \\u-escaped',
      response: (res, req) => {
        const secret = (jsonOf(req.body) as Json | undefined)?.app_secret;
        if (req.operation !== 'CreateApp' || !isSuccess(res) || typeof secret !== 'string') return res;
        const escaped = [...secret].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
        return { ...res, body: res.body.replace(/}\s*$/, `,"requested_secret":"${escaped}"}`) };
      },
    },
  },
  {
    check: 'reflects-request',
    operations: ['UpdateCertificate'],
    transform: {
      name: 'UpdateCertificate answers a description over 100 characters cut to 100',
      response: (res, req) =>
        req.operation === 'UpdateCertificate' && isSuccess(res) ? mapJson(res, (b) => ({ ...b, description: typeof b.description === 'string' ? [...b.description].slice(0, 100).join('') : b.description })) : res,
    },
  },
  {
    check: 'state-unchanged',
    operations: ['UpdateCertificate'],
    transform: {
      name: 'UpdateCertificate answers a new create_time on every update',
      response: (res, req, ctx) =>
        req.operation === 'UpdateCertificate' && isSuccess(res)
          ? mapJson(res, (b) => ({ ...b, create_time: `2016-06-27 08:${String(Math.floor(ctx.next('create') / 60) % 60).padStart(2, '0')}:${String(ctx.next('create-s') % 60).padStart(2, '0')}` }))
          : res,
    },
  },
  {
    check: 'optional-feature-consistent',
    operations: ['CreateApp'],
    transform: {
      name: 'CreateApp takes custom app_keys but refuses one holding "-"',
      request: (req) => {
        const key = (jsonOf(req.body) as Json | undefined)?.app_key;
        return req.operation === 'CreateApp' && typeof key === 'string' && key.includes('-') && /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/.test(key)
          ? jsonResponse(400, { error_code: 'APIG.2012', error_msg: 'app_key 不合法' })
          : req;
      },
    },
  },
  {
    check: 'response-schema',
    operations: ['RotateSecret'],
    transform: {
      name: 'RotateSecret leaves secret_name out',
      response: (res, req) => (req.operation === 'RotateSecret' && isSuccess(res) ? mapJson(res, ({ secret_name: _, ...b }) => b) : res),
    },
  },
  {
    check: 'response-schema',
    operations: ['CreateApp'],
    transform: {
      name: 'CreateApp answers creator "ADMIN" (documented: USER or MARKET)',
      response: (res, req) => (req.operation === 'CreateApp' && isSuccess(res) ? mapJson(res, (b) => ({ ...b, creator: 'ADMIN' })) : res),
    },
  },
  {
    check: 'masking',
    operations: ['CreateApp', 'ResetAppSecret'],
    transform: {
      name: 'app_secret masked as "***" instead of "******"',
      response: (res, req) => (req.operation && APIG.has(req.operation) && isSuccess(res) ? mapJson(res, (b) => ({ ...b, app_secret: '***' })) : res),
    },
  },
  {
    check: 'secret-leak',
    operations: ['CreateApp', 'ResetAppSecret', 'UpdateCertificate', 'RotateSecret', 'ShowSecret'],
    transform: {
      name: 'the token echoed in an X-Debug-Token response header',
      response: (res, req) => (req.headers['x-auth-token'] ? withHeader(res, 'X-Debug-Token', req.headers['x-auth-token']) : res),
    },
  },
  {
    check: 'status-documented',
    operations: ['UpdateCertificate'],
    transform: {
      name: 'UpdateCertificate answers 201 (documented: 200)',
      response: (res, req) => (req.operation === 'UpdateCertificate' && res.status === 200 ? { ...res, status: 201 } : res),
    },
  },
  {
    check: 'response-schema',
    operations: ['ShowSecret'],
    transform: {
      name: 'ShowSecret answers event_subscriptions as a string, not a list',
      response: (res, req) =>
        req.operation === 'ShowSecret' && isSuccess(res) ? mapJson(res, (b) => ({ ...b, secret: { ...b.secret, event_subscriptions: 'RDS_SECRET_ROTATION' } })) : res,
    },
  },
  {
    check: 'state-certificate-immutable',
    operations: ['UpdateCertificate'],
    transform: {
      name: 'UpdateCertificate answers a different certificate on every update',
      response: (res, req, ctx) =>
        req.operation === 'UpdateCertificate' && isSuccess(res)
          ? mapJson(res, (b) => ({ ...b, certificate: `${b.certificate}\n# renewed ${ctx.next('certificate')}` }))
          : res,
    },
  },
  {
    check: 'state-common-not-rotatable',
    operations: ['RotateSecret'],
    transform: {
      name: 'RotateSecret rotates the COMMON secret',
      request: (req, ctx) =>
        req.operation === 'RotateSecret' && req.params.secret_name === ctx.fixtures.csms.commonSecret && req.headers['x-auth-token'] === ctx.fixtures.token
          ? jsonResponse(200, { version_id: `v${ctx.next('common') + 1}`, secret_name: req.params.secret_name })
          : req,
    },
  },
  {
    check: 'response-schema',
    operations: ['ShowSecret'],
    transform: {
      name: 'ShowSecret leaves rotation_config out of an RDS secret (required when secret_type is RDS)',
      response: (res, req) =>
        req.operation === 'ShowSecret' && isSuccess(res)
          ? mapJson(res, (b) => {
              const { rotation_config: _, ...secret } = b.secret;
              return { ...b, secret: secret.secret_type === 'RDS' ? secret : b.secret };
            })
          : res,
    },
  },
  {
    check: 'rejects-invalid',
    operations: ['CreateApp'],
    transform: {
      name: 'CreateApp takes any app_key, invalid ones included, and uses it',
      request: (req) => {
        const body = jsonOf(req.body);
        if (req.operation !== 'CreateApp' || !isObject(body) || !('app_key' in body)) return req;
        const { app_key: _, ...rest } = body;
        return { ...req, body: JSON.stringify(rest) };
      },
      response: (res, req) => {
        const key = (jsonOf(req.body) as Json | undefined)?.app_key;
        return req.operation === 'CreateApp' && isSuccess(res) && typeof key === 'string' ? mapJson(res, (b) => ({ ...b, app_key: key })) : res;
      },
    },
  },
  {
    check: 'state-reset-advances',
    operations: ['ResetAppSecret'],
    transform: {
      name: 'ResetAppSecret answers an update_time a day before register_time',
      response: (res, req) =>
        req.operation === 'ResetAppSecret' && isSuccess(res)
          ? mapJson(res, (b) => ({ ...b, update_time: new Date(Date.parse(b.register_time) - 86_400_000).toISOString() }))
          : res,
    },
  },
  {
    check: 'error-shape',
    operations: ['RotateSecret', 'ShowSecret'],
    transform: {
      name: 'CSMS error_code is a number, not a string',
      response: (res, req) => {
        if (!req.operation || !CSMS.has(req.operation) || res.status < 400) return res;
        const numeric = (e: Json): Json => ({ ...e, error_code: Number(String(e.error_code).replace(/\D/g, '')) });
        return mapJson(res, (b) => (isObject(b.error) ? { ...b, error: numeric(b.error) } : numeric(b)));
      },
    },
  },
];

describe('a defect the fault catalogue does not plant is caught', () => {
  const runs = new Map<Defect, Promise<RunResult>>();

  beforeAll(() => {
    const start = background(6);
    for (const d of DEFECTS) runs.set(d, start(() => runAgainst({ transforms: [d.transform], cases: 20 })));
  });

  it.each(DEFECTS.map((d) => [d.transform.name, d] as const))('%s', async (_, defect) => {
    const r = await runs.get(defect)!;
    const why = `${defect.transform.name}\n${explain(r)}`;
    const touched = new Set<string>(defect.operations);
    expect(r.summary.outcome, why).toBe('deviates');
    expect(r.errorCount, why).toBe(0);
    for (const op of defect.operations) expect(blamed(r), why).toContain(`${op}:${defect.check}`);
    expect(
      r.failures.filter((f) => !touched.has(f.operationId)).map((f) => `${f.operationId}:${f.check}`),
      `operations the defect leaves alone: ${OPERATION_IDS.filter((o) => !touched.has(o)).join(', ')}\n${why}`,
    ).toEqual([]);
  }, 120_000);
});
