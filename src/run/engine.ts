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
import { authCases } from './auth-cases.ts';
import { OptionalLedger } from './optional-evidence.ts';
import { Probes } from './probes.ts';
import { ReadingObserver } from './readings.ts';
import { FlowCases } from './flow-cases.ts';
import { depthFlows } from './depth-flows.ts';
import { batches, commandArbitraries, fixedFlows, modelBased } from './flows.ts';
import { judge } from './judge.ts';
import { errorRecord, failureRecord, type Redactor } from './records.ts';
import { createSender, type Sender } from './send.ts';
import { shrinkFailure } from './shrink.ts';
import { Tally } from './tally.ts';
import type { RunResult } from './types.ts';
import { isBlank } from '../execute/client.ts';
import { NOT_RUN, Stopping } from './stopping.ts';
import { requestSecrets } from './run-secrets.ts';
import { createsNamedResource, uniquifyName } from './unique-names.ts';
import { caseDealer, inShard, specsDigest, type Shard } from './shard.ts';

export type RunEvent =
  | { readonly kind: 'operation-start'; readonly operationId: string; readonly total: number }
  | { readonly kind: 'progress'; readonly operationId: string; readonly done: number; readonly total: number }
  | {
      readonly kind: 'operation-end';
      readonly operationId: string;
      readonly failures: number;
      /** answers some check judged, transport errors, answers refusing the credentials, cases not sent */
      readonly judged: number;
      readonly errors: number;
      readonly authRefused: number;
      readonly notRun: number;
    }
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
  /** checks the configuration turned off: reported as skipped, so the reports still name them */
  readonly disabledChecks?: readonly Check[];
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
  /** aborts the run (Ctrl-C, SIGTERM): nothing more is sent, and the result says `interrupted` */
  readonly signal?: AbortSignal;
  /**
   * The arguments that point `conform replay` at the same target (`--config FILE`, `--target
   * URL`, …), never a secret: every printed replay line carries them.
   */
  readonly replayArgs?: readonly string[];
  /** `--shard i/n`: send only this shard's cases and flows (shard.ts) */
  readonly shard?: Shard;
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
  const operations = config.operations ? allOps.filter((o) => config.operations!.includes(o.id)) : allOps;
  const byId = new Map(allOps.map((o) => [o.id, o] as const));
  const fixtures = fixtureValues(config);
  const secrets = secretsOf(config);
  const redactor: Redactor = createRedactor(secrets);
  const tally = new Tally();
  const sender: Sender = createSender(config, fixtures, deadline, input.lookup);
  const supportedFields = new Set<string>();
  const optional = new OptionalLedger();
  const readings = new ReadingObserver();
  const sentSecrets: string[] = [];
  const probes = { supportedFields, optional: optional.evidence, sentSecrets };
  const nonce = started % 1_000_003;
  const created: { operationId: string; id: string; name: string }[] = [];
  const flowCases = new FlowCases();
  const shrinkQueue: { op: Operation; c: Case; check: string }[] = [];
  let serial = 0;
  const shard = input.shard;
  const takes = caseDealer(shard);
  const unique = (op: Operation, c: Case): Case => (createsNamedResource(op) ? uniquifyName(op, c, serial++, nonce) : c);

  // Which checks run on an answer refusing an auth case's credentials, and on a server fault
  // whose body is not JSON: each check declares it (checks/types.ts).
  const authChecks = checks.filter((c) => c.authRefusals !== undefined);
  const faultChecks = checks.filter((c) => c.readsAnyText === true);
  const findsOnly = new Set(authChecks.filter((c) => c.authRefusals === 'failures-only').map((c) => c.name));

  const stopping = new Stopping(config, () => sender.stop());
  const onAbort = () => stopping.interrupt();
  if (input.signal?.aborted) onAbort();
  input.signal?.addEventListener('abort', onAbort);

  const held: { op: Operation; o: Extract<Outcome, { ok: true }> }[] = [];
  const recordOf = (f: Failure, ex: Exchange, known?: { reason: string; expires: string }) =>
    failureRecord(f, ex, {
      redactor,
      secrets,
      seed: config.run.seed,
      reportDir: config.report.dir,
      replayArgs: input.replayArgs ?? [],
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

  /** Whatever goes wrong in the tool with one case is an error record of that case, never the end of the run. */
  const internalError = (operationId: string, caseId: string, e: unknown) =>
    tally.error({ operationId, caseId, code: 'internal', message: `internal error: ${e instanceof Error ? e.message : String(e)}`.split('\n')[0]! });

  /** Judges one outcome and folds it into the tally; returns the failures. Never throws. */
  const record = (op: Operation, outcome: Outcome, phase: RunPhase, history: readonly Exchange[] = []): readonly Failure[] => {
    try {
      if (!outcome.ok) {
        tally.error(errorRecord(redactor, outcome.error));
        input.onOutcome?.(outcome, [], phase);
        return [];
      }
      const ex = outcome.exchange;
      if (stopping.refusesCredentials(op, ex)) {
        tally.authRefused(op.id);
        input.onOutcome?.(outcome, [], phase);
        return [];
      }
      readings.observe(op, ex);
      const { status, json, text } = ex.response;
      const running =
        ex.case.auth && op.authFailureStatuses.includes(status) ? authChecks : status >= 500 && json === undefined && !isBlank(text) ? faultChecks : checks;
      const j = judge(running, contextFor(op, history), ex);
      // remembered after judging: an answer is searched for the secrets of the requests before it
      rememberSecrets(sentSecrets, requestSecrets(op, ex.case, ex.request.body));
      // A clean refusal of credentials is no evidence for a check that only looks for failures in it.
      const declined =
        running === authChecks ? [...j.declined, ...j.judged.filter((n) => findsOnly.has(n) && !j.failures.some((f) => f.check === n))] : j.declined;
      tally.judged(op.id, j.judged, declined);
      for (const t of j.thrown) tally.error({ operationId: op.id, caseId: ex.case.id, code: 'check-threw', message: t.message, check: t.check }, t.check);
      for (const f of j.failures) {
        const known = input.known?.(f);
        tally.fail(f, () => recordOf(f, ex, known), known !== undefined);
      }
      noteCreated(op, ex);
      input.onOutcome?.(outcome, j.failures, phase);
      return j.failures;
    } catch (e) {
      internalError(op.id, (outcome.ok ? outcome.exchange.case : outcome.error.case).id, e);
      return [];
    }
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

  let casesPlanned = 0;
  let casesRun = 0;
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
      const planned = source.total + 2 + Probes.count(op);
      const total = shard ? Math.ceil(planned / shard.count) : planned;
      casesPlanned += total;
      if (stopping.stopped) {
        tally.notRun(op.id, total);
        continue;
      }
      const cases = function* () {
        const probes = new Probes(op, fixtures);
        for (const generated of source) {
          if (stopping.refusedThroughout(op.id)) break;
          const c = unique(op, generated);
          probes.offer(c);
          flowCases.offer(op.id, c);
          if (takes(c, op.service)) yield c;
        }
        for (const c of authCases(op, probes.validCase ? [probes.validCase] : [])) if (takes(c, op.service)) yield c;
        // The probes judge a service as a whole (readings, optional-feature evidence): one shard sends them all.
        if (inShard(shard, op.service)) {
          // a probe gets a fresh name too: a service with unique names must not refuse it as a duplicate
          for (const p of probes.cases()) yield p.expect === 'either' ? { ...unique(op, { ...p, expect: 'accept' }), expect: 'either' as const } : p;
        }
      };
      emit({ kind: 'operation-start', operationId: op.id, total });

      let done = 0;
      let ran = 0;
      await eachConcurrently(cases(), config.run.concurrency, () => stopping.stopped, async (c) => {
        const o = await sender.send(op, c);
        done++;
        if (done % 10 === 0 || done === total) emit({ kind: 'progress', operationId: op.id, done, total: Math.max(done, total) });
        if (!stopping.sent(o)) return;
        ran++;
        tally.countCase(op.id);
        try {
          if (o.ok) learnSupport(op, allOps, o.exchange, supportedFields);
          if (o.ok) optional.observe(op, o.exchange);
          const field = c.violation?.field;
          // Judged now when the target has already shown it supports the field: the verdict can no longer change.
          const undecided = c.expect === 'reject' && field && c.regionOptional?.includes(field) && !supportedFields.has(`${op.id}.${field}`);
          if (o.ok && (undecided || OptionalLedger.concerns(c))) {
            held.push({ op, o });
            return;
          }
          queueShrink(op, c, record(op, o, 'main'));
        } catch (e) {
          internalError(op.id, c.id, e);
        }
      });
      casesRun += ran;
      // a shard's total is an estimate: cases count as not run only when the run cut them
      const cut = stopping.stopped || stopping.refusedThroughout(op.id);
      if (cut) tally.notRun(op.id, Math.max(0, total - ran), stopping.refusedThroughout(op.id) && !stopping.stopped ? NOT_RUN['auth-refused'] : undefined);
      else if (shard) casesPlanned += ran - total;
      // a shard's total was an estimate: the last line shows what it sent
      if (shard && done !== total) emit({ kind: 'progress', operationId: op.id, done, total: done });
      const r = tally.operationResults([op], checks, () => 0)[0]!;
      emit({
        kind: 'operation-end',
        operationId: op.id,
        failures: tally.failuresOf(op.id),
        judged: Math.max(0, ...r.checks.map((c) => c.judged)),
        errors: r.transportErrors,
        authRefused: r.authRefused,
        notRun: r.notRun?.count ?? 0,
      });
    }

    // Whether accepting an invalid region-optional value is a deviation depends on what the
    // target shows about the field over the whole run, so those few cases are judged last.
    for (const { op, o } of held) queueShrink(op, o.exchange.case, record(op, o, 'main'));

    // Every answer refused the credentials: nothing but auth-required could be judged, and no
    // later phase can do better.
    stopping.checkCredentials();

    // Stateful flows: fixed sequences, then random model-based sequences, one at a time.
    const runnable = operations.filter((o) => !input.skip?.(o));
    if (!stopping.stopped) emit({ kind: 'phase', name: 'stateful flows' });
    let flowIndex = 0;
    const kept = flowCases.byOperation();
    for (const flow of stopping.stopped ? [] : [...fixedFlows(runnable, kept, fixtures), ...depthFlows(runnable, kept, fixtures, config.run.seed)]) {
      if (!inShard(shard, flowIndex++)) continue;
      const history: Exchange[] = [];
      // a burst (steps sharing a burst key) is sent at once, then judged in step order
      steps: for (const batch of batches(flow.steps)) {
        if (stopping.stopped) break;
        if (batch[0]!.delayMs) await stopping.pause(batch[0]!.delayMs);
        const outcomes = await Promise.all(batch.map((step) => sender.send(step.op, step.case)));
        for (const [i, step] of batch.entries()) {
          const o = outcomes[i]!;
          if (!stopping.sent(o)) break steps;
          tally.countCase(step.op.id);
          record(step.op, o, 'flows', history);
          if (o.ok) history.push(o.exchange);
        }
      }
    }
    const stateChecks = checks.filter((c) => c.judgesSequences === true);
    const modelFailure =
      stopping.stopped || !inShard(shard, flowIndex)
        ? undefined
        : await modelBased(
            commandArbitraries(runnable, fixtures),
            (op, c) => sender.send(op, unique(op, c)).then((o) => notifyError(o, 'model')),
            (op, ex, history) => notify(ex, judge(stateChecks, contextFor(op, history), ex).failures, 'model'),
            { seed: config.run.seed, numRuns: Math.max(1, Math.min(10, Math.ceil(config.run.cases / 10))), maxCommands: 6, timeLimitMs: 20_000 },
          );
    if (modelFailure) {
      const op = byId.get(modelFailure.exchange.case.operationId)!;
      const j = judge(stateChecks, contextFor(op, modelFailure.history), modelFailure.exchange);
      tally.judged(op.id, j.judged, j.declined);
      for (const f of j.failures) {
        const known = input.known?.(f);
        const withSeq = { ...f, message: `${f.message} (shrunk sequence: ${modelFailure.sequence})` };
        tally.fail(withSeq, () => recordOf(withSeq, modelFailure.exchange, known), known !== undefined);
      }
    }

    // Shrink the first failing random case of each check to a minimal counterexample.
    if (!stopping.stopped) emit({ kind: 'phase', name: 'shrinking' });
    for (const item of stopping.stopped ? [] : shrinkQueue.slice(0, 20)) {
      if (stopping.stopped) break;
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
  } catch (e) {
    // a phase broke (the tool, not the target): what was judged is kept and reported
    internalError('', 'run', e);
  } finally {
    clearInterval(keepAlive);
    input.signal?.removeEventListener('abort', onAbort);
    await sender.close();
  }

  // what the run showed about custom credentials is a reading too
  readings.optional(byId, optional.evidence);
  const finished = Date.now();
  const spilledFailures = tally.spilled();
  const stopped = stopping.reason;
  const opResults = tally.operationResults(operations, checks, (id) => sender.requests(id), stopped ? NOT_RUN[stopped.reason] : undefined, input.disabledChecks);
  const verdicts = opResults.flatMap((o) => o.checks);
  const count = (v: string) => verdicts.filter((x) => x.verdict === v).length;
  const outcome =
    stopped?.reason === 'interrupted'
      ? 'interrupted'
      : stopped?.reason === 'unreachable' || stopped?.reason === 'auth-refused' || tally.errorCount > 0
        ? 'errored'
        : count('failed') > 0
          ? 'deviates'
          : 'conforms';
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
    completion: {
      complete: stopped === undefined || (stopped.reason === 'auth-refused' && casesRun === casesPlanned),
      ...(stopped ? { reason: stopped.reason, message: stopped.message } : {}),
      casesRun,
      casesPlanned,
    },
    failures: tally.failures,
    ...(spilledFailures ? { spilledFailures } : {}),
    failureCount: tally.failureCount,
    errors: tally.errors,
    errorCount: tally.errorCount,
    createdResources: created,
    ...(shard ? { shard: { ...shard, specs: specsDigest(input.specs) } } : {}),
    readings: readings.list(),
    summary: {
      requests: sender.requests(),
      retries: sender.retries(),
      checksPassed: count('passed'),
      checksFailed: count('failed'),
      checksKnown: count('known'),
      checksNotApplicable: count('not applicable'),
      checksNotExercised: count('not exercised'),
      checksSkipped: count('skipped'),
      checksErrored: count('errored'),
      outcome,
    },
  };
}

/**
 * Runs `task` on every item with at most `n` at once, taking items from the iterator only as
 * slots free up, and none once `stopped()` says so. After a task throws, no further item is taken.
 */
async function eachConcurrently<T>(items: Iterator<T>, n: number, stopped: () => boolean, task: (item: T) => Promise<void>): Promise<void> {
  let failed = false;
  const worker = async () => {
    while (!failed && !stopped()) {
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

/** How many of the latest secrets the run sent later answers are searched for (cost per exchange). */
const RECENT_SECRETS = 16;

function rememberSecrets(recent: string[], sent: readonly string[]): void {
  for (const s of sent) {
    if (recent.includes(s)) continue;
    recent.push(s);
    if (recent.length > RECENT_SECRETS) recent.shift();
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
