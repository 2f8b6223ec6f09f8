/**
 * The HTTP client: undici with keep-alive, a per-request timeout, and a bounded response size.
 * Every response body is read to the end (or destroyed); every failure of the transport is
 * returned as data with a stable code, never thrown.
 */
import type { LookupFunction } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import type { ReceivedResponse, SentRequest, TransportErrorCode } from './types.ts';

export interface ClientOptions {
  readonly timeoutMs: number;
  /** connections per origin */
  readonly connections: number;
  /** larger bodies are a `too-large` error, so a runaway target cannot exhaust memory */
  readonly maxResponseBytes?: number;
  /**
   * Host name resolution (node:dns `lookup` signature). Tests use it to give a non-loopback
   * name (`apig.conform.test`) a loopback address, so live-target rules can be tested locally.
   */
  readonly lookup?: LookupFunction;
}

export type SendResult =
  | { readonly ok: true; readonly response: ReceivedResponse; readonly sentAt: number; readonly elapsedMs: number }
  | {
      readonly ok: false;
      readonly code: TransportErrorCode;
      readonly message: string;
      readonly sentAt: number;
      readonly elapsedMs: number;
      readonly response?: Omit<ReceivedResponse, 'json'>;
    };

export interface HttpClient {
  send(req: SentRequest): Promise<SendResult>;
  close(): Promise<void>;
  /** Cuts every request in flight (Ctrl-C): they end as transport errors at once. */
  destroy(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/** One decoder for every response: with `fatal` and no streaming it keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function createHttpClient(options: ClientOptions): HttpClient {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_BYTES;
  const agent = new Agent({
    connections: options.connections,
    keepAliveTimeout: 10_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    // undici cuts the connection as soon as a body grows past this: a `too-large` error below
    maxResponseSize: maxBytes,
    connect: { timeout: Math.min(options.timeoutMs, 10_000), ...(options.lookup ? { lookup: options.lookup } : {}) },
  });
  const deadlines = new Deadlines(options.timeoutMs);

  async function send(req: SentRequest): Promise<SendResult> {
    const sentAt = Date.now();
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    const signal = deadlines.start();
    try {
      let res: Dispatcher.ResponseData;
      try {
        res = await request(req.url, {
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          dispatcher: agent,
          signal: signal as unknown as AbortSignal,
        });
      } catch (e) {
        return { ok: false, ...describeError(e, options.timeoutMs), sentAt, elapsedMs: elapsed() };
      }
      const headers = flattenHeaders(res.headers);
      let bytes: Uint8Array;
      try {
        bytes = await res.body.bytes();
      } catch (e) {
        const d = isTooLarge(e) ? { code: 'too-large' as const, message: `response body larger than ${maxBytes} bytes` } : describeError(e, options.timeoutMs);
        return { ok: false, ...d, sentAt, elapsedMs: elapsed() };
      }
      let text: string;
      try {
        text = UTF8.decode(bytes);
      } catch {
        const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1').slice(0, 2048);
        if (res.statusCode >= 500) return { ok: true, response: { status: res.statusCode, headers, text: latin1 }, sentAt, elapsedMs: elapsed() };
        return {
          ok: false,
          code: 'non-json',
          message: `HTTP ${res.statusCode} body is not valid UTF-8 (${bytes.length} bytes)`,
          sentAt,
          elapsedMs: elapsed(),
          response: { status: res.statusCode, headers, text: latin1 },
        };
      }
      if (isBlank(text)) {
        return { ok: true, response: { status: res.statusCode, headers, text }, sentAt, elapsedMs: elapsed() };
      }
      try {
        const json: unknown = JSON.parse(text);
        return { ok: true, response: { status: res.statusCode, headers, text, json }, sentAt, elapsedMs: elapsed() };
      } catch {
        // A server fault is an answer whatever its body (a gateway's HTML 502): the checks judge
        // it, and no-server-error reports it with its content type.
        if (res.statusCode >= 500) return { ok: true, response: { status: res.statusCode, headers, text: text.slice(0, 4096) }, sentAt, elapsedMs: elapsed() };
        return {
          ok: false,
          code: 'non-json',
          message: `HTTP ${res.statusCode} body is not JSON (${headers['content-type'] ? `content-type ${headers['content-type']}` : 'no content-type'}): ${JSON.stringify(text.slice(0, 80))}`,
          sentAt,
          elapsedMs: elapsed(),
          response: { status: res.statusCode, headers, text: text.slice(0, 4096) },
        };
      }
    } finally {
      deadlines.finish(signal);
    }
  }

  return {
    send,
    close: async () => {
      // requests in flight finish first, still under their time bound (the timer is unref'd)
      await agent.close();
      deadlines.close();
    },
    destroy: async () => {
      deadlines.close();
      await agent.destroy();
    },
  };
}

/** `text.trim() === ''` without copying the body (`\s` is the set trim removes). */
export function isBlank(text: string): boolean {
  return /^\s*$/.test(text);
}

function isTooLarge(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE';
}

/**
 * The abort signal of one request, as little as undici needs of an EventTarget: `aborted`,
 * `reason`, and the one 'abort' listener it adds and removes. `reason` is what undici rejects
 * with: a TimeoutError, as AbortSignal.timeout would give.
 *
 * Kept over the standard APIs because the benchmark shows it is worth about 10 % (issue 13;
 * paired `npm run bench` runs on a shared 2-core host, medians, standard against this):
 * `signal: AbortSignal.timeout(ms)` gave 0.92× engine cases/s, 1.09× engine CPU per case and
 * 1.11× peak RSS at 100,000 cases (216–221 MB against 190–206: each request leaves its timer
 * pending for the whole timeout); an AbortController with a setTimeout cleared at the end gave
 * no memory cost but 0.78× engine cases/s and 1.11× CPU per case.
 */
class Deadline {
  aborted = false;
  reason: unknown = undefined;
  done = false;
  private listener: (() => void) | undefined;
  constructor(readonly at: number) {}
  addEventListener(_type: 'abort', listener: () => void): void {
    this.listener = listener;
  }
  removeEventListener(_type: 'abort', listener: () => void): void {
    if (this.listener === listener) this.listener = undefined;
  }
  expire(timeoutMs: number): void {
    this.aborted = true;
    this.reason = new DOMException(`no complete response within ${timeoutMs} ms`, 'TimeoutError');
    const listener = this.listener;
    this.listener = undefined;
    listener?.();
  }
}

/**
 * Every request's time bound, with one timer for all of them (see Deadline for what a timer and
 * a signal per request cost). Requests share one timeout, so deadlines arrive in sending order
 * and the queue stays sorted.
 */
class Deadlines {
  private queue: Deadline[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly timeoutMs: number) {}

  start(): Deadline {
    const d = new Deadline(performance.now() + this.timeoutMs);
    this.queue.push(d);
    if (!this.timer) this.arm();
    return d;
  }

  finish(d: Deadline): void {
    d.done = true;
    this.advance();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Drops finished deadlines from the front, and compacts now and then so the queue stays small. */
  private advance(): void {
    while (this.head < this.queue.length && this.queue[this.head]!.done) this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private arm(): void {
    const next = this.queue[this.head];
    if (!next) return;
    this.timer = setTimeout(this.fire, Math.max(1, Math.ceil(next.at - performance.now())));
    // like AbortSignal.timeout: a pending deadline does not keep the process alive
    this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    for (; this.head < this.queue.length; this.head++) {
      const d = this.queue[this.head]!;
      if (d.done) continue;
      if (d.at > now) break;
      d.done = true;
      d.expire(this.timeoutMs);
    }
    this.advance();
    this.arm();
  };
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in h) {
    const v = h[k];
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function describeError(e: unknown, timeoutMs: number): { code: TransportErrorCode; message: string } {
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  const name = err.name ?? '';
  if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return { code: 'timeout', message: `no complete response within ${timeoutMs} ms` };
  }
  if (code === 'ECONNREFUSED') return { code: 'refused', message: 'connection refused' };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { code: 'reset', message: 'connection reset by the target' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'dns', message: 'host name not found' };
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) return { code: 'tls', message: `TLS failure (${code})` };
  return { code: 'other', message: (err.message ?? String(e)).split('\n')[0] ?? 'unknown transport error' };
}
