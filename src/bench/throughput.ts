/**
 * Throughput: the engine against a floor. The floor is a bare undici loop sending the exact
 * requests the engine's main phase sends (same cases, same credentials, same concurrency), so
 * what it measures is HTTP plus the emulator; the engine adds generation, planning, every check
 * and the tally. Both run in this process against a fresh emulator each.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { buildCases, type Case } from '../cases/index.ts';
import { selectChecks } from '../checks/registry.ts';
import type { Config } from '../config/types.ts';
import { planRequest } from '../execute/request.ts';
import type { SentRequest } from '../execute/types.ts';
import { authCases } from '../run/auth-cases.ts';
import { withCredentials } from '../run/credentials.ts';
import { fixtureValues, runEngine } from '../run/engine.ts';
import { createsNamedResource, uniquifyName } from '../run/unique-names.ts';
import type { Operation, Spec } from '../spec/types.ts';
import { withFreshEmulator } from './setup.ts';

export interface Measurement {
  readonly cases: number;
  readonly ms: number;
  readonly casesPerSecond: number;
  /** every case got an answer within the time bound */
  readonly complete: boolean;
}

export interface EngineMeasurement extends Measurement {
  /** the whole runEngine call: main phase, stateful flows (with their 1.1 s waits), shrinking */
  readonly totalMs: number;
  readonly requests: number;
  readonly outcome: string;
}

function selected(specs: readonly Spec[], config: Config): Operation[] {
  const all = specs.flatMap((s) => s.operations);
  return config.operations ? all.filter((o) => config.operations!.includes(o.id)) : all;
}

/** The main phase's requests, built as the engine builds them (engine.ts, send.ts). */
export function prebuildRequests(specs: readonly Spec[], config: Config): SentRequest[] {
  const fixtures = fixtureValues(config);
  const nonce = Date.now() % 1_000_003;
  let serial = 0;
  const out: SentRequest[] = [];
  for (const op of selected(specs, config)) {
    let cases: Case[] = buildCases(op, { seed: config.run.seed, count: config.run.cases });
    if (createsNamedResource(op)) cases = cases.map((c) => uniquifyName(op, c, serial++, nonce));
    for (const c of [...cases, ...authCases(op, cases)]) {
      const planned = planRequest(op, c, config.target![op.service], fixtures);
      out.push(withCredentials(planned.request, c.auth, config.auth));
    }
  }
  return out;
}

/** The floor: `concurrency` workers sending pre-built requests and reading every body to the end. */
export async function rawLoop(requests: readonly SentRequest[], concurrency: number, timeBoundMs: number): Promise<Measurement> {
  // the engine's client bounds each request by its timeout; so does the floor (10 s, as by default)
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000, headersTimeout: 10_000, bodyTimeout: 10_000 });
  const started = performance.now();
  const deadline = started + timeBoundMs;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < requests.length && performance.now() < deadline) {
      const r = requests[next++]!;
      const res = await request(r.url, { method: r.method as Dispatcher.HttpMethod, headers: r.headers, body: r.body, dispatcher: agent });
      await res.body.text();
      done++;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await agent.close();
  }
  const ms = performance.now() - started;
  return { cases: done, ms, casesPerSecond: (done / ms) * 1000, complete: done === requests.length };
}

/** Pre-builds (untimed) then sends the main-phase requests against a fresh emulator. */
export function measureRaw(specs: readonly Spec[], config: Config, timeBoundMs: number): Promise<Measurement> {
  return withFreshEmulator(config, (c) => rawLoop(prebuildRequests(specs, c), c.run.concurrency, timeBoundMs));
}

/**
 * The engine on a fresh emulator. Its cases/s is over the main phase (runEngine's start to the
 * stateful-flows phase): the same requests the floor sends, with generation, every check and
 * the tally added. The whole call's time is reported beside it.
 */
export function measureEngine(specs: readonly Spec[], config: Config): Promise<EngineMeasurement> {
  return withFreshEmulator(config, async (c) => {
    let cases = 0;
    let mainEnd = 0;
    const started = performance.now();
    const result = await runEngine({
      specs,
      config: c,
      checks: selectChecks(c.checks),
      tool: { name: 'hwcloud-conformance-bench', version: '0' },
      embedded: true,
      onEvent: (e) => {
        if (e.kind === 'operation-start') cases += e.total;
        if (e.kind === 'phase' && mainEnd === 0) mainEnd = performance.now();
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
      totalMs: finished - started,
      requests: result.summary.requests,
      outcome: result.summary.outcome,
    };
  });
}
