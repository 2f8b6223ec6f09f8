/**
 * What every benchmark starts from: the specs, a resolved configuration built exactly as
 * `conform run` builds it (flags over defaults), and a fresh embedded emulator per measurement,
 * so each one meets the same emulator state.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECK_NAMES } from '../checks/registry.ts';
import { withEmbeddedTarget } from '../cli/embedded.ts';
import { parseFlags, resolveConfig } from '../config/index.ts';
import type { Config } from '../config/types.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { catalogOf } from '../spec/catalog.ts';
import type { Spec } from '../spec/types.ts';

/** The package root (where reports/ and src/ live). */
export const ROOT: string = `${PACKAGE_ROOT}${path.sep}`;

/** An empty working directory, so no conform.yaml of the caller's can change what is measured. */
const SCRATCH = mkdtempSync(path.join(tmpdir(), 'conform-bench-'));

/**
 * A resolved configuration from `conform run` flags, with no config file and no environment:
 * the benchmark measures the same work wherever it is started.
 */
export function benchConfig(specs: readonly Spec[], argv: readonly string[], totalTimeoutMs: number): Config {
  const knownOperations = specs.flatMap((s) => s.operations.map((o) => o.id));
  const resolved = resolveConfig({ flags: parseFlags([...argv]), env: {}, cwd: SCRATCH, knownChecks: [...CHECK_NAMES], knownOperations, catalog: catalogOf(specs) });
  return Object.freeze({ ...resolved, run: Object.freeze({ ...resolved.run, totalTimeoutMs }) });
}

/** Runs `body` against a fresh embedded emulator on 127.0.0.1 (the configuration has no target). */
export function withFreshEmulator<T>(config: Config, body: (config: Config) => Promise<T>): Promise<T> {
  if (config.target) throw new Error('benchConfig: the benchmark runs against the embedded emulator only');
  return withEmbeddedTarget(config, (c) => body(c));
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const round = (x: number, digits = 0): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The figures of paired rounds: each round pairs the two measurements taken back to back, so
 * drift in the machine's speed over the rounds cancels out of the ratio's median.
 */
export function pairedFigures(rounds: readonly { raw: { casesPerSecond: number }; engine: { casesPerSecond: number }; ratio: number }[]) {
  return {
    rawCasesPerSecond: median(rounds.map((r) => r.raw.casesPerSecond)),
    engineCasesPerSecond: median(rounds.map((r) => r.engine.casesPerSecond)),
    engineToRaw: median(rounds.map((r) => r.ratio)),
  };
}
