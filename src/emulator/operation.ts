/**
 * The contract between the request handler and the service modules: an operation matches a
 * method and a path pattern and turns a request into a reply. Replies are plain data; the
 * handler serialises them, shapes errors the service's way and adds the common headers.
 */
import type { EmulatorState } from './fixtures.ts';
import type { FaultName, OperationName } from './faults.ts';

export type ServiceName = 'apig' | 'elb' | 'csms';

/** The reply of a request that never gets an answer (fault `hang`). */
export const HANG: unique symbol = Symbol('hang');

export type Reply =
  | { readonly status: number; readonly body: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status: number; readonly error: { readonly code: string; readonly message: string } }
  | typeof HANG;

/** A reply that refuses: a status and the service's error code and message. */
export type Refusal = Extract<Reply, { error: unknown }>;

export interface OperationContext {
  readonly state: EmulatorState;
  readonly fault: FaultName | undefined;
  /** the decoded path parameters, in the order of the pattern */
  readonly params: readonly string[];
  /** the raw query, without '?' ('' when none) */
  readonly query: string;
  /** the raw request body; null when the request had none */
  readonly body: Uint8Array | null;
  readonly now: number;
}

/** Error codes a service answers with for the failures every operation shares. */
export interface ServiceCodes {
  readonly badRequest: string;
  readonly unauthorized: string;
  readonly notFound: string;
  readonly internal: string;
}

export interface Operation {
  readonly name: OperationName;
  readonly service: ServiceName;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** path segments after the leading '/': a literal, or null for a parameter */
  readonly pattern: readonly (string | null)[];
  readonly codes: ServiceCodes;
  /** the error body in this operation's documented shape */
  errorBody(code: string, message: string): unknown;
  run(context: OperationContext): Reply;
}

export function ok(status: number, body: unknown, headers?: Readonly<Record<string, string>>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

export function fail(status: number, code: string, message: string): Refusal {
  return { status, error: { code, message } };
}
