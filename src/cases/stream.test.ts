import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpecs } from '../spec/index.ts';
import type { Operation } from '../spec/types.ts';
import { operations as fixtureOperations } from './fixtures/operations.ts';
import fc from 'fast-check';
import { buildCases, caseArbitrary, caseSource, randomCases, replayCase, sampleCases, streamSeed } from './index.ts';

let realOperations: Operation[] = [];
beforeAll(async () => {
  realOperations = (await loadSpecs()).flatMap((s) => [...s.operations]);
});

describe('caseSource', () => {
  it('yields exactly buildCases, drawn as they are taken, and says how many up front', () => {
    for (const op of [...fixtureOperations, ...realOperations]) {
      const count = op.id === 'CreateApp' ? 1600 : 61;
      const source = caseSource(op, { seed: 3, count });
      const streamed = [...source];
      expect(streamed, op.id).toEqual(buildCases(op, { seed: 3, count }));
      expect(JSON.stringify(streamed)).toBe(JSON.stringify(buildCases(op, { seed: 3, count })));
      expect(source.total, op.id).toBe(streamed.length);
      // iterating again starts over
      expect([...source].length).toBe(streamed.length);
    }
  });

  it('a consumer that stops early gets the first cases of the full stream', () => {
    const op = realOperations.find((o) => o.id === 'CreateApp')!;
    const taken: string[] = [];
    for (const c of randomCases(op, { seed: 3, count: 100_000 })) {
      taken.push(c.id);
      if (taken.length === 5) break;
    }
    expect(taken).toEqual(sampleCases(op, { seed: 3, count: 5 }).map((c) => c.id));
  });

  it('sampleCases (drawn in chunks) equals one fc.sample per stream across chunk boundaries', () => {
    const op = realOperations.find((o) => o.id === 'CreateApp')!;
    // 1600 random cases are 800 per stream: chunks [0,256), [256,768), [768,800)
    const chunked = sampleCases(op, { seed: 9, count: 1600 });
    const reject = fc.sample(caseArbitrary(op, 'reject'), { seed: streamSeed(9, 'reject'), numRuns: 800 });
    expect(chunked.filter((_, n) => n % 2 === 1).map(({ id: _id, replay: _r, ...rest }) => rest)).toEqual(reject.map(({ id: _id, ...rest }) => rest));
  });

  it('a case from a later chunk replays from its seed and index', () => {
    const op = realOperations.find((o) => o.id === 'CreateApp')!;
    const late = [...randomCases(op, { seed: 11, count: 1200 })].slice(-2);
    for (const c of late) {
      expect(c.replay!.index).toBeGreaterThan(256);
      const again = replayCase(op, c.expect as 'accept' | 'reject', c.replay!.seed, c.replay!.index);
      expect({ ...again, id: c.id }).toEqual(c);
    }
  });

  it('randomCases validates its options like sampleCases', () => {
    const op = realOperations[0]!;
    expect(() => [...randomCases(op, { seed: 1.5, count: 1 })]).toThrow(/^randomCases: /);
    expect(() => sampleCases(op, { seed: 1, count: -1 })).toThrow(/^sampleCases: /);
  });
});
