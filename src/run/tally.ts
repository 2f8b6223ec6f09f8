/**
 * Aggregates judgements into per operation × check verdicts while the run streams. Every
 * failure record is kept (a failure dropped from the report could not be replayed); error
 * records are kept up to a cap, their counts exactly. The verdict of a cell is decided here
 * and only here, so no reporter can show `passed` for a check that judged nothing.
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Check, Failure } from '../checks/types.ts';
import type { CheckVerdict, ErrorRecord, FailureRecord, OperationResult } from './types.ts';
import type { Operation } from '../spec/types.ts';
import { CHECK_NAMES as CHECK_ORDER } from '../checks/registry.ts';

export const MAX_ERRORS = 100;
/** Failure records held in memory; later ones go to a spill file that the JSON report streams in. */
const FAILURES_IN_MEMORY = 2000;

/** Failure records past FAILURES_IN_MEMORY: one JSON record per line, in the order found. */
export interface SpilledFailures {
  readonly file: string;
  readonly count: number;
  /** deletes the file (after the reports are written) */
  readonly remove: () => void;
}

interface Cell {
  judged: number;
  failures: number;
  /** failures a baseline entry accepts */
  known: number;
  /** times the check threw */
  errored: number;
}

interface OpCounts {
  cases: number;
  /** transport errors by code */
  transport: Map<string, number>;
  authRefused: number;
  /** planned cases never sent */
  notRun: number;
  /** why, when the operation's own answers decided it (credentials refused throughout) */
  notRunReason?: string;
}

/** `timeout ×12, reset ×3` */
export function codeCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts].map(([code, n]) => `${code} ×${n}`).join(', ');
}

export class Tally {
  /** operation → check → cell */
  private readonly cells = new Map<string, Map<string, Cell>>();
  /** the cells of a judged-names list (judge.ts hands out one list per operation), per operation */
  private readonly judgedCells = new WeakMap<readonly string[], Map<string, Cell[]>>();
  private readonly ops = new Map<string, OpCounts>();
  private readonly skipped = new Map<string, string>();
  /** why a check judged nothing on an operation (`op check` → reason), when known */
  private readonly unexercised = new Map<string, string>();
  readonly failures: FailureRecord[] = [];
  failureCount = 0;
  readonly errors: ErrorRecord[] = [];
  errorCount = 0;
  private spill: { fd: number; file: string; count: number } | undefined;

  constructor(private readonly inMemory = FAILURES_IN_MEMORY) {}

  /** The failure records that did not fit in memory, if any. */
  spilled(): SpilledFailures | undefined {
    const s = this.spill;
    if (!s) return undefined;
    closeSync(s.fd);
    this.spill = undefined;
    return { file: s.file, count: s.count, remove: () => unlinkSync(s.file) };
  }

  private cell(op: string, check: string): Cell {
    let byCheck = this.cells.get(op);
    if (!byCheck) this.cells.set(op, (byCheck = new Map()));
    let c = byCheck.get(check);
    if (!c) byCheck.set(check, (c = { judged: 0, failures: 0, known: 0, errored: 0 }));
    return c;
  }

  private op(id: string): OpCounts {
    let o = this.ops.get(id);
    if (!o) this.ops.set(id, (o = { cases: 0, transport: new Map(), authRefused: 0, notRun: 0 }));
    return o;
  }

  countCase(op: string): void {
    this.op(op).cases++;
  }

  /** Planned cases of `op` that were never sent (budget, interruption, a target given up on). */
  notRun(op: string, count: number, reason?: string): void {
    if (count <= 0) return;
    const o = this.op(op);
    o.notRun += count;
    if (reason) o.notRunReason ??= reason;
  }

  /** An answer that refused the configured credentials. */
  authRefused(op: string): void {
    this.op(op).authRefused++;
  }

  skip(op: string, reason: string): void {
    this.skipped.set(op, reason);
  }

  /** Says why a check could not judge an operation (the first reason stays). */
  notExercised(op: string, check: string, reason: string): void {
    if (!this.unexercised.has(`${op} ${check}`)) this.unexercised.set(`${op} ${check}`, reason);
  }

  /** One answer judged by `checks`, except those in `declined` (it was no evidence for them). */
  judged(op: string, checks: readonly string[], declined: readonly string[] = []): void {
    let byOp = this.judgedCells.get(checks);
    if (!byOp) this.judgedCells.set(checks, (byOp = new Map()));
    let cells = byOp.get(op);
    if (!cells) byOp.set(op, (cells = checks.map((name) => this.cell(op, name))));
    for (const c of cells) c.judged++;
    for (const name of declined) this.cell(op, name).judged--;
  }

  /** failures found so far for one operation */
  failuresOf(op: string): number {
    let n = 0;
    for (const c of this.cells.get(op)?.values() ?? []) n += c.failures;
    return n;
  }

  fail(f: Failure, record: () => FailureRecord, known: boolean): void {
    this.failureCount++;
    const cell = this.cell(f.operationId, f.check);
    cell.failures++;
    if (known) cell.known++;
    if (this.failures.length < this.inMemory) {
      this.failures.push(record());
      return;
    }
    if (!this.spill) {
      const file = join(tmpdir(), `conform-failures-${process.pid}-${Date.now()}.ndjson`);
      this.spill = { fd: openSync(file, 'wx', 0o600), file, count: 0 };
    }
    writeSync(this.spill.fd, `${JSON.stringify(record())}\n`);
    this.spill.count++;
  }

  /** Puts a shrunk counterexample in place of the failure it came from (or adds it). */
  replace(caseId: string, check: string, record: FailureRecord): void {
    const same = this.failures.findIndex((f) => f.caseId === caseId && f.check === check);
    if (same >= 0) this.failures[same] = record;
    else if (this.failures.length < this.inMemory) this.failures.push(record);
    // else: the original sits in the spill file, where it stays the record of this case
  }

  /** A transport error (no `check`) or a check that threw (`check`). */
  error(e: ErrorRecord, check?: string): void {
    this.errorCount++;
    if (check) this.cell(e.operationId, check).errored++;
    else {
      const t = this.op(e.operationId).transport;
      t.set(e.code, (t.get(e.code) ?? 0) + 1);
    }
    if (this.errors.length < MAX_ERRORS) this.errors.push(e);
  }

  /** `requestsOf`: the requests sent for an operation (the sender counts them, retries included) */
  operationResults(
    ops: readonly Operation[],
    checks: readonly Check[],
    requestsOf: (operationId: string) => number,
    notRunReason = 'not run',
    disabled: readonly Check[] = [],
  ): OperationResult[] {
    const order = new Map(CHECK_ORDER.map((name, i) => [name, i] as const));
    const rank = (c: CheckVerdict) => order.get(c.check) ?? order.size;
    return ops.map((op) => {
      const skipped = this.skipped.get(op.id);
      const counts = this.op(op.id);
      const transportErrors = [...counts.transport.values()].reduce((a, b) => a + b, 0);
      const why = this.notExercisedReason(counts, transportErrors, counts.notRunReason ?? notRunReason);
      const verdicts: CheckVerdict[] = checks.map((check) => {
        const cell = this.cells.get(op.id)?.get(check.name) ?? { judged: 0, failures: 0, known: 0, errored: 0 };
        const applies = check.applies(op);
        const base = { check: check.name, title: check.title, judged: cell.judged, failures: cell.failures, errors: applies && !skipped ? transportErrors : 0 };
        if (skipped) return { ...base, verdict: 'skipped', reason: skipped };
        if (!applies) return { ...base, verdict: 'not applicable', reason: 'the check does not apply to this operation' };
        if (cell.failures > 0) return { ...base, verdict: cell.known === cell.failures ? 'known' : 'failed' };
        if (cell.errored > 0) return { ...base, verdict: 'errored', reason: `the check threw on ${cell.errored} exchange${cell.errored === 1 ? '' : 's'}` };
        if (cell.judged === 0) return { ...base, verdict: 'not exercised', reason: this.unexercised.get(`${op.id} ${check.name}`) ?? why };
        return { ...base, verdict: 'passed' };
      });
      for (const check of disabled) {
        verdicts.push({ check: check.name, title: check.title, verdict: 'skipped', judged: 0, failures: 0, errors: 0, reason: 'disabled in the configuration (checks:)' });
      }
      if (disabled.length > 0) verdicts.sort((a, b) => rank(a) - rank(b));
      return {
        operationId: op.id,
        service: op.service,
        method: op.method,
        path: op.path,
        cases: counts.cases,
        requests: requestsOf(op.id),
        transportErrors,
        authRefused: counts.authRefused,
        ...(counts.notRun > 0 ? { notRun: { count: counts.notRun, reason: counts.notRunReason ?? notRunReason } } : {}),
        ...(skipped ? { skipped } : {}),
        checks: verdicts,
      };
    });
  }

  /** Why an applicable check judged nothing, from what happened to the operation's requests. */
  private notExercisedReason(o: OpCounts, transportErrors: number, notRunReason: string): string {
    const parts: string[] = [];
    if (transportErrors > 0) parts.push(`${transportErrors} transport error${transportErrors === 1 ? '' : 's'} (${codeCounts(o.transport)})`);
    if (o.authRefused > 0) parts.push(`${o.authRefused} answer${o.authRefused === 1 ? '' : 's'} refused the credentials`);
    if (o.notRun > 0) parts.push(`${o.notRun} case${o.notRun === 1 ? '' : 's'} ${notRunReason}`);
    if (parts.length === 0) return 'no answer this check judges came back';
    return `no answer could be judged: ${parts.join(', ')}`;
  }
}
