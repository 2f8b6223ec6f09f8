/**
 * The observation phase: rules observed through a supporting operation (`reads-back`,
 * `moves-label`). For each such rule of an operation that runs, a short sequence: the call, then
 * the observer(s) the rule names, filled from what the call sent and answered; the observation
 * checks judge the observers' answers against the call.
 *
 * Supporting operations are optional on a target: an observer answering 404, 405 or 501 is "not
 * implemented here", said once in one line, and the rule is not exercised — never a failure.
 */
import fc from 'fast-check';
import { boundPath } from '../cases/bindings.ts';
import { caseArbitrary } from '../cases/index.ts';
import type { Case } from '../cases/types.ts';
import type { Check, CheckContext, Failure } from '../checks/types.ts';
import type { Exchange, Outcome } from '../execute/types.ts';
import type { Observer, Operation, Rule } from '../spec/types.ts';
import type { Tally } from './tally.ts';

/** Statuses that say the target does not serve the operation at all. */
const NOT_IMPLEMENTED: ReadonlySet<number> = new Set([404, 405, 501]);

type Observed = Extract<Rule, { kind: 'reads-back' | 'moves-label' }>;

export interface ObserveInput {
  /** the operations the run judges and may call */
  readonly operations: readonly Operation[];
  /** every operation of the specs, supporting ones included */
  readonly byId: ReadonlyMap<string, Operation>;
  readonly checks: readonly Check[];
  /** accept cases of the main phase to draw the call's body from */
  readonly casesByOp: ReadonlyMap<string, readonly Case[]>;
  send(op: Operation, c: Case): Promise<Outcome>;
  /** requests sent so far to one operation (retries included) */
  requests(operationId: string): number;
  /** judges and tallies an exchange of the call itself, as any flow step */
  record(op: Operation, outcome: Outcome, history: readonly Exchange[]): void;
  /** sees an observer's exchange (record, diff hooks) */
  seen(outcome: Outcome, failures: readonly Failure[]): void;
  contextFor(op: Operation, history: readonly Exchange[]): CheckContext;
  /** tallies a failure found on an observer's answer, with its record */
  fail(f: Failure, observed: Exchange): void;
  readonly tally: Tally;
  /** the run's seed: the extra bodies drawn for a call are the same on every target */
  readonly seed: number;
  /** the run's fixture values by key: a parameter no binding fills comes from them */
  readonly fixtures: Readonly<Record<string, string>>;
  /** one console line: a supporting operation the target does not serve */
  unserved(operationId: string, reason: string): void;
}

/** The observers a rule sends, in order, and how many rounds of call + observers it takes. */
function observersOf(rule: Observed): { observers: readonly Observer[]; rounds: number } {
  // moving a label is shown by two calls in a row: the second must take it off the first's version
  return rule.kind === 'moves-label' ? { observers: [rule.current, rule.listing], rounds: 2 } : { observers: [rule], rounds: 1 };
}

/**
 * The body the call sends: an accept case of the main phase setting, as non-empty strings, as
 * many of the observed fields as possible (an empty value could not tell stored from not stored).
 */
function callBody(op: Operation, cases: readonly Case[], rule: Observed): Case['body'] {
  const wanted = rule.kind === 'reads-back' ? rule.fields.map((f) => f.slice(1)) : [];
  let best: Case | undefined;
  let bestScore = -1;
  for (const c of cases) {
    if (c.expect !== 'accept' || c.auth || c.regionOptional?.length) continue;
    const value = c.body.kind === 'json' ? (c.body.value as Record<string, unknown> | null) : null;
    const score = wanted.filter((f) => typeof value?.[f] === 'string' && value[f] !== '').length;
    if (score > bestScore) [best, bestScore] = [c, score];
  }
  return best?.body ?? (op.requestBody?.required ? { kind: 'json', value: {} } : { kind: 'none' });
}

/** A few more accept cases of the call, drawn from its seeded arbitrary (the main phase keeps few). */
function moreCases(op: Operation, seed: number): Case[] {
  if (!op.requestBody) return [];
  return fc.sample(caseArbitrary(op, 'accept'), { seed, numRuns: 64 });
}

/**
 * Returns the requests sent to observers the run does not judge on their own, by the operation
 * they observed: its figure in the reports includes them, so the figures add up to the total.
 */
export async function observe(input: ObserveInput): Promise<ReadonlyMap<string, number>> {
  const sentFor = new Map<string, number>();
  const observing = input.checks.filter((c) => c.observe);
  if (observing.length === 0) return sentFor;
  const judged = new Set(input.operations.map((o) => o.id));
  const unimplemented = new Map<string, number>();
  // requests to each observer already attributed (a 429 retry is one more request)
  const counted = new Map<string, number>();
  let serial = 0;

  for (const op of input.operations) {
    const rules = op.rules.filter((r): r is Observed => r.kind === 'reads-back' || r.kind === 'moves-label');
    for (const rule of rules) {
      const checks = observing.filter((c) => c.applies(op) && c.name === rule.kind);
      if (checks.length === 0) continue;
      const notExercised = (reason: string) => checks.forEach((c) => input.tally.notExercised(op.id, c.name, reason));
      const { observers, rounds } = observersOf(rule);
      const missing = observers.map((o) => o.observer).find((id) => unimplemented.has(id));
      if (missing) {
        notExercised(`${missing} is not implemented here (${unimplemented.get(missing)})`);
        continue;
      }
      const body = callBody(op, [...(input.casesByOp.get(op.id) ?? []), ...moreCases(op, input.seed)], rule);
      const history: Exchange[] = [];
      const caseOf = (id: Operation, note: string, extra: Partial<Case> = {}): Case => ({
        id: `${id.id}.observe.${rule.id}.${serial++}`,
        operationId: id.id,
        expect: 'accept',
        origin: 'boundary',
        body: { kind: 'none' },
        note,
        ...extra,
      });

      rounds: for (let round = 1; round <= rounds; round++) {
        const outcome = await input.send(op, caseOf(op, `${op.id} ${round} of ${rounds}, observed by ${observers.map((o) => o.observer).join(' and ')}`, { body }));
        input.tally.countCase(op.id);
        input.record(op, outcome, history);
        if (!outcome.ok || outcome.exchange.response.status < 200 || outcome.exchange.response.status >= 300) {
          notExercised(`the ${op.id} call to observe ${outcome.ok ? `answered ${outcome.exchange.response.status}` : 'got no answer'}`);
          break;
        }
        const call = outcome.exchange;
        history.push(call);
        for (const o of observers) {
          const observer = input.byId.get(o.observer)!;
          const path = boundPath(observer, o.bind, call, input.fixtures);
          if ('missing' in path) {
            notExercised(`no ${path.missing} to call ${observer.id} with`);
            break rounds;
          }
          const seen = await input.send(observer, caseOf(observer, `${observer.id} after ${op.id}`, { pathOverrides: path.values }));
          if (!judged.has(observer.id)) sentFor.set(op.id, (sentFor.get(op.id) ?? 0) + input.requests(observer.id) - (counted.get(observer.id) ?? 0));
          counted.set(observer.id, input.requests(observer.id));
          if (!seen.ok) {
            input.seen(seen, []);
            notExercised(`${observer.id} got no answer (${seen.error.code})`);
            break rounds;
          }
          const status = seen.exchange.response.status;
          if (NOT_IMPLEMENTED.has(status)) {
            input.seen(seen, []);
            unimplemented.set(observer.id, status);
            input.unserved(observer.id, `not implemented here (${status}); the rules observed through it are not exercised`);
            notExercised(`${observer.id} is not implemented here (${status})`);
            break rounds;
          }
          if (status < 200 || status >= 300) {
            input.seen(seen, []);
            notExercised(`${observer.id} answered ${status}`);
            break rounds;
          }
          const failures: Failure[] = [];
          for (const check of checks) {
            const verdict = check.observe!(input.contextFor(op, history), seen.exchange);
            if (verdict.unjudged !== undefined) {
              input.tally.notExercised(op.id, check.name, `${verdict.unjudged}`);
              continue;
            }
            input.tally.judged(op.id, judgedName(check));
            for (const f of verdict.failures) {
              failures.push(f);
              input.fail(f, seen.exchange);
            }
          }
          input.seen(seen, failures);
          history.push(seen.exchange);
        }
      }
    }
  }
  return sentFor;
}

// Tally keeps one judged-names list per identity: one frozen list per check.
const names = new WeakMap<Check, readonly string[]>();
function judgedName(check: Check): readonly string[] {
  let n = names.get(check);
  if (!n) names.set(check, (n = Object.freeze([check.name])));
  return n;
}
