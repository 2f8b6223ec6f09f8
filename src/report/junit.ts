/**
 * `junit.xml`: one <testsuite> per operation, one <testcase> per check. Failed checks carry
 * a <failure>, errored checks and transport errors an <error>, skipped checks <skipped/>;
 * baselined (known) deviations pass, with a <system-out> note. Every value is written
 * through `markup`, so through the one escaping helper.
 */
import type { ErrorRecord, FailureRecord, OperationResult, RunResult } from '../run/types.ts';
import { baselineText, sortedNotes } from './baseline.ts';
import { markup, type Markup } from './escape.ts';
import {
  caseText,
  completionText,
  errorsOf,
  failuresOf,
  plural,
  requestText,
  responseText,
  sourceText,
  targetText,
} from './view.ts';

/** Bodies in CI logs are capped harder than in the HTML report. */
const MAX_BODY = 4000;
/** Failure blocks written per testcase; the rest are counted. */
const MAX_BLOCKS = 10;

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function failureBlock(f: FailureRecord): string {
  const lines = [
    `✗ ${f.operationId} · ${f.check} — ${f.message}`,
    `Rule: ${f.rule}`,
    `Source: ${sourceText(f.source)}${f.source.quote ? ` — “${f.source.quote}”` : ''}`,
    `Received: ${f.received}`,
    `Documented: ${f.documented}`,
    `Case: ${caseText(f)}`,
    '',
    'Request:',
    requestText(f.request, MAX_BODY),
  ];
  if (f.response) lines.push('', 'Response:', responseText(f.response, MAX_BODY));
  lines.push('', `Replay: ${f.replay.command}`, `curl: ${f.replay.curl}`);
  return lines.join('\n');
}

function blocks<T>(items: readonly T[], render: (x: T) => string): string {
  const shown = items.slice(0, MAX_BLOCKS).map(render);
  if (items.length > MAX_BLOCKS) shown.push(`… and ${items.length - MAX_BLOCKS} more (see report.html)`);
  return shown.join('\n\n――――――――\n\n');
}

function errorBlock(e: ErrorRecord): string {
  const lines = [`${e.code}: ${e.message}`, `Case: ${e.caseId}`];
  if (e.request) lines.push('Request:', requestText(e.request, MAX_BODY));
  return lines.join('\n');
}

function testcase(op: OperationResult, name: string, body: Markup | null, counts: Counts): Markup {
  counts.tests++;
  const open = markup`<testcase classname="${op.operationId}" name="${name}" time="0"`;
  return body === null ? markup`    ${open}/>\n` : markup`    ${open}>\n${body}    </testcase>\n`;
}

function checkCases(result: RunResult, op: OperationResult, counts: Counts): Markup[] {
  const out: Markup[] = [];
  for (const c of op.checks) {
    const all = failuresOf(result, op.operationId, c.check);
    const open = all.filter((f) => !f.known);
    const known = all.filter((f) => f.known);
    const knownNote =
      known.length === 0
        ? null
        : markup`      <system-out>${blocks(known, (f) => `Known deviation (baseline): ${f.known?.reason} — accepted until ${f.known?.expires}\n${failureBlock(f)}`)}</system-out>\n`;

    switch (c.verdict) {
      case 'passed':
      case 'known':
        out.push(testcase(op, c.check, knownNote, counts));
        break;
      case 'skipped':
      case 'not applicable':
      case 'not exercised':
        counts.skipped++;
        out.push(testcase(op, c.check, markup`      <skipped message="${`${c.verdict}: ${c.reason ?? c.verdict}`}"/>\n`, counts));
        break;
      case 'failed': {
        counts.failures++;
        const n = Math.max(c.failures, open.length);
        const first = open[0]?.message ?? `${plural(n, 'failure')} (not kept in the report)`;
        const message = n > 1 ? `${first} (and ${n - 1} more)` : first;
        const text = open.length > 0 ? blocks(open, failureBlock) : `${plural(n, 'failure')}; conformance.json holds every one, each with its replay line.`;
        out.push(testcase(op, c.check, markup`      <failure message="${message}" type="check">${text}</failure>\n${knownNote}`, counts));
        break;
      }
      case 'errored': {
        counts.errors++;
        const errors = errorsOf(result, op.operationId, c.check);
        const message = errors[0] ? `${errors[0].code}: ${errors[0].message}` : 'the check threw';
        const type = errors[0]?.code ?? 'check-threw';
        out.push(testcase(op, c.check, markup`      <error message="${message}" type="${type}">${blocks(errors, errorBlock)}</error>\n`, counts));
        break;
      }
    }
  }
  return out;
}

function transportCase(op: OperationResult, errors: readonly ErrorRecord[], counts: Counts): Markup {
  counts.errors++;
  const byCode = new Map<string, number>();
  for (const e of errors) byCode.set(e.code, (byCode.get(e.code) ?? 0) + 1);
  const message = `${plural(errors.length, 'transport error')}: ${[...byCode].map(([c, n]) => `${c} ×${n}`).join(', ')}`;
  return testcase(op, 'transport', markup`      <error message="${message}" type="${errors[0].code}">${blocks(errors, errorBlock)}</error>\n`, counts);
}

function suite(result: RunResult, op: OperationResult, all: Counts): Markup {
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const cases = checkCases(result, op, counts);
  if (op.checks.length === 0) {
    counts.skipped++;
    cases.push(testcase(op, 'operation', markup`      <skipped message="${op.skipped ?? 'no checks ran'}"/>\n`, counts));
  }
  const transport = errorsOf(result, op.operationId, undefined);
  if (transport.length > 0) cases.push(transportCase(op, transport, counts));

  const props: Array<[string, string | number]> = [
    ['service', op.service],
    ['method', op.method],
    ['path', op.path],
    ['cases', op.cases],
    ['requests', op.requests],
    ['seed', result.seed],
    ['target', result.target[op.service] ?? targetText(result)],
  ];
  if (op.varied) props.push(['varied', op.varied]);
  if (op.skipped) props.push(['skipped', op.skipped]);
  if (op.transportErrors) props.push(['transportErrors', op.transportErrors]);
  if (op.notRun) props.push(['notRun', `${op.notRun.count} cases ${op.notRun.reason}`]);
  const completion = completionText(result);
  if (completion) props.push([result.summary.outcome === 'interrupted' ? 'interrupted' : 'completion', completion]);
  for (const k of Object.keys(counts) as (keyof Counts)[]) all[k] += counts[k];

  return markup`  <testsuite name="${op.operationId}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="0" timestamp="${result.startedAt}">
    <properties>
${props.map(([name, value]) => markup`      <property name="${name}" value="${value}"/>\n`)}    </properties>
${cases}  </testsuite>
`;
}

/** Errors of operations the result does not list (a run-level problem): one suite each. */
function orphanSuites(result: RunResult, all: Counts): Markup[] {
  const known = new Set(result.operations.map((o) => o.operationId));
  const orphans = new Map<string, ErrorRecord[]>();
  for (const e of result.errors) {
    if (known.has(e.operationId)) continue;
    const id = e.operationId || 'run';
    orphans.set(id, [...(orphans.get(id) ?? []), e]);
  }
  return [...orphans].map(([id, errors]) => {
    const op: OperationResult = { operationId: id, service: '', method: '', path: '', cases: 0, requests: 0, transportErrors: 0, authRefused: 0, checks: [] };
    const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    const body = transportCase(op, errors, counts);
    for (const k of Object.keys(counts) as (keyof Counts)[]) all[k] += counts[k];
    return markup`  <testsuite name="${id}" tests="${counts.tests}" failures="0" errors="${counts.errors}" skipped="0" time="0" timestamp="${result.startedAt}">
${body}  </testsuite>
`;
  });
}

/** Baseline entries that expired or matched nothing: one passing testcase each, the note as its output. */
function baselineSuite(result: RunResult, all: Counts): Markup[] {
  const notes = sortedNotes(result.baseline);
  if (notes.length === 0) return [];
  all.tests += notes.length;
  const cases = notes.map(
    (n) => markup`    <testcase classname="baseline" name="${`${n.operationId} · ${n.check}: ${n.status}`}" time="0">
      <system-out>${`baseline: ${baselineText(n)}`}</system-out>
    </testcase>
`,
  );
  return [
    markup`  <testsuite name="baseline" tests="${notes.length}" failures="0" errors="0" skipped="0" time="0" timestamp="${result.startedAt}">
${cases}  </testsuite>
`,
  ];
}

/** The run result as JUnit XML. */
export function renderJunit(result: RunResult): string {
  const all: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites = [...result.operations.map((op) => suite(result, op, all)), ...orphanSuites(result, all), ...baselineSuite(result, all)];
  const seconds = (result.durationMs / 1000).toFixed(3);
  return markup`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${`${result.tool.name} ${result.tool.version}`}" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" skipped="${all.skipped}" time="${seconds}">
${suites}</testsuites>
`.value;
}
