/**
 * The run result: the one object every report renders. JSON-serialisable; `conformance.json`
 * is this object. Everything in it is already redacted.
 */
import type { Case } from '../cases/types.ts';
import type { Source } from '../spec/types.ts';

export interface RedactedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface RedactedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Replay {
  readonly seed: number;
  readonly caseId: string;
  /** `conform replay reports/conformance.json --case <id> --target <url>` */
  readonly command: string;
  /** a curl line, credentials replaced by `$HWC_AUTH_TOKEN` */
  readonly curl: string;
}

export interface FailureRecord {
  readonly check: string;
  readonly operationId: string;
  readonly caseId: string;
  readonly message: string;
  readonly rule: string;
  readonly source: Source;
  readonly received: string;
  readonly documented: string;
  readonly case: Case;
  readonly request: RedactedRequest;
  readonly response?: RedactedResponse;
  readonly replay: Replay;
  /** set when a baseline entry accepts this deviation */
  readonly known?: { readonly reason: string; readonly expires: string };
}

export interface ErrorRecord {
  readonly operationId: string;
  readonly caseId: string;
  /** transport code (`refused`, `timeout`, `non-json`, …) or `check-threw` */
  readonly code: string;
  readonly message: string;
  readonly request?: RedactedRequest;
  readonly check?: string;
}

/**
 * What one operation × check ended as. `passed` needs at least one judged exchange (the tally
 * decides, never a reporter); `not applicable`: the check has nothing to say about the operation;
 * `not exercised`: it applies, but no answer could be judged (every request errored, was refused
 * for its credentials, or was not sent), with the reason; `skipped`: the user chose not to run it
 * (operation not selected for mutation, check disabled); `known`: failed, accepted by the
 * baseline; `errored`: the check itself threw.
 */
export type Verdict = 'passed' | 'failed' | 'known' | 'not applicable' | 'not exercised' | 'skipped' | 'errored';

export interface CheckVerdict {
  readonly check: string;
  readonly title: string;
  readonly verdict: Verdict;
  /** exchanges the check judged */
  readonly judged: number;
  readonly failures: number;
  /** transport errors among the operation's requests (each one an exchange the check could not judge) */
  readonly errors: number;
  /** why, when not applicable, not exercised or skipped */
  readonly reason?: string;
}

/** Why a run ended before it sent everything it planned. */
export type StopReason = 'budget' | 'deadline' | 'interrupted' | 'unreachable' | 'auth-refused';

export interface Completion {
  readonly complete: boolean;
  readonly reason?: StopReason;
  /** one line: why the run stopped, or why it could not judge */
  readonly message?: string;
  /** cases sent (and answered or errored) of those planned for the main phase */
  readonly casesRun: number;
  readonly casesPlanned: number;
}

export interface OperationResult {
  readonly operationId: string;
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly cases: number;
  /** what the cases varied, read from the spec (`no request body to vary: only the path (…) and the credentials`) */
  readonly varied?: string;
  readonly requests: number;
  /** transport errors of this operation's requests (every phase) */
  readonly transportErrors: number;
  /** answers that refused the configured credentials (evidence for auth-required only) */
  readonly authRefused: number;
  /** planned cases never sent, with why (`not run (budget)`) */
  readonly notRun?: { readonly count: number; readonly reason: string };
  readonly skipped?: string;
  readonly checks: readonly CheckVerdict[];
}

/**
 * A baseline entry that needs attention: one past its date (it accepts nothing any more), or
 * one still active that accepted no failure in this run. Entries that accepted a failure are
 * seen on those failures (`known`).
 */
export interface BaselineNote {
  readonly operationId: string;
  readonly check: string;
  readonly reason: string;
  /** `YYYY-MM-DD`, the first day the entry no longer applied */
  readonly expires: string;
  readonly status: 'expired' | 'unmatched';
  /** failures of this operation × check in the run: for an expired entry, those it no longer accepts */
  readonly failures: number;
  /** why there was nothing to match: the operation did not run, or the check judged nothing */
  readonly unjudged?: string;
}

/** Which reading of an ambiguity in the documents the target follows (specs/NOTES.md): information. */
export interface Reading {
  /** the NOTES.md entry */
  readonly topic: string;
  readonly operationId: string;
  readonly reading: string;
  readonly evidence: string;
  readonly caseId: string;
}

export interface CreatedResource {
  readonly operationId: string;
  /** what the answer named it by (`x-hwc-creates` id) */
  readonly id: string;
  /** the name the run gave it, when it sent one */
  readonly name: string;
  /** deleted by the run (its own delete case or the cleanup); gone: the delete found it absent; left: still on the target */
  readonly state: 'deleted' | 'gone' | 'left';
  /** the fixture it stood in for, when the run made it as a throwaway */
  readonly throwaway?: string;
  /** how it was deleted, or why it was left */
  readonly note?: string;
}

/** The requests that made throwaways and deleted what the run created: outside the budget and `summary.requests`. */
export interface Cleanup {
  readonly requests: number;
  /** re-sends of them after throttling (included in `requests`) */
  readonly retries: number;
  /** creating requests that got no answer (cut off, timed out): each may have created a resource the run cannot name */
  readonly unanswered: number;
  /** resources created past the tracking cap, not listed */
  readonly untracked: number;
}

export interface RunResult {
  readonly tool: { readonly name: string; readonly version: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** base URL per service (credentials never appear in URLs) */
  readonly target: Readonly<Record<string, string>>;
  readonly embedded: boolean;
  readonly seed: number;
  readonly settings: { readonly cases: number; readonly concurrency: number; readonly timeoutMs: number };
  readonly operations: readonly OperationResult[];
  readonly completion: Completion;
  /**
   * Every failure (none is dropped); `failureCount` counts them. In a very large run only the
   * first ones are held here and the rest in `spilledFailures`, which writing conformance.json
   * streams into this list, so the file holds all of them.
   */
  readonly failures: readonly FailureRecord[];
  /** not part of conformance.json: a file of the failure records past those in `failures` */
  readonly spilledFailures?: import('./tally.ts').SpilledFailures;
  readonly failureCount: number;
  readonly errors: readonly ErrorRecord[];
  readonly errorCount: number;
  /** every resource the run created on the target (`x-hwc-creates`), and what became of it */
  readonly createdResources: readonly CreatedResource[];
  /**
   * The throwaways' creation and the end-of-run cleanup: the requests they sent (not in
   * `summary.requests`, and beyond any budget), and what the run may have created without being
   * able to name it.
   */
  readonly cleanup?: Cleanup;
  /** baseline entries that expired or matched nothing (absent when the run had no baseline) */
  readonly baseline?: readonly BaselineNote[];
  /** set on a `--shard i/n` run: which shard, and a digest of the specs (`conform merge` checks both) */
  readonly shard?: { readonly index: number; readonly count: number; readonly specs: string };
  /** the readings the target follows, where the documents allow more than one (never a failure) */
  readonly readings?: readonly Reading[];
  readonly summary: {
    readonly requests: number;
    /** re-sends after a 429, or a 503 with Retry-After (included in `requests`) */
    readonly retries: number;
    readonly checksPassed: number;
    readonly checksFailed: number;
    readonly checksKnown: number;
    readonly checksNotApplicable: number;
    readonly checksNotExercised: number;
    readonly checksSkipped: number;
    readonly checksErrored: number;
    /**
     * conforms: exit 0 (with `completion.complete` false after a budget or the run's time
     * bound: conforming as far as it got); deviates: exit 1; errored: exit 3; interrupted
     * (Ctrl-C, SIGTERM): exit 130
     */
    readonly outcome: 'conforms' | 'deviates' | 'errored' | 'interrupted';
  };
}
