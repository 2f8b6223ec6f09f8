/**
 * Request cases from the specs: deterministic boundary cases, then seeded random ones.
 * Each generator (src/cases/generators/) turns one kind of documented constraint into a
 * fast-check arbitrary; cases are plain JSON data (types.ts).
 */
import type { Operation } from '../spec/types.ts';
import { boundaryCases } from './boundary.ts';
import { checkSampleOptions, sampleCases, type SampleOptions } from './random.ts';
import type { Case } from './types.ts';

export type { Case, CaseBody, ConstraintKind, Expectation, Violation } from './types.ts';
export { boundaryCases, boundaryLabels, type BoundaryOptions } from './boundary.ts';
export {
  caseArbitrary,
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
