/**
 * Test support: one engine run against a fresh reference emulator (one fault at most), seen
 * directly or through the rewriting proxy (proxy.ts), with its fixtures filled in the way
 * src/cli/embedded.ts fills them. Every run starts and stops its own servers on 127.0.0.1:0.
 */
import { fileURLToPath } from 'node:url';
import { CHECK_NAMES, CHECKS, selectChecks } from '../checks/registry.ts';
import { createLimit } from '../execute/limit.ts';
import { parseFlags, resolveConfig } from '../config/index.ts';
import type { Config } from '../config/types.ts';
import { startEmulator, type EmulatorFixtures, type EmulatorSnapshot, type FaultName } from '../emulator/index.ts';
import type { Spec } from '../spec/types.ts';
import { catalogOf, loadSpecs } from '../spec/index.ts';
import { runEngine, type EngineInput } from '../run/engine.ts';
import { startProxy, type Transform } from './proxy.ts';
import type { RunResult } from '../run/types.ts';

export const OPERATION_IDS = ['CreateApp', 'ResetAppSecret', 'UpdateCertificate', 'RotateSecret', 'ShowSecret'] as const;

let specs: Promise<Spec[]> | undefined;
export function suiteSpecs(): Promise<Spec[]> {
  return (specs ??= loadSpecs());
}

export interface TargetOptions {
  readonly fault?: FaultName;
  /** rewrites applied by a proxy in front of the emulator; none: the emulator is the target */
  readonly transforms?: readonly Transform[];
  readonly seed?: number;
  /** random cases per operation; default: the configured default */
  readonly cases?: number;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
  readonly operations?: readonly string[];
  readonly onOutcome?: EngineInput['onOutcome'];
  readonly shard?: EngineInput['shard'];
  readonly onEvent?: EngineInput['onEvent'];
  /** the fixtures the configuration names, from the emulator's; default: the five operations' own */
  readonly named?: (f: EmulatorFixtures) => Config['fixtures'];
  readonly maxRequests?: number;
  readonly signal?: AbortSignal;
  readonly cleanupSignal?: AbortSignal;
  /** sees the emulator's state before the run and after it */
  readonly state?: (before: EmulatorSnapshot, after: EmulatorSnapshot) => void;
}

/**
 * The configuration a user gets with no conform.yaml, no environment and the given flags.
 * Resolved in this folder, which holds no conform.yaml.
 */
export async function baseConfig(flags: readonly string[] = []): Promise<Config> {
  const all = await suiteSpecs();
  return resolveConfig({
    flags: parseFlags([...flags]),
    env: {},
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    knownChecks: [...CHECK_NAMES],
    knownOperations: all.flatMap((s) => s.operations.map((o) => o.id)),
    catalog: catalogOf(all),
  });
}

/** `config` aimed at `url`, with the emulator's token, project and fixtures (as embedded.ts does). */
function targetConfig(config: Config, url: string, f: EmulatorFixtures, named?: TargetOptions['named']): Config {
  return {
    ...config,
    target: { apig: url, elb: url, csms: url },
    auth: { ...config.auth, token: f.token },
    projectId: f.projectId,
    fixtures: named?.(f) ?? {
      apig: { instanceId: f.apig.instanceId, appId: f.apig.appId },
      elb: { certificateId: f.elb.certificateId },
      csms: { rotatableSecret: f.csms.rotatableSecret, commonSecret: f.csms.commonSecret },
    },
    knownSecrets: [...config.knownSecrets, ...f.knownSecrets],
  };
}

export async function runAgainst(options: TargetOptions = {}): Promise<RunResult> {
  const flags = [
    ...(options.seed !== undefined ? ['--seed', String(options.seed)] : []),
    ...(options.cases !== undefined ? ['--cases', String(options.cases)] : []),
    ...(options.timeoutMs !== undefined ? ['--timeout', String(options.timeoutMs)] : []),
    ...(options.concurrency !== undefined ? ['--concurrency', String(options.concurrency)] : []),
    ...(options.maxRequests !== undefined ? ['--max-requests', String(options.maxRequests)] : []),
  ];
  const base = await baseConfig(flags);
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', ...(options.fault ? { fault: options.fault } : {}) });
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  try {
    if (options.transforms) proxy = await startProxy(emulator.url, emulator.fixtures, options.transforms);
    const config = targetConfig(
      { ...base, ...(options.operations ? { operations: options.operations } : {}) },
      proxy?.url ?? emulator.url,
      emulator.fixtures,
      options.named,
    );
    const before = emulator.emulator.snapshot();
    const result = await runEngine({
      specs: await suiteSpecs(),
      config,
      checks: selectChecks(config.checks),
      tool: { name: 'hwcloud-conformance', version: 'test' },
      embedded: true,
      ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.cleanupSignal ? { cleanupSignal: options.cleanupSignal } : {}),
    });
    options.state?.(before, emulator.emulator.snapshot());
    return result;
  } finally {
    await proxy?.close();
    await emulator.close();
  }
}

/**
 * Starts runs in the background, at most `n` at once, so that one test file's runs overlap
 * their waits (the 1.1 s flow step, sequential shrinking) whatever vitest's own concurrency.
 * A run's failure surfaces where its promise is awaited, never as an unhandled rejection.
 */
export function background(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  const limit = createLimit(n);
  return (task) => {
    const p = limit(task);
    p.catch(() => {});
    return p;
  };
}

/** `operation:check` of every failure, deduplicated and sorted: what a run blamed. */
export function blamed(result: RunResult): string[] {
  return [...new Set(result.failures.map((f) => `${f.operationId}:${f.check}`))].sort();
}

/** One line per failure and error, for assertion messages. */
export function explain(result: RunResult): string {
  const lines = [
    ...result.failures.map((f) => `FAIL ${f.operationId} ${f.check} [${f.caseId}] ${f.message} | received: ${f.received}`),
    ...result.errors.map((e) => `ERROR ${e.operationId} ${e.code} [${e.caseId}] ${e.message}`),
  ];
  return lines.length ? lines.join('\n') : '(no failure, no error)';
}

/** Verdicts of the checks that apply to each operation, as `operation:check → verdict`. */
export function applicableVerdicts(result: RunResult, all: readonly Spec[]): Record<string, string> {
  const ops = new Map(all.flatMap((s) => s.operations).map((o) => [o.id, o]));
  const out: Record<string, string> = {};
  for (const op of result.operations) {
    const spec = ops.get(op.operationId)!;
    for (const v of op.checks) {
      if (CHECKS.find((c) => c.name === v.check)!.applies(spec)) out[`${op.operationId}:${v.check}`] = v.verdict;
    }
  }
  return out;
}
