/**
 * Runs every applicable check on one exchange. A check that throws is an *error* of the run
 * (the tool broke), reported as such — never a failure of the target and never a crash.
 */
import type { Check, CheckContext, Failure } from './types.ts';
import type { Exchange } from '../execute/types.ts';
import type { Operation } from '../spec/types.ts';

export interface Judgement {
  readonly failures: readonly Failure[];
  /** checks that ran on this exchange */
  readonly judged: readonly string[];
  /** of those, the ones for which it was no evidence (Check.judges) */
  readonly declined: readonly string[];
  readonly thrown: readonly { check: string; message: string }[];
}

interface Applicable {
  readonly checks: readonly Check[];
  readonly names: readonly string[];
}

// Which checks apply depends on the operation alone: decided once per check list and operation,
// not on every exchange.
const applicableCache = new WeakMap<readonly Check[], WeakMap<Operation, Applicable>>();

function applicable(checks: readonly Check[], op: Operation): Applicable {
  let byOp = applicableCache.get(checks);
  if (!byOp) applicableCache.set(checks, (byOp = new WeakMap()));
  let hit = byOp.get(op);
  if (!hit) {
    // observation checks judge what a supporting operation shows, in their own phase (observe.ts)
    const list = checks.filter((c) => !c.observe && c.applies(op));
    hit = { checks: list, names: Object.freeze(list.map((c) => c.name)) };
    byOp.set(op, hit);
  }
  return hit;
}

const NONE: readonly never[] = Object.freeze([]);

export function judge(checks: readonly Check[], context: CheckContext, exchange: Exchange): Judgement {
  const { checks: running, names } = applicable(checks, context.operation);
  let failures: Failure[] | undefined;
  let thrown: { check: string; message: string }[] | undefined;
  let declined: string[] | undefined;
  for (const check of running) {
    try {
      if (check.judges && !check.judges(exchange, context)) {
        (declined ??= []).push(check.name);
        continue;
      }
      const found = check.run(context, exchange);
      if (found.length > 0) (failures ??= []).push(...found);
    } catch (e) {
      (thrown ??= []).push({ check: check.name, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { failures: failures ?? NONE, judged: names, declined: declined ?? NONE, thrown: thrown ?? NONE };
}
