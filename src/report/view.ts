/**
 * What every reporter reads off a RunResult the same way: the operation × check matrix, the
 * failures grouped by (operation, check), request/response dumps with capped bodies, and the
 * short texts (target, duration, source) the formats share.
 */
import type { Source } from '../spec/types.ts';
import type {
  CheckVerdict,
  ErrorRecord,
  FailureRecord,
  OperationResult,
  RedactedRequest,
  RedactedResponse,
  RunResult,
  Verdict,
} from '../run/types.ts';

export const VERDICT_SYMBOL: Readonly<Record<Verdict, string>> = Object.freeze({
  passed: '✅',
  failed: '❌',
  known: '⚠️',
  'not applicable': '▫️',
  'not exercised': '❔',
  skipped: '➖',
  errored: '💥',
});

export const VERDICTS: readonly Verdict[] = Object.freeze(['passed', 'failed', 'known', 'not exercised', 'not applicable', 'skipped', 'errored']);

const OUTCOME_TITLE: Readonly<Record<RunResult['summary']['outcome'], string>> = Object.freeze({
  conforms: 'Conforms',
  deviates: 'Deviates',
  errored: 'Errored',
  interrupted: 'Interrupted',
});

/** `Conforms (incomplete)` when the run stopped early: a budget or its time bound. */
export function outcomeTitle(result: RunResult): string {
  const title = OUTCOME_TITLE[result.summary.outcome];
  return result.completion?.complete === false && result.summary.outcome !== 'interrupted' ? `${title} (incomplete)` : title;
}

/**
 * One line on how far the run got when it did not finish (`incomplete: the request budget of 10
 * is spent — 10 of 644 cases run`); undefined for a complete run.
 */
export function completionText(result: RunResult): string | undefined {
  const c = result.completion;
  if (!c || !c.message) return undefined;
  return c.complete ? c.message : `${c.message} — ${c.casesRun} of ${c.casesPlanned} planned cases run`;
}

export interface MatrixRow {
  readonly operation: OperationResult;
  /** one per matrix column; `undefined` where the check does not run for this operation */
  readonly cells: readonly (CheckVerdict | undefined)[];
}

export interface Matrix {
  /** check names, in the order they first appear */
  readonly checks: readonly string[];
  readonly titles: ReadonlyMap<string, string>;
  readonly rows: readonly MatrixRow[];
}

export function buildMatrix(result: RunResult): Matrix {
  const checks: string[] = [];
  const titles = new Map<string, string>();
  for (const op of result.operations) {
    for (const c of op.checks) {
      if (!titles.has(c.check)) {
        titles.set(c.check, c.title);
        checks.push(c.check);
      }
    }
  }
  const rows = result.operations.map((operation) => {
    const byName = new Map(operation.checks.map((c) => [c.check, c]));
    return { operation, cells: checks.map((c) => byName.get(c)) };
  });
  return { checks, titles, rows };
}

export type VerdictCounts = Record<Verdict, number>;

export function countVerdicts(checks: readonly CheckVerdict[]): VerdictCounts {
  const counts: VerdictCounts = { passed: 0, failed: 0, known: 0, 'not applicable': 0, 'not exercised': 0, skipped: 0, errored: 0 };
  for (const c of checks) counts[c.verdict]++;
  return counts;
}

export function totals(result: RunResult): VerdictCounts {
  const s = result.summary;
  return {
    passed: s.checksPassed,
    failed: s.checksFailed,
    known: s.checksKnown,
    'not applicable': s.checksNotApplicable ?? 0,
    'not exercised': s.checksNotExercised ?? 0,
    skipped: s.checksSkipped,
    errored: s.checksErrored,
  };
}

export interface FailureGroup {
  readonly operationId: string;
  readonly check: string;
  readonly failures: readonly FailureRecord[];
}

/** Failures grouped by (operation, check), in matrix order; `known` selects baselined ones. */
export function groupFailures(result: RunResult, known: boolean): FailureGroup[] {
  const groups = new Map<string, FailureRecord[]>();
  for (const f of result.failures) {
    if ((f.known !== undefined) !== known) continue;
    const key = `${f.operationId}\u0000${f.check}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  const order = new Map<string, number>();
  result.operations.forEach((op, i) => op.checks.forEach((c, j) => order.set(`${op.operationId}\u0000${c.check}`, i * 1000 + j)));
  return [...groups.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, failures]) => ({ operationId: failures[0].operationId, check: failures[0].check, failures }));
}

export function failuresOf(result: RunResult, operationId: string, check: string): FailureRecord[] {
  return result.failures.filter((f) => f.operationId === operationId && f.check === check);
}

export function errorsOf(result: RunResult, operationId: string, check?: string): ErrorRecord[] {
  return result.errors.filter((e) => e.operationId === operationId && e.check === check);
}

/** A fragment id for (kind, operation, check), safe in HTML and URLs. */
export function anchor(kind: string, operationId: string, check = ''): string {
  const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '_');
  return [kind, slug(operationId), slug(check)].filter(Boolean).join('-');
}

/** One URL when every service shares it, else `apig=… elb=…`. */
export function targetText(result: RunResult): string {
  const entries = Object.entries(result.target).sort(([a], [b]) => (a < b ? -1 : 1));
  if (entries.length === 0) return '(none)';
  const urls = new Set(entries.map(([, u]) => u));
  return urls.size === 1 ? entries[0][1] : entries.map(([s, u]) => `${s}=${u}`).join(' ');
}

/** `embedded emulator` or `live target` */
export function modeText(result: RunResult): string {
  return result.embedded ? 'embedded emulator' : 'live target';
}

/** `2025-03-01 10:00:00 UTC` from an ISO timestamp (as is when it is not one). */
export function timeText(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/**
 * `CreateApp “创建APP”, 表 2 — https://github.com/… (local copy 001_91e26b5751280585.txt)`, or
 * `001_91e26b5751280585.txt, 表 2` for a source whose public page is unknown.
 */
export function sourceText(source: Source | undefined): string {
  if (!source) return '(no source)';
  const p = source.page;
  if (!p) return [source.doc, source.table].filter(Boolean).join(', ');
  return `${p.operation} “${p.title}”, ${source.table} — ${p.url}${p.note ? ` (${p.note})` : ''} (local copy ${source.doc})`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Pretty-printed JSON when the body is a JSON object or array, else the text; capped. */
function bodyExcerpt(body: string | undefined, max: number): string {
  if (body === undefined || body === '') return '';
  let text = body;
  const t = body.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      text = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // not JSON after all (malformed JSON is what some cases send): show it as sent
    }
  }
  return cap(text, max);
}

/** `s` cut to `max` characters, saying how much was left out. */
export function cap(s: string, max: number): string {
  if (s.length <= max) return s;
  // never cut a surrogate pair in half
  let end = max;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${s.slice(0, end)}\n… ${s.length - end} more characters (full text in conformance.json)`;
}

function headerLines(h: Readonly<Record<string, string>>): string {
  return Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** An HTTP-style dump of a request: request line, headers, blank line, body. */
export function requestText(req: RedactedRequest, maxBody: number): string {
  const head = [`${req.method} ${req.url}`, headerLines(req.headers)].filter(Boolean).join('\n');
  const body = bodyExcerpt(req.body, maxBody);
  return body ? `${head}\n\n${body}` : head;
}

export function responseText(res: RedactedResponse, maxBody: number): string {
  const head = [`HTTP ${res.status}`, headerLines(res.headers)].filter(Boolean).join('\n');
  const body = bodyExcerpt(res.body, maxBody);
  return body ? `${head}\n\n${body}` : head;
}

/** One line about the case: `CreateApp.boundary.3: name of 65 characters — sent a 65-character name`. */
export function caseText(f: FailureRecord): string {
  const parts = [f.case.note];
  if (f.case.violation) parts.push(`${f.case.violation.detail} (rule: ${f.case.violation.rule})`);
  return `${f.caseId} [${f.case.origin}, expect ${f.case.expect}]: ${parts.filter(Boolean).join(' — ')}`;
}

/** Failures not kept in the result (`failureCount` above the cap). */
export function droppedFailures(result: RunResult): number {
  return Math.max(0, result.failureCount - result.failures.length);
}

export function droppedErrors(result: RunResult): number {
  return Math.max(0, result.errorCount - result.errors.length);
}

/**
 * `Created 152 resources: 150 deleted, 1 already gone, 1 left on the target`, with what the run
 * may have created without naming it; undefined when it created nothing.
 */
export function resourcesText(result: RunResult): string | undefined {
  const list = result.createdResources;
  const unanswered = result.cleanup?.unanswered ?? 0;
  const untracked = result.cleanup?.untracked ?? 0;
  if (list.length === 0 && unanswered === 0 && untracked === 0) return undefined;
  const count = (state: string) => list.filter((r) => r.state === state).length;
  const parts = [`${count('deleted')} deleted`, ...(count('gone') > 0 ? [`${count('gone')} already gone`] : []), `${count('left')} left on the target`];
  const unknown = [
    ...(untracked > 0 ? [`${untracked} more not tracked`] : []),
    ...(unanswered > 0 ? [`${plural(unanswered, 'creating request')} got no answer and may have created one the run cannot name`] : []),
  ];
  return `Created ${plural(list.length, 'resource')}: ${parts.join(', ')}${unknown.length ? `; ${unknown.join('; ')}` : ''}`;
}

/** The resources still on the target, each with why the run could not delete it. */
export function leftResources(result: RunResult): RunResult['createdResources'] {
  return result.createdResources.filter((r) => r.state === 'left');
}
