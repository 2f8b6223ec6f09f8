/**
 * Test support: a node:http proxy on 127.0.0.1:0 in front of the reference emulator that
 * rewrites what the wire shows. A target that conforms in another valid way, or that breaks
 * one rule the emulator's fault catalogue does not cover, is the emulator plus a few rewrites.
 * Used by the engine's tests only; never by the suite itself.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent, request, type Dispatcher } from 'undici';
import type { EmulatorFixtures, OperationName } from '../emulator/index.ts';

export interface ProxyRequest {
  readonly method: string;
  /** path and query, as the client sent them */
  readonly url: string;
  /** which documented operation the path names, when it names one */
  readonly operation?: OperationName;
  /** the path parameters by their spec names (`project_id`, `secret_name`, …) */
  readonly params: Readonly<Record<string, string>>;
  /** lower-case names */
  readonly headers: Readonly<Record<string, string>>;
  /** undefined when the request had no body */
  readonly body?: string;
}

export interface ProxyResponse {
  readonly status: number;
  /** in the order and with the spelling written on the wire */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

export interface ProxyContext {
  readonly fixtures: EmulatorFixtures;
  /** 1, 2, 3, … per key, for rewrites that change something on every call */
  next(key: string): number;
}

/** One rewrite. Both hooks are optional; rewrites compose in the order given. */
export interface Transform {
  readonly name: string;
  /** rewrites the request before it is forwarded, or answers it without forwarding */
  readonly request?: (req: ProxyRequest, ctx: ProxyContext) => ProxyRequest | ProxyResponse | Promise<ProxyRequest | ProxyResponse>;
  /** rewrites the response; `req` is the request as the client sent it, before any rewrite */
  readonly response?: (res: ProxyResponse, req: ProxyRequest, ctx: ProxyContext) => ProxyResponse | Promise<ProxyResponse>;
}

export interface RunningProxy {
  readonly url: string;
  close(): Promise<void>;
}

const ROUTES: readonly { operation: OperationName; pattern: RegExp; names: readonly string[] }[] = [
  { operation: 'CreateApp', pattern: /^\/v1\.0\/apigw\/apps$/, names: [] },
  { operation: 'ResetAppSecret', pattern: /^\/v1\/([^/]+)\/apigw\/instances\/([^/]+)\/apps\/secret\/([^/]+)$/, names: ['project_id', 'instance_id', 'id'] },
  { operation: 'UpdateCertificate', pattern: /^\/v1\.0\/([^/]+)\/elbaas\/certificate\/([^/]+)$/, names: ['project_id', 'certificate_id'] },
  { operation: 'RotateSecret', pattern: /^\/v1\/([^/]+)\/secrets\/([^/]+)\/rotate$/, names: ['project_id', 'secret_name'] },
  { operation: 'ShowSecret', pattern: /^\/v1\/([^/]+)\/secrets\/([^/]+)$/, names: ['project_id', 'secret_name'] },
];

/** Hop-by-hop headers and those the proxy recomputes: never copied across. */
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'date']);

export async function startProxy(upstream: string, fixtures: EmulatorFixtures, transforms: readonly Transform[]): Promise<RunningProxy> {
  const agent = new Agent({ connections: 64, keepAliveTimeout: 2000 });
  const counters = new Map<string, number>();
  const ctx: ProxyContext = {
    fixtures,
    next: (key) => {
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      return n;
    },
  };

  async function forward(req: ProxyRequest): Promise<ProxyResponse> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (!NOT_FORWARDED.has(k)) headers[k] = v;
    const res = await request(upstream + req.url, { method: req.method as Dispatcher.HttpMethod, headers, body: req.body, dispatcher: agent });
    const body = await res.body.text();
    const out: [string, string][] = [];
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined || NOT_FORWARDED.has(k.toLowerCase())) continue;
      out.push([k, Array.isArray(v) ? v.join(', ') : v]);
    }
    return { status: res.statusCode, headers: out, body };
  }

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = incoming.url ?? '/';
    const path = url.split('?')[0]!;
    const route = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m !== null);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(incoming.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const hasBody = incoming.headers['content-length'] !== undefined || incoming.headers['transfer-encoding'] !== undefined;
    const original: ProxyRequest = {
      method: incoming.method ?? 'GET',
      url,
      ...(route ? { operation: route.r.operation } : {}),
      params: route ? Object.fromEntries(route.r.names.map((n, i) => [n, decodeSegment(route.m![i + 1]!)])) : {},
      headers,
      ...(hasBody ? { body: Buffer.concat(chunks).toString('utf8') } : {}),
    };
    let req = original;
    let res: ProxyResponse | undefined;
    for (const t of transforms) {
      if (!t.request) continue;
      const r = await t.request(req, ctx);
      if ('status' in r) {
        res = r;
        break;
      }
      req = r;
    }
    res ??= await forward(req);
    for (const t of transforms) if (t.response) res = await t.response(res, original, ctx);
    const flat: string[] = [];
    for (const [k, v] of res.headers) flat.push(k, v);
    flat.push('Content-Length', String(Buffer.byteLength(res.body)));
    // A flat array keeps the header names exactly as written (casing included).
    outgoing.writeHead(res.status, flat);
    outgoing.end(res.body);
  }

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await agent.close();
    },
  };
}

/** A path segment decoded; one that is not valid percent-encoding (a probe may send that) as is. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// ---- helpers for writing rewrites ----------------------------------------------------------

/** The JSON body, or undefined when it is not JSON. */
export function jsonOf(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The response with its JSON body replaced by `rewrite(body)`; non-JSON bodies pass through. */
export function mapJson(res: ProxyResponse, rewrite: (body: any) => unknown): ProxyResponse {
  const body = jsonOf(res.body);
  if (body === undefined) return res;
  return { ...res, body: JSON.stringify(rewrite(structuredClone(body))) };
}

/** The response with one header set (any spelling of the name replaced). */
export function withHeader(res: ProxyResponse, name: string, value: string): ProxyResponse {
  const rest = res.headers.filter(([k]) => k.toLowerCase() !== name.toLowerCase());
  return { ...res, headers: [...rest, [name, value]] };
}

export function jsonResponse(status: number, body: unknown): ProxyResponse {
  return { status, headers: [['content-type', 'application/json; charset=utf-8']], body: JSON.stringify(body) };
}

export const isSuccess = (res: ProxyResponse): boolean => res.status >= 200 && res.status < 300;
