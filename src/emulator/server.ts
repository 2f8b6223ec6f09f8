/**
 * The thin node:http adapter: read the body (bounded), call the synchronous core, write the
 * reply. No Request/Response objects per request: the suite benchmarks against this server.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ConformError } from '../errors.ts';
import type { EmulatorFixtures } from './fixtures.ts';
import { createEmulator, MAX_BODY_BYTES, type Emulator, type EmulatorOptions, type WireRequest, type WireResponse } from './handler.ts';
import { HANG } from './operation.ts';

export interface StartOptions extends EmulatorOptions {
  /** default 0: any free port */
  readonly port?: number;
  /** default 127.0.0.1 */
  readonly host?: string;
  /**
   * A request body not complete this many ms after its headers is answered 400 and its
   * connection closed; default DEFAULT_BODY_TIMEOUT_MS.
   */
  readonly bodyTimeoutMs?: number;
}

export interface RunningEmulator {
  /** base URL of every service, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly fixtures: EmulatorFixtures;
  /** the in-process handler behind the server (state snapshots for tests) */
  readonly emulator: Emulator;
  /** stops listening and ends every connection, hung requests and idle keep-alive ones included */
  close(): Promise<void>;
}

/** How long a request body may take to arrive in full, by default (a stalled client gets a 400 after it). */
export const DEFAULT_BODY_TIMEOUT_MS = 5_000;

/** More simultaneous connections than this are refused (closed at once by node:http). */
export const MAX_CONNECTIONS = 4096;
/** After a refused oversized body, at most this much more is read (and dropped) before the socket is cut. */
const MAX_DISCARD_BYTES = 64 * 1024 * 1024;

export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConformError('CONFORM_USAGE', `startEmulator: port must be an integer 0–65535, got ${String(port)}`);
  }
  if (typeof host !== 'string' || host === '') throw new ConformError('CONFORM_USAGE', 'startEmulator: host must be a non-empty string');
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  if (!Number.isSafeInteger(bodyTimeoutMs) || bodyTimeoutMs < 1) {
    throw new ConformError('CONFORM_USAGE', `startEmulator: bodyTimeoutMs must be a whole number of milliseconds ≥ 1, got ${String(bodyTimeoutMs)}`);
  }
  const emulator = createEmulator(options);

  const server = createServer((req, res) => {
    try {
      onRequest(emulator, req, res, bodyTimeoutMs);
    } catch {
      // Never expected: drop this connection rather than the whole emulator.
      req.socket.destroy();
    }
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.on('clientError', onClientError);

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new ConformError('CONFORM_USAGE', `startEmulator: cannot listen on ${host}:${port}: ${error.code ?? error.message}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      emulator.close();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return { url, fixtures: emulator.fixtures, emulator, close };
}

function onRequest(emulator: Emulator, req: IncomingMessage, res: ServerResponse, bodyTimeoutMs: number): void {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const base = {
    method: req.method ?? 'GET',
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    headers: req.headers,
  };
  req.on('error', ignore);
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) {
    send(res, emulator.respond({ ...base, body: null }));
    return;
  }
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) {
    refuseLarge(emulator, req, res, base, 0, bodyTimeoutMs);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) {
      chunks.push(chunk);
      return;
    }
    chunks.length = 0;
    clearTimeout(stalled);
    req.off('data', onData);
    req.off('end', onEnd);
    refuseLarge(emulator, req, res, base, size, bodyTimeoutMs);
  };
  const onEnd = (): void => {
    clearTimeout(stalled);
    send(res, emulator.respond({ ...base, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) }));
  };
  // A client that stops sending half-way would otherwise hold the connection until node's own
  // request timeout (minutes): answer the documented 400 and close it.
  const stalled = setTimeout(() => {
    req.off('data', onData);
    req.off('end', onEnd);
    chunks.length = 0;
    send(res, emulator.respond({ ...base, body: null, bodyTimedOut: bodyTimeoutMs }));
    res.once('finish', () => req.socket.destroy());
  }, bodyTimeoutMs);
  stalled.unref();
  req.once('close', () => clearTimeout(stalled));
  req.on('data', onData);
  req.on('end', onEnd);
}

/**
 * Answers 400 at once, then drops what the client still sends so it can read the answer; a
 * client that keeps sending past the bound, or stalls, loses the connection.
 */
function refuseLarge(emulator: Emulator, req: IncomingMessage, res: ServerResponse, base: Omit<WireRequest, 'body'>, already: number, bodyTimeoutMs: number): void {
  send(res, emulator.respond({ ...base, body: null, bodyTooLarge: true }));
  const stalled = setTimeout(() => req.socket.destroy(), bodyTimeoutMs);
  stalled.unref();
  req.once('end', () => clearTimeout(stalled));
  req.once('close', () => clearTimeout(stalled));
  let dropped = already;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > MAX_DISCARD_BYTES) req.socket.destroy();
  });
}

function send(res: ServerResponse, reply: WireResponse | typeof HANG): void {
  // A hung request keeps its socket until the client gives up or close() cuts every connection.
  if (reply === HANG) return;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

/** Malformed HTTP (bad request line, headers too large, …): a JSON 400, never node's bare 431/400. */
function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const requestId = randomBytes(16).toString('hex');
  const body = JSON.stringify({ error_code: 'APIG.2012', error_msg: 'malformed HTTP request', request_id: requestId });
  socket.end(
    'HTTP/1.1 400 Bad Request\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function ignore(): void {}
