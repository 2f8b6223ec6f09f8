/**
 * One run's shared state, built once and handed to every phase (phases/): the configuration,
 * the sender, the tally, what stops the run, the redactor and what the run learns as it goes.
 * Also the one way an outcome is judged and folded into the tally (`record`).
 */
import { citer } from './citations.ts';
import { selectOperations } from '../spec/catalog.ts';
import type { Case } from '../cases/types.ts';
import type { Check, CheckContext, Failure } from '../checks/types.ts';
import type { Config } from '../config/types.ts';
import type { FixtureValues } from '../execute/request.ts';
import type { Exchange, Outcome } from '../execute/types.ts';
import { isBlank } from '../execute/client.ts';
import { createRedactor } from '../redact/index.ts';
import type { Operation, Spec } from '../spec/types.ts';
import { FlowCases } from '../cases/flow-cases.ts';
import { judge } from '../checks/judge.ts';
import { OptionalLedger } from './optional-evidence.ts';
import { ReadingObserver } from './readings.ts';
import { errorRecord, failureRecord, type Redactor } from './records.ts';
import { requestSecrets } from './run-secrets.ts';
import { createSender, type Sender } from '../execute/send.ts';
import { caseDealer, type Shard } from './shard.ts';
import { Stopping } from './stopping.ts';
import { Tally } from './tally.ts';
import type { FailureRecord } from './types.ts';
import { createsNamedResource, uniquifyName } from '../cases/unique-names.ts';
import type { CreatedResources } from './resources.ts';

export type RunEvent =
  | { readonly kind: 'operation-start'; readonly operationId: string; readonly total: number }
  | { readonly kind: 'progress'; readonly operationId: string; readonly done: number; readonly total: number; readonly failures: number }
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
  /** skipped by the user's choice (live safety), or, `notRun`, unable to run (no throwaway to work on) */
  | { readonly kind: 'operation-skipped'; readonly operationId: string; readonly reason: string; readonly notRun?: true }
  | { readonly kind: 'phase'; readonly name: string };

/**
 * main: boundary, random and auth cases; flows: the fixed sequences; model: model-based
 * sequences; shrink: shrinking; cleanup: the deletes of what the run created (never judged)
 */
export type RunPhase = 'main' | 'flows' | 'model' | 'shrink' | 'cleanup';

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
  /** stops deleting what the run created (a second Ctrl-C): what is left is listed in the result */
  readonly cleanupSignal?: AbortSignal;
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

type Known = { reason: string; expires: string };

export interface RunContext {
  readonly input: EngineInput;
  readonly config: Config;
  readonly checks: readonly Check[];
  /** the operations the run selected, in spec order */
  readonly operations: readonly Operation[];
  /** every operation of the loaded specs */
  readonly allOps: readonly Operation[];
  readonly byId: ReadonlyMap<string, Operation>;
  readonly fixtures: FixtureValues;
  readonly secrets: readonly string[];
  readonly redactor: Redactor;
  readonly tally: Tally;
  readonly sender: Sender;
  readonly stopping: Stopping;
  readonly started: number;
  readonly shard: Shard | undefined;
  /** whether this shard sends a case (shard.ts) */
  readonly takes: (c: Case, service: string) => boolean;
  /** region-optional fields the target showed it supports (`${operationId}.${field}`) */
  readonly supportedFields: Set<string>;
  readonly optional: OptionalLedger;
  readonly readings: ReadingObserver;
  /** valid cases of the main phase the stateful flows reuse */
  readonly flowCases: FlowCases;
  /** the first failing random case of each operation and check, to shrink */
  readonly shrinkQueue: { op: Operation; c: Case; check: string }[];
  /** answers judged after the main phase, when what the target showed about a field is known */
  readonly held: { op: Operation; o: Extract<Outcome, { ok: true }> }[];
  /** every resource the run created, seen on the wire (resources.ts) */
  readonly resources: CreatedResources;
  /** why an operation cannot run although selected: a throwaway its path needs was not made (phases/setup.ts) */
  readonly blocked: ReadonlyMap<string, string>;
  /** cases the run planned and sent (a shard's plan is an estimate, corrected as it runs) */
  readonly counts: { planned: number; run: number };
  emit(e: RunEvent): void;
  /** the case with a fresh name when the operation creates a named resource */
  unique(op: Operation, c: Case): Case;
  contextFor(op: Operation, history?: readonly Exchange[]): CheckContext;
  /** Judges one outcome and folds it into the tally; returns the failures. Never throws. */
  record(op: Operation, outcome: Outcome, phase: RunPhase, history?: readonly Exchange[]): readonly Failure[];
  recordOf(f: Failure, ex: Exchange, known?: Known): FailureRecord;
  /** Tallies one failure found on `ex`, known when the baseline accepts it. */
  fail(f: Failure, ex: Exchange): void;
  queueShrink(op: Operation, c: Case, failures: readonly Failure[]): void;
  /** Whatever goes wrong in the tool with one case is an error record of that case, never the end of the run. */
  internalError(operationId: string, caseId: string, e: unknown): void;
  /** The stateful phases judge on their own: the hook still sees every outcome they send. */
  notifyError(o: Outcome, phase: RunPhase): Outcome;
  notify(ex: Exchange, failures: readonly Failure[], phase: RunPhase): readonly Failure[];
  /** ends what the context holds open: the abort listener (the sender is closed by the engine) */
  detach(): void;
}

export function createRunContext(input: EngineInput, resources: CreatedResources, blocked: ReadonlyMap<string, string> = new Map()): RunContext {
  const { config, checks } = input;
  const started = Date.now();
  const deadline = started + config.run.totalTimeoutMs;
  const emit = input.onEvent ?? (() => {});
  const allOps = input.specs.flatMap((s) => s.operations);
  // supporting operations only observe, unless named with --operations
  const operations = selectOperations(allOps, config.operations);
  const byId = new Map(allOps.map((o) => [o.id, o] as const));
  const fixtures = fixtureValues(config);
  const secrets = secretsOf(config);
  const redactor: Redactor = createRedactor(secrets);
  const tally = new Tally();
  const sender: Sender = resources.watch(createSender(config, fixtures, deadline, input.lookup));
  const supportedFields = new Set<string>();
  const optional = new OptionalLedger();
  const readings = new ReadingObserver();
  const sentSecrets: string[] = [];
  const sentValues: string[] = [];
  const probes = { supportedFields, optional: optional.evidence, sentSecrets, sentValues };
  const nonce = started % 1_000_003;
  const shrinkQueue: { op: Operation; c: Case; check: string }[] = [];
  let serial = 0;
  const shard = input.shard;
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

  // every record is cited as it is made, the ones spilled past the in-memory cap too
  const cite = citer(input.specs);
  const recordOf = (f: Failure, ex: Exchange, known?: Known) =>
    cite(failureRecord(f, ex, {
      redactor,
      secrets,
      seed: config.run.seed,
      reportDir: config.report.dir,
      replayArgs: input.replayArgs ?? [],
      sentSecrets: requestSecrets(byId.get(f.operationId), ex.case, ex.request.body),
      ...(known ? { known } : {}),
    }));
  const fail = (f: Failure, ex: Exchange) => {
    const known = input.known?.(f);
    tally.fail(f, () => recordOf(f, ex, known), known !== undefined);
  };
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

  const internalError = (operationId: string, caseId: string, e: unknown) =>
    tally.error({ operationId, caseId, code: 'internal', message: `internal error: ${e instanceof Error ? e.message : String(e)}`.split('\n')[0]! });

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
      const secretsSent = requestSecrets(op, ex.case, ex.request.body);
      remember(sentSecrets, secretsSent, RECENT_SECRETS);
      remember(sentValues, ordinaryValues(ex, secretsSent), RECENT_VALUES);
      // A clean refusal of credentials is no evidence for a check that only looks for failures in it.
      const declined =
        running === authChecks ? [...j.declined, ...j.judged.filter((n) => findsOnly.has(n) && !j.failures.some((f) => f.check === n))] : j.declined;
      tally.judged(op.id, j.judged, declined);
      for (const t of j.thrown) tally.error({ operationId: op.id, caseId: ex.case.id, code: 'check-threw', message: t.message, check: t.check }, t.check);
      for (const f of j.failures) fail(f, ex);
      input.onOutcome?.(outcome, j.failures, phase);
      return j.failures;
    } catch (e) {
      internalError(op.id, (outcome.ok ? outcome.exchange.case : outcome.error.case).id, e);
      return [];
    }
  };

  return {
    input,
    config,
    checks,
    operations,
    allOps,
    byId,
    fixtures,
    secrets,
    redactor,
    tally,
    sender,
    stopping,
    started,
    shard,
    takes: caseDealer(shard),
    supportedFields,
    optional,
    readings,
    flowCases: new FlowCases(),
    shrinkQueue,
    held: [],
    resources,
    blocked,
    counts: { planned: 0, run: 0 },
    emit,
    unique,
    contextFor,
    record,
    recordOf,
    fail,
    queueShrink,
    internalError,
    notifyError: (o, phase) => {
      if (!o.ok) input.onOutcome?.(o, [], phase);
      return o;
    },
    notify: (ex, failures, phase) => {
      input.onOutcome?.({ ok: true, exchange: ex }, failures, phase);
      return failures;
    },
    detach: () => input.signal?.removeEventListener('abort', onAbort),
  };
}

/** How many of the latest secrets the run sent later answers are searched for (cost per exchange). */
const RECENT_SECRETS = 16;

/** How many of the latest ordinary values the run sent an earlier secret is compared with. */
const RECENT_VALUES = 256;

/** The strings a request sent that are not secrets: its path parameters and top-level body fields. */
function ordinaryValues(ex: Exchange, secrets: readonly string[]): string[] {
  const body = ex.case.body.kind === 'json' ? ex.case.body.value : undefined;
  const fromBody = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.values(body) : [];
  return [...Object.values(ex.pathParams), ...fromBody].filter((v): v is string => typeof v === 'string' && v.length > 0 && !secrets.includes(v));
}

/** Keeps the latest `limit` distinct values: `recent` is a bounded window, oldest first. */
function remember(recent: string[], sent: readonly string[], limit: number): void {
  for (const s of sent) {
    if (recent.includes(s)) continue;
    recent.push(s);
    if (recent.length > limit) recent.shift();
  }
}
