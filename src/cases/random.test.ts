import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isConformError } from '../errors.ts';
import { loadSpecs } from '../spec/index.ts';
import type { Operation } from '../spec/types.ts';
import { broken } from './fixtures/oracle.ts';
import { createApp, operations as fixtureOperations, resetAppSecret, rotateSecret, updateCertificate } from './fixtures/operations.ts';
import { caseArbitrary, replayCase, sampleCases, shrinkCase, streamSeed } from './random.ts';
import type { Case } from './types.ts';

let realOperations: Operation[] = [];
beforeAll(async () => {
  realOperations = (await loadSpecs()).flatMap((s) => s.operations.filter((o) => o.role !== 'support'));
});

const nameOf = (c: Case): unknown => (c.body.kind === 'json' ? (c.body.value as Record<string, unknown> | null)?.name : undefined);
const nameTooLong = (c: Case) => typeof nameOf(c) === 'string' && [...(nameOf(c) as string)].length > 64;
const withBody = [createApp, resetAppSecret, updateCertificate];

describe('fc.sample and fc.check agree on the value at an index', () => {
  // The engine shrinks a failing random case by replaying
  // fc.check(fc.asyncProperty(arb, pred), { seed, path: String(index) }): that must start from the
  // very case fc.sample drew at that index.
  it.each(withBody.flatMap((op) => (['accept', 'reject'] as const).map((e) => [op.id, e, op] as const)))(
    '%s %s',
    async (_id, expectation, op) => {
      const arb = caseArbitrary(op, expectation);
      for (const seed of [42, -7]) {
        const drawn = fc.sample(arb, { seed, numRuns: 30 });
        for (let i = 0; i < drawn.length; i++) {
          const r = await fc.check(fc.asyncProperty(arb, async () => false), { seed, path: String(i), endOnFailure: true });
          expect(r.counterexample?.[0], `seed ${seed} index ${i}`).toEqual(drawn[i]);
        }
      }
    },
  );
});

describe('sampleCases', () => {
  it('half accept, half reject, alternating; replay data regenerates each case', () => {
    for (const op of withBody) {
      const cases = sampleCases(op, { seed: 31, count: 21 });
      expect(cases.map((c) => c.expect)).toEqual(Array.from({ length: 21 }, (_, i) => (i % 2 === 0 ? 'accept' : 'reject')));
      for (const c of cases) {
        expect(c.origin).toBe('random');
        expect(c.replay?.seed).toBe(streamSeed(31, c.expect as 'accept' | 'reject'));
        const again = replayCase(op, c.expect as 'accept' | 'reject', c.replay!.seed, c.replay!.index);
        expect({ ...again, id: c.id }).toEqual(c);
      }
    }
  });

  it('random reject cases always name their violation and are never `either`', () => {
    for (const op of withBody) {
      for (const c of sampleCases(op, { seed: 5, count: 200 })) {
        expect(c.expect).not.toBe('either');
        if (c.expect === 'reject') expect(c.violation).toBeDefined();
      }
    }
  });

  it('operations without a request body get no random cases; their arbitraries still work', () => {
    expect(sampleCases(rotateSecret, { seed: 1, count: 50 })).toEqual([]);
    expect(fc.sample(caseArbitrary(rotateSecret, 'accept'), { seed: 1, numRuns: 2 }).map((c) => c.body)).toEqual([{ kind: 'none' }, { kind: 'none' }]);
    const unknown = fc.sample(caseArbitrary(rotateSecret, 'reject'), { seed: 1, numRuns: 5 });
    for (const c of unknown) expect(c.pathOverrides?.secret_name).toMatch(/^conform-no-such-secret-[0-9a-f]{8}$/);
  });

  it('accept cases spread over the whole documented range', () => {
    const names = fc.sample(caseArbitrary(createApp, 'accept'), { seed: 9, numRuns: 400 }).map((c) => nameOf(c) as string);
    const lengths = new Set(names.map((n) => [...n].length));
    expect(lengths.has(3) && lengths.has(64)).toBe(true);
    expect(lengths.size).toBeGreaterThan(40);
    expect(names.some((n) => Buffer.byteLength(n) === 64 && /[\u4e00-\u9fa5]/.test(n))).toBe(true);
    expect(names.some((n) => /^[\u4e00-\u9fa5]+$/.test(n))).toBe(true); // all Chinese
    expect(names.some((n) => /^[A-Za-z]+$/.test(n))).toBe(true); // all Latin
    expect(names.some((n) => /^[\u4e00-\u9fa5]/.test(n)) && names.some((n) => /^[A-Za-z]/.test(n))).toBe(true);
    expect(names.some((n) => /\d/.test(n)) && names.some((n) => n.includes('_'))).toBe(true);
    expect(names.some((n) => /公司|市/.test(n)) && names.some((n) => /[A-Z][a-z]+_[A-Z][a-z]+/.test(n))).toBe(true); // faker
    const bodies = fc.sample(caseArbitrary(createApp, 'accept'), { seed: 9, numRuns: 200 }).map((c) => (c.body as { value: object }).value);
    for (const key of ['remark', 'app_key', 'app_secret']) {
      expect(bodies.some((b) => key in b) && bodies.some((b) => !(key in b)), key).toBe(true);
    }
  });

  it('reject cases reach every kind of constraint', () => {
    const kinds = new Set(
      fc.sample(caseArbitrary(createApp, 'reject'), { seed: 3, numRuns: 600 }).map((c) => `${c.violation?.constraint}:${c.violation?.field ?? ''}`),
    );
    for (const k of [
      'minLength:name', 'maxLength:name', 'first-char:name', 'charset:name', 'type:name', 'null:name', 'required:name',
      'maxLength:remark', 'type:remark',
      'minLength:app_key', 'maxLength:app_key', 'first-char:app_key', 'charset:app_key',
      'minLength:app_secret', 'maxLength:app_secret', 'first-char:app_secret', 'charset:app_secret',
      'malformed-json:', 'type:',
    ]) {
      expect(kinds, k).toContain(k);
    }
  });
});

describe('shrinking', () => {
  it.each([
    ['fixture', () => createApp],
    ['specs/apig.yaml', () => realOperations.find((o) => o.id === 'CreateApp')!],
  ])('a failure on names over 64 characters shrinks to exactly 65 and stays a maxLength case (%s)', async (_label, op) => {
    const result = await fc.check(
      fc.asyncProperty(caseArbitrary(op(), 'reject'), async (c) => !nameTooLong(c)),
      { seed: 1234, numRuns: 400 },
    );
    expect(result.failed).toBe(true);
    const shrunk = result.counterexample![0];
    expect([...(nameOf(shrunk) as string)].length).toBe(65);
    expect(shrunk.violation).toMatchObject({ constraint: 'maxLength', field: 'name', detail: 'sent a 65-character name' });
    expect(broken('CreateApp', shrunk, true, 'chars')).toEqual(['maxLength:name']);
    expect(broken('CreateApp', shrunk, true, 'bytes')).toEqual(['maxLength:name']);
  });

  it('shrinkCase replays a sampled case, shrinks it, keeps its id, and the shrink path replays', async () => {
    const cases = sampleCases(createApp, { seed: 77, count: 600 });
    const failing = cases.find((c) => nameTooLong(c) && [...(nameOf(c) as string)].length > 70)!;
    expect(failing).toBeDefined();
    const result = await shrinkCase(createApp, failing, (c) => nameTooLong(c));
    expect(result).toBeDefined();
    expect(result!.case.id).toBe(failing.id);
    expect([...(nameOf(result!.case) as string)].length).toBe(65);
    expect(result!.calls).toBeGreaterThan(1);
    const { replay } = result!.case;
    expect(replay?.path).toMatch(/^\d+(:\d+)+$/);
    expect({ ...replayCase(createApp, 'reject', replay!.seed, replay!.path!), id: failing.id }).toEqual(result!.case);
  });

  it('shrinkCase stops spending requests at maxCalls and still returns a real failure', async () => {
    const failing = sampleCases(createApp, { seed: 77, count: 600 }).find((c) => nameTooLong(c) && [...(nameOf(c) as string)].length > 70)!;
    let calls = 0;
    const result = await shrinkCase(createApp, failing, (c) => (calls++, nameTooLong(c)), { maxCalls: 3 });
    expect(calls).toBe(3);
    expect(nameTooLong(result!.case)).toBe(true);
  });

  it('shrinkCase says undefined when the case no longer fails, and refuses boundary cases', async () => {
    const c = sampleCases(createApp, { seed: 1, count: 2 })[1];
    expect(await shrinkCase(createApp, c, () => false)).toBeUndefined();
    try {
      await shrinkCase(createApp, { ...c, origin: 'boundary' }, () => true);
      expect.unreachable();
    } catch (e) {
      expect(isConformError(e) && e.code).toBe('CONFORM_USAGE');
    }
  });
});

it('caseArbitrary is one arbitrary per operation and expectation', () => {
  for (const op of fixtureOperations) expect(caseArbitrary(op, 'accept')).toBe(caseArbitrary(op, 'accept'));
});
