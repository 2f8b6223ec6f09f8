/**
 * Test support for the emulator's own tests: a real server on port 0 and a plain-fetch client.
 * Deliberately not the suite's engine (src/execute): the emulator is tested on its own.
 */
import { createHash, createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { startEmulator, type RunningEmulator, type StartOptions } from '../emulator/server.ts';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** the parsed body, or undefined when it is not JSON */
  readonly json: any;
}

export interface RequestOptions {
  /** a string or bytes sent as is; an object is JSON-encoded */
  readonly body?: unknown;
  /** default: the emulator's token; null sends none */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export interface Client {
  readonly emu: RunningEmulator;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  /** the five operations' paths, filled from the fixtures */
  readonly paths: {
    createApp: string;
    resetAppSecret(appId?: string, instanceId?: string, projectId?: string): string;
    updateCertificate(certificateId?: string, projectId?: string): string;
    rotateSecret(name?: string, projectId?: string): string;
    showSecret(name?: string, projectId?: string): string;
  };
}

/** One agent for every test: many connections per origin, short keep-alive. */
export const agent = new Agent({ connections: 1024, keepAliveTimeout: 1000, pipelining: 0 });

export async function startClient(options: StartOptions = {}): Promise<Client> {
  const emu = await startEmulator(options);
  const f = emu.fixtures;
  const paths: Client['paths'] = {
    createApp: '/v1.0/apigw/apps',
    resetAppSecret: (appId = f.apig.appId, instanceId = f.apig.instanceId, projectId = f.projectId) =>
      `/v1/${projectId}/apigw/instances/${instanceId}/apps/secret/${appId}`,
    updateCertificate: (certificateId = f.elb.certificateId, projectId = f.projectId) =>
      `/v1.0/${projectId}/elbaas/certificate/${certificateId}`,
    rotateSecret: (name = f.csms.rotatableSecret, projectId = f.projectId) => `/v1/${projectId}/secrets/${name}/rotate`,
    showSecret: (name = f.csms.rotatableSecret, projectId = f.projectId) => `/v1/${projectId}/secrets/${name}`,
  };
  async function request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? f.token : options.token;
    if (token !== null) headers['x-auth-token'] = token;
    let body: string | Uint8Array | undefined;
    if (typeof options.body === 'string' || options.body instanceof Uint8Array) body = options.body;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await undiciFetch(emu.url + path, { method, headers, body, dispatcher: agent, signal: options.signal });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers as unknown as Headers, text, json };
  }
  return { emu, request, paths };
}

/** The documented statuses of each operation. */
export const DOCUMENTED_STATUS = {
  CreateApp: [201, 400, 401, 403, 500],
  ResetAppSecret: [200, 400, 401, 403, 404, 500],
  UpdateCertificate: [200, 400, 401, 403, 404, 500, 503],
  RotateSecret: [200, 400, 401, 403, 404, 500, 502, 504],
  ShowSecret: [200, 400, 401, 403, 404, 500, 502, 504],
} as const;

export const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const ELB_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Every emulator error body carries `request_id` (32 hex) next to its documented fields. */
function hasRequestId(json: any): boolean {
  return typeof json.request_id === 'string' && /^[0-9a-f]{32}$/.test(json.request_id);
}

function keysOf(json: any): string {
  return Object.keys(json).filter((k) => k !== 'request_id').sort().join();
}

export function expectApigError(json: any): boolean {
  return (
    json !== null && typeof json === 'object' && hasRequestId(json) && keysOf(json) === 'error_code,error_msg' &&
    /^APIG\.\d{4}$/.test(json.error_code) && typeof json.error_msg === 'string'
  );
}

/** The API gateway's refusal of IAM credentials: flat, `APIGW.0301`, "Incorrect IAM authentication information: …". */
export function expectGatewayAuthError(json: any): boolean {
  return (
    json !== null && typeof json === 'object' && hasRequestId(json) && keysOf(json) === 'error_code,error_msg' &&
    json.error_code === 'APIGW.0301' && typeof json.error_msg === 'string' && json.error_msg.startsWith('Incorrect IAM authentication information: ')
  );
}

export function expectElbError(json: any): boolean {
  return (
    json !== null && typeof json === 'object' && hasRequestId(json) && keysOf(json) === 'error' &&
    Object.keys(json.error).sort().join() === 'code,message' && /^ELB\.\d{4}$/.test(json.error.code) &&
    typeof json.error.message === 'string'
  );
}

export function expectCsmsNestedError(json: any): boolean {
  return (
    json !== null && typeof json === 'object' && hasRequestId(json) && keysOf(json) === 'error' &&
    Object.keys(json.error).sort().join() === 'error_code,error_msg' && /^CSMS\.\d{4}$/.test(json.error.error_code) &&
    typeof json.error.error_msg === 'string'
  );
}

export function expectCsmsFlatError(json: any): boolean {
  return (
    json !== null && typeof json === 'object' && hasRequestId(json) && keysOf(json) === 'error_code,error_msg' &&
    /^CSMS\.\d{4}$/.test(json.error_code) && typeof json.error_msg === 'string'
  );
}

export interface RawReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Writes raw bytes on a fresh TCP connection and reads until the server closes it. */
export function rawExchange(url: string, payload: string | Buffer, timeoutMs = 5000): Promise<RawReply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('raw exchange timed out'));
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(split + 4) });
    });
    socket.write(payload);
  });
}

/** SDK-HMAC-SHA256 headers for a request, from a signer written from the algorithm, independent of the emulator's verifier. */
export function signRequest(method: string, url: string, body: string, date: Date, ak: string, sk: string): Record<string, string> {
  const u = new URL(url);
  const sdkDate = date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json', host: u.host, 'x-sdk-date': sdkDate };
  const names = Object.keys(headers).sort();
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  const uri = `${u.pathname.split('/').map((seg) => enc(decodeURIComponent(seg))).join('/')}/`;
  const canonical = [
    method,
    uri,
    '',
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    names.join(';'),
    createHash('sha256').update(body).digest('hex'),
  ].join('\n');
  const toSign = `SDK-HMAC-SHA256\n${sdkDate}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', sk).update(toSign).digest('hex');
  const { host: _, ...sent } = headers;
  return { ...sent, authorization: `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}
