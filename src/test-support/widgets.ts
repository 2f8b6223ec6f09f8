/**
 * Test support: an operation the project has never seen, as a user would bring it — a spec
 * (`widgets.yaml`, service `widgets`) and a small server on 127.0.0.1 that implements it by hand,
 * independently of the suite's generators and validators. `fault` plants one deviation.
 *
 * ConfigureWidget: PUT /v2/{project_id}/widgets/{widget_id}/config with a string (name), an
 * integer with bounds (size), a number with an exclusive bound and a multipleOf (ratio), a
 * boolean (enabled), an enum (mode), an array with item limits and distinct items (tags), a
 * nested object (limits), a nullable field (note) and "exactly one of secret_text or
 * secret_blob".
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SRC = (table: string, quote?: string) => `{ doc: widgets-api.md, table: ${table}${quote ? `, quote: ${quote}` : ''} }`;

/** A documented error status answering with the spec's `Error` body, as a `responses` entry. */
const ERROR_RESPONSE = (status: string, description: string) => `        "${status}":
          description: ${description}
          x-hwc-source: ${SRC('Status codes')}
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Error' }`;

const WIDGETS_SPEC = `# A user's own spec: nothing in src/ knows this service or operation.
openapi: 3.1.0
x-hwc-service: widgets
info: { title: Widgets, version: "1" }
security:
  - token: []
components:
  securitySchemes:
    token: { type: apiKey, in: header, name: X-Auth-Token }
  schemas:
    Error:
      type: object
      required: [error_code, error_msg]
      properties:
        error_code: { type: string }
        error_msg: { type: string }
paths:
  /v2/{project_id}/widgets/{widget_id}/config:
    put:
      operationId: ConfigureWidget
      summary: configure a widget
      x-hwc-source: ${SRC('URI')}
      x-hwc-mutating: true
      x-hwc-auth-failure: [401]
      x-hwc-not-found: [404]
      parameters:
        - name: project_id
          in: path
          required: true
          schema: { type: string }
          x-hwc-fixture: projectId
          x-hwc-source: ${SRC('Table 1')}
        - name: widget_id
          in: path
          required: true
          schema: { type: string }
          x-hwc-fixture: widgets.widgetId
          x-hwc-source: ${SRC('Table 1')}
      x-hwc-rules:
        - id: configure-widget-identifies
          kind: identifies
          param: widget_id
          field: /widget_id
          x-hwc-source: ${SRC('Table 3')}
        - id: configure-widget-never-echoes-secret
          kind: never-echo
          fields: [secret_text, secret_blob]
          x-hwc-source: ${SRC('Table 2', 'never returned')}
      requestBody:
        required: true
        x-hwc-source: ${SRC('Table 2')}
        content:
          application/json:
            schema:
              type: object
              required: [name, size, enabled, mode, tags, limits]
              properties:
                name:
                  type: string
                  minLength: 3
                  maxLength: 16
                  pattern: '^[A-Za-z][A-Za-z0-9_-]*$'
                  x-hwc-charset: { first: [latin], allowed: [latin, digit, _, '-'] }
                  x-hwc-source: ${SRC('Table 2', '3 to 16 characters')}
                size: { type: integer, minimum: 1, maximum: 100, x-hwc-source: ${SRC('Table 2', '1 to 100')} }
                ratio: { type: number, exclusiveMinimum: 0, maximum: 1, multipleOf: 0.25, x-hwc-source: ${SRC('Table 2', 'quarters')} }
                enabled: { type: boolean, x-hwc-source: ${SRC('Table 2')} }
                mode: { type: string, enum: [fast, safe], x-hwc-source: ${SRC('Table 2')} }
                tags:
                  type: array
                  minItems: 1
                  maxItems: 3
                  uniqueItems: true
                  items: { type: string, minLength: 1, maxLength: 8, pattern: '^[A-Za-z0-9]+$', x-hwc-charset: { allowed: [latin, digit] } }
                  x-hwc-source: ${SRC('Table 2', '1 to 3 distinct tags')}
                limits:
                  type: object
                  required: [cpu]
                  properties:
                    cpu: { type: integer, minimum: 1, maximum: 64 }
                    label: { type: string, maxLength: 10 }
                  x-hwc-source: ${SRC('Table 4')}
                note: { type: [string, "null"], maxLength: 20, x-hwc-source: ${SRC('Table 2')} }
                secret_text: { type: string, minLength: 1, maxLength: 64, x-hwc-source: ${SRC('Table 2')} }
                secret_blob: { type: string, minLength: 4, maxLength: 64, pattern: '^[A-Za-z0-9]+$', x-hwc-charset: { allowed: [latin, digit] }, x-hwc-source: ${SRC('Table 2')} }
              oneOf:
                - required: [secret_text]
                  x-hwc-source: ${SRC('Table 2', 'either secret_text or secret_blob')}
                - required: [secret_blob]
      responses:
        "200":
          description: OK
          x-hwc-source: ${SRC('Table 3')}
          content:
            application/json:
              schema:
                type: object
                required: [widget_id, name, size, enabled, mode, tags]
                properties:
                  widget_id: { type: string }
                  name: { type: string }
                  size: { type: integer, minimum: 1, maximum: 100 }
                  enabled: { type: boolean }
                  mode: { type: string, enum: [fast, safe] }
                  tags: { type: array, items: { type: string } }
${ERROR_RESPONSE('400', 'Bad Request')}
${ERROR_RESPONSE('401', 'Unauthorized')}
${ERROR_RESPONSE('404', 'Not Found')}
        "500":
          description: Internal Server Error
          x-hwc-source: ${SRC('Status codes')}
`;

/** A temporary folder holding `widgets.yaml`, as a user's own specs directory. */
export async function widgetSpecsDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'conform-own-specs-'));
  await writeFile(join(dir, 'widgets.yaml'), WIDGETS_SPEC);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `size-unbounded`: accepts any size above 100; `both-secrets`: accepts secret_text and secret_blob together. */
export type WidgetFault = 'size-unbounded' | 'both-secrets';

export interface WidgetService {
  readonly url: string;
  readonly token: string;
  readonly projectId: string;
  readonly widgetId: string;
  close(): Promise<void>;
}

const chars = (s: string) => [...s].length;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, lo: number, hi: number) => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
const isText = (v: unknown, lo: number, hi: number, re?: RegExp) => typeof v === 'string' && chars(v) >= lo && chars(v) <= hi && (!re || re.test(v));

/** What is wrong with a ConfigureWidget body under the documents, or undefined. Written by hand from the table above. */
function problem(body: unknown, fault?: WidgetFault): string | undefined {
  if (!isObject(body)) return 'the body must be a JSON object';
  const b = body;
  if (!isText(b.name, 3, 16, /^[A-Za-z][A-Za-z0-9_-]*$/)) return 'name';
  if (!isInt(b.size, 1, fault === 'size-unbounded' ? Number.MAX_SAFE_INTEGER : 100)) return 'size';
  if ('ratio' in b) {
    const r = b.ratio;
    if (typeof r !== 'number' || !(r > 0 && r <= 1) || !Number.isInteger(r / 0.25)) return 'ratio';
  }
  if (typeof b.enabled !== 'boolean') return 'enabled';
  if (b.mode !== 'fast' && b.mode !== 'safe') return 'mode';
  const tags = b.tags;
  if (!Array.isArray(tags) || tags.length < 1 || tags.length > 3) return 'tags';
  if (!tags.every((t) => isText(t, 1, 8, /^[A-Za-z0-9]+$/)) || new Set(tags).size !== tags.length) return 'tags';
  const limits = b.limits;
  if (!isObject(limits) || !isInt(limits.cpu, 1, 64)) return 'limits';
  if ('label' in limits && !isText(limits.label, 0, 10)) return 'limits.label';
  if ('note' in b && b.note !== null && !isText(b.note, 0, 20)) return 'note';
  const given = ['secret_text', 'secret_blob'].filter((k) => k in b);
  if (given.length === 0 || (given.length === 2 && fault !== 'both-secrets')) return 'exactly one of secret_text, secret_blob';
  if ('secret_text' in b && !isText(b.secret_text, 1, 64)) return 'secret_text';
  if ('secret_blob' in b && !isText(b.secret_blob, 4, 64, /^[A-Za-z0-9]+$/)) return 'secret_blob';
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const error = (res: ServerResponse, status: number, code: string, msg: string) => send(res, status, { error_code: code, error_msg: msg });

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1 << 20) break;
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Serves ConfigureWidget on 127.0.0.1 (an ephemeral port) for one widget. */
export async function startWidgetService(options: { fault?: WidgetFault } = {}): Promise<WidgetService> {
  const token = 'widgets-test-token';
  const projectId = '0a1b2c3d4e5f40718293a4b5c6d7e8f9';
  const widgetId = 'wdg-7f3e9a';
  const server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      if (req.headers['x-auth-token'] !== token) return error(res, 401, 'WGT.0401', 'authentication required');
      const m = /^\/v2\/([^/]+)\/widgets\/([^/]+)\/config$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
      if (!m || req.method !== 'PUT') return error(res, 404, 'WGT.0404', 'no such operation');
      if (decodeURIComponent(m[1]!) !== projectId || decodeURIComponent(m[2]!) !== widgetId) return error(res, 404, 'WGT.0404', 'widget not found');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return error(res, 400, 'WGT.0400', 'the body is not JSON');
      }
      const wrong = problem(body, options.fault);
      if (wrong) return error(res, 400, 'WGT.0400', `invalid ${wrong}`);
      const b = body as Record<string, unknown>;
      send(res, 200, { widget_id: widgetId, name: b.name, size: b.size, enabled: b.enabled, mode: b.mode, tags: b.tags, limits: b.limits, note: b.note ?? null });
    })().catch(() => error(res, 500, 'WGT.0500', 'internal error'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    projectId,
    widgetId,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
