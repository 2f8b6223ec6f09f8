/** The cases and flows the depth kinds add, built from the specs alone (no target). */
import { describe, expect, it } from 'vitest';
import type { Case } from './types.ts';
import { BURST_SIZE, depthFlows, HISTORY_CALLS } from './depth-flows.ts';
import { batches } from './flows.ts';
import { pathCaseCount, pathCases, shifted } from './path-cases.ts';
import { readingCases } from './reading-cases.ts';
import { suiteSpecs } from '../test-support/target.ts';

const fixtures = {
  projectId: '9f2c0d4e5a6b4c1d8e7f0a1b2c3d4e5f',
  'apig.instanceId': 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  'apig.appId': '14b399ac-967f-4115-bb62-c0346b4537e9',
  'elb.certificateId': '3d22a7e4b7d44e4c8e2d5a6f7b8c9d0e',
  'csms.rotatableSecret': 'rds-secret-1',
  'csms.commonSecret': 'common-secret-1',
} as const;

// the operations a run sends cases to (supporting ones only observe)
const ops = async () => (await suiteSpecs()).flatMap((s) => s.operations).filter((o) => o.role !== 'support');

describe('path cases', () => {
  it('probe every path parameter, each with an unknown value and the malformed ones', async () => {
    for (const op of await ops()) {
      const cases = pathCases(op, undefined, fixtures);
      expect(cases).toHaveLength(pathCaseCount(op));
      const params = op.params.filter((p) => p.in === 'path').map((p) => p.name);
      expect(new Set(cases.map((c) => c.violation?.param))).toEqual(new Set(params));
      for (const c of cases) {
        expect(c.expect).toBe('reject');
        const value = Object.values(c.pathOverrides ?? {})[0]!;
        expect(Object.values(fixtures)).not.toContain(value);
      }
      const values = cases.map((c) => Object.values(c.pathOverrides!)[0]!);
      if (params.length > 0) {
        for (const mark of ['.', '%', ' ', '凭据']) expect(values.some((v) => v.includes(mark))).toBe(true);
        expect(values.some((v) => v.length === 1000)).toBe(true);
      }
    }
  });

  it('shift a value to one of the same shape', () => {
    expect(shifted('9f2c-ABz')).toMatch(/^[0-9a-f]{4}-[0-9A-F]{2}[a-z]$/);
    expect(shifted('9f2c-ABz')).not.toBe('9f2c-ABz');
  });
});

describe('depth flows', () => {
  it('come from the rules: history, a bounded burst, the refused secret type again, refusals then a read', async () => {
    const all = await ops();
    const kept = new Map<string, Case[]>();
    const flows = depthFlows(all, kept, fixtures, 1);
    const ids = flows.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'RotateSecret-history',
        'RotateSecret-burst',
        'ResetAppSecret-history',
        'RotateSecret-refuse-after-success',
        'RotateSecret-refusal-read',
        'UpdateCertificate-refusal-changes-nothing',
      ]),
    );
    expect(flows.find((f) => f.id === 'RotateSecret-history')!.steps).toHaveLength(HISTORY_CALLS);
    const burst = flows.find((f) => f.id === 'RotateSecret-burst')!;
    expect(batches(burst.steps).map((b) => b.length)).toEqual([BURST_SIZE]);
    const refusal = flows.find((f) => f.id === 'UpdateCertificate-refusal-changes-nothing')!.steps.map((s) => s.case);
    expect(refusal.map((c) => c.expect)).toEqual(['accept', 'reject', 'reject', 'accept']);
    expect(refusal.at(-1)!.body).toEqual({ kind: 'json', value: {} });
    const read = flows.find((f) => f.id === 'RotateSecret-refusal-read')!.steps;
    expect(read.map((s) => s.op.id)).toEqual(['ShowSecret', 'RotateSecret', 'ShowSecret']);
    expect(read.every((s) => s.case.pathOverrides?.secret_name === fixtures['csms.commonSecret'])).toBe(true);
  });
});

describe('probes', () => {
  it('are as many as Probes.count says, for every operation, with a duplicate per region-optional field', async () => {
    const { buildCases } = await import('./index.ts');
    const { Probes } = await import('./probes.ts');
    for (const op of await ops()) {
      const probes = new Probes(op, fixtures);
      for (const c of buildCases(op, { seed: 1, count: 20 })) probes.offer(c);
      const cases = [...probes.cases()];
      expect(cases, op.id).toHaveLength(Probes.count(op));
      const duplicates = cases.filter((c) => c.id.includes('.reading.duplicate.'));
      for (const d of duplicates) expect(d.regionOptional).toHaveLength(1);
      if (op.id === 'CreateApp') expect(duplicates.map((d) => d.id)).toEqual(['CreateApp.reading.duplicate.app_key', 'CreateApp.reading.duplicate.app_secret']);
    }
  });
});

describe('reading cases', () => {
  it('fill each length-limited free or Chinese-capable field to its maximum in Chinese', async () => {
    const byOp = new Map((await ops()).map((o) => [o.id, o]));
    const valid: Case = { id: 'v', operationId: 'CreateApp', expect: 'accept', origin: 'boundary', body: { kind: 'json', value: { name: 'app_001' } }, note: '' };
    const probes = readingCases(byOp.get('CreateApp')!, valid);
    expect(probes.map((c) => c.id)).toEqual(['CreateApp.reading.length.name', 'CreateApp.reading.length.remark']);
    for (const c of probes) expect(c.expect).toBe('either');
    expect(readingCases(byOp.get('ShowSecret')!, valid)).toEqual([]);
  });
});
