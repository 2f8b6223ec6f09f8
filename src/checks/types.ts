/**
 * A check judges exchanges against one documented rule. It is a plain, synchronous function
 * with no I/O and no counters (shrinking runs it again): (context, exchange) → failures.
 * A throwing check is an *error* of the run, not a crash.
 */
import type { Exchange } from '../execute/types.ts';
import type { Operation, Source } from '../spec/types.ts';

export interface CheckContext {
  readonly operation: Operation;
  /** every operation of the loaded specs, by id */
  readonly operations: ReadonlyMap<string, Operation>;
  /** values that must never appear in a response: token, AK/SK, fixture secret values */
  readonly knownSecrets: readonly string[];
  /** the fixture values of the run (to tell the COMMON secret from the rotatable one, say) */
  readonly fixtures: Readonly<Record<string, string>>;
  /**
   * Earlier exchanges of the same stateful flow, oldest first (empty outside flows).
   * State rules compare against them.
   */
  readonly history: readonly Exchange[];
  /** what the run learnt about the target before judging (see specs/NOTES.md) */
  readonly probes: Readonly<{
    /**
     * Region-optional fields (`${operationId}.${field}`) the target shows it supports: it
     * rejected some invalid value of the field, or echoed a custom value of a field of the same
     * operation. Accepting an invalid value of such a field is a deviation; of any other
     * region-optional field it may be the region ignoring the field (specs/NOTES.md).
     */
    supportedFields?: ReadonlySet<string>;
    /**
     * How the target answered valid custom values of each region-optional field
     * (`${operationId}.${field}`), over the whole main phase: the first case of each kind of
     * answer, and how often each value was sent (a repeated value may be refused as a duplicate).
     */
    optional?: ReadonlyMap<string, OptionalEvidence>;
    /**
     * The latest values the run sent in `never-echo` fields (app_secret), of any earlier request:
     * a secret one request set must not come back in a later answer either. Bounded.
     */
    sentSecrets?: readonly string[];
    /**
     * The latest ordinary string values the run sent (body fields that are not secrets, path
     * parameters): a stored name may legitimately come back later and contain an earlier short
     * secret by chance ("technologist" holds "technolo"), which is no leak. Bounded.
     */
    sentValues?: readonly string[];
  }>;
}

export interface OptionalEvidence {
  /** first case answered 2xx */
  readonly accepted?: string;
  /** first case answered a documented 4xx */
  readonly refused?: string;
  /** first 2xx case whose answer showed the value exactly as sent */
  readonly echoed?: string;
  /** first 2xx case whose answer showed another value */
  readonly changed?: string;
  /** first case that had a value accepted a second time (the target takes duplicates) */
  readonly duplicateAccepted?: string;
  readonly sent: ReadonlyMap<string, number>;
}

export interface Failure {
  readonly check: string;
  readonly operationId: string;
  readonly caseId: string;
  /** one line: what went wrong */
  readonly message: string;
  /** the documented rule, in words */
  readonly rule: string;
  readonly source: Source;
  /** `Received: …` */
  readonly received: string;
  /** `Documented: …` */
  readonly documented: string;
}

export type Severity = 'error' | 'warning';

/** What an observation check made of one observer's answer. */
export interface ObservationVerdict {
  readonly failures: readonly Failure[];
  /** why the answer could not be judged (it lacks what the rule observes); absent when judged */
  readonly unjudged?: string;
}

export interface Check {
  /** stable kebab-case name, used in config `checks:` and reports */
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
  /**
   * What the check makes of an answer refusing an auth case's wrong or missing credentials (a
   * documented auth-failure status). `evidence`: the refusal is what it judges (auth-required).
   * `failures-only`: it may find a deviation in the refusal (an error body quoting the token),
   * but a clean refusal says nothing about it. Absent: the check does not run on such answers.
   */
  readonly authRefusals?: 'evidence' | 'failures-only';
  /**
   * The check reads any text, so it also runs on a 5xx answer whose body is not JSON (a
   * gateway's HTML 502); the others skip such an answer, which says nothing about their rule.
   */
  readonly readsAnyText?: boolean;
  /**
   * The check judges the answers of the model-based sequences (random runs of the mutating
   * operations): a rule about state across calls, or one every answer of such a run must keep.
   */
  readonly judgesSequences?: boolean;
  /** the check only applies to some operations (e.g. masking to operations with a mask rule) */
  applies(operation: import('../spec/types.ts').Operation): boolean;
  run(context: CheckContext, exchange: Exchange): readonly Failure[];
  /**
   * Whether an answer is evidence for this check at all (accepts-valid says nothing about an
   * invalid case, response-schema nothing about a 4xx). A check judged nothing is never
   * `passed`. A check about state sees the history in the context: an answer with nothing
   * before it to compare against is no evidence. Absent: every answer is evidence.
   */
  judges?(exchange: Exchange, context: CheckContext): boolean;
  /**
   * A check of a rule observed through another operation (`reads-back`, `moves-label`): it
   * judges what that operation answered after the context operation's call (in `history`),
   * never the operation's own exchanges, which `run` leaves alone.
   */
  observe?(context: CheckContext, observed: Exchange): ObservationVerdict;
}
