/**
 * What makes a run safe and honest against a live account: AK/SK signing (and a wrong SK
 * refused everywhere), no mutating call to a non-loopback target without --allow-mutations,
 * --dry-run sending nothing, and --rate keeping to N request starts per second.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { mkdir, readFile } from 'node:fs/promises';
import type { LookupFunction } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_NAMES, selectChecks } from '../checks/registry.ts';
import { parseFlags, resolveConfig } from '../config/index.ts';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import { runEngine } from '../run/engine.ts';
import { liveSafety } from '../run/safety.ts';
import type { RunResult } from '../run/types.ts';
import { catalogOf, loadSpecs } from '../spec/index.ts';
import { cli, configYaml, findSecrets, readTree, startTap, tempDir, writeConfig, type Tap } from '../test-support/cli-harness.ts';

const MUTATING = ['CreateApp', 'ResetAppSecret', 'RotateSecret', 'UpdateCertificate'];
const AK = 'CONFORMTESTAK0000001';
const SK = 'conform-test-sk-right-5e1f9c2d7a';
const WRONG_SK = 'conform-test-sk-wrong-0b3e8d41c6';

let work: Awaited<ReturnType<typeof tempDir>>;
const cleanup: Array<() => Promise<void>> = [];
beforeAll(async () => {
  work = await tempDir();
});
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await work.remove();
});

async function subdir(name: string): Promise<string> {
  const dir = join(work.dir, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function emulatorBehindTap(options: Parameters<typeof startEmulator>[0] = {}): Promise<{ emu: RunningEmulator; tap: Tap }> {
  const emu = await startEmulator(options);
  const tap = await startTap(emu.url);
  cleanup.push(() => emu.close(), () => tap.close());
  return { emu, tap };
}

interface Recorded {
  case: { operationId: string; auth?: string };
  request: { headers: Record<string, string> };
  response?: { status: number };
}

async function recorded(file: string): Promise<Recorded[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Recorded);
}

describe.concurrent('AK/SK', { timeout: 40_000 }, () => {
  it('a signed run against the embedded emulator configured with the same AK/SK conforms', async () => {
    const dir = await subdir('aksk-embedded');
    await writeConfig(dir, `auth:\n  accessKey: ${AK}\n  secretKey: ${SK}\n`);
    const r = await cli(['run', '--cases', '5', '--record', 'out/exchanges.ndjson', '--report-dir', 'out'], { cwd: dir });
    expect(r.code, r.stdout.slice(-1500) + r.stderr).toBe(0);
    const lines = await recorded(join(dir, 'out', 'exchanges.ndjson'));
    const signed = lines.filter((l) => !l.case.auth);
    expect(signed.length).toBeGreaterThan(20);
    for (const l of signed) {
      expect(l.request.headers.authorization).toBe('[REDACTED]');
      expect(l.request.headers['x-auth-token']).toBeUndefined(); // the signature alone, no token to fall back on
    }
    const texts = [...(await readTree(join(dir, 'out'))).map((t) => ({ name: t.file, text: t.text })), { name: 'stdout', text: r.stdout }];
    expect(findSecrets(texts, [{ label: 'SK', value: SK }])).toEqual([]);
  });

  it('a wrong SK and no token: every operation answers 401 to every request; one line names the AK/SK, exit 3, nothing but auth-required judged', async () => {
    const { emu, tap } = await emulatorBehindTap({ accessKey: AK, secretKey: SK });
    const dir = await subdir('aksk-wrong');
    await writeConfig(dir, configYaml(tap.url, emu.fixtures, { auth: { accessKey: AK, secretKey: WRONG_SK } }));
    const r = await cli(['run', '--cases', '2', '--record', 'out/exchanges.ndjson', '--report-dir', 'out'], { cwd: dir });
    expect(r.stderr).toMatch(/^conform: CONFORM_AUTH: every request was refused for its credentials \(\d+ answers HTTP 401\): the AK\/SK \(auth\.accessKey\) is not accepted by the target\n$/);
    expect(r.code, r.stdout.slice(-1500)).toBe(3);

    const lines = await recorded(join(dir, 'out', 'exchanges.ndjson'));
    const byOp = new Map<string, Set<number>>();
    for (const l of lines) byOp.set(l.case.operationId, (byOp.get(l.case.operationId) ?? new Set()).add(l.response!.status));
    expect([...byOp.keys()].sort()).toEqual([...MUTATING, 'ShowSecret'].sort());
    for (const [op, statuses] of byOp) expect([...statuses], op).toEqual([401]);
    // signed, without a token: the emulator judged the signature
    expect(tap.requests.filter((q) => String(q.headers.authorization ?? '').startsWith('SDK-HMAC-SHA256 ')).length).toBeGreaterThan(20);
    expect(tap.requests.every((q) => q.headers['x-auth-token'] === undefined || q.headers['x-auth-token'] === 'conform-wrong-token-0000000000000000')).toBe(true);

    const json = JSON.parse(await readFile(join(dir, 'out', 'conformance.json'), 'utf8')) as RunResult;
    for (const op of json.operations) {
      // the refusals are evidence for auth-required only: it passed on the auth cases, nothing else was judged
      for (const c of op.checks) {
        const expected = c.check === 'auth-required' ? 'passed' : c.verdict === 'not applicable' ? 'not applicable' : 'not exercised';
        expect(c.verdict, `${op.operationId} · ${c.check}`).toBe(expected);
      }
      expect(op.authRefused, op.operationId).toBeGreaterThan(0);
    }
    const texts = [...(await readTree(join(dir, 'out'))).map((t) => ({ name: t.file, text: t.text })), { name: 'stdout', text: r.stdout }];
    expect(findSecrets(texts, [{ label: 'SK', value: WRONG_SK }])).toEqual([]);
  });
});

describe.concurrent('live safety: a non-loopback target', { timeout: 40_000 }, () => {
  const HOST = 'apig.conform.test';
  /** apig.conform.test → 127.0.0.1, as a DNS server would answer for a real endpoint. */
  const lookup = ((hostname: string, options: { all?: boolean }, callback: (...a: unknown[]) => void) => {
    if (hostname !== HOST) return dnsLookup(hostname, options as never, callback as never);
    if (options?.all) return callback(null, [{ address: '127.0.0.1', family: 4 } satisfies LookupAddress]);
    return callback(null, '127.0.0.1', 4);
  }) as unknown as LookupFunction;

  async function runLive(allowMutations: boolean) {
    const { emu, tap } = await emulatorBehindTap();
    const dir = await subdir(`live-${allowMutations}`);
    await writeConfig(dir, configYaml(`http://${HOST}:${tap.port}`, emu.fixtures));
    const specs = await loadSpecs();
    const config = resolveConfig({
      flags: parseFlags(['--cases', '2', '--report-dir', join(dir, 'out'), ...(allowMutations ? ['--allow-mutations'] : [])]),
      env: {},
      cwd: dir,
      knownChecks: [...CHECK_NAMES],
      knownOperations: specs.flatMap((s) => s.operations.map((o) => o.id)),
      catalog: catalogOf(specs),
    });
    const result = await runEngine({
      specs,
      config,
      checks: selectChecks(config.checks),
      tool: { name: 'hwcloud-conformance', version: 'test' },
      embedded: false,
      skip: liveSafety(config),
      lookup,
    });
    return { tap, result };
  }

  it('no request to a mutating operation reaches it; ShowSecret runs; the result says why the others were skipped', async () => {
    const { tap, result } = await runLive(false);
    expect(tap.requests.length).toBeGreaterThan(0);
    expect(tap.requests.every((q) => q.headers.host === `${HOST}:${tap.port}`)).toBe(true);
    expect(tap.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    // ShowSecret only; its project_id is probed too (unknown and malformed values, path-cases.ts)
    expect(tap.requests.every((q) => /^\/v1\/[^/]+\/secrets\/[^/]+$/.test(q.path))).toBe(true);
    for (const op of result.operations) {
      if (MUTATING.includes(op.operationId)) {
        expect(op.skipped, op.operationId).toMatch(new RegExp(`mutating operation against a non-loopback target \\(${HOST.replace(/\./g, '\\.')}:\\d+\\); pass --allow-mutations`));
        expect(op.requests).toBe(0);
        expect(op.checks.every((c) => c.verdict === 'skipped' && c.reason === op.skipped)).toBe(true);
      } else {
        expect(op.skipped).toBeUndefined();
        expect(op.requests).toBeGreaterThan(0);
        expect(op.checks.some((c) => c.verdict === 'passed')).toBe(true);
      }
    }
    expect(result.summary.outcome).toBe('conforms');
  });

  it('with allowMutations every operation runs', async () => {
    const { tap, result } = await runLive(true);
    expect(result.operations.every((o) => o.skipped === undefined && o.requests > 0)).toBe(true);
    // DELETE only for what the run created itself, every one of which is gone at the end
    expect(new Set(tap.requests.map((q) => q.method))).toEqual(new Set(['GET', 'POST', 'PUT', 'DELETE']));
    const created = new Set(result.createdResources.map((r) => r.id));
    const deleted = tap.requests.filter((q) => q.method === 'DELETE').map((q) => q.path.split('/').pop());
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.filter((id) => !created.has(id!))).toEqual([]);
    expect(result.createdResources.filter((r) => r.state !== 'deleted')).toEqual([]);
  });
});

describe.concurrent('--dry-run', { timeout: 40_000 }, () => {
  it('--dry-run sends nothing and prints curl lines without the token', async () => {
    const tap = await startTap(); // answers nothing useful: nothing may reach it
    cleanup.push(() => tap.close());
    const dir = await subdir('dry-run');
    const { emu } = await emulatorBehindTap();
    const token = 'conform-dry-run-token-7f3a91c2e4';
    await writeConfig(dir, configYaml(tap.url, emu.fixtures, { auth: { token } }));
    const r = await cli(['run', '--dry-run', '--cases', '3'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(tap.requests).toEqual([]);
    const curls = r.stdout.split('\n').filter((l) => l.startsWith('curl '));
    expect(curls.length).toBeGreaterThan(20);
    for (const op of ['apigw/apps', 'elbaas/certificate', '/rotate', '/secrets/']) expect(curls.some((l) => l.includes(op)), op).toBe(true);
    expect(curls.filter((l) => l.includes('-H "X-Auth-Token: $HWC_AUTH_TOKEN"')).length).toBeGreaterThan(10);
    expect(findSecrets([{ name: 'stdout', text: r.stdout + r.stderr }], [{ label: 'token', value: token }])).toEqual([]);
    // the wrong-token auth case shows the wrong token it sends, not the real one
    const wrong = r.stdout.split('\n').findIndex((l) => /^# \w+\.auth\.1: /.test(l));
    expect(r.stdout.split('\n')[wrong + 1]).toMatch(/-H 'X-Auth-Token: conform-wrong-token-0+'/);
    const none = r.stdout.split('\n').findIndex((l) => /^# \w+\.auth\.0: /.test(l));
    expect(r.stdout.split('\n')[none + 1]).not.toMatch(/X-Auth-Token/i);
  });
});

// The limiter's windows are tested with fake timers (execute/rate-limit.test.ts); here, that
// --rate reaches it. Only a lower bound on time is asserted, which load cannot break: a busy
// machine makes a run slower, never faster.
describe('--rate', { timeout: 30_000 }, () => {
  it('--rate 5: N requests take at least ceil(N/5) - 1 whole windows, and every one is counted', async () => {
    const { emu, tap } = await emulatorBehindTap();
    const dir = await subdir('rate');
    await writeConfig(dir, configYaml(tap.url, emu.fixtures));
    const r = await cli(['run', '--rate', '5', '--operations', 'ShowSecret', '--cases', '5', '--report-dir', 'out'], { cwd: dir });
    expect(r.code, r.stdout.slice(-1500) + r.stderr).toBe(0);
    const result = JSON.parse(await readFile(join(dir, 'out', 'conformance.json'), 'utf8')) as RunResult;
    const n = result.summary.requests;
    expect(tap.requests.length).toBe(n);
    expect(n).toBeGreaterThan(5); // enough to need a second window
    // the first five start at once, each later one a whole window after the one five before it
    // (a few ms for the timer's millisecond rounding)
    expect(result.durationMs).toBeGreaterThanOrEqual((Math.ceil(n / 5) - 1) * 1000 - 10);
  });
});
