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

export type Verdict = 'passed' | 'failed' | 'known' | 'skipped' | 'errored';

export interface CheckVerdict {
  readonly check: string;
  readonly title: string;
  readonly verdict: Verdict;
  /** exchanges the check judged */
  readonly judged: number;
  readonly failures: number;
  /** why, when skipped (not applicable, disabled, mutation not allowed) */
  readonly reason?: string;
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
  /** kept up to a cap; `failureCount` has the true number */
  readonly failures: readonly FailureRecord[];
  readonly failureCount: number;
  readonly errors: readonly ErrorRecord[];
  readonly errorCount: number;
  readonly createdResources: readonly { readonly operationId: string; readonly id: string; readonly name: string }[];
  /** baseline entries that expired or matched nothing (absent when the run had no baseline) */
  readonly baseline?: readonly BaselineNote[];
  /** set on a `--shard i/n` run: which shard, and a digest of the specs (`conform merge` checks both) */
  readonly shard?: { readonly index: number; readonly count: number; readonly specs: string };
  /** the readings the target follows, where the documents allow more than one (never a failure) */
  readonly readings?: readonly Reading[];
  readonly summary: {
    readonly requests: number;
    readonly checksPassed: number;
    readonly checksFailed: number;
    readonly checksKnown: number;
    readonly checksSkipped: number;
    readonly checksErrored: number;
    /** conforms: exit 0; deviates: exit 1; errored: exit 3 */
    readonly outcome: 'conforms' | 'deviates' | 'errored';
  };
}
