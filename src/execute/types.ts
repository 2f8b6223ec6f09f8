/**
 * An exchange: one case, the exact request sent for it, and the response (or the transport
 * error). Plain data; checks judge it, reports render it.
 */
import type { Case } from '../cases/types.ts';

export interface SentRequest {
  readonly method: string;
  readonly url: string;
  /** header names lower-cased; credentials are redacted before anything is stored or printed */
  readonly headers: Readonly<Record<string, string>>;
  /** exact body text sent, if any */
  readonly body?: string;
}

export interface ReceivedResponse {
  readonly status: number;
  /** header names lower-cased; repeated headers joined with ", " */
  readonly headers: Readonly<Record<string, string>>;
  /** the body as text (UTF-8), read to the end */
  readonly text: string;
  /** the parsed JSON body; `undefined` when the body is empty */
  readonly json?: unknown;
}

export interface Exchange {
  readonly case: Case;
  readonly request: SentRequest;
  /** the path parameter values actually sent (fixtures or case overrides) */
  readonly pathParams: Readonly<Record<string, string>>;
  /** epoch ms when the request was sent (state rules compare across time) */
  readonly sentAt: number;
  readonly response: ReceivedResponse;
  /** ms from sending to the last body byte */
  readonly elapsedMs: number;
  /** id of the stateful flow this exchange belongs to, if any, and its step index */
  readonly flow?: { readonly id: string; readonly step: number };
}

/** Why an exchange could not be completed: an *error* of the run, never a conformance failure. */
export type TransportErrorCode =
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'dns'
  | 'tls'
  | 'non-json'
  | 'too-large'
  /** the target kept throttling (429) after every retry the run could afford */
  | 'throttled'
  /** not sent: the request budget (--max-requests) was spent */
  | 'budget'
  /** not sent: the run's time bound (run.totalTimeoutMs) was reached */
  | 'deadline'
  /** not sent, or cut off: the run was interrupted (Ctrl-C, SIGTERM) or gave up on the target */
  | 'stopped'
  | 'other';

export interface TransportError {
  readonly case: Case;
  readonly request: SentRequest;
  readonly code: TransportErrorCode;
  readonly message: string;
  readonly elapsedMs: number;
  /** a response that arrived but could not be used (non-JSON body), if any */
  readonly response?: Omit<ReceivedResponse, 'json'>;
}

export type Outcome =
  | { readonly ok: true; readonly exchange: Exchange }
  | { readonly ok: false; readonly error: TransportError };
