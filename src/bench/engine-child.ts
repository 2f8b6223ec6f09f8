/**
 * One engine run in a process of its own, so its peak RSS is the run's alone (the embedded
 * emulator included, as in `conform run`). Prints one JSON line. Also the thing to profile:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof src/bench/engine-child-bin.js --cases 2000 --concurrency 16
 *
 * Takes `conform run` flags; reports are not written (the engine's output is measured, not the
 * reporters').
 */
import { selectChecks } from '../checks/registry.ts';
import { runEngine } from '../run/engine.ts';
import { loadSpecs } from '../spec/index.ts';
import { benchConfig, withFreshEmulator } from './setup.ts';

export interface ChildResult {
  readonly cases: number;
  readonly requests: number;
  readonly durationMs: number;
  readonly outcome: string;
  readonly errors: number;
  /** highest RSS seen by sampling every 50 ms, MB */
  readonly sampledPeakRssMb: number;
  /** process.resourceUsage().maxRSS, MB: the kernel's high-water mark */
  readonly maxRssMb: number;
  readonly heapUsedMb: number;
  /** heap in use after a full collection at the end (when run with --expose-gc): what the run kept */
  readonly liveHeapMb?: number;
}

const MB = 1024 * 1024;
/** the child is also bounded by its parent's kill timer; this bounds the engine itself */
const TOTAL_TIMEOUT_MS = 600_000;

function liveHeap(): { liveHeapMb?: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return {};
  gc();
  return { liveHeapMb: Math.round(process.memoryUsage().heapUsed / MB) };
}

async function main(argv: string[]): Promise<void> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  sampler.unref();
  const specs = await loadSpecs();
  const config = benchConfig(specs, argv, TOTAL_TIMEOUT_MS);
  const started = performance.now();
  const result = await withFreshEmulator(config, (c) =>
    runEngine({ specs, config: c, checks: selectChecks(c.checks), tool: { name: 'hwcloud-conformance-bench', version: '0' }, embedded: true }),
  );
  const durationMs = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const out: ChildResult = {
    cases: result.operations.reduce((n, o) => n + o.cases, 0),
    requests: result.summary.requests,
    durationMs: Math.round(durationMs),
    outcome: result.summary.outcome,
    errors: result.errorCount,
    sampledPeakRssMb: Math.round(peak / MB),
    maxRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / MB),
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / MB),
    ...liveHeap(),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`engine-child: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
