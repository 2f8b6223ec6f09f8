/**
 * Engine against raw with the emulator in a process of its own, as CI runs it (`conform
 * emulator` in one step, `conform run --config` in the next): the emulator's work no longer
 * shares this process's event loop, so the ratio shows what the engine costs on top of the
 * round trip a user's pipeline pays. Each measurement meets a fresh emulator process, started
 * and stopped outside the timed part; each round pairs the floor and the engine back to back.
 */
import type { Config } from '../config/types.ts';
import type { Spec } from '../spec/types.ts';
import { startEmulatorProcess } from './emulator-process.ts';
import { benchConfig, pairedFigures } from './setup.ts';
import { measureEngineAgainst, measureRawAgainst, type EngineMeasurement, type Measurement } from './throughput.ts';

export interface OutOfProcess {
  readonly casesPerOperation: number;
  readonly concurrency: number;
  readonly rounds: readonly { readonly raw: Measurement; readonly engine: EngineMeasurement; readonly ratio: number }[];
  readonly rawCasesPerSecond: number;
  readonly engineCasesPerSecond: number;
  /** median of the rounds' ratios */
  readonly engineToRaw: number;
  /** the emulator processes started, every one stopped before this returned */
  readonly emulatorPids: readonly number[];
}

export interface OutOfProcessOptions {
  readonly cases: number;
  readonly concurrency: number;
  readonly rounds: number;
  /** bound of each measurement's sending */
  readonly timeBoundMs: number;
}

/** Runs `measure` against a fresh emulator process, which is stopped afterwards whatever happens. */
async function againstProcess<T>(
  specs: readonly Spec[],
  argv: readonly string[],
  timeBoundMs: number,
  pids: number[],
  log: (s: string) => void,
  measure: (config: Config) => Promise<T>,
): Promise<T> {
  // the child outlives the measurement's bound only by its start and stop
  const emulator = await startEmulatorProcess(timeBoundMs + 120_000);
  pids.push(emulator.pid);
  log(`    emulator process ${emulator.pid} on ${emulator.url}`);
  try {
    return await measure(benchConfig(specs, ['--config', emulator.configFile, ...argv], timeBoundMs));
  } finally {
    await emulator.stop();
  }
}

export async function outOfProcess(specs: readonly Spec[], o: OutOfProcessOptions, log: (s: string) => void): Promise<OutOfProcess> {
  const pids: number[] = [];
  const argv = (cases: number) => ['--cases', String(cases), '--concurrency', String(o.concurrency)];
  const raw = (cases: number) => againstProcess(specs, argv(cases), o.timeBoundMs, pids, log, (c) => measureRawAgainst(specs, c, o.timeBoundMs));
  const engine = (cases: number) => againstProcess(specs, argv(cases), o.timeBoundMs, pids, log, (c) => measureEngineAgainst(specs, c));
  // Warm-up at a third of the size, not reported (this process's JIT; a fresh child has none anyway).
  const warm = Math.max(100, Math.round(o.cases / 3));
  await raw(warm);
  await engine(warm);
  const rounds: OutOfProcess['rounds'][number][] = [];
  for (let i = 0; i < o.rounds; i++) {
    const r = await raw(o.cases);
    const e = await engine(o.cases);
    const ratio = e.casesPerSecond / r.casesPerSecond;
    rounds.push({ raw: r, engine: e, ratio });
    log(`  round ${i + 1}: raw ${r.casesPerSecond.toFixed(0)} cases/s, engine ${e.casesPerSecond.toFixed(0)} (${e.cases} cases), ratio ${ratio.toFixed(2)}`);
  }
  return {
    casesPerOperation: o.cases,
    concurrency: o.concurrency,
    rounds,
    ...pairedFigures(rounds),
    emulatorPids: pids,
  };
}
