/**
 * Shrinks a failing random case to a minimal counterexample with fast-check: the case is
 * regenerated from its seed and path, then fast-check's shrinker re-sends smaller cases while
 * the same check still fails (a 65-character name, not a 4,000-character one).
 */
import fc from 'fast-check';
import type { Case } from '../cases/types.ts';
import { caseArbitrary } from '../cases/index.ts';
import type { Failure } from '../checks/types.ts';
import type { Exchange, Outcome } from '../execute/types.ts';
import type { Operation } from '../spec/types.ts';

export interface ShrinkDeps {
  readonly send: (c: Case) => Promise<Outcome>;
  readonly judge: (ex: Exchange) => readonly Failure[];
  readonly timeLimitMs: number;
}

export async function shrinkFailure(
  op: Operation,
  original: Case,
  check: string,
  deps: ShrinkDeps,
): Promise<{ failure: Failure; exchange: Exchange } | undefined> {
  if (!original.replay || original.expect === 'either') return undefined;
  let last: { failure: Failure; exchange: Exchange } | undefined;
  let step = 0;
  const result = await fc.check(
    fc.asyncProperty(caseArbitrary(op, original.expect), async (generated) => {
      const c: Case = { ...generated, id: `${original.id}.shrink${step++}` };
      const outcome = await deps.send(c);
      if (!outcome.ok) return true; // a transport error says nothing about the check
      const failure = deps.judge(outcome.exchange).find((f) => f.check === check);
      if (!failure) return true;
      last = { failure: { ...failure, caseId: original.id }, exchange: { ...outcome.exchange, case: { ...outcome.exchange.case, id: original.id } } };
      return false;
    }),
    {
      seed: original.replay.seed,
      path: original.replay.path ?? String(original.replay.index),
      numRuns: 1,
      interruptAfterTimeLimit: deps.timeLimitMs,
      markInterruptAsFailure: false,
    },
  );
  if (!result.failed || !last) return undefined;
  // The counterexample keeps its replay data: the same seed, and the path fast-check took to it,
  // so `conform replay` regenerates exactly the shrunk case (and any secret the report redacted).
  const replay = { seed: original.replay.seed, index: original.replay.index, path: result.counterexamplePath ?? original.replay.path ?? String(original.replay.index) };
  const found: { failure: Failure; exchange: Exchange } = last;
  return { failure: found.failure, exchange: { ...found.exchange, case: { ...found.exchange.case, replay } } };
}
