/**
 * The main phase: boundary, random and auth cases and the probes, every operation in turn,
 * sent concurrently and judged as they arrive. Cases are generated as the workers take them,
 * so memory does not grow with the count.
 */
import { caseSource } from '../../cases/index.ts';
import type { Exchange } from '../../execute/types.ts';
import type { Operation } from '../../spec/types.ts';
import { authCases } from '../../cases/auth-cases.ts';
import type { RunContext } from '../context.ts';
import { OptionalLedger } from '../optional-evidence.ts';
import { Probes } from '../../cases/probes.ts';
import { inShard } from '../shard.ts';
import { NOT_RUN } from '../stopping.ts';

export async function mainPhase(ctx: RunContext): Promise<void> {
  const { config, input, tally, stopping, sender, shard, emit } = ctx;
  for (const op of ctx.operations) {
    const reason = input.skip?.(op);
    if (reason) {
      tally.skip(op.id, reason);
      emit({ kind: 'operation-skipped', operationId: op.id, reason });
      continue;
    }
    const source = caseSource(op, { seed: config.run.seed, count: config.run.cases });
    const planned = source.total + 2 + Probes.count(op);
    const total = shard ? Math.ceil(planned / shard.count) : planned;
    ctx.counts.planned += total;
    const blocked = ctx.blocked.get(op.id);
    if (blocked) {
      // not the user's choice: its checks are not exercised, with why
      tally.notRun(op.id, total, `not run (${blocked})`);
      emit({ kind: 'operation-skipped', operationId: op.id, reason: blocked, notRun: true });
      continue;
    }
    if (stopping.stopped) {
      tally.notRun(op.id, total);
      continue;
    }
    const cases = function* () {
      const probes = new Probes(op, ctx.fixtures);
      for (const generated of source) {
        if (stopping.refusedThroughout(op.id)) break;
        const c = ctx.unique(op, generated);
        probes.offer(c);
        ctx.flowCases.offer(op.id, c);
        if (ctx.takes(c, op.service)) yield c;
      }
      for (const c of authCases(op, probes.validCase ? [probes.validCase] : [])) if (ctx.takes(c, op.service)) yield c;
      // The probes judge a service as a whole (readings, optional-feature evidence): one shard sends them all.
      if (inShard(shard, op.service)) {
        // a probe gets a fresh name too: a service with unique names must not refuse it as a duplicate
        for (const p of probes.cases()) yield p.expect === 'either' ? { ...ctx.unique(op, { ...p, expect: 'accept' }), expect: 'either' as const } : p;
      }
    };
    emit({ kind: 'operation-start', operationId: op.id, total });

    let done = 0;
    let ran = 0;
    await eachConcurrently(cases(), config.run.concurrency, () => stopping.stopped, async (c) => {
      const o = await sender.send(op, c);
      done++;
      if (done % 10 === 0 || done === total) emit({ kind: 'progress', operationId: op.id, done, total: Math.max(done, total), failures: tally.failuresOf(op.id) });
      if (!stopping.sent(o)) return;
      ran++;
      tally.countCase(op.id);
      try {
        if (o.ok) learnSupport(op, ctx.allOps, o.exchange, ctx.supportedFields);
        if (o.ok) ctx.optional.observe(op, o.exchange);
        const field = c.violation?.field;
        // Judged now when the target has already shown it supports the field: the verdict can no longer change.
        const undecided = c.expect === 'reject' && field && c.regionOptional?.includes(field) && !ctx.supportedFields.has(`${op.id}.${field}`);
        if (o.ok && (undecided || OptionalLedger.concerns(c))) {
          ctx.held.push({ op, o });
          return;
        }
        ctx.queueShrink(op, c, ctx.record(op, o, 'main'));
      } catch (e) {
        ctx.internalError(op.id, c.id, e);
      }
    });
    ctx.counts.run += ran;
    // a shard's total is an estimate: cases count as not run only when the run cut them
    const cut = stopping.stopped || stopping.refusedThroughout(op.id);
    if (cut) tally.notRun(op.id, Math.max(0, total - ran), stopping.refusedThroughout(op.id) && !stopping.stopped ? NOT_RUN['auth-refused'] : undefined);
    else if (shard) ctx.counts.planned += ran - total;
    // a shard's total was an estimate: the last line shows what it sent
    if (shard && done !== total) emit({ kind: 'progress', operationId: op.id, done, total: done, failures: tally.failuresOf(op.id) });
    const r = tally.operationResults([op], ctx.checks, () => 0)[0]!;
    emit({
      kind: 'operation-end',
      operationId: op.id,
      failures: tally.failuresOf(op.id),
      judged: Math.max(0, ...r.checks.map((c) => c.judged)),
      errors: r.transportErrors,
      authRefused: r.authRefused,
      notRun: r.notRun?.count ?? 0,
    });
  }

  // Whether accepting an invalid region-optional value is a deviation depends on what the
  // target shows about the field over the whole run, so those few cases are judged last.
  for (const { op, o } of ctx.held) ctx.queueShrink(op, o.exchange.case, ctx.record(op, o, 'main'));
}

/**
 * Runs `task` on every item with at most `n` at once, taking items from the iterator only as
 * slots free up, and none once `stopped()` says so. After a task throws, no further item is taken.
 */
async function eachConcurrently<T>(items: Iterator<T>, n: number, stopped: () => boolean, task: (item: T) => Promise<void>): Promise<void> {
  let failed = false;
  const worker = async () => {
    while (!failed && !stopped()) {
      const next = items.next();
      if (next.done) return;
      try {
        await task(next.value);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
  } finally {
    // ends the case generator when a task failed before the end
    items.return?.();
  }
}

const OWN_RULES: ReadonlySet<string> = new Set(['minLength', 'maxLength', 'first-char', 'charset', 'forbidden-char']);

/**
 * A target shows it supports a region-optional field when it rejects an invalid value of it,
 * or when it echoes a custom value of one: "只支持部分region自定义" is a property of the region,
 * so then every region-optional field of the service is customisable here (specs/NOTES.md).
 */
function learnSupport(op: Operation, all: readonly Operation[], ex: Exchange, supported: Set<string>): void {
  const c = ex.case;
  const status = ex.response.status;
  const field = c.violation?.field;
  // Only the field's own rules count: a wrong JSON type may be refused by any deserialiser,
  // even one that then ignores the field.
  const ownRule = OWN_RULES.has(c.violation?.constraint ?? '');
  if (c.expect === 'reject' && field && ownRule && c.regionOptional?.includes(field) && status >= 400 && status < 500 && !c.auth) {
    supported.add(`${op.id}.${field}`);
  }
  if (status < 200 || status >= 300 || c.body.kind !== 'json' || !c.regionOptional?.length) return;
  const sent = c.body.value as Record<string, unknown>;
  const back = ex.response.json as Record<string, unknown> | undefined;
  const echoed = c.regionOptional.some((f) => c.expect === 'accept' && typeof sent?.[f] === 'string' && back?.[f] === sent[f]);
  if (!echoed) return;
  for (const other of all.filter((o) => o.service === op.service)) {
    for (const [name, schema] of Object.entries(other.requestBody?.schema.properties ?? {})) {
      if ((schema as { 'x-hwc-region-optional'?: boolean })['x-hwc-region-optional']) supported.add(`${other.id}.${name}`);
    }
  }
}
