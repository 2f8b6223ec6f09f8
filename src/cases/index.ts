/**
 * Request cases from the specs: deterministic boundary cases, then seeded random ones.
 * Each generator (src/cases/generators/) turns one kind of documented constraint into a
 * fast-check arbitrary; cases are plain JSON data (types.ts).
 */
import type { Operation } from '../spec/types.ts';
import { boundaryCases } from './boundary.ts';
import { checkSampleOptions, lazyRandomCases, randomCaseCount, sampleCases, type SampleOptions } from './random.ts';
import type { Case } from './types.ts';

export type { Case, CaseBody, ConstraintKind, Expectation, Violation } from './types.ts';
export { boundaryCases, boundaryLabels, type BoundaryOptions } from './boundary.ts';
export {
  caseArbitrary,
  lazyRandomCases,
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
export interface CaseSource extends AsyncIterable<Case> {
  readonly total: number;
}

/**
 * `buildCases` for runs of any size: the same cases in the same order, but each random case is
 * drawn just before it is taken, so memory does not grow with `count` and cases do not outlive
 * their use. Each iteration starts again from the first case.
 */
export function caseSource(operation: Operation, options: SampleOptions): CaseSource {
  checkSampleOptions('caseSource', options);
  const boundary = boundaryCases(operation, { seed: options.seed });
  return {
    total: boundary.length + randomCaseCount(operation, options),
    async *[Symbol.asyncIterator]() {
      yield* boundary;
      yield* lazyRandomCases(operation, options);
    },
  };
}
