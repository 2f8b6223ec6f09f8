/**
 * The emulator's one request handler: route, authenticate, run the operation, shape the reply.
 * It works on plain wire data (`respond`) so the node:http adapter stays thin; `handle` wraps it
 * as Request → Response for in-process use.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConformError } from '../errors.ts';
import { createApp, createDedicatedApp, deleteApp, deleteDedicatedApp, resetAppSecret, viewApp, viewDedicatedApp } from './apig.ts';
import { hasSignature, verifySignature } from './aksk.ts';
import { createSecret, deleteSecret, listSecretVersions, rotateSecret, showSecret, showSecretStage } from './csms.ts';
import { createCertificate, deleteCertificate, listCertificates, updateCertificate } from './elb.ts';
import { createState, DEFAULT_SEED, DEFAULT_TOKEN, MAX_CREATED_APPS, type EmulatorFixtures } from './fixtures.ts';
import { findFault, type Fault, type FaultName } from './faults.ts';
import { HANG, type Operation, type Reply } from './operation.ts';

/** Bodies above this are refused with 400 (413 is not a documented status of any operation). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface EmulatorOptions {
  /** the X-Auth-Token to accept; default DEFAULT_TOKEN */
  readonly token?: string;
  /** with secretKey: also accept requests signed with SDK-HMAC-SHA256 */
  readonly accessKey?: string;
  readonly secretKey?: string;
  /** one fault of the catalogue (faults.ts) */
  readonly fault?: string;
  /** derives every fixture id and secret; default 0 */
  readonly seed?: number;
  /** apps CreateApp may create before it answers 400 APIG.3103; default MAX_CREATED_APPS (10,000) */
  readonly appQuota?: number;
  /** the clock in ms; tests pin it */
  readonly now?: () => number;
}

/** A request as it came off the wire. */
export interface WireRequest {
  readonly method: string;
  /** percent-encoded path, without the query */
  readonly path: string;
  /** raw query without '?', '' when none */
  readonly query: string;
  /** lower-case names */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** null when the request had no body */
  readonly body: Uint8Array | null;
  /** the body went over MAX_BODY_BYTES and was not kept */
  readonly bodyTooLarge?: boolean;
  /** the body did not arrive in full within the server's body timeout (`bodyTimeoutMs` ms) */
  readonly bodyTimedOut?: number;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface EmulatorSnapshot {
  readonly apps: readonly { id: string; name: string; remark: string; appKey: string; appSecret: string; updateMs: number }[];
  readonly certificates: readonly { id: string; name: string; description: string; domain: string | null; certificate: string; privateKey: string; updateMs: number }[];
  readonly secrets: readonly { name: string; type: string; version: number; value: string; rotationMs?: number }[];
  readonly createdApps: number;
}

export interface Emulator {
  readonly fixtures: EmulatorFixtures;
  readonly fault: Fault | undefined;
  /** in-process: a Request in, a Response out, no port */
  handle(request: Request): Promise<Response>;
  /** the synchronous core the node:http adapter calls; HANG means "never answer" */
  respond(request: WireRequest): WireResponse | typeof HANG;
  /** a copy of the emulator's state, secret values included (in-process only, for tests) */
  snapshot(): EmulatorSnapshot;
  /** ends every `handle` promise still hanging */
  close(): void;
}

const OPERATIONS: readonly Operation[] = [
  createApp,
  resetAppSecret,
  updateCertificate,
  rotateSecret,
  showSecret,
  // the supporting operations (seeds/extra/)
  viewApp,
  deleteApp,
  createDedicatedApp,
  viewDedicatedApp,
  deleteDedicatedApp,
  createCertificate,
  listCertificates,
  deleteCertificate,
  createSecret,
  showSecretStage,
  listSecretVersions,
  deleteSecret,
];
const JSON_TYPE = 'application/json; charset=utf-8';

type Refusal = 'signature' | 'token-missing' | 'token-wrong';
/** The API gateway's code for refused IAM credentials, and its wording of each reason (README.md). */
const GATEWAY_AUTH_CODE = 'APIGW.0301';
const GATEWAY_REASONS: Readonly<Record<Refusal, string>> = {
  signature: 'verify aksk signature fail',
  'token-missing': 'x-auth-token not found',
  'token-wrong': 'decrypt token fail',
};

/** Every error body carries the request's id at its top level, as the gateway's own errors do. */
function withRequestId(body: unknown, requestId: string): unknown {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...body, request_id: requestId } : body;
}
const EMPTY = new Uint8Array(0);

/** Builds an emulator from validated options; throws ConformError (CONFORM_USAGE) on bad ones. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const token = options.token ?? DEFAULT_TOKEN;
  if (typeof token !== 'string' || token === '') throw usage('token must be a non-empty string');
  const { accessKey, secretKey } = options;
  if ((accessKey === undefined) !== (secretKey === undefined)) throw usage('accessKey and secretKey go together');
  if (accessKey === '' || secretKey === '') throw usage('accessKey and secretKey must be non-empty');
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw usage(`seed must be an integer, got ${String(seed)}`);
  const appQuota = options.appQuota ?? MAX_CREATED_APPS;
  if (!Number.isSafeInteger(appQuota) || appQuota < 0) throw usage(`appQuota must be a whole number ≥ 0, got ${String(appQuota)}`);
  const fault = options.fault === undefined ? undefined : findFault(options.fault, 'createEmulator');
  const faultName = fault?.name as FaultName | undefined;
  const clock = options.now ?? Date.now;
  const { state, fixtures } = createState(seed, token, appQuota);
  const tokenBytes = Buffer.from(token);
  const requestIdPrefix = randomBytes(10).toString('hex');
  let requestCount = 0;
  const hanging = new Set<(reason: Error) => void>();

  function respond(request: WireRequest): WireResponse | typeof HANG {
    try {
      return respondUnguarded(request);
    } catch {
      // Never expected: a documented 500 rather than a crashed emulator or a dropped connection.
      const requestId = requestIdPrefix + 'f'.repeat(12);
      return serialise(500, { error_code: 'APIG.9999', error_msg: 'internal error', request_id: requestId }, requestId);
    }
  }

  function respondUnguarded(request: WireRequest): WireResponse | typeof HANG {
    requestCount += 1;
    const requestId = requestIdPrefix + requestCount.toString(16).padStart(12, '0');
    const { operation, params, wrongMethod, allowed } = route(request.method, request.path);
    if (!operation) {
      return serialise(404, { error_code: 'APIG.0101', error_msg: 'The API does not exist or has not been published in the environment', request_id: requestId }, requestId);
    }
    const fail = (status: number, code: string, message: string, extra?: Record<string, string>) =>
      serialise(status, withRequestId(errorBody(operation, code, message, request), requestId), requestId, extra);

    const refused = refusal(request);
    if (refused) {
      // The gateway refuses a bad signature before any service sees it, and every missing or
      // wrong token of APIG's own APIs (README.md, "authentication failures").
      if (refused === 'signature' || operation.service === 'apig') {
        const message = quoted(`Incorrect IAM authentication information: ${GATEWAY_REASONS[refused]}`, request, true);
        return serialise(401, { error_code: GATEWAY_AUTH_CODE, error_msg: message, request_id: requestId }, requestId);
      }
      return fail(401, operation.codes.unauthorized, 'authentication failed: the X-Auth-Token is missing or not valid');
    }
    if (wrongMethod) {
      // 405 is not documented; 400 is documented for every operation.
      return fail(400, operation.codes.badRequest, `${request.method} is not supported here; use ${operation.method}`, { allow: allowed.join(', ') });
    }
    if (request.bodyTooLarge) {
      return fail(400, operation.codes.badRequest, `the request body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    if (request.bodyTimedOut !== undefined) {
      return fail(400, operation.codes.badRequest, `the request body did not arrive in full within ${request.bodyTimedOut} ms`, { connection: 'close' });
    }
    let reply: Reply;
    try {
      reply = operation.run({ state, fault: faultName, params, query: request.query, body: request.body, now: clock() });
    } catch {
      // Never expected; answered in the operation's shape as a documented 500.
      return fail(500, operation.codes.internal, 'internal error');
    }
    if (reply === HANG) return HANG;
    if ('error' in reply) return fail(reply.status, reply.error.code, reply.error.message);
    return serialise(reply.status, reply.body, requestId, reply.headers);
  }

  /** Why the request's credentials are refused, or undefined when they are good. */
  function refusal(request: WireRequest): Refusal | undefined {
    if (faultName === 'auth-skipped') return undefined;
    if (accessKey !== undefined && secretKey !== undefined && hasSignature(request.headers)) {
      // A presented signature is judged on its own: a wrong one is never rescued by a token.
      // An oversized body was not kept, so its signature cannot be checked: such a request goes
      // on to its 400, which carries no data either.
      if ((request.bodyTooLarge || request.bodyTimedOut !== undefined) && request.headers['x-sdk-content-sha256'] === undefined) return undefined;
      const signed = { ...request, body: request.body ?? EMPTY };
      return verifySignature(signed, { accessKey, secretKey, now: clock() }).ok ? undefined : 'signature';
    }
    const presented = header(request.headers, 'x-auth-token');
    if (presented === undefined) return 'token-missing';
    const bytes = Buffer.from(presented);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes) ? undefined : 'token-wrong';
  }

  /** The message as a faulted emulator words it: `token-in-error` and `auth-error-quotes-token` quote the token. */
  function quoted(message: string, request: WireRequest, authFailure: boolean): string {
    const presented = header(request.headers, 'x-auth-token');
    const quotes = faultName === 'token-in-error' || (faultName === 'auth-error-quotes-token' && authFailure);
    return quotes && presented !== undefined ? `${message} (X-Auth-Token: ${presented})` : message;
  }

  function errorBody(operation: Operation, code: string, message: string, request: WireRequest): unknown {
    const text = quoted(message, request, code === operation.codes.unauthorized);
    if (faultName === 'csms-error-shape' && operation.service === 'csms') return { message: text };
    return operation.errorBody(code, text);
  }

  function serialise(status: number, body: unknown, requestId: string, extra?: Record<string, string>): WireResponse {
    const contentType = faultName === 'wrong-content-type' ? 'text/plain; charset=utf-8' : JSON_TYPE;
    // no body (DeleteApp's 204): no content type either
    if (body === undefined) return { status, headers: { 'x-request-id': requestId, ...extra }, body: '' };
    return {
      status,
      headers: { 'content-type': contentType, 'x-request-id': requestId, ...extra },
      body: JSON.stringify(body),
    };
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers.host ??= url.host;
    let body: Uint8Array | null = null;
    let bodyTooLarge = false;
    if (request.body !== null) {
      const bytes = new Uint8Array(await request.arrayBuffer());
      if (bytes.length > MAX_BODY_BYTES) bodyTooLarge = true;
      else body = bytes;
    }
    const reply = respond({
      method: request.method,
      path: url.pathname,
      query: url.search.slice(1),
      headers,
      body,
      bodyTooLarge,
    });
    if (reply === HANG) {
      return new Promise<Response>((_, reject) => {
        const stop = (reason: Error) => {
          hanging.delete(stop);
          reject(reason);
        };
        hanging.add(stop);
        request.signal.addEventListener('abort', () => stop(new Error('the request was aborted')), { once: true });
      });
    }
    return new Response(request.method === 'HEAD' || reply.body === '' ? null : reply.body, { status: reply.status, headers: reply.headers });
  }

  function snapshot(): EmulatorSnapshot {
    return structuredClone({
      apps: [...state.apps.values()].map((a) => ({
        id: a.id, name: a.name, remark: a.remark, appKey: a.appKey, appSecret: a.appSecret, updateMs: a.updateMs,
      })),
      certificates: [...state.certificates.values()].map((c) => ({
        id: c.id, name: c.name, description: c.description, domain: c.domain,
        certificate: c.certificate, privateKey: c.privateKey, updateMs: c.updateMs,
      })),
      secrets: [...state.secrets.values()].map((s) => ({
        name: s.name, type: s.type, version: s.version, value: s.value, rotationMs: s.rotationMs,
      })),
      createdApps: state.createdApps,
    });
  }

  function close(): void {
    for (const stop of [...hanging]) stop(new Error('the emulator was closed'));
  }

  return { fixtures, fault, handle, respond, snapshot, close };
}

function route(method: string, path: string): { operation?: Operation; params: string[]; wrongMethod: boolean; allowed: string[] } {
  const segments = path.split('/');
  // path starts with '/': segments[0] is ''.
  let sameRoute: Operation | undefined;
  let params: string[] = [];
  // every method the path serves (a path may serve two: GET and DELETE)
  const allowed: string[] = [];
  for (const operation of OPERATIONS) {
    const { pattern } = operation;
    if (segments.length !== pattern.length + 1 || segments[0] !== '') continue;
    const found: string[] = [];
    let matches = true;
    for (let i = 0; i < pattern.length; i += 1) {
      const literal = pattern[i];
      const segment = segments[i + 1];
      if (literal === null) found.push(decodeSegment(segment));
      else if (literal !== segment) {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    if (operation.method === method) return { operation, params: found, wrongMethod: false, allowed: [] };
    sameRoute ??= operation;
    params = found;
    allowed.push(operation.method);
  }
  return { operation: sameRoute, params, wrongMethod: sameRoute !== undefined, allowed };
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function header(headers: WireRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function usage(message: string): ConformError {
  return new ConformError('CONFORM_USAGE', `createEmulator: ${message}`);
}
