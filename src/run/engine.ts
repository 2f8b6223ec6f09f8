/**
 * The run: operations → cases → sends → checks → one RunResult. Streams: every exchange is
 * judged as it arrives and then dropped; only counters and capped failure records are kept.
 */
import type { Case } from '../cases/types.ts';
import { caseSource } from '../cases/index.ts';
import type { Check, CheckContext, Failure } from '../checks/types.ts';
import type { Config } from '../config/types.ts';
import type { FixtureValues } from '../execute/request.ts';
import type { Exchange, Outcome } from '../execute/types.ts';
import { createRedactor } from '../redact/index.ts';
import type { Operation, Spec } from '../spec/types.ts';
import { selectOperations } from '../spec/catalog.ts';
import { authCases } from './auth-cases.ts';
import { FlowCases } from './flow-cases.ts';
import { commandArbitraries, fixedFlows, modelBased } from './flows.ts';
import { observe } from './observe.ts';
import { judge } from './judge.ts';
import { errorRecord, failureRecord, type Redactor } from './records.ts';
import { createSender, type Sender } from './send.ts';
import { shrinkFailure } from './shrink.ts';
import { Tally } from './tally.ts';
import type { RunResult } from './types.ts';
import { requestSecrets } from './run-secrets.ts';
import { createsNamedResource, uniquifyName } from './unique-names.ts';

export type RunEvent =
  | { readonly kind: 'operation-start'; readonly operationId: string; readonly total: number }
  | { readonly kind: 'progress'; readonly operationId: string; readonly done: number; readonly total: number }
  | { readonly kind: 'operation-end'; readonly operationId: string; readonly failures: number }
  | { readonly kind: 'operation-skipped'; readonly operationId: string; readonly reason: string }
  | { readonly kind: 'phase'; readonly name: string };

/** main: boundary, random and auth cases; flows: the fixed sequences; model: model-based sequences; shrink: shrinking */
export type RunPhase = 'main' | 'flows' | 'model' | 'shrink';

export interface EngineInput {
  readonly specs: readonly Spec[];
  /** resolved, with target and fixtures filled in */
  readonly config: Config;
  readonly checks: readonly Check[];
  readonly tool: { readonly name: string; readonly version: string };
  readonly embedded: boolean;
  /** a baseline lookup: accepted deviations are reported as known */
  readonly known?: (f: Failure) => { reason: string; expires: string } | undefined;
  /** operations that may not run, with why (live safety) */
  readonly skip?: (op: Operation) => string | undefined;
  readonly onEvent?: (e: RunEvent) => void;
  /** host name resolution for the HTTP client (tests map non-loopback names to 127.0.0.1) */
  readonly lookup?: import('node:net').LookupFunction;
  /**
   * Every outcome with its failures and the phase that sent it, as it is judged (record, diff);
   * must not keep a reference it doesn't need. `model` and `shrink` cases depend on how the
   * target answered earlier ones, so two targets need not get the same ones.
   */
  readonly onOutcome?: (outcome: Outcome, failures: readonly Failure[], phase: RunPhase) => void;
}

/** Every configured fixture by its `x-hwc-fixture` key: `projectId`, `service.name`. */
export function fixtureValues(config: Config): FixtureValues {
  const out: Record<string, string> = { projectId: config.projectId };
  for (const [service, values] of Object.entries(config.fixtures)) {
    for (const [name, value] of Object.entries(values)) out[`${service}.${name}`] = value;
  }
  return out;
}

/** Every value that must never come back: the token, AK/SK and the configured secrets. */
export function secretsOf(config: Config): string[] {
  const a = config.auth;
  return [a.token, a.secretKey, a.securityToken, a.iam?.password, ...config.knownSecrets].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
}

export async function runEngine(input: EngineInput): Promise<RunResult> {
  const { config, checks } = input;
  const started = Date.now();
  const deadline = started + config.run.totalTimeoutMs;
  const emit = input.onEvent ?? (() => {});
  const allOps = input.specs.flatMap((s) => s.operations);
  const operations = selectOperations(allOps, config.operations);
  const byId = new Map(allOps.map((o) => [o.id, o] as const));
  const fixtures = fixtureValues(config);
  const secrets = secretsOf(config);
  const redactor: Redactor = createRedactor(secrets);
  const tally = new Tally();
  const sender: Sender = createSender(config, fixtures, deadline, input.lookup);
  const supportedFields = new Set<string>();
  const probes = { supportedFields };
  const nonce = started % 1_000_003;
  const created: { operationId: string; id: string; name: string }[] = [];
  const flowCases = new FlowCases();
  const shrinkQueue: { op: Operation; c: Case; check: string }[] = [];
  let serial = 0;
  const unique = (op: Operation, c: Case): Case => (createsNamedResource(op) ? uniquifyName(op, c, serial++, nonce) : c);

  const held: { op: Operation; o: Extract<Outcome, { ok: true }> }[] = [];
  const recordOf = (f: Failure, ex: Exchange, known?: { reason: string; expires: string }) =>
    failureRecord(f, ex, {
      redactor,
      secrets,
      seed: config.run.seed,
      reportDir: config.report.dir,
      sentSecrets: requestSecrets(byId.get(f.operationId), ex.case, ex.request.body),
      ...(known ? { known } : {}),
    });
  const firstFailing = new Set<string>();
  const queueShrink = (op: Operation, c: Case, failures: readonly Failure[]) => {
    for (const f of failures) {
      const key = `${op.id}.${f.check}`;
      if (c.origin !== 'random' || !c.replay || firstFailing.has(key)) continue;
      firstFailing.add(key);
      shrinkQueue.push({ op, c, check: f.check });
    }
  };

  const contextFor = (op: Operation, history: readonly Exchange[] = []): CheckContext => ({
    operation: op,
    operations: byId,
    knownSecrets: secrets,
    fixtures,
    history,
    probes,
  });

  /** Judges one outcome and folds it into the tally; returns the failures. */
  const record = (op: Operation, outcome: Outcome, phase: RunPhase, history: readonly Exchange[] = []): readonly Failure[] => {
    if (!outcome.ok) {
      tally.error(errorRecord(redactor, outcome.error), 'transport');
      input.onOutcome?.(outcome, [], phase);
      return [];
    }
    const ex = outcome.exchange;
    const j = judge(checks, contextFor(op, history), ex);
    tally.judged(op.id, j.judged);
    for (const t of j.thrown) tally.error({ operationId: op.id, caseId: ex.case.id, code: 'check-threw', message: t.message, check: t.check }, t.check);
    for (const f of j.failures) {
      const known = input.known?.(f);
      tally.fail(f, () => recordOf(f, ex, known), known !== undefined);
    }
    noteCreated(op, ex);
    input.onOutcome?.(outcome, j.failures, phase);
    return j.failures;
  };

  // The stateful phases judge on their own (only some checks, failures kept apart): the hook
  // still sees every exchange they send.
  const notifyError = (o: Outcome, phase: RunPhase): Outcome => {
    if (!o.ok) input.onOutcome?.(o, [], phase);
    return o;
  };
  const notify = (ex: Exchange, failures: readonly Failure[], phase: RunPhase): readonly Failure[] => {
    input.onOutcome?.({ ok: true, exchange: ex }, failures, phase);
    return failures;
  };

  const noteCreated = (op: Operation, ex: Exchange) => {
    if (ex.response.status !== 201 || created.length >= 1000) return;
    const body = ex.response.json as Record<string, unknown> | undefined;
    if (body && typeof body.id === 'string') created.push({ operationId: op.id, id: body.id, name: String(body.name ?? '') });
  };

  let observed: ReadonlyMap<string, number> = new Map();
  // The rate limiter's timers are unref'd; this one keeps the process alive while a run waits on them.
  const keepAlive = setInterval(() => {}, 60_000);
  try {
    // Main phase: boundary cases, random cases, auth cases; every operation in turn.
    for (const op of operations) {
      const reason = input.skip?.(op);
      if (reason) {
        tally.skip(op.id, reason);
        emit({ kind: 'operation-skipped', operationId: op.id, reason });
        continue;
      }
      // Cases are generated as the workers take them, so memory does not grow with the count.
      const source = caseSource(op, { seed: config.run.seed, count: config.run.cases });
      const total = source.total + 2;
      const cases = function* () {
        let valid: Case | undefined;
        for (const generated of source) {
          const c = unique(op, generated);
          if (!valid && c.expect === 'accept' && !c.regionOptional?.length) valid = c;
          flowCases.offer(op.id, c);
          yield c;
        }
        yield* authCases(op, valid ? [valid] : []);
      };
      emit({ kind: 'operation-start', operationId: op.id, total });

      let done = 0;
      await eachConcurrently(cases(), config.run.concurrency, async (c) => {
        const o = await sender.send(op, c);
        tally.countCase(op.id);
        done++;
        if (done % 10 === 0 || done === total) emit({ kind: 'progress', operationId: op.id, done, total });
        if (o.ok) learnSupport(op, allOps, o.exchange, supportedFields);
        const field = c.violation?.field;
        // Judged now when the target has already shown it supports the field: the verdict can no longer change.
        if (o.ok && c.expect === 'reject' && field && c.regionOptional?.includes(field) && !supportedFields.has(`${op.id}.${field}`)) {
          held.push({ op, o });
          return;
        }
        queueShrink(op, c, record(op, o, 'main'));
      });
      emit({ kind: 'operation-end', operationId: op.id, failures: tally.failuresOf(op.id) });
    }

    // Whether accepting an invalid region-optional value is a deviation depends on what the
    // target shows about the field over the whole run, so those few cases are judged last.
    for (const { op, o } of held) queueShrink(op, o.exchange.case, record(op, o, 'main'));

    // Stateful flows: fixed sequences, then random model-based sequences, one at a time.
    const runnable = operations.filter((o) => !input.skip?.(o));
    emit({ kind: 'phase', name: 'stateful flows' });
    for (const flow of fixedFlows(runnable, flowCases.byOperation(), fixtures)) {
      const history: Exchange[] = [];
      for (const step of flow.steps) {
        if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
        const o = await sender.send(step.op, step.case);
        tally.countCase(step.op.id);
        record(step.op, o, 'flows', history);
        if (o.ok) history.push(o.exchange);
      }
    }
    // Rules observed through supporting operations: read-back, labels moved (observe.ts)
    observed = await observe({
      operations: runnable, byId, checks, casesByOp: flowCases.byOperation(), tally, contextFor, fixtures, seed: config.run.seed,
      send: (op, c) => sender.send(op, unique(op, c)),
      requests: (id) => sender.requests(id),
      record: (op, o, history) => void record(op, o, 'flows', history),
      seen: (o, failures) => input.onOutcome?.(o, failures, 'flows'),
      fail: (f, ex) => void tally.fail(f, () => recordOf(f, ex, input.known?.(f)), input.known?.(f) !== undefined),
      unserved: (operationId, reason) => emit({ kind: 'operation-skipped', operationId, reason }),
    });
    const stateChecks = checks.filter((c) => c.name.startsWith('state-') || c.name === 'metadata-only' || c.name === 'masking');
    const modelFailure = await modelBased(
      commandArbitraries(runnable, fixtures),
      (op, c) => sender.send(op, unique(op, c)).then((o) => notifyError(o, 'model')),
      (op, ex, history) => notify(ex, judge(stateChecks, contextFor(op, history), ex).failures, 'model'),
      { seed: config.run.seed, numRuns: Math.max(1, Math.min(10, Math.ceil(config.run.cases / 10))), maxCommands: 6, timeLimitMs: 20_000 },
    );
    if (modelFailure) {
      const op = byId.get(modelFailure.exchange.case.operationId)!;
      for (const f of judge(stateChecks, contextFor(op, modelFailure.history), modelFailure.exchange).failures) {
        const known = input.known?.(f);
        const withSeq = { ...f, message: `${f.message} (shrunk sequence: ${modelFailure.sequence})` };
        tally.fail(withSeq, () => recordOf(withSeq, modelFailure.exchange, known), known !== undefined);
      }
    }

    // Shrink the first failing random case of each check to a minimal counterexample.
    emit({ kind: 'phase', name: 'shrinking' });
    for (const item of shrinkQueue.slice(0, 20)) {
      const shrunk = await shrinkFailure(item.op, item.c, item.check, {
        send: (c) => sender.send(item.op, unique(item.op, c)).then((o) => notifyError(o, 'shrink')),
        judge: (ex) => notify(ex, judge(checks, contextFor(item.op), ex).failures, 'shrink'),
        timeLimitMs: 10_000,
      });
      if (!shrunk) continue;
      const f = shrunk.failure;
      const known = input.known?.(f);
      tally.replace(item.c.id, item.check, recordOf(f, shrunk.exchange, known));
    }
  } finally {
    clearInterval(keepAlive);
    await sender.close();
  }

  const finished = Date.now();
  const opResults = tally.operationResults(operations, checks, (id) => sender.requests(id) + (observed.get(id) ?? 0));
  const verdicts = opResults.flatMap((o) => o.checks);
  const count = (v: string) => verdicts.filter((x) => x.verdict === v).length;
  const outcome = tally.errorCount > 0 ? 'errored' : count('failed') > 0 ? 'deviates' : 'conforms';
  return {
    tool: input.tool,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    target: Object.fromEntries(Object.entries(config.target ?? {}).map(([k, v]) => [k, redactor.text(v)])),
    embedded: input.embedded,
    seed: config.run.seed,
    settings: { cases: config.run.cases, concurrency: config.run.concurrency, timeoutMs: config.run.timeoutMs },
    operations: opResults,
    failures: tally.failures,
    failureCount: tally.failureCount,
    errors: tally.errors,
    errorCount: tally.errorCount,
    createdResources: created,
    summary: {
      requests: sender.requests(),
      checksPassed: count('passed'),
      checksFailed: count('failed'),
      checksKnown: count('known'),
      checksSkipped: count('skipped'),
      checksErrored: count('errored'),
      outcome,
    },
  };
}

/**
 * Runs `task` on every item with at most `n` at once, taking items from the iterator only as
 * slots free up. After a task throws, no further item is taken.
 */
async function eachConcurrently<T>(items: Iterator<T>, n: number, task: (item: T) => Promise<void>): Promise<void> {
  let failed = false;
  const worker = async () => {
    while (!failed) {
      const next = items.next();
      if (next.done) return;
      try {
        await task(next.value);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
  } finally {
    // ends the case generator when a task failed before the end
    items.return?.();
  }
}

const OWN_RULES: ReadonlySet<string> = new Set(['minLength', 'maxLength', 'first-char', 'charset', 'forbidden-char']);

/**
 * A target shows it supports a region-optional field when it rejects an invalid value of it,
 * or when it echoes a custom value of one: "只支持部分region自定义" is a property of the region,
 * so then every region-optional field of the service is customisable here (specs/NOTES.md).
 */
function learnSupport(op: Operation, all: readonly Operation[], ex: Exchange, supported: Set<string>): void {
  const c = ex.case;
  const status = ex.response.status;
  const field = c.violation?.field;
  // Only the field's own rules count: a wrong JSON type may be refused by any deserialiser,
  // even one that then ignores the field.
  const ownRule = OWN_RULES.has(c.violation?.constraint ?? '');
  if (c.expect === 'reject' && field && ownRule && c.regionOptional?.includes(field) && status >= 400 && status < 500 && !c.auth) {
    supported.add(`${op.id}.${field}`);
  }
  if (status < 200 || status >= 300 || c.body.kind !== 'json' || !c.regionOptional?.length) return;
  const sent = c.body.value as Record<string, unknown>;
  const back = ex.response.json as Record<string, unknown> | undefined;
  const echoed = c.regionOptional.some((f) => c.expect === 'accept' && typeof sent?.[f] === 'string' && back?.[f] === sent[f]);
  if (!echoed) return;
  for (const other of all.filter((o) => o.service === op.service)) {
    for (const [name, schema] of Object.entries(other.requestBody?.schema.properties ?? {})) {
      if ((schema as { 'x-hwc-region-optional'?: boolean })['x-hwc-region-optional']) supported.add(`${other.id}.${name}`);
    }
  }
}
