/**
 * Throughput: the engine against a floor. The floor is a bare undici loop sending the exact
 * requests the engine's main phase sends (same cases, same credentials, same concurrency), so
 * what it measures is HTTP plus the emulator; the engine adds generation, planning, every check
 * and the tally. Both run in this process against a fresh emulator each (or against a target
 * the configuration names: an emulator in a process of its own). The engine's parts are also
 * measured alone: its sending on pre-built cases, generating, checking.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { buildCases, caseSource, type Case } from '../cases/index.ts';
import { selectChecks } from '../checks/registry.ts';
import type { Config } from '../config/types.ts';
import { planRequest } from '../execute/request.ts';
import type { Exchange, SentRequest } from '../execute/types.ts';
import { authCases } from '../cases/auth-cases.ts';
import { Probes } from '../cases/probes.ts';
import { withCredentials } from '../execute/credentials.ts';
import { fixtureValues, runEngine, secretsOf } from '../run/engine.ts';
import { judge } from '../checks/judge.ts';
import { createSender } from '../execute/send.ts';
import { createsNamedResource, uniquifyName } from '../cases/unique-names.ts';
import { selectOperations } from '../spec/catalog.ts';
import type { Operation, Spec } from '../spec/types.ts';
import { withFreshEmulator } from './setup.ts';

export interface Measurement {
  readonly cases: number;
  readonly ms: number;
  readonly casesPerSecond: number;
  /** every case got an answer within the time bound */
  readonly complete: boolean;
  /**
   * CPU time of this process per case (the in-process emulator's included): steadier than
   * cases/s on a shared machine, where other work takes the CPUs away
   */
  readonly cpuUsPerCase: number;
}

export interface EngineMeasurement extends Measurement {
  /** the whole runEngine call: main phase, stateful flows (with their 1.1 s waits), shrinking */
  readonly totalMs: number;
  readonly requests: number;
  readonly outcome: string;
}

function selected(specs: readonly Spec[], config: Config): Operation[] {
  const all = specs.flatMap((s) => s.operations);
  return selectOperations(all, config.operations);
}

/** The main phase's cases, as the engine makes them (engine.ts): names made unique, auth, path and reading cases last. */
function prebuildCases(specs: readonly Spec[], config: Config): { readonly op: Operation; readonly c: Case }[] {
  const nonce = Date.now() % 1_000_003;
  let serial = 0;
  const fixtures = fixtureValues(config);
  const out: { op: Operation; c: Case }[] = [];
  for (const op of selected(specs, config)) {
    let cases: Case[] = buildCases(op, { seed: config.run.seed, count: config.run.cases });
    if (createsNamedResource(op)) cases = cases.map((c) => uniquifyName(op, c, serial++, nonce));
    const probes = new Probes(op, fixtures);
    for (const c of cases) probes.offer(c);
    const unique = (c: Case): Case =>
      createsNamedResource(op) && c.expect === 'either' ? { ...uniquifyName(op, { ...c, expect: 'accept' }, serial++, nonce), expect: c.expect } : c;
    for (const c of [...cases, ...authCases(op, cases), ...[...probes.cases()].map(unique)]) out.push({ op, c });
  }
  return out;
}

/** The main phase's requests, built as the engine builds them (engine.ts, send.ts). */
function prebuildRequests(specs: readonly Spec[], config: Config): SentRequest[] {
  const fixtures = fixtureValues(config);
  return prebuildCases(specs, config).map(({ op, c }) => withCredentials(planRequest(op, c, config.target![op.service], fixtures).request, c.auth, config.auth));
}

/** CPU µs this process used since `since`. */
function cpuUs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** `concurrency` workers taking items in order until all are done or the time bound passes. */
async function loop<T>(items: readonly T[], concurrency: number, timeBoundMs: number, send: (item: T) => Promise<void>): Promise<Measurement> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const deadline = started + timeBoundMs;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length && performance.now() < deadline) {
      await send(items[next++]!);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  return { cases: done, ms, casesPerSecond: (done / ms) * 1000, complete: done === items.length, cpuUsPerCase: cpuUs(cpu) / Math.max(1, done) };
}

/** The floor: `concurrency` workers sending pre-built requests and reading every body to the end. */
async function rawLoop(requests: readonly SentRequest[], concurrency: number, timeBoundMs: number): Promise<Measurement> {
  // the engine's client bounds each request by its timeout; so does the floor (10 s, as by default)
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000, headersTimeout: 10_000, bodyTimeout: 10_000 });
  try {
    return await loop(requests, concurrency, timeBoundMs, async (r) => {
      const res = await request(r.url, { method: r.method as Dispatcher.HttpMethod, headers: r.headers, body: r.body, dispatcher: agent });
      await res.body.text();
    });
  } finally {
    await agent.close();
  }
}

/** Pre-builds (untimed) then sends the main-phase requests against a fresh emulator. */
export function measureRaw(specs: readonly Spec[], config: Config, timeBoundMs: number): Promise<Measurement> {
  return withFreshEmulator(config, (c) => measureRawAgainst(specs, c, timeBoundMs));
}

/** The floor against the configuration's target. */
export function measureRawAgainst(specs: readonly Spec[], config: Config, timeBoundMs: number): Promise<Measurement> {
  return rawLoop(prebuildRequests(specs, config), config.run.concurrency, timeBoundMs);
}

/**
 * The engine on a fresh emulator. Its cases/s is over the main phase (runEngine's start to the
 * stateful-flows phase): the same requests the floor sends, with generation, every check and
 * the tally added. The whole call's time is reported beside it.
 */
export function measureEngine(specs: readonly Spec[], config: Config): Promise<EngineMeasurement> {
  return withFreshEmulator(config, (c) => measureEngineAgainst(specs, c, true));
}

/** The engine against the configuration's target (`embedded`: the emulator runs in this process). */
export async function measureEngineAgainst(specs: readonly Spec[], c: Config, embedded = false): Promise<EngineMeasurement> {
  let cases = 0;
  let mainEnd = 0;
  let mainCpuUs = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await runEngine({
    specs,
    config: c,
    checks: selectChecks(c.checks),
    tool: { name: 'hwcloud-conformance-bench', version: '0' },
    embedded,
    onEvent: (e) => {
      if (e.kind === 'operation-start') cases += e.total;
      if (e.kind === 'phase' && mainEnd === 0) {
        mainEnd = performance.now();
        mainCpuUs = cpuUs(cpu);
      }
    },
  });
  const finished = performance.now();
  const ms = (mainEnd || finished) - started;
  const answered = result.operations.reduce((n, o) => n + o.cases, 0);
  return {
    cases,
    ms,
    casesPerSecond: (cases / ms) * 1000,
    complete: result.errorCount === 0 && answered >= cases,
    cpuUsPerCase: (mainCpuUs || cpuUs(cpu)) / Math.max(1, cases),
    totalMs: finished - started,
    requests: result.summary.requests,
    outcome: result.summary.outcome,
  };
}

export interface Sending extends Measurement {
  /** CPU µs per exchange to run every check on what came back, measured after the sending */
  readonly checksUsPerExchange: number;
}

/**
 * The engine's sending alone: pre-built cases through its sender (planning, serialising,
 * credentials, the client, reading and parsing each answer) with no generation and no checks.
 * Its ratio to the floor bounds what the whole engine can reach. Then every check is run on
 * what came back, on its own, to time the checks.
 */
export function measureSending(specs: readonly Spec[], config: Config, timeBoundMs: number): Promise<Sending> {
  return withFreshEmulator(config, async (c) => {
    const cases = prebuildCases(specs, c);
    const sender = createSender(c, fixtureValues(c), Date.now() + timeBoundMs);
    const exchanges: { op: Operation; exchange: Exchange }[] = [];
    let m: Measurement;
    try {
      m = await loop(cases, c.run.concurrency, timeBoundMs, async ({ op, c: k }) => {
        const o = await sender.send(op, k);
        if (o.ok) exchanges.push({ op, exchange: o.exchange });
      });
    } finally {
      await sender.close();
    }
    return { ...m, checksUsPerExchange: checkCost(specs, c, exchanges) };
  });
}

/** CPU µs per exchange to run every check, with the run's secrets and fixtures. */
function checkCost(specs: readonly Spec[], config: Config, exchanges: readonly { op: Operation; exchange: Exchange }[]): number {
  const checks = selectChecks(config.checks);
  const operations = new Map(specs.flatMap((s) => s.operations.map((o) => [o.id, o] as const)));
  const secrets = secretsOf(config);
  const fixtures = fixtureValues(config);
  const before = process.cpuUsage();
  for (const { op, exchange } of exchanges) {
    judge(checks, { operation: op, operations, knownSecrets: secrets, fixtures, history: [], probes: { supportedFields: new Set() } }, exchange);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / Math.max(1, exchanges.length);
}

/** CPU µs per case to generate the main phase's cases of every operation (boundary and random). */
export function measureGeneration(specs: readonly Spec[], config: Config): number {
  const before = process.cpuUsage();
  let n = 0;
  for (const op of selected(specs, config)) for (const _ of caseSource(op, { seed: config.run.seed, count: config.run.cases })) n++;
  const used = process.cpuUsage(before);
  return (used.user + used.system) / Math.max(1, n);
}
