/**
 * Differences between two targets: the same cases sent to both, compared per case after
 * normalising what may legitimately vary (ids, timestamps, request ids, generated secrets,
 * error codes and messages): the status class, the failing checks, and the body's shape.
 */
import type { Case } from '../cases/types.ts';
import type { Failure } from '../checks/types.ts';
import type { Outcome } from '../execute/types.ts';

export interface CaseDigest {
  readonly caseId: string;
  readonly operationId: string;
  readonly note: string;
  readonly status: number | string;
  readonly failures: readonly string[];
  readonly shape: string;
}

export interface CaseDifference {
  readonly caseId: string;
  readonly operationId: string;
  readonly note: string;
  /** `missing`: only one target got the case (an operation skipped on one side, say) */
  readonly aspects: readonly ('status' | 'verdict' | 'shape' | 'missing')[];
  readonly a?: CaseDigest;
  readonly b?: CaseDigest;
}

export function digest(outcome: Outcome, failures: readonly Failure[]): CaseDigest {
  const c = outcome.ok ? outcome.exchange.case : outcome.error.case;
  return {
    caseId: c.id,
    operationId: c.operationId,
    note: c.note,
    status: outcome.ok ? outcome.exchange.response.status : `error:${outcome.error.code}`,
    failures: [...new Set(failures.map((f) => f.check))].sort(),
    shape: outcome.ok ? JSON.stringify(shapeOf(outcome.exchange.response.json, '', sentStrings(c.body))) : '',
  };
}

/** Every string the request body carried: a response echoing one says nothing about the target's enums. */
function sentStrings(body: Case['body']): ReadonlySet<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  if (body.kind === 'json') walk(body.value);
  return out;
}

const VOLATILE_KEY = /(^|_)(code|msg|message|request_?id)$/i;

/**
 * Keys and value types; enum-like values (ENABLED, USER) kept, since they carry meaning —
 * unless the request sent that very string (a generated name `CXQ` echoed back is no enum).
 */
export function shapeOf(v: unknown, key = '', sent: ReadonlySet<string> = new Set()): unknown {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? [] : [shapeOf(v[0], '', sent)];
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = shapeOf((v as Record<string, unknown>)[k], k, sent);
    return out;
  }
  if (typeof v === 'string' && /^[A-Z][A-Z_]{1,30}$/.test(v) && !VOLATILE_KEY.test(key) && !sent.has(v)) return `"${v}"`;
  return typeof v;
}

export function compareDigests(a: ReadonlyMap<string, CaseDigest>, b: ReadonlyMap<string, CaseDigest>): CaseDifference[] {
  const out: CaseDifference[] = [];
  for (const [id, da] of a) {
    const db = b.get(id);
    if (!db) {
      out.push({ caseId: id, operationId: da.operationId, note: da.note, aspects: ['missing'], a: da });
      continue;
    }
    const aspects: CaseDifference['aspects'][number][] = [];
    if (statusClass(da.status) !== statusClass(db.status)) aspects.push('status');
    if (da.failures.join() !== db.failures.join()) aspects.push('verdict');
    if (da.shape !== db.shape && statusClass(da.status) === '2xx' && statusClass(db.status) === '2xx') aspects.push('shape');
    if (aspects.length) out.push({ caseId: id, operationId: da.operationId, note: da.note, aspects, a: da, b: db });
  }
  for (const [id, db] of b) if (!a.has(id)) out.push({ caseId: id, operationId: db.operationId, note: db.note, aspects: ['missing'], b: db });
  return out;
}

/** 400 and 404 are both documented answers to many mistakes; the class is what must agree. */
function statusClass(s: number | string): string {
  return typeof s === 'number' ? `${Math.floor(s / 100)}xx` : s;
}
