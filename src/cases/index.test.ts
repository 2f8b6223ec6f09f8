import { beforeAll, describe, expect, it } from 'vitest';
import { isConformError } from '../errors.ts';
import { loadSpecs } from '../spec/index.ts';
import type { Operation } from '../spec/types.ts';
import { operations as fixtureOperations } from './fixtures/operations.ts';
import { problems } from './fixtures/judge.ts';
import { buildCases } from './index.ts';

let realOperations: Operation[] = [];
beforeAll(async () => {
  realOperations = (await loadSpecs()).flatMap((s) => s.operations.filter((o) => o.role !== 'support'));
});

describe('buildCases', () => {
  it('the real specs hold the five operations', () => {
    expect(realOperations.map((o) => o.id).sort()).toEqual(['CreateApp', 'ResetAppSecret', 'RotateSecret', 'ShowSecret', 'UpdateCertificate']);
  });

  describe.each([
    ['fixtures', () => fixtureOperations],
    ['specs/*.yaml', () => realOperations],
  ])('over %s', (_label, ops) => {
    it('every case is what it claims: accept cases valid under every reading and the schema, each negative breaks exactly its constraint', () => {
      for (const op of ops()) {
        for (const seed of [1, 2024]) {
          const cases = buildCases(op, { seed, count: 60 });
          expect(problems(op, cases), `${op.id} seed ${seed}`).toEqual([]);
        }
      }
    });

    it('is deterministic per seed and varies across seeds', () => {
      for (const op of ops()) {
        const a = buildCases(op, { seed: 99, count: 30 });
        expect(buildCases(op, { seed: 99, count: 30 })).toEqual(a);
        const b = buildCases(op, { seed: 100, count: 30 });
        expect(b.map((c) => c.id)).toEqual(a.map((c) => c.id));
        if (op.requestBody) expect(b).not.toEqual(a);
      }
    });

    it('numbers cases stably: boundary first, then random; ids unique', () => {
      for (const op of ops()) {
        const cases = buildCases(op, { seed: 5, count: 10 });
        const ids = cases.map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
        const boundary = cases.filter((c) => c.origin === 'boundary');
        const random = cases.filter((c) => c.origin === 'random');
        expect(cases).toEqual([...boundary, ...random]);
        boundary.forEach((c, n) => expect(c.id).toBe(`${op.id}.boundary.${n}`));
        random.forEach((c, n) => expect(c.id).toBe(`${op.id}.random.${n}`));
        expect(random.length).toBe(op.requestBody ? 10 : 0);
      }
    });

    it('cases are plain JSON data', () => {
      for (const op of ops()) {
        const cases = buildCases(op, { seed: 8, count: 20 });
        expect(JSON.parse(JSON.stringify(cases))).toEqual(cases);
      }
    });
  });

  it('validates its options with the API name in the message', () => {
    const op = fixtureOperations[0];
    for (const bad of [{ seed: 1.5, count: 1 }, { seed: 1, count: -1 }, { seed: Number.NaN, count: 1 }]) {
      try {
        buildCases(op, bad);
        expect.unreachable();
      } catch (e) {
        expect(isConformError(e) && e.code).toBe('CONFORM_USAGE');
        expect((e as Error).message).toMatch(/^buildCases: /);
      }
    }
  });
});
