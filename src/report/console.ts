/**
 * What `conform run` prints: progress while it runs, then each failure
 * (`✗ Operation · check — message / Rule / Received / Documented / Replay`), the
 * operation × verdict table and the outcome. Pure string functions, plus a small printer that
 * takes a write function and redacts everything it writes.
 */
import { redactUrlCredentials } from '../errors.ts';
import { createRedactor } from '../redact/index.ts';
import type { RunEvent } from '../run/engine.ts';
import type { ErrorRecord, FailureRecord, RunResult, Verdict } from '../run/types.ts';
import {
  countVerdicts,
  droppedErrors,
  droppedFailures,
  durationText,
  groupFailures,
  completionText,
  outcomeTitle,
  plural,
  sourceText,
  totals,
  VERDICTS,
  leftResources,
  resourcesText,
} from './view.ts';
import { baselineText, sortedNotes } from './baseline.ts';

export interface ConsoleStyle {
  /** ANSI colours (the CLI decides: TTY, NO_COLOR, FORCE_COLOR) */
  readonly color?: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, magenta: 35, dim: 2, bold: 1 } as const;

function paint(style: ConsoleStyle, code: keyof typeof ANSI, s: string): string {
  return style.color ? `\x1b[${ANSI[code]}m${s}\x1b[0m` : s;
}

const MAX_LINE = 400;
const MAX_FAILURES = 30;
const MAX_ERRORS = 20;
const BAR = 24;

function oneLine(s: string): string {
  const flat = String(s).replace(/\s*\n\s*/g, ' ');
  return flat.length > MAX_LINE ? `${flat.slice(0, MAX_LINE)}…` : flat;
}

/** Erase the current terminal line and return to its start. */
export const CLEAR_LINE = '\r\x1b[2K';

/** What a progress line adds to the count: failures so far and the request rate. */
export interface ProgressStats {
  readonly failures: number;
  /** requests per second so far; absent until there is a meaningful interval */
  readonly perSecond?: number;
}

function statsText(stats: ProgressStats | undefined): string {
  if (!stats) return '';
  const rate = stats.perSecond === undefined ? '' : ` · ${Math.round(stats.perSecond).toLocaleString('en-US')} req/s`;
  return ` · ${plural(stats.failures, 'failure')}${rate}`;
}

/**
 * One progress report. TTY: redraws the current line (a bar; a newline once done). Plain:
 * one complete line, for CI logs.
 */
export function progress(operationId: string, done: number, total: number, tty: boolean, stats?: ProgressStats): string {
  const n = Math.max(0, Math.min(done, total));
  const count = `${n}/${total}`;
  if (!tty) return `${operationId} ${count}${statsText(stats)}\n`;
  const filled = total > 0 ? Math.round((n / total) * BAR) : BAR;
  const bar = '█'.repeat(filled) + '░'.repeat(BAR - filled);
  return `${CLEAR_LINE}  ${operationId.padEnd(18)} ${bar} ${count}${statsText(stats)}${n >= total ? '\n' : ''}`;
}

/** `✗ CreateApp · status-code — message` and its Rule / Received / Documented / Replay lines. */
export function failureLines(f: FailureRecord, style: ConsoleStyle = {}): string {
  const mark = f.known ? paint(style, 'yellow', '⚠') : paint(style, 'red', '✗');
  const label = (s: string) => paint(style, 'dim', s);
  const quote = f.source.quote ? ` “${oneLine(f.source.quote)}”` : '';
  const lines = [
    `${mark} ${paint(style, 'bold', `${f.operationId} · ${f.check}`)} — ${oneLine(f.message)}`,
    `  ${label('Rule:')} ${oneLine(f.rule)} (${sourceText(f.source)})${quote}`,
    `  ${label('Received:')} ${oneLine(f.received)}`,
    `  ${label('Documented:')} ${oneLine(f.documented)}`,
  ];
  if (f.case.violation) lines.push(`  ${label('Case:')} ${f.caseId}: ${oneLine(f.case.violation.detail)}`);
  else lines.push(`  ${label('Case:')} ${f.caseId}: ${oneLine(f.case.note)}`);
  if (f.known) lines.push(`  ${label('Known:')} ${oneLine(f.known.reason)} (until ${f.known.expires})`);
  lines.push(`  ${label('Replay:')} ${f.replay.command}`);
  return `${lines.join('\n')}\n`;
}

export function errorLine(e: ErrorRecord, style: ConsoleStyle = {}): string {
  const where = `${e.operationId || 'run'} · ${e.check ?? 'transport'}`;
  return `${paint(style, 'magenta', '💥')} ${paint(style, 'bold', where)} — ${e.code}: ${oneLine(e.message)} (${e.caseId})\n`;
}

const COLUMNS: readonly Verdict[] = VERDICTS;

/** Operation rows × verdict counts, with a total row. */
export function summaryTable(result: RunResult, style: ConsoleStyle = {}): string {
  const rows: Array<[string, ...number[]]> = result.operations.map((op) => {
    const c = countVerdicts(op.checks);
    return [op.operationId, ...COLUMNS.map((v) => c[v])];
  });
  const t = totals(result);
  rows.push(['total', ...COLUMNS.map((v) => t[v])]);
  const nameWidth = Math.max(9, ...rows.map((r) => r[0].length));
  const widths = COLUMNS.map((v, c) => Math.max(v.length, ...rows.map((r) => String(r[c + 1]).length)));
  const head = ['Operation'.padEnd(nameWidth), ...COLUMNS.map((v, i) => v.padStart(widths[i]))].join('  ');
  const line = (r: [string, ...number[]]) => [r[0].padEnd(nameWidth), ...r.slice(1).map((n, i) => String(n).padStart(widths[i]))].join('  ');
  const body = rows.slice(0, -1).map(line);
  const rule = '─'.repeat(head.length);
  return `${paint(style, 'dim', head)}\n${body.join('\n')}${body.length ? '\n' : ''}${paint(style, 'dim', rule)}\n${line(rows[rows.length - 1])}\n`;
}

/** `Deviates: 2 checks failed (3 failures), 3 errors · 148 requests · 12.3 s · seed 42` */
export function outcomeLine(result: RunResult, style: ConsoleStyle = {}): string {
  const s = result.summary;
  const colour = s.outcome === 'conforms' ? 'green' : s.outcome === 'deviates' ? 'red' : 'magenta';
  const parts = [
    `${plural(s.checksFailed, 'check')} failed (${plural(result.failureCount, 'failure')})`,
    ...(s.checksKnown > 0 ? [`${s.checksKnown} known`] : []),
    `${s.checksPassed} passed`,
    ...(s.checksNotExercised > 0 ? [`${s.checksNotExercised} not exercised`] : []),
    plural(result.errorCount, 'error'),
  ];
  const requests = `${plural(s.requests, 'request')}${s.retries ? ` (${s.retries} retried after throttling)` : ''}`;
  const stopped = completionText(result);
  return `${paint(style, colour, paint(style, 'bold', outcomeTitle(result)))}: ${parts.join(', ')} · ${requests} · ${durationText(result.durationMs)} · seed ${result.seed}${result.shard ? ` · shard ${result.shard.index}/${result.shard.count}` : ''}\n${stopped ? `${stopped}\n` : ''}`;
}

/** One line per baseline entry that expired or matched nothing, then a blank line; '' when none. */
function baselineLines(result: RunResult, style: ConsoleStyle = {}): string {
  const notes = sortedNotes(result.baseline);
  if (notes.length === 0) return '';
  const mark = (expired: boolean) => (expired ? paint(style, 'yellow', '⏰') : paint(style, 'dim', '🧹'));
  return `${notes.map((n) => `${mark(n.status === 'expired')} baseline: ${oneLine(baselineText(n))}`).join('\n')}\n\n`;
}

/** The resources the run created: one line, and one per resource left on the target, then a blank line; '' when none. */
function resourceLines(result: RunResult, style: ConsoleStyle = {}): string {
  const line = resourcesText(result);
  if (line === undefined) return '';
  const left = leftResources(result);
  const shown = left.slice(0, MAX_ERRORS).map((r) => `  ${paint(style, 'yellow', '⚠')} ${r.operationId} ${r.id}${r.name ? ` (${r.name})` : ''}: ${oneLine(r.note ?? '')}\n`);
  const more = left.length > shown.length ? [`  … and ${plural(left.length - shown.length, 'more')} (conformance.json lists every one)\n`] : [];
  return `${paint(style, left.length > 0 ? 'yellow' : 'dim', `🧹 ${line}`)}\n${shown.join('')}${more.join('')}\n`;
}

/** Everything printed after the run: failures, errors, baseline entries to look at, the table, the outcome, the report files. */
export function finalSummary(result: RunResult, files: readonly string[] = [], style: ConsoleStyle = {}): string {
  const out: string[] = [];
  const open = groupFailures(result, false).flatMap((g) => g.failures);
  if (open.length > 0) {
    out.push(`\n${paint(style, 'bold', 'Failures')}\n`);
    for (const f of open.slice(0, MAX_FAILURES)) out.push(`${failureLines(f, style)}\n`);
    const more = open.length - Math.min(open.length, MAX_FAILURES) + droppedFailures(result);
    if (more > 0) out.push(`… and ${plural(more, 'more failure')} (every one is in conformance.json, with its replay line)\n\n`);
  }
  if (result.errors.length > 0) {
    out.push(`${paint(style, 'bold', 'Errors')}\n`);
    for (const e of result.errors.slice(0, MAX_ERRORS)) out.push(errorLine(e, style));
    const more = result.errors.length - Math.min(result.errors.length, MAX_ERRORS) + droppedErrors(result);
    if (more > 0) out.push(`… and ${plural(more, 'more error')}\n`);
    out.push('\n');
  }
  const unjudged = notExercisedLines(result, style);
  if (unjudged.length > 0) out.push(`${paint(style, 'bold', 'Not exercised')}\n`, ...unjudged, '\n');
  out.push(baselineLines(result, style), resourceLines(result, style), summaryTable(result, style), '\n', outcomeLine(result, style));
  if (files.length > 0) out.push(`Reports: ${files.join(', ')}\n`);
  return out.join('');
}

/** `? CreateApp · accepts-valid, rejects-invalid — why`: the checks that judged nothing, by operation and reason. */
function notExercisedLines(result: RunResult, style: ConsoleStyle): string[] {
  const lines: string[] = [];
  for (const op of result.operations) {
    const byReason = new Map<string, string[]>();
    for (const c of op.checks) if (c.verdict === 'not exercised') byReason.set(c.reason ?? '', [...(byReason.get(c.reason ?? '') ?? []), c.check]);
    for (const [reason, checks] of byReason) lines.push(`${paint(style, 'magenta', '?')} ${paint(style, 'bold', op.operationId)} · ${checks.join(', ')} — ${oneLine(reason)}\n`);
  }
  return lines;
}

/** An engine event; the CLI adds to progress the failures found so far in the operation. */
/** The engine's events; a progress line without a failure count (a caller that has none) shows none. */
export type ConsoleEvent = Exclude<RunEvent, { kind: 'progress' }> | (Omit<Extract<RunEvent, { kind: 'progress' }>, 'failures'> & { readonly failures?: number });

export interface ConsolePrinter {
  /** an engine event: progress, operation start/end/skip, phase */
  event(e: ConsoleEvent): void;
  /** the final summary, and where the reports went */
  summary(result: RunResult, files?: readonly string[]): void;
}

/** TTY redraws at most this often: a fast run would otherwise spend its time drawing. */
const REDRAW_MS = 100;

/**
 * A printer over `write`. `tty` picks the redrawing progress bar, else plain lines (one per
 * quarter of each operation); both show the failures so far and requests per second (`now`
 * is the clock, in ms). `quiet`: no progress, and of the summary only the outcome and the
 * report files. Everything written is redacted with `secrets`.
 */
export function printConsole(options: {
  write: (s: string) => void;
  tty?: boolean;
  color?: boolean;
  secrets?: readonly string[];
  /** what an operation's cases vary, said once when it starts */
  varied?: (operationId: string) => string | undefined;
  quiet?: boolean;
  now?: () => number;
}): ConsolePrinter {
  const redactor = createRedactor(options.secrets ?? []);
  const write = (s: string) => options.write(redactUrlCredentials(redactor.text(s)));
  const tty = options.tty === true;
  const style: ConsoleStyle = { color: options.color === true };
  const now = options.now ?? (() => performance.now());
  const quarter = new Map<string, number>();
  const started = new Map<string, number>();
  let drawn = -Infinity;
  let midLine = false;
  const stats = (op: string, done: number, failures: number | undefined): ProgressStats | undefined => {
    if (failures === undefined) return undefined;
    const seconds = (now() - (started.get(op) ?? now())) / 1000;
    return { failures, ...(seconds >= 0.2 ? { perSecond: done / seconds } : {}) };
  };

  const line = (s: string) => {
    write(`${midLine ? CLEAR_LINE : ''}${s}\n`);
    midLine = false;
  };
  const bar = (op: string, done: number, total: number, st?: ProgressStats) => {
    const s = progress(op, done, total, true, st);
    midLine = !s.endsWith('\n');
    write(s);
  };

  return {
    event(e) {
      if (options.quiet) return;
      switch (e.kind) {
        case 'operation-start': {
          quarter.set(e.operationId, 0);
          started.set(e.operationId, now());
          const varied = options.varied?.(e.operationId);
          if (tty) {
            if (varied) line(paint(style, 'dim', `  ${e.operationId}: ${plural(e.total, 'case')}, ${varied}`));
            bar(e.operationId, 0, e.total);
          } else line(`${e.operationId}: ${plural(e.total, 'case')}${varied ? `, ${varied}` : ''}`);
          break;
        }
        case 'progress': {
          const failures = 'failures' in e ? e.failures : undefined;
          if (tty) {
            if (e.done < e.total && now() - drawn >= REDRAW_MS) {
              drawn = now();
              bar(e.operationId, e.done, e.total, stats(e.operationId, e.done, failures));
            }
            break;
          }
          const q = e.total > 0 ? Math.floor((e.done / e.total) * 4) : 4;
          if (q > (quarter.get(e.operationId) ?? 0) && q < 4) {
            quarter.set(e.operationId, q);
            write(progress(e.operationId, e.done, e.total, false, stats(e.operationId, e.done, failures)));
          }
          break;
        }
        case 'operation-end': {
          // ✓ only for an operation whose every case was sent, judged and showed nothing wrong
          const notes = [
            ...(e.failures > 0 ? [plural(e.failures, 'failure')] : []),
            ...(e.judged === 0 ? ['nothing judged'] : []),
            ...(e.errors > 0 ? [plural(e.errors, 'transport error')] : []),
            ...(e.authRefused > 0 ? [`${e.authRefused} refused the credentials`] : []),
            ...(e.notRun > 0 ? [`${plural(e.notRun, 'case')} not run`] : []),
          ];
          const mark = e.failures > 0 ? paint(style, 'red', '✗') : e.judged === 0 || e.errors > 0 || e.notRun > 0 ? paint(style, 'magenta', '?') : paint(style, 'green', '✓');
          line(`${mark} ${e.operationId}${notes.length > 0 ? ` — ${notes.join(', ')}` : ''}`);
          break;
        }
        case 'operation-skipped':
          line(`➖ ${e.operationId} ${e.notRun ? 'not run' : 'skipped'}: ${e.reason}`);
          break;
        case 'phase':
          line(paint(style, 'dim', `· ${e.name}`));
          break;
      }
    },
    summary(result, files = []) {
      if (midLine) line('');
      if (options.quiet) write(`${outcomeLine(result, style)}${files.length > 0 ? `Reports: ${files.join(', ')}\n` : ''}`);
      else write(finalSummary(result, files, style));
    },
  };
}
