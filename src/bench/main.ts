/**
 * `npm run bench`: throughput of the engine against a raw undici floor (the emulator in this
 * process, and in a process of its own as CI runs it), peak memory of a long run, cold start of
 * `conform run`, and the requests of the default run. Prints a table and writes
 * reports/bench.json. A script, not a test: nothing here asserts on time.
 *
 *   npm run bench -- [--cases N] [--concurrency N] [--rounds N] [--memory-cases N] [--cold-starts N]
 *                    [--only LIST] [--out FILE]
 *
 * LIST: throughput, out-of-process, memory, cold-start, requests. Every phase is bounded in count
 * and time; the emulator listens on 127.0.0.1 only, and every child process ends with the bench.
 *
 * To see where the engine's time goes:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof src/bench/engine-child-bin.js --cases 3000 --concurrency 16
 *   node --import tsx src/bench/profile-summary.ts /tmp/prof/*.cpuprofile
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSpecs } from '../spec/index.ts';
import type { Spec } from '../spec/types.ts';
import { measureColdStart, type ColdStart } from './cold-start.ts';
import { runChild, type MemoryRun } from './memory.ts';
import { outOfProcess, type OutOfProcess } from './out-of-process.ts';
import { defaultRunRequests, type RequestCounts } from './requests.ts';
import { benchConfig, median, pairedFigures, ROOT, round } from './setup.ts';
import { measureEngine, measureGeneration, measureRaw, measureSending, type EngineMeasurement, type Measurement, type Sending } from './throughput.ts';

const PHASES = ['throughput', 'out-of-process', 'memory', 'cold-start', 'requests'] as const;
type Phase = (typeof PHASES)[number];

/**
 * The targets of issue 7. Its in-process engine/raw ≥ 0.8 is retired (issue 13): the emulator
 * shares the process with the engine there; engine/raw against an emulator in its own process
 * is reported instead, as a figure.
 */
const TARGETS = Object.freeze({ peakRssMb: 250, coldStartMs: 1000 });

interface Options {
  readonly cases: number;
  readonly concurrency: number;
  readonly rounds: number;
  readonly memoryCases: number;
  readonly memoryOperations: string;
  readonly coldStarts: number;
  readonly phases: readonly Phase[];
  /** where the figures go; default reports/bench.json */
  readonly out: string;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string', default: '1500' },
      concurrency: { type: 'string', default: '16' },
      rounds: { type: 'string', default: '5' },
      'memory-cases': { type: 'string', default: '100000' },
      'memory-operations': { type: 'string', default: 'ShowSecret,UpdateCertificate' },
      'cold-starts': { type: 'string', default: '5' },
      only: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const int = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer ${min}–${max}, got ${v}`);
    return n;
  };
  const phases = values.only ? values.only.split(',').map((p) => p.trim()) : [...PHASES];
  for (const p of phases) if (!PHASES.includes(p as Phase)) throw new Error(`unknown phase '${p}' in --only; known: ${PHASES.join(', ')}`);
  return {
    cases: int('cases', values.cases!, 1, 100_000),
    concurrency: int('concurrency', values.concurrency!, 1, 256),
    rounds: int('rounds', values.rounds!, 1, 20),
    memoryCases: int('memory-cases', values['memory-cases']!, 1, 1_000_000),
    memoryOperations: values['memory-operations']!,
    coldStarts: int('cold-starts', values['cold-starts']!, 1, 50),
    phases: phases as Phase[],
    out: path.resolve(values.out ?? path.join(ROOT, 'reports', 'bench.json')),
  };
}

interface Throughput {
  readonly casesPerOperation: number;
  readonly concurrency: number;
  readonly rounds: readonly {
    readonly raw: Measurement;
    readonly sending: Sending;
    readonly engine: EngineMeasurement;
    readonly ratio: number;
    readonly sendingRatio: number;
  }[];
  readonly rawCasesPerSecond: number;
  readonly engineCasesPerSecond: number;
  readonly engineToRaw: number;
  /** CPU µs per case, medians: what the figures above cost whatever else the machine runs */
  readonly rawCpuUsPerCase: number;
  readonly engineCpuUsPerCase: number;
  /**
   * Where the engine's time goes, each part alone: sending pre-built cases with no generation and
   * no checks (its ratio to the floor is the most the engine could reach), generating the cases,
   * and running every check on an answer.
   */
  readonly breakdown: {
    readonly sendingCasesPerSecond: number;
    readonly sendingToRaw: number;
    readonly generationUsPerCase: number;
    readonly checksUsPerExchange: number;
  };
}

async function throughput(specs: readonly Spec[], o: Options, log: (s: string) => void): Promise<Throughput> {
  const config = benchConfig(specs, ['--cases', String(o.cases), '--concurrency', String(o.concurrency)], 300_000);
  // Warm-up: the JIT and the connection code paths, at a third of the size; not reported.
  const warm = benchConfig(specs, ['--cases', String(Math.max(100, Math.round(o.cases / 3))), '--concurrency', String(o.concurrency)], 120_000);
  await measureRaw(specs, warm, 60_000);
  await measureSending(specs, warm, 60_000);
  await measureEngine(specs, warm);
  const rounds: Throughput['rounds'][number][] = [];
  for (let i = 0; i < o.rounds; i++) {
    const raw = await measureRaw(specs, config, 300_000);
    const sending = await measureSending(specs, config, 300_000);
    const engine = await measureEngine(specs, config);
    const ratio = engine.casesPerSecond / raw.casesPerSecond;
    rounds.push({ raw, sending, engine, ratio, sendingRatio: sending.casesPerSecond / raw.casesPerSecond });
    log(
      `  round ${i + 1}: raw ${raw.casesPerSecond.toFixed(0)} cases/s, sending alone ${sending.casesPerSecond.toFixed(0)}, ` +
        `engine ${engine.casesPerSecond.toFixed(0)} (${engine.cases} cases), ratio ${ratio.toFixed(2)}; ` +
        `CPU per case raw ${raw.cpuUsPerCase.toFixed(0)} µs, engine ${engine.cpuUsPerCase.toFixed(0)} µs`,
    );
  }
  return {
    casesPerOperation: o.cases,
    concurrency: o.concurrency,
    rounds,
    ...pairedFigures(rounds),
    rawCpuUsPerCase: median(rounds.map((r) => r.raw.cpuUsPerCase)),
    engineCpuUsPerCase: median(rounds.map((r) => r.engine.cpuUsPerCase)),
    breakdown: {
      sendingCasesPerSecond: median(rounds.map((r) => r.sending.casesPerSecond)),
      sendingToRaw: median(rounds.map((r) => r.sendingRatio)),
      generationUsPerCase: measureGeneration(specs, config),
      checksUsPerExchange: median(rounds.map((r) => r.sending.checksUsPerExchange)),
    },
  };
}

interface Memory {
  readonly runs: readonly MemoryRun[];
  readonly peakRssMb: number;
  readonly cases: number;
}

async function memory(o: Options, log: (s: string) => void): Promise<Memory> {
  const base = ['--operations', o.memoryOperations, '--concurrency', String(o.concurrency)];
  const counts = [...new Set([Math.max(1, Math.round(o.memoryCases / 10)), o.memoryCases])];
  const runs: MemoryRun[] = [];
  for (const n of counts) {
    const run = await runChild([...base, '--cases', String(n)], 900_000);
    log(`  ${run.cases} cases: peak RSS ${run.maxRssMb} MB, heap kept after the run ${run.liveHeapMb ?? '?'} MB, ${(run.durationMs / 1000).toFixed(1)} s`);
    runs.push(run);
  }
  const last = runs[runs.length - 1]!;
  return { runs, peakRssMb: Math.max(last.maxRssMb, last.sampledPeakRssMb), cases: last.cases };
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

async function main(argv: string[]): Promise<number> {
  const o = readOptions(argv);
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const loadBefore = loadavg();
  // Wall-clock figures are only as good as the machine is quiet: say so when it is not.
  if (loadBefore[0]! > cpus().length * 0.5) log(`note: load average ${loadBefore[0]!.toFixed(1)} on ${cpus().length} CPUs; figures will be noisy`);
  const specs = await loadSpecs();
  const results: {
    throughput?: Throughput;
    outOfProcess?: OutOfProcess;
    memory?: Memory;
    coldStart?: ColdStart;
    requests?: RequestCounts;
  } = {};

  if (o.phases.includes('throughput')) {
    log(`throughput: every operation, ${o.cases} random cases each, concurrency ${o.concurrency}, ${o.rounds} rounds`);
    results.throughput = await throughput(specs, o, log);
  }
  if (o.phases.includes('out-of-process')) {
    log(`out of process: the same, against \`conform emulator\` in a child process (a fresh one per measurement), ${o.rounds} rounds`);
    results.outOfProcess = await outOfProcess(specs, { cases: o.cases, concurrency: o.concurrency, rounds: o.rounds, timeBoundMs: 300_000 }, log);
  }
  if (o.phases.includes('memory')) {
    log(`memory: ${o.memoryOperations}, child processes`);
    results.memory = await memory(o, log);
  }
  if (o.phases.includes('cold-start')) {
    log('cold start: conform run --operations ShowSecret --cases 1');
    results.coldStart = await measureColdStart(o.coldStarts);
  }
  if (o.phases.includes('requests')) {
    log('requests: the default run');
    results.requests = await defaultRunRequests(specs, 300_000);
  }

  const t = results.throughput;
  const p = results.outOfProcess;
  const m = results.memory;
  const c = results.coldStart;
  const r = results.requests;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const rows: string[][] = [['measure', 'value', 'target', '']];
  if (t) {
    rows.push(['raw undici floor', `${t.rawCasesPerSecond.toFixed(0)} cases/s`, '', '']);
    rows.push(['engine (main phase)', `${t.engineCasesPerSecond.toFixed(0)} cases/s`, '', '']);
    rows.push(['engine / raw (median of rounds)', t.engineToRaw.toFixed(2), '', '']);
    rows.push(['CPU per case: raw, engine', `${t.rawCpuUsPerCase.toFixed(0)}, ${t.engineCpuUsPerCase.toFixed(0)} µs`, '', '']);
    const b = t.breakdown;
    rows.push(['  sending alone (no generation or checks)', `${b.sendingCasesPerSecond.toFixed(0)} cases/s`, '', '']);
    rows.push(['  sending alone / raw: the ceiling', b.sendingToRaw.toFixed(2), '', '']);
    rows.push(['  generating a case (CPU)', `${b.generationUsPerCase.toFixed(1)} µs`, '', '']);
    rows.push(['  every check on an answer (CPU)', `${b.checksUsPerExchange.toFixed(1)} µs`, '', '']);
  }
  if (p) {
    rows.push(['emulator in its own process: raw', `${p.rawCasesPerSecond.toFixed(0)} cases/s`, '', '']);
    rows.push(['emulator in its own process: engine', `${p.engineCasesPerSecond.toFixed(0)} cases/s`, '', '']);
    rows.push(['emulator in its own process: engine / raw', p.engineToRaw.toFixed(2), '', '']);
  }
  if (m) {
    rows.push([`peak RSS, ${m.cases} cases`, `${m.peakRssMb} MB`, `< ${TARGETS.peakRssMb} MB`, verdict(m.peakRssMb < TARGETS.peakRssMb)]);
    const kept = m.runs.map((x) => `${x.liveHeapMb ?? '?'}`).join(' → ');
    rows.push([`heap kept, ${m.runs.map((x) => x.cases).join(' → ')} cases`, `${kept} MB`, '', '']);
  }
  if (c) rows.push([`cold start (median of ${c.runsMs.length})`, `${c.medianMs.toFixed(0)} ms`, `< ${TARGETS.coldStartMs} ms`, verdict(c.medianMs < TARGETS.coldStartMs)]);
  if (r) {
    rows.push(['default run: requests', String(r.total), '', '']);
    for (const [op, v] of Object.entries(r.byOperation)) rows.push([`  ${op}`, String(v.requests), '', '']);
  }
  log('');
  log(table(rows));

  const file = o.out;
  mkdirSync(path.dirname(file), { recursive: true });
  const report = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    loadAverage: { before: loadBefore.map((x) => round(x, 2)), after: loadavg().map((x) => round(x, 2)) },
    targets: TARGETS,
    ...(t && {
      throughput: {
        ...t,
        rawCasesPerSecond: round(t.rawCasesPerSecond),
        engineCasesPerSecond: round(t.engineCasesPerSecond),
        engineToRaw: round(t.engineToRaw, 3),
        rawCpuUsPerCase: round(t.rawCpuUsPerCase),
        engineCpuUsPerCase: round(t.engineCpuUsPerCase),
        breakdown: {
          sendingCasesPerSecond: round(t.breakdown.sendingCasesPerSecond),
          sendingToRaw: round(t.breakdown.sendingToRaw, 3),
          generationUsPerCase: round(t.breakdown.generationUsPerCase, 1),
          checksUsPerExchange: round(t.breakdown.checksUsPerExchange, 1),
        },
      },
    }),
    ...(p && {
      outOfProcess: { ...p, rawCasesPerSecond: round(p.rawCasesPerSecond), engineCasesPerSecond: round(p.engineCasesPerSecond), engineToRaw: round(p.engineToRaw, 3) },
    }),
    ...(m && { memory: m }),
    ...(c && { coldStart: { ...c, firstMs: round(c.firstMs), runsMs: c.runsMs.map((x) => round(x)), medianMs: round(c.medianMs) } }),
    ...(r && { requests: { ...r, durationMs: round(r.durationMs) } }),
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwritten: ${path.relative(process.cwd(), file) || file}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
