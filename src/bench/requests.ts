/**
 * What the default run sends: `conform run` with no flags against the embedded emulator,
 * every request counted (main phase, stateful flows, model-based sequences, shrinking).
 */
import { selectChecks } from '../checks/registry.ts';
import { runEngine } from '../run/engine.ts';
import type { Spec } from '../spec/types.ts';
import { benchConfig, withFreshEmulator } from './setup.ts';

export interface RequestCounts {
  readonly total: number;
  readonly byOperation: Readonly<Record<string, { readonly cases: number; readonly requests: number }>>;
  readonly durationMs: number;
  readonly outcome: string;
}

export async function defaultRunRequests(specs: readonly Spec[], timeLimitMs: number): Promise<RequestCounts> {
  const config = benchConfig(specs, [], timeLimitMs);
  const started = performance.now();
  const result = await withFreshEmulator(config, (c) =>
    runEngine({ specs, config: c, checks: selectChecks(c.checks), tool: { name: 'hwcloud-conformance-bench', version: '0' }, embedded: true }),
  );
  return {
    total: result.summary.requests,
    byOperation: Object.fromEntries(result.operations.map((o) => [o.operationId, { cases: o.cases, requests: o.requests }])),
    durationMs: performance.now() - started,
    outcome: result.summary.outcome,
  };
}
