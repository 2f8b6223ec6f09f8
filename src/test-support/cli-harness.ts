/**
 * Test support for the end-to-end tests of the `conform` command: the CLI as a child process,
 * a wire tap (a counting, recording proxy) in front of a target, a conform.yaml written from an
 * emulator's fixtures, and a scanner for secrets in every form a report could carry them.
 * Servers listen on 127.0.0.1 port 0 only; everything a test starts it also stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatorFixtures } from '../emulator/index.ts';

export const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Variables that would steer a run from outside the test. */
const STEERING = ['CONFORM_TARGET', 'HWC_AUTH_TOKEN', 'CONFORM_SEED', 'CI', 'FORCE_COLOR'];

interface CliOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
}

/**
 * `node src/cli/bin.js …args` in `cwd`, with the steering variables removed and `NO_COLOR`
 * set; `done` resolves on exit with the raw exit code and signal (the child is killed after
 * `timeoutMs`, so a test never hangs).
 */
function launch(
  args: readonly string[],
  options: CliOptions,
): { readonly child: ChildProcess; readonly done: Promise<CliResult & { readonly signal: NodeJS.Signals | null }> } {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1' };
  for (const k of STEERING) delete env[k];
  Object.assign(env, options.env);
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const done = new Promise<CliResult & { readonly signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
  return { child, done };
}

/**
 * Runs `node src/cli/bin.js …args` in `cwd`; resolves when it exits, or kills it after
 * `timeoutMs` (then the test fails on the code, never hangs).
 */
export async function cli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const { code, stdout, stderr, ms } = await launch(args, options).done;
  return { code, stdout, stderr, ms };
}

/**
 * `node src/cli/bin.js …args` in `cwd`, running: the test decides when to signal it. `done`
 * resolves on exit (the child is killed after `timeoutMs`, so a test never hangs).
 */
export function startCli(
  args: readonly string[],
  options: CliOptions,
): { readonly signal: (s: NodeJS.Signals) => void; readonly done: Promise<CliResult> } {
  const { child, done } = launch(args, options);
  return {
    signal: (s) => child.kill(s),
    done: done.then(({ code, signal, stdout, stderr, ms }) => {
      // killed by a signal it did not handle: the shell's 128 + n
      const byShell = signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : signal ? 137 : null;
      return { code: code ?? byShell, stdout, stderr, ms };
    }),
  };
}

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'conform-e2e-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** One request as the tap saw it arrive. */
export interface Tapped {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /**
   * performance.now() when the request arrived, or, for the first request on a connection,
   * when the connection was accepted: the client opened it to send this request, so that is the
   * nearer estimate of when the request started.
   */
  readonly at: number;
}

export interface Tap {
  readonly url: string;
  readonly port: number;
  readonly requests: Tapped[];
  close(): Promise<void>;
}

/**
 * A proxy on 127.0.0.1:0 that records every request and forwards it to `upstream`; without an
 * upstream it answers every request 599 itself (a target that must receive nothing).
 */
export async function startTap(upstream?: string): Promise<Tap> {
  const requests: Tapped[] = [];
  const opened = new WeakMap<object, number>();
  const server = createServer((req, res) => {
    const at = opened.get(req.socket) ?? performance.now();
    opened.delete(req.socket);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: body.toString('utf8'), at });
      if (!upstream) {
        res.writeHead(599, { 'content-type': 'application/json' }).end('{"error":"tap without upstream"}');
        return;
      }
      const up = new URL(upstream);
      const forward = httpRequest(
        { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  server.on('connection', (socket) => opened.set(socket, performance.now()));
  await listen(server);
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => closeServer(server),
  };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A port that was just free and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await listen(server);
  const port = (server.address() as { port: number }).port;
  await closeServer(server);
  return port;
}

/** conform.yaml for a target, with the emulator's ids; `auth` replaces the token when given. */
export function configYaml(
  target: string,
  f: EmulatorFixtures,
  /** minimal: only the fixtures no throwaway stands in for (the instance, the rotatable secret) */
  options: { auth?: Record<string, string>; knownSecrets?: boolean; extra?: string; minimal?: boolean } = {},
): string {
  const auth = options.auth ?? { token: f.token };
  const lines = [
    `target: ${target}`,
    'auth:',
    ...Object.entries(auth).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
    `projectId: ${f.projectId}`,
    'fixtures:',
    ...(options.minimal
      ? [`  apig: { instanceId: ${f.apig.instanceId} }`, `  csms: { rotatableSecret: ${f.csms.rotatableSecret} }`]
      : [
          `  apig: { instanceId: ${f.apig.instanceId}, appId: ${f.apig.appId} }`,
          `  elb: { certificateId: ${f.elb.certificateId} }`,
          `  csms: { rotatableSecret: ${f.csms.rotatableSecret}, commonSecret: ${f.csms.commonSecret} }`,
        ]),
  ];
  if (options.knownSecrets !== false) lines.push('knownSecrets:', ...f.knownSecrets.map((s) => `  - ${JSON.stringify(s)}`));
  if (options.extra) lines.push(options.extra);
  return `${lines.join('\n')}\n`;
}

export async function writeConfig(dir: string, text: string, name = 'conform.yaml'): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text, 'utf8');
  return file;
}

/**
 * The app_secret values the tapped requests carried (JSON bodies), at least `min` characters
 * long. Values of fewer than 4 distinct characters are left out: shrinking sends minimal ones
 * like `a0000000`, which also turn up by chance inside hex request ids.
 */
export function appSecretsSent(requests: readonly Tapped[], min = 8): string[] {
  const out = new Set<string>();
  for (const r of requests) {
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      continue;
    }
    const v = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['app_secret'] : undefined;
    if (typeof v === 'string' && v.length >= min && new Set(v).size >= 4) out.add(v);
  }
  return [...out];
}

/** The forms a secret takes in a report: raw, JSON-escaped, URL-encoded, base64 (and base64url). */
function secretForms(secret: string): { form: string; value: string }[] {
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  const forms = [
    { form: 'raw', value: secret },
    { form: 'json', value: JSON.stringify(secret).slice(1, -1) },
    { form: 'json-ascii', value: JSON.stringify(secret).slice(1, -1).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) },
    { form: 'url', value: encodeURIComponent(secret) },
    { form: 'form', value: new URLSearchParams([['', secret]]).toString().slice(1) },
    { form: 'base64', value: b64 },
    { form: 'base64-unpadded', value: b64.replace(/=+$/, '') },
    { form: 'base64url', value: Buffer.from(secret, 'utf8').toString('base64url') },
  ];
  return forms.filter((f, i) => forms.findIndex((g) => g.value === f.value) === i);
}

/** Every file under `dir` (recursively) with its text. */
export async function readTree(dir: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    out.push({ file, text: await readFile(file, 'utf8') });
  }
  return out;
}

/** `secret-kind form in where` for every secret found in any text; [] when clean. */
export function findSecrets(texts: readonly { name: string; text: string }[], secrets: readonly { label: string; value: string }[]): string[] {
  const found: string[] = [];
  for (const { label, value } of secrets) {
    for (const { form, value: needle } of secretForms(value)) {
      for (const t of texts) if (t.text.includes(needle)) found.push(`${label} (${form}) in ${t.name}`);
    }
  }
  return found;
}
