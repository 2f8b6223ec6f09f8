/**
 * Aggregates judgements into per operation × check verdicts while the run streams: counters
 * and a capped list of failure records, so memory does not grow with the case count.
 */
import type { Check, Failure } from '../checks/types.ts';
import type { CheckVerdict, ErrorRecord, FailureRecord, OperationResult } from './types.ts';
import type { Operation } from '../spec/types.ts';

export const MAX_FAILURES_PER_CHECK = 5;
export const MAX_FAILURES_TOTAL = 200;
export const MAX_ERRORS = 100;

interface Cell {
  judged: number;
  failures: number;
  /** failures a baseline entry accepts */
  known: number;
  errored: number;
}

export class Tally {
  /** operation → check → cell */
  private readonly cells = new Map<string, Map<string, Cell>>();
  /** the cells of a judged-names list (judge.ts hands out one list per operation), per operation */
  private readonly judgedCells = new WeakMap<readonly string[], Map<string, Cell[]>>();
  private readonly cases = new Map<string, number>();
  private readonly skipped = new Map<string, string>();
  /** why a check judged nothing on an operation (`op check` → reason), when known */
  private readonly unexercised = new Map<string, string>();
  readonly failures: FailureRecord[] = [];
  failureCount = 0;
  private readonly failuresByOp = new Map<string, number>();
  readonly errors: ErrorRecord[] = [];
  errorCount = 0;

  private cell(op: string, check: string): Cell {
    let byCheck = this.cells.get(op);
    if (!byCheck) this.cells.set(op, (byCheck = new Map()));
    let c = byCheck.get(check);
    if (!c) byCheck.set(check, (c = { judged: 0, failures: 0, known: 0, errored: 0 }));
    return c;
  }

  countCase(op: string): void {
    this.cases.set(op, (this.cases.get(op) ?? 0) + 1);
  }

  skip(op: string, reason: string): void {
    this.skipped.set(op, reason);
  }

  /** Says why a check could not judge an operation (the first reason stays). */
  notExercised(op: string, check: string, reason: string): void {
    if (!this.unexercised.has(`${op} ${check}`)) this.unexercised.set(`${op} ${check}`, reason);
  }

  judged(op: string, checks: readonly string[]): void {
    let byOp = this.judgedCells.get(checks);
    if (!byOp) this.judgedCells.set(checks, (byOp = new Map()));
    let cells = byOp.get(op);
    if (!cells) byOp.set(op, (cells = checks.map((name) => this.cell(op, name))));
    for (const c of cells) c.judged++;
  }

  /** Records a failure; returns false when the record itself was dropped by the caps. */
  /** failures found so far for one operation */
  failuresOf(op: string): number {
    return this.failuresByOp.get(op) ?? 0;
  }

  fail(f: Failure, record: () => FailureRecord, known: boolean): boolean {
    this.failureCount++;
    this.failuresByOp.set(f.operationId, this.failuresOf(f.operationId) + 1);
    const cell = this.cell(f.operationId, f.check);
    cell.failures++;
    if (known) cell.known++;
    if (cell.failures > MAX_FAILURES_PER_CHECK || this.failures.length >= MAX_FAILURES_TOTAL) return false;
    this.failures.push(record());
    return true;
  }

  /** Replaces a recorded failure (a shrunk counterexample replaces the first one found). */
  /**
   * Puts a shrunk counterexample in place of the failure it came from; when the caps dropped
   * that one, it takes the place of the cell's last kept record (a minimal counterexample says
   * more than one more boundary case), or is added if the cell has room.
   */
  replace(caseId: string, check: string, record: FailureRecord): void {
    const same = this.failures.findIndex((f) => f.caseId === caseId && f.check === check);
    if (same >= 0) {
      this.failures[same] = record;
      return;
    }
    const kept = this.failures.filter((f) => f.operationId === record.operationId && f.check === check);
    if (kept.length < MAX_FAILURES_PER_CHECK && this.failures.length < MAX_FAILURES_TOTAL) {
      this.failures.push(record);
      return;
    }
    const last = kept[kept.length - 1];
    if (last) this.failures[this.failures.indexOf(last)] = record;
  }

  error(e: ErrorRecord, check?: string): void {
    this.errorCount++;
    if (check) this.cell(e.operationId, check).errored++;
    if (this.errors.length < MAX_ERRORS) this.errors.push(e);
  }

  /** `requestsOf`: the requests sent for an operation (the sender counts them, retries included) */
  operationResults(ops: readonly Operation[], checks: readonly Check[], requestsOf: (operationId: string) => number): OperationResult[] {
    return ops.map((op) => {
      const skipped = this.skipped.get(op.id);
      const verdicts: CheckVerdict[] = checks.map((check) => {
        const cell = this.cells.get(op.id)?.get(check.name) ?? { judged: 0, failures: 0, known: 0, errored: 0 };
        const base = { check: check.name, title: check.title, judged: cell.judged, failures: cell.failures };
        if (skipped) return { ...base, verdict: 'skipped', reason: skipped };
        if (!check.applies(op)) return { ...base, verdict: 'skipped', reason: 'not applicable to this operation' };
        if (cell.errored > 0) return { ...base, verdict: 'errored' };
        if (cell.failures > 0) return { ...base, verdict: cell.known === cell.failures ? 'known' : 'failed' };
        if (cell.judged === 0) return { ...base, verdict: 'skipped', reason: this.unexercised.get(`${op.id} ${check.name}`) ?? 'no exchange to judge' };
        return { ...base, verdict: 'passed' };
      });
      return {
        operationId: op.id,
        service: op.service,
        method: op.method,
        path: op.path,
        cases: this.cases.get(op.id) ?? 0,
        requests: requestsOf(op.id),
        ...(skipped ? { skipped } : {}),
        checks: verdicts,
      };
    });
  }
}
