/**
 * Model-based sequences: random sequences of the state-changing operations (fast-check
 * model-based commands, from cases/flows.ts `commandArbitraries`) judged after every step and
 * shrunk to the shortest sequence that still fails.
 */
import fc from 'fast-check';
import type { Case } from '../cases/types.ts';
import type { Exchange, Outcome } from '../execute/types.ts';
import type { Operation } from '../spec/types.ts';

export interface ModelRunOptions {
  readonly seed: number;
  readonly numRuns: number;
  readonly maxCommands: number;
  readonly timeLimitMs: number;
}

/** A step's judgement: the failures of the state checks, given the flow's history. */
export type StepJudge = (op: Operation, exchange: Exchange, history: readonly Exchange[]) => readonly { check: string }[];

/** Thrown inside a command so fast-check shrinks the sequence; carries what failed. */
class StepFailed extends Error {
  constructor(readonly exchange: Exchange, readonly history: readonly Exchange[]) {
    super(`state rule broken at ${exchange.case.operationId}`);
  }
}

/**
 * Random sequences of calls to the stateful operations, each step judged against the history
 * of its sequence. Returns the shrunk failing sequence, if any.
 */
export async function modelBased(
  arbitraries: readonly { op: Operation; arb: fc.Arbitrary<Case> }[],
  send: (op: Operation, c: Case) => Promise<Outcome>,
  judgeStep: StepJudge,
  options: ModelRunOptions,
): Promise<{ exchange: Exchange; history: readonly Exchange[]; sequence: string } | undefined> {
  if (arbitraries.length === 0) return undefined;
  interface Real {
    history: Exchange[];
  }
  class Call implements fc.AsyncCommand<object, Real> {
    constructor(readonly op: Operation, readonly c: Case) {}
    check = () => true;
    async run(_model: object, real: Real): Promise<void> {
      const outcome = await send(this.op, this.c);
      // Transport trouble is reported by the main phase; a sequence cannot judge without answers.
      if (!outcome.ok) return;
      const failed = judgeStep(this.op, outcome.exchange, real.history);
      if (failed.length > 0) throw new StepFailed(outcome.exchange, [...real.history]);
      real.history.push(outcome.exchange);
    }
    toString = () => `${this.op.id}(${this.c.note})`;
  }
  const commands = arbitraries.map(({ op, arb }) =>
    arb.map((c) => new Call(op, { ...c, id: `${op.id}.model.${c.id}` }) as fc.AsyncCommand<object, Real>),
  );
  let last: StepFailed | undefined;
  const result = await fc.check(
    fc.asyncProperty(fc.commands(commands, { maxCommands: options.maxCommands }), async (cmds) => {
      try {
        await fc.asyncModelRun(() => ({ model: {}, real: { history: [] } }), cmds);
      } catch (e) {
        if (e instanceof StepFailed) last = e;
        throw e;
      }
    }),
    { seed: options.seed, numRuns: options.numRuns, interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false },
  );
  if (!result.failed || !last) return undefined;
  return { exchange: last.exchange, history: last.history, sequence: String(result.counterexample?.[0] ?? '') };
}
