/**
 * Test support: targets on 127.0.0.1:0 that misbehave the way live endpoints and broken
 * emulator builds do — a target that never answers, one that resets every connection, one that
 * refuses every credential, a gateway answering an HTML 502, a server failing every request,
 * one throttling one request in twenty, a slow one. The ones that answer normally otherwise
 * forward to an upstream (the reference emulator). Every server a test starts it also stops.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type Misbehaviour =
  /** accepts connections, reads the request, never answers */
  | { readonly kind: 'hang' }
  /** destroys every connection as soon as a request arrives */
  | { readonly kind: 'reset' }
  /** 401 with a JSON error to every request */
  | { readonly kind: 'unauthorized' }
  /** 502 with an HTML body (a gateway in front of a dead upstream) */
  | { readonly kind: 'html-502' }
  /** 500 with a JSON error to every request */
  | { readonly kind: 'server-error' }
  /** every `every`-th request gets 429 with `Retry-After: seconds`, the rest go upstream */
  | { readonly kind: 'throttle'; readonly every: number; readonly retryAfterSeconds: number; readonly upstream: string }
  /** every request goes upstream after `delayMs` */
  | { readonly kind: 'slow'; readonly delayMs: number; readonly upstream: string };

export interface MisbehavingTarget {
  readonly url: string;
  /** requests that arrived */
  readonly received: () => number;
  /** 429 answers given (throttle) */
  readonly throttled: () => number;
  close(): Promise<void>;
}

export async function startMisbehavingTarget(m: Misbehaviour): Promise<MisbehavingTarget> {
  let received = 0;
  let throttled = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    received++;
    switch (m.kind) {
      case 'hang':
        return; // the connection stays open until the client gives up or the server closes
      case 'reset':
        req.socket.destroy();
        return;
      case 'unauthorized':
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: token expired"}');
        return;
      case 'html-502':
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n');
        return;
      case 'server-error':
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error_code":"SYS.0500","error_msg":"internal error"}');
        return;
      case 'throttle':
        if (received % m.every === 0) {
          throttled++;
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(m.retryAfterSeconds) }).end('{"error_code":"APIG.0308","error_msg":"The request is throttled"}');
          return;
        }
        forward(m.upstream, req, res, body);
        return;
      case 'slow': {
        const t = setTimeout(() => {
          timers.delete(t);
          forward(m.upstream, req, res, body);
        }, m.delayMs);
        timers.add(t);
        return;
      }
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => received,
    throttled: () => throttled,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function forward(upstream: string, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const up = new URL(upstream);
  const out = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end('{"error":"upstream failed"}');
  });
  out.end(body);
}
