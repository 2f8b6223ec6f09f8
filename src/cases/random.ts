/**
 * The seeded random phase. One arbitrary per (operation, expectation); a random case is the value
 * `fc.sample` draws at `replay.index` with `replay.seed`, which is also the value
 * `fc.check(fc.asyncProperty(caseArbitrary(op, expect), pred), { seed, path: String(index) })`
 * starts from — so the engine can shrink a failing case with fast-check itself (`shrinkCase`).
 */
import fc from 'fast-check';
import { ConformError } from '../errors.ts';
import type { Operation } from '../spec/types.ts';
import { jsonDraft, toCase, type Draft } from './draft.ts';
import { bodySpec, type BodySpec } from './fields.ts';
import type { GenContext } from './generators/context.ts';
import { malformedJson } from './generators/malformed-json.ts';
import { nonObjectBody } from './generators/non-object-body.ts';
import { unknownResource } from './generators/unknown-resource.ts';
import { fieldValue, withGroups } from './generators/valid-body.ts';
import { mixSeed } from './seed.ts';
import type { Case } from './types.ts';
import { stringRejectArms } from './string-entries.ts';
import { valueFieldArms, groupEntries } from './value-drafts.ts';
import { describeBody } from './wording.ts';

export type RandomExpectation = 'accept' | 'reject';

/**
 * Optional fields: present half the time; region-optional ones a third when other fields exist,
 * so most accept cases still judge those where a region refuses custom keys.
 */
function acceptBodies(spec: BodySpec): fc.Arbitrary<Record<string, unknown>> {
  const others = spec.fields.some((f) => !f.regionOptional);
  // members of an "exactly one of" group are chosen together, by withGroups
  const grouped = new Set(spec.groups.flatMap((g) => g.names));
  const fields = spec.fields.filter((f) => !grouped.has(f.name));
  const parts = fields.map((field) => {
    const value = fieldValue(field);
    if (field.required) return value;
    const absent = field.regionOptional && others ? 2 : 1;
    return fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: value, weight: 1 });
  });
  const bodies = fc.tuple(...parts).map((values) => {
    const body: Record<string, unknown> = {};
    values.forEach((v, i) => {
      if (v !== undefined) body[fields[i].name] = v;
    });
    return body;
  });
  return spec.groups.length === 0 ? bodies : withGroups(spec, bodies, []);
}

function acceptDrafts(spec: BodySpec | undefined): fc.Arbitrary<Draft> {
  if (!spec) return fc.constant({ expect: 'accept', body: { kind: 'none' }, note: 'the plain request' });
  // No body at all is not an accept case even where the body is optional: whether a PUT without
  // JSON equals `{}` is undecided (boundary cases send it as `either`).
  return acceptBodies(spec).map((b) => jsonDraft(spec, b, { expect: 'accept', note: describeBody(b) }));
}

function rejectDrafts(operation: Operation, spec: BodySpec | undefined): fc.Arbitrary<Draft> {
  if (!spec) {
    const arb = unknownResource(operation, fc.constant({ kind: 'none' } as const));
    if (!arb) {
      throw new ConformError(
        'CONFORM_USAGE',
        `caseArbitrary: operation ${operation.id} has neither a request body nor a resource parameter, so no request can break a documented rule`,
      );
    }
    return arb;
  }
  const ctx: GenContext = { operation, spec, rest: 'realistic' };
  const arms: (fc.Arbitrary<Draft> | undefined)[] = [];
  for (const field of spec.fields) {
    arms.push(...(field.kind === 'string' ? stringRejectArms(ctx, field) : valueFieldArms(ctx, field)));
  }
  arms.push(...groupEntries(ctx, 'random').map((e) => e.arbitrary));
  arms.push(malformedJson(ctx), nonObjectBody(ctx));
  const present = arms.filter((a): a is fc.Arbitrary<Draft> => a !== undefined);
  return fc.oneof(...present);
}

const cache = new WeakMap<Operation, Partial<Record<RandomExpectation, fc.Arbitrary<Case>>>>();

/**
 * Every case of one expectation for an operation, as a fast-check arbitrary. `accept`: valid
 * bodies (every reading of the documents accepts them). `reject`: bodies breaking exactly one
 * documented rule, each with its `violation`. The id of a drawn case is
 * `${operationId}.random.draw`; `sampleCases` numbers them.
 */
export function caseArbitrary(operation: Operation, expect: RandomExpectation): fc.Arbitrary<Case> {
  if (expect !== 'accept' && expect !== 'reject') {
    throw new ConformError('CONFORM_USAGE', `caseArbitrary: expect must be 'accept' or 'reject', got ${JSON.stringify(expect)}`);
  }
  const memo = cache.get(operation) ?? {};
  cache.set(operation, memo);
  const hit = memo[expect];
  if (hit) return hit;
  const spec = bodySpec(operation);
  // Unbiased: boundaries are drawn on purpose (lengthArbitrary, max+1, min−1); fast-check's bias
  // would only skew which constraint kinds and lengths a run sees.
  const drafts = fc.noBias(expect === 'accept' ? acceptDrafts(spec) : rejectDrafts(operation, spec));
  const arb = drafts.map((d) => ({ ...toCase(operation, d, 'random', 0), id: `${operation.id}.random.draw` }));
  memo[expect] = arb;
  return arb;
}

export interface SampleOptions {
  readonly seed: number;
  /** random cases wanted (half accept, half reject) */
  readonly count: number;
}

export function checkSampleOptions(api: string, options: SampleOptions): void {
  if (!Number.isSafeInteger(options?.seed)) {
    throw new ConformError('CONFORM_USAGE', `${api}: seed must be an integer, got ${JSON.stringify(options?.seed)}`);
  }
  if (!Number.isSafeInteger(options.count) || options.count < 0) {
    throw new ConformError('CONFORM_USAGE', `${api}: count must be a non-negative integer, got ${JSON.stringify(options.count)}`);
  }
}

/** The seed the `reject` stream of a run uses (the `accept` stream uses the run seed). */
export function streamSeed(seed: number, expect: RandomExpectation): number {
  return expect === 'accept' ? seed : mixSeed(seed, 'reject');
}

/**
 * `count` random cases, alternating accept and reject, numbered `${operationId}.random.${n}`.
 * Each carries `replay: { seed, index, path }`: `replayCase(operation, case.expect, seed, index)`
 * regenerates it. Operations without a request body get none: there is nothing to vary, and
 * boundary.ts already sends the plain request and an unknown resource.
 */
export function sampleCases(operation: Operation, options: SampleOptions): Case[] {
  checkSampleOptions('sampleCases', options);
  return [...randomCases(operation, options)];
}

/** How many cases `sampleCases` returns, without generating them. */
export function randomCaseCount(operation: Operation, options: SampleOptions): number {
  return bodySpec(operation) ? options.count : 0;
}

/**
 * Cases drawn at once per stream: memory holds at most a chunk per stream, whatever the count.
 * Each chunk is `fc.sample` from its own seed (chunkSeed), so drawing chunk k costs the same
 * as drawing the first; continuing one seed's stream instead skips every earlier value (about
 * 0.7 µs each), a cost that grows with the square of the run's length.
 */
const CHUNK = 512;

/** The seed of a stream's chunk `k`: the stream's own seed for the first, so short runs draw one plain `fc.sample`. */
function chunkSeed(seed: number, k: number): number {
  return k === 0 ? seed : mixSeed(seed, `chunk ${k}`);
}

/** `size` cases drawn with `seed`; each replays from `{ seed, index }` (replayCase). */
function drawChunk(operation: Operation, expect: RandomExpectation, seed: number, size: number): Case[] {
  const values = fc.sample(caseArbitrary(operation, expect), { seed, numRuns: size });
  return values.map((v, i) => ({ ...v, replay: { seed, index: i, path: String(i) } }));
}

/** One stream's `n` cases in order, a chunk at a time. */
function* drawStream(operation: Operation, expect: RandomExpectation, seed: number, n: number): Generator<Case> {
  for (let k = 0, start = 0; start < n; k++, start += CHUNK) {
    yield* drawChunk(operation, expect, chunkSeed(seed, k), Math.min(CHUNK, n - start));
  }
}

/**
 * The cases of `sampleCases`, in the same order with the same ids, generated lazily: a run of
 * any length holds a chunk per stream, not every case.
 */
export function* randomCases(operation: Operation, options: SampleOptions): Generator<Case> {
  checkSampleOptions('randomCases', options);
  const count = randomCaseCount(operation, options);
  if (count === 0) return;
  const accepts = drawStream(operation, 'accept', streamSeed(options.seed, 'accept'), Math.ceil(count / 2));
  const rejects = drawStream(operation, 'reject', streamSeed(options.seed, 'reject'), Math.floor(count / 2));
  for (let n = 0; n < count; n++) {
    const next = (n % 2 === 0 ? accepts : rejects).next();
    if (next.done) break;
    // drawChunk made this object for us alone, and `id` is already its first key: set, not copied
    (next.value as { id: string }).id = `${operation.id}.random.${n}`;
    yield next.value;
  }
}

/**
 * Regenerate a random case: the value at `path` (`"7"`, or a shrink path `"7:0:3"` from
 * `shrinkCase`) of the stream `caseArbitrary(operation, expect)` draws with `seed`.
 */
export function replayCase(operation: Operation, expect: RandomExpectation, seed: number, path: number | string): Case {
  const p = String(path);
  if (!/^\d+(:\d+)*$/.test(p)) throw new ConformError('CONFORM_USAGE', `replayCase: path must look like 7 or 7:0:3, got ${JSON.stringify(path)}`);
  const [value] = fc.sample(caseArbitrary(operation, expect), { seed, path: p, numRuns: 1 });
  const index = Number(p.split(':')[0]);
  return { ...value, replay: { seed, index, path: p } };
}

export interface ShrinkOptions {
  /** most predicate calls (requests) to spend shrinking; default 100 */
  readonly maxCalls?: number;
}

export interface ShrinkResult {
  /** the smallest case that still fails, with the original id and a replay path to it */
  readonly case: Case;
  /** fast-check shrink steps taken */
  readonly shrinks: number;
  /** predicate calls made (the first replays the original case) */
  readonly calls: number;
}

/**
 * Shrink a failing random case with fast-check: `stillFails(c)` re-sends `c` and says whether
 * the failure recurs. Resolves `undefined` when the original case no longer fails (a flaky
 * target). When `maxCalls` runs out, every later candidate counts as passing, so the result is
 * the smallest failure found within the budget — always one that really failed.
 */
export async function shrinkCase(
  operation: Operation,
  failing: Case,
  stillFails: (candidate: Case) => boolean | Promise<boolean>,
  options: ShrinkOptions = {},
): Promise<ShrinkResult | undefined> {
  const replay = failing.replay;
  if (failing.origin !== 'random' || !replay || (failing.expect !== 'accept' && failing.expect !== 'reject')) {
    throw new ConformError('CONFORM_USAGE', `shrinkCase: case ${failing.id} is not a random case with replay data`);
  }
  const maxCalls = options.maxCalls ?? 100;
  let calls = 0;
  const result = await fc.check(
    fc.asyncProperty(caseArbitrary(operation, failing.expect), async (candidate) => {
      if (calls >= maxCalls) return true;
      calls++;
      return !(await stillFails({ ...candidate, id: failing.id }));
    }),
    { seed: replay.seed, path: replay.path ?? String(replay.index) },
  );
  if (!result.failed || !result.counterexample || result.counterexamplePath === null) return undefined;
  const path = result.counterexamplePath;
  return {
    case: { ...result.counterexample[0], id: failing.id, replay: { seed: replay.seed, index: replay.index, path } },
    shrinks: result.numShrinks,
    calls,
  };
}
