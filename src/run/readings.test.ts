/**
 * Readings, shown: the run result says which reading of each documented ambiguity the target
 * follows — the reference emulator one way, a rewritten one the other — and neither is a failure.
 */
import { describe, expect, it } from 'vitest';
import { isSuccess, jsonOf, jsonResponse, mapJson, type Transform } from '../test-support/proxy.ts';
import { explain, runAgainst } from '../test-support/target.ts';
import type { RunResult } from './types.ts';

const otherReadings: Transform[] = [
  {
    name: 'lengths counted in UTF-8 bytes',
    request: (req) => {
      const body = jsonOf(req.body) as Record<string, unknown> | undefined;
      const limits: Record<string, number> = { name: 64, description: 128 };
      const over = body && Object.entries(limits).some(([k, max]) => typeof body[k] === 'string' && Buffer.byteLength(body[k] as string) > max);
      return req.operation === 'UpdateCertificate' && over ? jsonResponse(400, { error: { code: 'ELB.8902', message: '名称过长' } }) : req;
    },
  },
  { name: '400 for an unknown resource', response: (res) => (res.status === 404 ? { ...res, status: 400 } : res) },
  {
    name: 'CSMS times in seconds',
    response: (res, req) =>
      req.operation === 'ShowSecret' && isSuccess(res)
        ? mapJson(res, (b) => ({ ...b, secret: { ...b.secret, create_time: Math.floor(b.secret.create_time / 1000), update_time: Math.floor(b.secret.update_time / 1000) } }))
        : res,
  },
];

const reading = (r: RunResult, topic: string, operationId: string, key = '') =>
  (r.readings ?? []).filter((x) => x.topic === topic && x.operationId === operationId && x.reading.includes(key)).map((x) => x.reading);

describe('readings shown', () => {
  const operations = ['UpdateCertificate', 'ShowSecret'];
  it('the reference emulator: characters, 404, milliseconds; the other target: bytes, 400, seconds; both conform', async () => {
    const [reference, other] = await Promise.all([
      runAgainst({ cases: 5, operations }),
      runAgainst({ cases: 5, operations, transforms: otherReadings }),
    ]);
    for (const r of [reference, other]) expect(explain(r)).toBe('(no failure, no error)');

    expect(reading(reference, 'Length: characters or UTF-8 bytes', 'UpdateCertificate', 'name:')).toEqual(['name: the limit counts characters']);
    expect(reading(other, 'Length: characters or UTF-8 bytes', 'UpdateCertificate', 'name:')).toEqual(['name: the limit counts UTF-8 bytes']);
    expect(reading(reference, 'Unknown resources: 400 or 404', 'ShowSecret')).toEqual(['an unknown or malformed path parameter gets HTTP 404']);
    expect(reading(other, 'Unknown resources: 400 or 404', 'ShowSecret')).toEqual(['an unknown or malformed path parameter gets HTTP 400']);
    expect(reading(reference, 'Times', 'ShowSecret', 'secret/create_time')).toEqual(['secret/create_time: epoch milliseconds']);
    expect(reading(other, 'Times', 'ShowSecret', 'secret/create_time')).toEqual(['secret/create_time: epoch seconds']);
    expect(reading(reference, 'Error body shape', 'ShowSecret')).toEqual(['error bodies are flat: {"error_code", "error_msg"}']);
    for (const x of other.readings ?? []) expect(x.caseId).toMatch(/^(UpdateCertificate|ShowSecret)\./);
  }, 120_000);
});
