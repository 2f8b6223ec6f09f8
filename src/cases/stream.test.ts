import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpecs } from '../spec/index.ts';
import type { Operation } from '../spec/types.ts';
import { operations as fixtureOperations } from './fixtures/operations.ts';
import fc from 'fast-check';
import { buildCases, caseArbitrary, caseSource, randomCases, replayCase, sampleCases, shrinkCase, streamSeed, type Case } from './index.ts';

let realOperations: Operation[] = [];
beforeAll(async () => {
  realOperations = (await loadSpecs()).flatMap((s) => s.operations.filter((o) => o.role !== 'support'));
});

describe('caseSource', { timeout: 30_000 }, () => {
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

  it('the first chunk of a stream is one fc.sample with the stream seed; later chunks are fc.samples with their own seeds', () => {
    const op = realOperations.find((o) => o.id === 'CreateApp')!;
    // 1600 random cases are 800 per stream: chunks [0,512) and [512,800)
    const reject = sampleCases(op, { seed: 9, count: 1600 }).filter((_, n) => n % 2 === 1);
    const seed = streamSeed(9, 'reject');
    const strip = ({ id: _id, replay: _r, ...rest }: Case) => rest;
    const first = fc.sample(caseArbitrary(op, 'reject'), { seed, numRuns: 512 });
    expect(reject.slice(0, 512).map(strip)).toEqual(first.map(strip));
    expect(reject.slice(0, 512).every((c) => c.replay!.seed === seed)).toBe(true);
    const second = reject.slice(512);
    expect(new Set(second.map((c) => c.replay!.seed)).size).toBe(1);
    expect(second[0]!.replay!.seed).not.toBe(seed);
    expect(second.map((c) => c.replay!.index)).toEqual(second.map((_, i) => i));
    expect(second.map(strip)).toEqual(fc.sample(caseArbitrary(op, 'reject'), { seed: second[0]!.replay!.seed, numRuns: 288 }).map(strip));
  });

  it('a case from a later chunk replays from its seed and index, and shrinks from there', async () => {
    const op = realOperations.find((o) => o.id === 'CreateApp')!;
    const late = [...randomCases(op, { seed: 11, count: 1200 })].slice(-2);
    for (const c of late) {
      expect(c.replay!.seed).not.toBe(streamSeed(11, c.expect as 'accept' | 'reject'));
      const again = replayCase(op, c.expect as 'accept' | 'reject', c.replay!.seed, c.replay!.index);
      expect({ ...again, id: c.id }).toEqual(c);
    }
    // shrinkCase starts from the very case: a predicate true of it alone gives it back unshrunk
    const c = late[0]!;
    const shrunk = await shrinkCase(op, c, (k) => JSON.stringify(k.body) === JSON.stringify(c.body));
    expect(shrunk?.case.body).toEqual(c.body);
  });

  it('randomCases validates its options like sampleCases', () => {
    const op = realOperations[0]!;
    expect(() => [...randomCases(op, { seed: 1.5, count: 1 })]).toThrow(/^randomCases: /);
    expect(() => sampleCases(op, { seed: 1, count: -1 })).toThrow(/^sampleCases: /);
  });
});
