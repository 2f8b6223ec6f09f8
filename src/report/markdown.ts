/**
 * `summary.md`: for a PR comment or $GITHUB_STEP_SUMMARY. The operation × check matrix,
 * totals, then each failure with its rule, source, Received/Documented and replay line.
 * GitHub caps a comment at 65 536 characters, so failures and bodies are capped well below.
 */
import type { FailureRecord, RunResult } from '../run/types.ts';
import { mdBlock, mdCode, mdText } from './escape.ts';
import {
  buildMatrix,
  caseText,
  droppedErrors,
  droppedFailures,
  durationText,
  groupFailures,
  completionText,
  outcomeTitle,
  plural,
  requestText,
  responseText,
  sourceText,
  targetText,
  totals,
  VERDICT_SYMBOL,
  leftResources,
  resourcesText,
} from './view.ts';
import { baselineText, sortedNotes } from './baseline.ts';

const MAX_FAILURES = 20;
const MAX_ERRORS = 20;
const MAX_BODY = 1500;
const MAX_LINE = 300;
const MAX_READINGS = 40;

const OUTCOME_SYMBOL = { conforms: '✅', deviates: '❌', errored: '💥', interrupted: '⏹️' } as const;

function oneLine(s: string): string {
  const flat = s.replace(/\s*\n\s*/g, ' ');
  return flat.length > MAX_LINE ? `${flat.slice(0, MAX_LINE)}…` : flat;
}

function matrix(result: RunResult): string[] {
  const m = buildMatrix(result);
  if (m.rows.length === 0) return ['_No operations ran._'];
  const head = `| Operation | ${m.checks.map((c) => mdCode(c, { inTable: true })).join(' | ')} |`;
  const rule = `| --- | ${m.checks.map(() => ':-:').join(' | ')} |`;
  const rows = m.rows.map(({ operation, cells }) => {
    const name = operation.skipped ? `${mdText(operation.operationId)} ➖` : mdText(operation.operationId);
    return `| ${name} | ${cells.map((c) => (c ? VERDICT_SYMBOL[c.verdict] : ' ')).join(' | ')} |`;
  });
  return [head, rule, ...rows];
}

/** The public page as a link, the table, and the seed file as the local copy; without a page, as text. */
function sourceMarkdown(source: FailureRecord['source']): string {
  const p = source.page;
  if (!p) return mdText(sourceText(source));
  const note = p.note ? ` (${mdText(p.note)})` : '';
  return `[${mdText(`${p.operation} ${p.title}`)}](<${encodeURI(p.url)}>)${note}, ${mdText(source.table)} (local copy ${mdCode(source.doc)})`;
}

function failure(f: FailureRecord): string[] {
  const lines = [
    `#### ${f.known ? '⚠️' : '❌'} ${mdText(f.operationId)} · ${mdCode(f.check)}`,
    '',
    `> ${mdText(oneLine(f.message))}`,
    '',
    `- **Rule:** ${mdText(oneLine(f.rule))}`,
    `- **Source:** ${sourceMarkdown(f.source)}${f.source.quote ? ` — “${mdText(f.source.quote)}”` : ''}`,
    `- **Received:** ${mdCode(oneLine(f.received))}`,
    `- **Documented:** ${mdCode(oneLine(f.documented))}`,
    `- **Case:** ${mdText(oneLine(caseText(f)))}`,
  ];
  if (f.known) lines.push(`- **Known deviation:** ${mdText(f.known.reason)} (accepted until ${mdText(f.known.expires)})`);
  lines.push(`- **Replay:** ${mdCode(f.replay.command)}`, '');
  const exchange = [mdBlock(requestText(f.request, MAX_BODY), 'http')];
  if (f.response) exchange.push(mdBlock(responseText(f.response, MAX_BODY), 'http'));
  exchange.push(mdBlock(f.replay.curl, 'sh'));
  lines.push('<details><summary>Request, response and curl</summary>', '', exchange.join('\n\n'), '', '</details>', '');
  return lines;
}

/** What the run created and could not delete: the summary line, and a row for each one left. */
function resources(result: RunResult): string[] {
  const line = resourcesText(result);
  if (line === undefined) return [];
  const out = ['### Created resources', '', `${mdText(line)}.`, ''];
  const left = leftResources(result);
  if (left.length === 0) return out;
  out.push('Still on the target: delete them by hand.', '', '| Operation | ID | Name | Why |', '| --- | --- | --- | --- |');
  for (const r of left.slice(0, MAX_READINGS)) out.push(`| ${mdText(r.operationId)} | ${mdCode(r.id, { inTable: true })} | ${mdText(r.name)} | ${mdText(oneLine(r.note ?? ''))} |`);
  if (left.length > MAX_READINGS) out.push('', `_… and ${plural(left.length - MAX_READINGS, 'more')}: see conformance.json._`);
  out.push('');
  return out;
}

/** Which reading of each documented ambiguity the target follows: information, not a verdict. */
function readings(result: RunResult): string[] {
  const list = result.readings ?? [];
  if (list.length === 0) return [];
  const out = [
    '### Readings the target follows',
    '',
    'Where the documents allow more than one reading (specs/NOTES.md), the one this target follows. Information, not a verdict.',
    '',
    '| Topic | Operation | Reading | Evidence |',
    '| --- | --- | --- | --- |',
  ];
  for (const r of list.slice(0, MAX_READINGS)) {
    out.push(`| ${mdText(r.topic)} | ${mdText(r.operationId)} | ${mdText(oneLine(r.reading))} | ${mdText(oneLine(r.evidence))} |`);
  }
  if (list.length > MAX_READINGS) out.push('', `_… and ${plural(list.length - MAX_READINGS, 'more reading')}: see conformance.json._`);
  out.push('');
  return out;
}

/** The run result as GitHub-flavoured Markdown. */
export function renderMarkdown(result: RunResult): string {
  const s = result.summary;
  const t = totals(result);
  const out: string[] = [
    `## ${OUTCOME_SYMBOL[s.outcome]} Conformance: ${outcomeTitle(result).toLowerCase()}`,
    '',
    ...(completionText(result) ? [`> ${mdText(completionText(result)!)}`, ''] : []),
    [
      `Target ${mdCode(targetText(result))}${result.embedded ? ' (embedded emulator)' : ''}`,
      `seed ${mdCode(String(result.seed))}`,
      ...(result.shard ? [`**shard ${result.shard.index}/${result.shard.count}**: a share of the cases (\`conform merge\` joins the shards)`] : []),
      plural(result.operations.length, 'operation'),
      `${plural(s.requests, 'request')}${s.retries ? ` (${s.retries} retried after throttling)` : ''}`,
      durationText(result.durationMs),
    ].join(' · '),
    '',
    ...matrix(result),
    '',
    `**Checks:** ✅ ${t.passed} passed · ❌ ${t.failed} failed · ⚠️ ${t.known} known · ❔ ${t['not exercised']} not exercised · ▫️ ${t['not applicable']} not applicable · ➖ ${t.skipped} skipped · 💥 ${t.errored} errored` +
      ` — ${plural(result.failureCount, 'failure')}, ${plural(result.errorCount, 'error')}`,
    '',
  ];

  const unjudged = result.operations.flatMap((o) =>
    o.checks.filter((c) => c.verdict === 'not exercised').map((c) => `- ❔ ${mdText(o.operationId)} · ${mdCode(c.check)} not exercised: ${mdText(c.reason ?? '')}`),
  );
  if (unjudged.length > 0) out.push(...unjudged.slice(0, MAX_FAILURES), ...(unjudged.length > MAX_FAILURES ? [`- _… and ${unjudged.length - MAX_FAILURES} more (see conformance.json)_`] : []), '');

  const described = result.operations.filter((o) => o.varied);
  if (described.length > 0) {
    out.push('<details><summary>What each operation\'s cases varied</summary>', '');
    for (const o of described) out.push(`- ${mdText(o.operationId)}: ${mdText(`${plural(o.cases, 'case')}, ${o.varied}`)}`);
    out.push('', '</details>', '');
  }

  const skippedOps = result.operations.filter((o) => o.skipped);
  for (const o of skippedOps) out.push(`- ➖ ${mdText(o.operationId)}: ${mdText(o.skipped ?? '')}`);
  if (skippedOps.length > 0) out.push('');

  const notes = sortedNotes(result.baseline);
  if (notes.length > 0) {
    out.push('### Baseline', '');
    for (const n of notes) out.push(`- ${n.status === 'expired' ? '⏰' : '🧹'} ${mdText(baselineText(n))}`);
    out.push('');
  }

  const open = groupFailures(result, false).flatMap((g) => g.failures);
  if (open.length > 0) {
    out.push(`### Failures`, '');
    for (const f of open.slice(0, MAX_FAILURES)) out.push(...failure(f));
    const more = open.length - Math.min(open.length, MAX_FAILURES) + droppedFailures(result);
    if (more > 0) out.push(`_… and ${plural(more, 'more failure')}: see report.html or conformance.json._`, '');
  }

  const known = groupFailures(result, true).flatMap((g) => g.failures);
  if (known.length > 0) {
    out.push('### Known deviations (baseline)', '', '| Operation | Check | Reason | Until |', '| --- | --- | --- | --- |');
    for (const f of known.slice(0, MAX_FAILURES)) {
      out.push(
        `| ${mdText(f.operationId)} | ${mdCode(f.check, { inTable: true })} | ${mdText(oneLine(f.known?.reason ?? ''))} | ${mdText(f.known?.expires ?? '')} |`,
      );
    }
    out.push('');
  }

  if (result.errors.length > 0) {
    out.push('### Errors', '', 'The run could not judge these (the tool or the network, not the target, broke).', '');
    out.push('| Operation | Check | Case | Code | Message |', '| --- | --- | --- | --- | --- |');
    for (const e of result.errors.slice(0, MAX_ERRORS)) {
      out.push(
        `| ${mdText(e.operationId || 'run')} | ${e.check ? mdCode(e.check, { inTable: true }) : 'transport'} | ${mdCode(e.caseId, { inTable: true })} | ${mdCode(e.code, { inTable: true })} | ${mdText(oneLine(e.message))} |`,
      );
    }
    const more = result.errors.length - Math.min(result.errors.length, MAX_ERRORS) + droppedErrors(result);
    if (more > 0) out.push('', `_… and ${plural(more, 'more error')}._`);
    out.push('');
  }

  out.push(...resources(result));
  out.push(...readings(result));

  out.push(`<sub>${mdText(`${result.tool.name} ${result.tool.version}`)} · started ${mdText(result.startedAt)}</sub>`, '');
  return out.join('\n');
}
