/**
 * Request cases from the specs: deterministic boundary cases, then seeded random ones.
 * Each generator (src/cases/generators/) turns one kind of documented constraint into a
 * fast-check arbitrary; cases are plain JSON data (types.ts).
 */
import type { Operation } from '../spec/types.ts';
import { boundaryCases } from './boundary.ts';
import { checkSampleOptions, randomCaseCount, randomCases, sampleCases, type SampleOptions } from './random.ts';
import type { Case } from './types.ts';

export type { Case, CaseBody, ConstraintKind, Expectation, Violation } from './types.ts';
export { boundaryCases, boundaryLabels, type BoundaryOptions } from './boundary.ts';
export {
  caseArbitrary,
  randomCaseCount,
  randomCases,
  replayCase,
  sampleCases,
  shrinkCase,
  streamSeed,
  type RandomExpectation,
  type SampleOptions,
  type ShrinkOptions,
  type ShrinkResult,
} from './random.ts';

/**
 * Every case for one operation: the boundary cases (`${operationId}.boundary.${n}`), then
 * `count` random ones (`${operationId}.random.${n}`). Same seed, same cases.
 */
export function buildCases(operation: Operation, options: SampleOptions): Case[] {
  checkSampleOptions('buildCases', options);
  return [...boundaryCases(operation, { seed: options.seed }), ...sampleCases(operation, options)];
}

/** The cases of `buildCases`, generated as they are consumed, and how many there will be. */
export interface CaseSource extends Iterable<Case> {
  readonly total: number;
}

/**
 * `buildCases` for runs of any size: the same cases in the same order, but random cases are
 * drawn a chunk at a time as they are taken (random.ts), so memory holds at most a chunk per
 * stream whatever `count` is. Synchronous: a promise per case cost more than drawing it.
 * Each iteration starts again from the first case.
 */
export function caseSource(operation: Operation, options: SampleOptions): CaseSource {
  checkSampleOptions('caseSource', options);
  const boundary = boundaryCases(operation, { seed: options.seed });
  return {
    total: boundary.length + randomCaseCount(operation, options),
    *[Symbol.iterator]() {
      yield* boundary;
      yield* randomCases(operation, options);
    },
  };
}
