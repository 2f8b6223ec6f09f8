/**
 * The observation phase (observe.ts) through the whole engine: read-back and SYSCURRENT judged
 * on a conforming target, on targets conforming in other valid ways, on targets that do not
 * implement the supporting operations (not exercised, one line each, never a failure), and on
 * defects the fault catalogue does not plant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from './engine.ts';
import { isSuccess, jsonResponse, mapJson, type ProxyRequest, type Transform } from '../test-support/proxy.ts';
import { background, blamed, explain, runAgainst } from '../test-support/target.ts';
import type { RunResult } from './types.ts';

type Json = Record<string, any>;
const CASES = 20;

const OBSERVED = {
  'CreateApp:reads-back': 'ViewApp',
  'ResetAppSecret:reads-back': 'ViewDedicatedApp',
  'UpdateCertificate:reads-back': 'ListCertificates',
  'RotateSecret:moves-label': 'ShowSecretStage',
} as const;

const pathOf = (req: ProxyRequest) => req.url.split('?')[0]!;
const VIEW_APP = /^\/v1\.0\/apigw\/apps\/[^/]+$/;
const VIEW_DEDICATED_APP = /^\/v1\/[^/]+\/apigw\/instances\/[^/]+\/apps\/[^/]+$/;
const LIST_CERTIFICATES = /^\/v1\.0\/[^/]+\/elbaas\/certificate$/;
const SECRET_STAGE = /^\/v1\/[^/]+\/secrets\/[^/]+\/stages\/[^/]+$/;
const SECRET_VERSIONS = /^\/v1\/[^/]+\/secrets\/[^/]+\/versions$/;
const reads = (req: ProxyRequest, pattern: RegExp) => req.method === 'GET' && pattern.test(pathOf(req));

/** A target serving the five only: the proxy knows their routes; everything else gets `status`. */
const fiveOnly = (status: number): Transform => ({
  name: `supporting operations answer ${status}`,
  request: (req) => (req.operation ? req : jsonResponse(status, { error_code: 'APIG.0101', error_msg: 'The API does not exist' })),
});

/** Observers conforming in other valid ways. */
const otherReadings: Transform = {
  name: 'observers: whole-second times, null for an empty remark, extra fields, other list orders, no SYSPREVIOUS',
  response: (res, req) => {
    if (!isSuccess(res)) return res;
    if (reads(req, VIEW_APP) || reads(req, VIEW_DEDICATED_APP)) {
      return mapJson(res, (b: Json) => ({
        bandwidth: 5,
        ...b,
        remark: b.remark === '' ? null : b.remark,
        register_time: b.register_time.replace(/\.\d+Z$/, 'Z'),
        update_time: b.update_time.replace(/\.\d+Z$/, 'Z'),
      }));
    }
    if (reads(req, LIST_CERTIFICATES)) {
      return mapJson(res, (b: Json) => ({ certificates: [...b.certificates].reverse().map((c: Json) => ({ ...c, type: 'server' })), instance_num: b.certificates.length }));
    }
    if (reads(req, SECRET_VERSIONS)) {
      return mapJson(res, (b: Json) => ({
        ...b,
        version_metadatas: [...b.version_metadatas].reverse().map((v: Json) => ({ ...v, version_stages: v.version_stages.filter((s: string) => s !== 'SYSPREVIOUS'), expire_time: null })),
      }));
    }
    if (reads(req, SECRET_STAGE)) return mapJson(res, (b: Json) => ({ stage: { ...b.stage, update_time: 1581507580 }, request_id: 'r' }));
    return res;
  },
};

/** Defects the catalogue does not plant: each breaks one observed rule, seen only by observing. */
const DEFECTS: readonly { transform: Transform; blamed: string }[] = [
  {
    blamed: 'UpdateCertificate:reads-back',
    transform: {
      name: 'ListCertificates serves a stale copy: the seeded certificate keeps its original name',
      response: (res, req) =>
        reads(req, LIST_CERTIFICATES) && isSuccess(res)
          ? mapJson(res, (b: Json) => ({ ...b, certificates: b.certificates.map((c: Json) => (c.name === '' ? c : { ...c, name: 'cert-bky' })) }))
          : res,
    },
  },
  {
    blamed: 'RotateSecret:moves-label',
    transform: {
      name: 'ListSecretVersions shows SYSCURRENT on the oldest version only',
      response: (res, req) =>
        reads(req, SECRET_VERSIONS) && isSuccess(res)
          ? mapJson(res, (b: Json) => ({
              ...b,
              version_metadatas: b.version_metadatas.map((v: Json) => ({ ...v, version_stages: v.id === 'v1' ? ['SYSCURRENT'] : [] })),
            }))
          : res,
    },
  },
  {
    blamed: 'CreateApp:reads-back',
    transform: {
      name: 'ViewApp shows the app_key of another app',
      response: (res, req) => (reads(req, VIEW_APP) && isSuccess(res) ? mapJson(res, (b: Json) => ({ ...b, app_key: 'ffffffff-0000-4000-8000-000000000000' })) : res),
    },
  },
];

const verdictOf = (r: RunResult, key: string) => {
  const [op, check] = key.split(':');
  return r.operations.find((o) => o.operationId === op)!.checks.find((c) => c.check === check)!;
};

describe('rules observed through the supporting operations', () => {
  const runs = new Map<string, Promise<{ result: RunResult; events: RunEvent[] }>>();
  const start = background(4);
  const run = (key: string, transforms?: readonly Transform[]) => {
    const events: RunEvent[] = [];
    runs.set(key, start(async () => ({ result: await runAgainst({ cases: CASES, ...(transforms ? { transforms } : {}), onEvent: (e) => events.push(e) }), events })));
  };
  beforeAll(() => {
    run('conforming');
    run('other readings', [otherReadings]);
    for (const status of [404, 405, 501]) run(`five only ${status}`, [fiveOnly(status)]);
    for (const d of DEFECTS) run(d.transform.name, [d.transform]);
  });

  it.each(['conforming', 'other readings'])('%s: each observed rule is judged and passes', async (key) => {
    const { result } = await runs.get(key)!;
    expect(result.summary.outcome, explain(result)).toBe('conforms');
    for (const rule of Object.keys(OBSERVED)) {
      const v = verdictOf(result, rule);
      expect([rule, v.verdict, v.judged > 0]).toEqual([rule, 'passed', true]);
    }
    // two rotations, each seen by ShowSecretStage and ListSecretVersions
    expect(verdictOf(result, 'RotateSecret:moves-label').judged).toBe(4);
  }, 120_000);

  it.each([404, 405, 501])('a target serving only the five (supporting operations answer %i): not exercised, one line each, no failure', async (status) => {
    const { result, events } = await runs.get(`five only ${status}`)!;
    expect(result.summary.outcome, explain(result)).toBe('conforms');
    expect(result.failures).toEqual([]);
    for (const [rule, observer] of Object.entries(OBSERVED)) {
      const v = verdictOf(result, rule);
      expect([rule, v.verdict, v.reason]).toEqual([rule, 'not exercised', `${observer} is not implemented here (${status})`]);
    }
    const lines = events.filter((e) => e.kind === 'operation-skipped').map((e) => (e as { operationId: string }).operationId);
    expect(lines.sort()).toEqual(Object.values(OBSERVED).sort());
    // everything else is judged as on the conforming target
    const conforming = (await runs.get('conforming')!).result;
    const others = (r: RunResult) => r.operations.flatMap((o) => o.checks.filter((c) => !(`${o.operationId}:${c.check}` in OBSERVED)).map((c) => `${o.operationId}:${c.check}:${c.verdict}`));
    expect(others(result)).toEqual(others(conforming));
  }, 120_000);

  it.each(DEFECTS.map((d) => [d.transform.name, d.blamed] as const))('%s: caught by %s, nothing else blamed', async (name, expected) => {
    const { result } = await runs.get(name)!;
    expect(blamed(result), explain(result)).toEqual([expected]);
    expect(verdictOf(result, expected).verdict).toBe('failed');
  }, 120_000);
});
