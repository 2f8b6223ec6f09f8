/**
 * The shards of one run (`--shard i/n`) merged into the result one unsharded run would have
 * given: counts add up, each operation × check verdict is decided from the shards' verdicts
 * (a failure or an error on any shard decides it; a check one shard judged and passed passes
 * unless another failed it), every failure record is kept, error records under the same cap.
 * Shards of different seeds, settings, specs or versions are not one run: refused.
 */
import { ConformError } from '../errors.ts';
import { MAX_ERRORS } from './tally.ts';
import { verdictCounts } from './verdict-counts.ts';
import type { CheckVerdict, Cleanup, Completion, OperationResult, RunResult } from './types.ts';

function refuse(message: string): never {
  throw new ConformError('CONFORM_USAGE', `conform merge: ${message}`);
}

/** Shards of one run: same version, seed, settings, specs and shard count; every index once. */
function assertOneRun(results: readonly { readonly from: string; readonly result: RunResult }[]): number {
  const [first, ...rest] = results;
  if (!first) refuse('no reports to merge');
  const unsharded = results.find((r) => !r.result.shard);
  if (unsharded) refuse(`${unsharded.from} is not the report of a shard (run with --shard i/n)`);
  const f = first.result;
  const same: Array<[string, (r: RunResult) => unknown]> = [
    ['version', (r) => `${r.tool.name} ${r.tool.version}`],
    ['seed', (r) => r.seed],
    ['specs', (r) => r.shard!.specs],
    ['settings', (r) => JSON.stringify(r.settings)],
    ['operations', (r) => r.operations.map((o) => o.operationId).join(',')],
    ['checks', (r) => r.operations.map((o) => o.checks.map((c) => c.check).join(',')).join(';')],
    ['shard count', (r) => r.shard!.count],
  ];
  for (const { from, result } of rest) {
    for (const [what, of] of same) {
      const [mine, theirs] = [String(of(result)), String(of(f))];
      const values = mine.length + theirs.length <= 80 ? ` (${mine} vs ${theirs})` : '';
      if (mine !== theirs) refuse(`${from} is from another run than ${first.from}: different ${what}${values}`);
    }
  }
  const count = f.shard!.count;
  const seen = new Map<number, string>();
  for (const { from, result } of results) {
    const other = seen.get(result.shard!.index);
    if (other) refuse(`${from} and ${other} are both shard ${result.shard!.index}/${count}`);
    seen.set(result.shard!.index, from);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) refuse(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);
  return count;
}

function mergeVerdict(shards: readonly CheckVerdict[]): CheckVerdict {
  const first = shards[0]!;
  const judged = shards.reduce((n, v) => n + v.judged, 0);
  const failures = shards.reduce((n, v) => n + v.failures, 0);
  const errors = shards.reduce((n, v) => n + (v.errors ?? 0), 0);
  const base = { check: first.check, title: first.title, judged, failures, errors };
  if (failures > 0) return { ...base, verdict: shards.every((v) => v.failures === 0 || v.verdict === 'known') ? 'known' : 'failed' };
  const threw = shards.find((v) => v.verdict === 'errored');
  if (threw) return { ...base, verdict: 'errored', ...(threw.reason !== undefined ? { reason: threw.reason } : {}) };
  if (judged > 0 && shards.some((v) => v.verdict === 'passed')) return { ...base, verdict: 'passed' };
  // not judged anywhere: the shards agree why (not applicable, not allowed, nothing to judge)
  return { ...base, verdict: first.verdict, ...(first.reason !== undefined ? { reason: first.reason } : {}) };
}

function mergeOperation(shards: readonly OperationResult[]): OperationResult {
  const first = shards[0]!;
  return {
    operationId: first.operationId,
    service: first.service,
    method: first.method,
    path: first.path,
    cases: shards.reduce((n, o) => n + o.cases, 0),
    requests: shards.reduce((n, o) => n + o.requests, 0),
    transportErrors: shards.reduce((n, o) => n + (o.transportErrors ?? 0), 0),
    authRefused: shards.reduce((n, o) => n + (o.authRefused ?? 0), 0),
    ...notRunOf(shards),
    ...(first.skipped !== undefined ? { skipped: first.skipped } : {}),
    checks: first.checks.map((c) => mergeVerdict(shards.map((o) => o.checks.find((x) => x.check === c.check)!))),
  };
}

function notRunOf(shards: readonly OperationResult[]): Pick<OperationResult, 'notRun'> {
  const count = shards.reduce((n, o) => n + (o.notRun?.count ?? 0), 0);
  const reason = shards.find((o) => o.notRun)?.notRun?.reason;
  return count > 0 && reason ? { notRun: { count, reason } } : {};
}

/** Complete when every shard was; else the first shard's reason, with the cases of all. */
function mergeCompletion(results: readonly RunResult[]): Completion {
  const stopped = results.find((r) => r.completion && !r.completion.complete);
  const casesRun = results.reduce((n, r) => n + (r.completion?.casesRun ?? 0), 0);
  const casesPlanned = results.reduce((n, r) => n + (r.completion?.casesPlanned ?? 0), 0);
  const c = stopped?.completion;
  return { complete: !c, ...(c?.reason ? { reason: c.reason } : {}), ...(c?.message ? { message: c.message } : {}), casesRun, casesPlanned };
}

/** Merges the shards' results (`from` names each, for messages); throws CONFORM_USAGE when they are not one run. */
export function mergeResults(inputs: readonly { readonly from: string; readonly result: RunResult }[]): RunResult {
  assertOneRun(inputs);
  const results = [...inputs].map((i) => i.result).sort((a, b) => a.shard!.index - b.shard!.index);
  const first = results[0]!;
  const operations = first.operations.map((op) => mergeOperation(results.map((r) => r.operations.find((o) => o.operationId === op.operationId)!)));
  const counts = verdictCounts(operations);
  const errorCount = results.reduce((n, r) => n + r.errorCount, 0);
  const started = Math.min(...results.map((r) => Date.parse(r.startedAt)));
  const finished = Math.max(...results.map((r) => Date.parse(r.finishedAt)));
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    embedded: results.every((r) => r.embedded),
    operations,
    completion: mergeCompletion(results),
    failures: results.flatMap((r) => r.failures),
    failureCount: results.reduce((n, r) => n + r.failureCount, 0),
    errors: results.flatMap((r) => r.errors).slice(0, MAX_ERRORS),
    errorCount,
    createdResources: results.flatMap((r) => r.createdResources),
    ...mergedCleanup(results),
    summary: {
      requests: results.reduce((n, r) => n + r.summary.requests, 0),
      retries: results.reduce((n, r) => n + (r.summary.retries ?? 0), 0),
      ...counts,
      outcome: results.some((r) => r.summary.outcome === 'interrupted')
        ? 'interrupted'
        : errorCount > 0 || results.some((r) => r.summary.outcome === 'errored')
          ? 'errored'
          : counts.checksFailed > 0
            ? 'deviates'
            : 'conforms',
    },
  };
}

/** The shards' throwaway and cleanup requests, added up (absent when none sent any). */
function mergedCleanup(results: readonly RunResult[]): { cleanup?: Cleanup } {
  const all = results.flatMap((r) => (r.cleanup ? [r.cleanup] : []));
  if (all.length === 0) return {};
  const sum = (k: keyof Cleanup) => all.reduce((n, c) => n + c[k], 0);
  return { cleanup: { requests: sum('requests'), retries: sum('retries'), unanswered: sum('unanswered'), untracked: sum('untracked') } };
}
