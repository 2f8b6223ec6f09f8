/**
 * `report.html`: one self-contained file. Inline CSS and a few lines of inline JS, no fonts,
 * images or requests (a Content-Security-Policy forbids them, so even a body that slipped
 * through escaping could not load anything). Every value goes through `markup`, so through
 * the one escaping helper.
 */
import type { ErrorRecord, FailureRecord, OperationResult, RunResult, Verdict } from '../run/types.ts';
import { baselineText, sortedNotes } from './baseline.ts';
import { Markup, markup } from './escape.ts';
import {
  anchor,
  buildMatrix,
  countVerdicts,
  droppedErrors,
  droppedFailures,
  durationText,
  modeText,
  timeText,
  groupFailures,
  completionText,
  outcomeTitle,
  plural,
  requestText,
  responseText,
  targetText,
  totals,
  VERDICTS,
  type FailureGroup,
  leftResources,
  resourcesText,
} from './view.ts';

const MAX_BODY = 20_000;

/* Plain glyphs, not emoji: they render the same in every system font, and colour carries the rest. */
const GLYPH: Record<Verdict, string> = { passed: '✓', failed: '✗', known: '⚠', 'not applicable': '·', 'not exercised': '?', skipped: '–', errored: '!' };

const VERDICT_LABEL: Record<Verdict, string> = {
  passed: 'passed',
  failed: 'failed',
  known: 'known deviation',
  'not applicable': 'not applicable',
  'not exercised': 'not exercised',
  skipped: 'skipped',
  errored: 'errored',
};

/** A CSS class name for a verdict (`not exercised` → `v-not-exercised`). */
const cls = (v: Verdict) => `v-${v.replace(/ /g, '-')}`;

/** Failures rendered per check; the rest stay in conformance.json, which keeps every one. */
const MAX_RENDERED_PER_CHECK = 50;

const CSS = `
:root{--bg:#f6f7f9;--panel:#fff;--text:#1d2330;--muted:#5f6b7a;--line:#e3e6eb;--code:#f2f4f7;
--pass:#1a7f37;--pass-bg:#e6f4ea;--fail:#c62828;--fail-bg:#fdecea;--known:#9a6700;--known-bg:#fff5d6;
--skip:#6e7781;--skip-bg:#f0f1f3;--err:#7b3fc4;--err-bg:#f3ebfd;--accent:#0b5cad}
@media (prefers-color-scheme:dark){:root{--bg:#0f1217;--panel:#171b22;--text:#e3e7ee;--muted:#98a2b3;--line:#2a303a;
--code:#1f242d;--pass:#56d364;--pass-bg:#12301b;--fail:#ff7b72;--fail-bg:#3a1416;--known:#e3b341;--known-bg:#33290c;
--skip:#8b949e;--skip-bg:#22272e;--err:#c297ff;--err-bg:#2a1d3f;--accent:#58a6ff}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Microsoft YaHei",sans-serif}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.wrap{max-width:1180px;margin:0 auto;padding:0 24px}
header.top{background:var(--panel);border-bottom:1px solid var(--line);padding:22px 0 18px;border-top:4px solid var(--outcome)}
.outcome-conforms{--outcome:var(--pass);--outcome-bg:var(--pass-bg)}
.outcome-deviates{--outcome:var(--fail);--outcome-bg:var(--fail-bg)}
.outcome-errored{--outcome:var(--err);--outcome-bg:var(--err-bg)}
.eyebrow{color:var(--muted);font-size:12px;letter-spacing:.04em;text-transform:uppercase}
h1{font-size:22px;margin:6px 0 14px;display:flex;align-items:center;gap:12px;flex-wrap:wrap}
.badge{display:inline-block;padding:3px 12px;border-radius:999px;font-size:14px;font-weight:600;color:var(--outcome);background:var(--outcome-bg);border:1px solid var(--outcome)}
dl.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:10px 24px;margin:0}
dl.meta div{min-width:0}dl.meta dt{color:var(--muted);font-size:12px}dl.meta dd{margin:0;font-weight:500;overflow-wrap:anywhere}
main{padding:20px 24px 48px}
section{margin-top:28px}
h2{font-size:16px;margin:0 0 12px;display:flex;align-items:baseline;gap:10px}
h2 .count{color:var(--muted);font-weight:400;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(7,1fr);gap:12px;margin-top:20px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 14px;border-left:4px solid var(--c)}
.card b{display:block;font-size:22px;line-height:1.2}.card span{color:var(--muted);font-size:12px}
.v-passed{--c:var(--pass);--cbg:var(--pass-bg)}.v-failed{--c:var(--fail);--cbg:var(--fail-bg)}
.v-known{--c:var(--known);--cbg:var(--known-bg)}.v-skipped,.v-not-applicable{--c:var(--skip);--cbg:var(--skip-bg)}.v-errored,.v-not-exercised{--c:var(--err);--cbg:var(--err-bg)}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:8px;overflow:auto}
table{border-collapse:collapse;width:100%}
th,td{padding:8px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
tr:last-child td{border-bottom:0}
th{font-size:12px;color:var(--muted);font-weight:600;background:var(--panel);vertical-align:bottom}
table.matrix th.check{text-align:center;white-space:nowrap}
table.matrix td.cell{text-align:center;vertical-align:middle;padding:0;min-width:92px;color:var(--c);background:var(--cbg);font-weight:700;font-size:13px;position:relative}
table.matrix td.cell>*{display:block;padding:10px 6px;color:inherit}
table.matrix td.cell>a::after{content:"";position:absolute;inset:0}
table.matrix td.cell:has(a):hover{outline:2px solid var(--c);outline-offset:-2px;cursor:pointer}
table.matrix td.cell a:hover{text-decoration:none}
table.matrix td.cell small{font-weight:500;opacity:.85;margin-left:3px}
table.matrix td.na{background:repeating-linear-gradient(135deg,transparent 0 6px,var(--line) 6px 7px)}
table.matrix td.op{min-width:240px;max-width:380px}
table.matrix td.op .op-path{overflow-wrap:anywhere}
table.matrix.dense th.check{height:160px;vertical-align:bottom;padding:8px 2px}
table.matrix.dense th.check>span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;text-align:left}
table.matrix.dense td.cell{min-width:38px}
table.matrix.dense td.cell>*{padding:10px 2px}
.op-name{font-weight:600}.op-path{color:var(--muted);font-size:12px}
.method{display:inline-block;font-size:10.5px;font-weight:700;padding:0 5px;border-radius:4px;background:var(--code);margin-right:4px}
.legend{display:flex;gap:14px;flex-wrap:wrap;color:var(--muted);font-size:12px;margin-top:8px}
.group{margin-bottom:18px;scroll-margin-top:12px}
.group h3{font-size:14px;margin:0 0 8px;display:flex;gap:8px;align-items:baseline}
.group h3 small{color:var(--muted);font-weight:400}
.glyph{color:var(--c);font-weight:700}
.group.flash>h3{animation:flash 1.2s ease-out}
@keyframes flash{from{background:var(--known-bg)}to{background:transparent}}
details.item{background:var(--panel);border:1px solid var(--line);border-left:4px solid var(--c);border-radius:8px;margin-bottom:8px}
details.item>summary{cursor:pointer;padding:10px 14px;list-style:none;display:flex;gap:10px;align-items:baseline}
details.item>summary::-webkit-details-marker{display:none}
details.item>summary::before{content:"▸";color:var(--muted);width:10px;flex:none}
details.item[open]>summary::before{content:"▾"}
details.item>summary .case{color:var(--muted);margin-left:auto;white-space:nowrap}
.detail{padding:4px 14px 14px;border-top:1px solid var(--line)}
.facts{display:grid;grid-template-columns:120px 1fr;gap:6px 14px;margin:12px 0}
.facts dt{color:var(--muted);font-size:12px;padding-top:1px}.facts dd{margin:0;overflow-wrap:anywhere}
.rd{display:grid;grid-template-columns:1fr 1fr;gap:8px}
.rd div{border-radius:6px;padding:6px 10px;overflow-wrap:anywhere}
.rd .received{background:var(--fail-bg)}.rd .documented{background:var(--pass-bg)}
.rd b{display:block;font-size:11px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.exchange{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin-top:10px}
h4{font-size:12px;color:var(--muted);margin:10px 0 4px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
pre{background:var(--code);border:1px solid var(--line);border-radius:6px;padding:10px 12px;margin:0;overflow:auto;max-height:420px;white-space:pre-wrap;overflow-wrap:anywhere}
pre.cmd{user-select:all;max-height:none}
blockquote{margin:4px 0;padding-left:10px;border-left:3px solid var(--line);color:var(--muted)}
.toolbar{margin-left:auto;display:flex;gap:6px}
button{font:inherit;font-size:12px;padding:3px 10px;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--text);cursor:pointer}
button:hover{border-color:var(--accent)}
.note{color:var(--muted);font-size:13px;margin:0 0 10px}
.empty{color:var(--muted);padding:14px}
footer{color:var(--muted);font-size:12px;padding:18px 24px 32px;text-align:center}
@media (max-width:860px){.cards{grid-template-columns:repeat(2,1fr)}.exchange,.rd{grid-template-columns:1fr}.facts{grid-template-columns:1fr}}
@media print{details.item{break-inside:avoid}details.item>.detail{display:block}.toolbar{display:none}pre{max-height:none}}
`;

/* Static: opens the failure a matrix cell links to, and expands/collapses a section. */
const JS = `
(function(){
  function reveal(){
    var id=decodeURIComponent(location.hash.slice(1)); if(!id) return;
    var el=document.getElementById(id); if(!el) return;
    var d=el.querySelectorAll('details'); for(var i=0;i<d.length;i++) d[i].open=true;
    el.classList.remove('flash'); void el.offsetWidth; el.classList.add('flash');
  }
  window.addEventListener('hashchange',reveal); reveal();
  document.addEventListener('click',function(e){
    var b=e.target.closest&&e.target.closest('button[data-expand]'); if(!b) return;
    var open=b.getAttribute('data-expand')==='open';
    var s=document.getElementById(b.getAttribute('data-section'));
    var d=s?s.querySelectorAll('details.item'):[]; for(var i=0;i<d.length;i++) d[i].open=open;
  });
})();
`;

function meta(label: string, value: Markup | string | number): Markup {
  return markup`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

function header(result: RunResult): Markup {
  const s = result.summary;
  const t = totals(result);
  const headline =
    s.outcome === 'conforms'
      ? 'Every judged check conforms to the documents'
      : s.outcome === 'deviates'
        ? `${plural(t.failed, 'check')} deviate${t.failed === 1 ? 's' : ''} from the documents`
        : s.outcome === 'interrupted'
          ? 'The run was interrupted: this report holds what was judged before'
          : `The run could not judge everything: ${plural(result.errorCount, 'error')}`;
  const stopped = completionText(result);
  return markup`<header class="top outcome-${s.outcome}"><div class="wrap">
<div class="eyebrow">${result.tool.name} ${result.tool.version} · conformance report</div>
<h1><span class="badge">${GLYPH[s.outcome === 'conforms' ? 'passed' : s.outcome === 'deviates' ? 'failed' : 'errored']} ${outcomeTitle(result)}</span> ${headline}</h1>
${stopped ? markup`<p class="note" id="completion">${stopped}</p>` : null}
<dl class="meta">
${meta('Target', markup`<span class="mono">${targetText(result)}</span>`)}
${meta('Mode', modeText(result))}
${meta('Seed', markup`<span class="mono">${result.seed}</span>`)}
${result.shard ? meta('Shard', `${result.shard.index}/${result.shard.count}: a share of the cases (conform merge joins the shards)`) : null}
${meta('Started', timeText(result.startedAt))}
${meta('Duration', durationText(result.durationMs))}
${meta('Requests', `${s.requests}${s.retries ? ` (${s.retries} retried after throttling)` : ''}`)}
${meta('Random cases / operation', result.settings.cases)}
${meta('Concurrency', result.settings.concurrency)}
${meta('Request timeout', `${result.settings.timeoutMs} ms`)}
${meta('Failures · errors', `${result.failureCount} · ${result.errorCount}`)}
</dl></div></header>`;
}

function cards(result: RunResult): Markup {
  const t = totals(result);
  return markup`<div class="cards">${VERDICTS.map(
    (v) => markup`<div class="card ${cls(v)}"><b>${t[v]}</b><span>${GLYPH[v]} ${VERDICT_LABEL[v]}</span></div>`,
  )}</div>`;
}

function cellLink(op: OperationResult, check: string, verdict: Verdict): string | undefined {
  if (verdict === 'failed') return anchor('f', op.operationId, check);
  if (verdict === 'known') return anchor('k', op.operationId, check);
  if (verdict === 'errored') return anchor('e', op.operationId);
  return undefined;
}

function matrix(result: RunResult): Markup {
  const m = buildMatrix(result);
  if (m.rows.length === 0) return markup`<div class="panel"><p class="empty">No operations ran.</p></div>`;
  const rows = m.rows.map(({ operation: op, cells }) => {
    const counts = countVerdicts(op.checks);
    const tds = cells.map((c, i) => {
      if (!c) return markup`<td class="cell na" title="not applicable"></td>`;
      const title = `${op.operationId} · ${c.check}: ${VERDICT_LABEL[c.verdict]}${c.reason ? ` (${c.reason})` : ''} — judged ${c.judged}, ${plural(c.failures, 'failure')}${c.errors ? `, ${plural(c.errors, 'transport error')}` : ''}`;
      const label = c.failures > 0 ? markup`${GLYPH[c.verdict]}<small>${c.failures}</small>` : GLYPH[c.verdict];
      const href = cellLink(op, m.checks[i], c.verdict);
      const inner = href ? markup`<a href="#${href}" title="${title}">${label}</a>` : markup`<span title="${title}">${label}</span>`;
      return markup`<td class="cell ${cls(c.verdict)}">${inner}</td>`;
    });
    const summary = VERDICTS.filter((v) => counts[v] > 0)
      .map((v) => `${counts[v]} ${v}`)
      .join(' · ');
    return markup`<tr><td class="op"><div class="op-name">${op.operationId}</div><div class="op-path"><span class="method">${op.method}</span>${op.path}</div><div class="op-path">${op.service} · ${plural(op.cases, 'case')} · ${plural(op.requests, 'request')}${summary ? ` · ${summary}` : ''}</div>${op.varied ? markup`<div class="op-path">${plural(op.cases, 'case')}: ${op.varied}</div>` : null}${op.skipped ? markup`<div class="op-path">– skipped: ${op.skipped}</div>` : null}${op.transportErrors ? markup`<div class="op-path">${plural(op.transportErrors, 'transport error')}</div>` : null}${op.authRefused ? markup`<div class="op-path">${op.authRefused} answers refused the credentials</div>` : null}${op.notRun ? markup`<div class="op-path">${op.notRun.count} cases ${op.notRun.reason}</div>` : null}</td>${tds}</tr>`;
  });
  // many checks: vertical headers keep the whole matrix on one screen
  const dense = m.checks.length > 6 ? ' dense' : '';
  return markup`<div class="panel"><table class="matrix${dense}">
<thead><tr><th>Operation</th>${m.checks.map((c) => markup`<th class="check" title="${m.titles.get(c) ?? ''}"><span>${c}</span></th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>
<div class="legend">${VERDICTS.map((v) => markup`<span>${GLYPH[v]} ${VERDICT_LABEL[v]}</span>`)}<span>Click a cell to jump to its failures.</span></div>`;
}

function failureItem(f: FailureRecord): Markup {
  const v = f.known ? 'known' : 'failed';
  const c = f.case;
  return markup`<details class="item v-${v}"><summary><span>${f.message}</span><span class="case mono">${f.caseId}</span></summary><div class="detail">
<dl class="facts">
<dt>Rule</dt><dd>${f.rule}</dd>
<dt>Source</dt><dd>${f.source.page ? markup`<a href="${encodeURI(f.source.page.url)}" title="${f.source.page.note ?? f.source.page.url}">${f.source.page.operation} ${f.source.page.title}</a> · ${f.source.table} <span class="op-path">(local copy <span class="mono">${f.source.doc}</span>)</span>` : markup`<span class="mono">${f.source.doc}</span> · ${f.source.table}`}${f.source.quote ? markup`<blockquote>${f.source.quote}</blockquote>` : null}</dd>
<dt>Case</dt><dd>${c.note} <span class="op-path">(${c.origin}, expect ${c.expect})</span></dd>
${c.violation ? markup`<dt>Violation</dt><dd>${c.violation.detail}; documented: ${c.violation.rule} <span class="op-path">(${c.violation.source.doc} · ${c.violation.source.table})</span></dd>` : null}
${f.known ? markup`<dt>Known</dt><dd>${f.known.reason} <span class="op-path">(accepted until ${f.known.expires})</span></dd>` : null}
</dl>
<div class="rd"><div class="received"><b>Received</b>${f.received}</div><div class="documented"><b>Documented</b>${f.documented}</div></div>
<div class="exchange"><div><h4>Request</h4><pre>${requestText(f.request, MAX_BODY)}</pre></div>
<div><h4>Response</h4><pre>${f.response ? responseText(f.response, MAX_BODY) : '(no response)'}</pre></div></div>
<h4>Reproduce with curl</h4><pre class="cmd">${f.replay.curl}</pre>
<h4>Replay</h4><pre class="cmd">${f.replay.command}</pre>
</div></details>`;
}

function failureGroups(groups: readonly FailureGroup[], kind: 'f' | 'k'): Markup[] {
  return groups.map((g) => {
    const rest = g.failures.length - MAX_RENDERED_PER_CHECK;
    return markup`<div class="group" id="${anchor(kind, g.operationId, g.check)}"><h3><span class="glyph v-${kind === 'f' ? 'failed' : 'known'}">${GLYPH[kind === 'f' ? 'failed' : 'known']}</span> ${g.operationId} · <code>${g.check}</code> <small>${plural(g.failures.length, kind === 'f' ? 'failure' : 'known deviation')}</small></h3>
${g.failures.slice(0, MAX_RENDERED_PER_CHECK).map(failureItem)}${rest > 0 ? markup`<p class="note">… and ${plural(rest, 'more failure')} of ${g.operationId} · ${g.check}, not rendered here: every one is in conformance.json (<code>failures</code>), each with its replay line.</p>` : null}</div>`;
  });
}

function toolbar(section: string): Markup {
  return markup`<span class="toolbar"><button type="button" data-expand="open" data-section="${section}">Expand all</button><button type="button" data-expand="close" data-section="${section}">Collapse all</button></span>`;
}

function failuresSection(result: RunResult): Markup {
  const groups = groupFailures(result, false);
  const shown = groups.reduce((n, g) => n + g.failures.length, 0);
  const dropped = droppedFailures(result);
  return markup`<section id="failures"><h2>Failures <span class="count">${shown}${dropped > 0 ? ` shown of ${result.failureCount - result.failures.length + shown}` : ''}</span>${shown > 0 ? toolbar('failures') : null}</h2>
${dropped > 0 ? markup`<p class="note">This page renders the first ${result.failures.length} of ${result.failureCount} failures; conformance.json holds every one, each with its replay line.</p>` : null}
${shown === 0 ? markup`<div class="panel"><p class="empty">No failures.</p></div>` : failureGroups(groups, 'f')}
</section>`;
}

function knownSection(result: RunResult): Markup | null {
  const groups = groupFailures(result, true);
  if (groups.length === 0) return null;
  return markup`<section id="known"><h2>Known deviations <span class="count">accepted by the baseline</span>${toolbar('known')}</h2>
${failureGroups(groups, 'k')}</section>`;
}

function errorRow(e: ErrorRecord): Markup {
  return markup`<tr><td>${e.operationId || 'run'}</td><td>${e.check ? markup`<code>${e.check}</code>` : 'transport'}</td><td class="mono">${e.caseId}</td><td><code>${e.code}</code></td><td>${e.message}${e.request ? markup`<details><summary class="op-path">request</summary><pre>${requestText(e.request, MAX_BODY)}</pre></details>` : null}</td></tr>`;
}

function errorsSection(result: RunResult): Markup | null {
  if (result.errors.length === 0) return null;
  const ids = [...new Set(result.errors.map((e) => e.operationId))];
  const dropped = droppedErrors(result);
  return markup`<section id="errors"><h2>Errors <span class="count">${result.errorCount}</span></h2>
<p class="note">The run could not judge these exchanges: the tool or the network broke, not necessarily the target.${dropped > 0 ? ` The run result keeps the first ${result.errors.length}.` : ''}</p>
${ids.map(
  (id) => markup`<div class="group" id="${anchor('e', id)}"><div class="panel"><table><thead><tr><th>Operation</th><th>Check</th><th>Case</th><th>Code</th><th>Message</th></tr></thead><tbody>${result.errors.filter((e) => e.operationId === id).map(errorRow)}</tbody></table></div></div>`,
)}</section>`;
}

function baselineSection(result: RunResult): Markup | null {
  const notes = sortedNotes(result.baseline);
  if (notes.length === 0) return null;
  return markup`<section id="baseline"><h2>Baseline <span class="count">${plural(notes.length, 'entry', 'entries')} to look at</span></h2>
<div class="panel"><table><thead><tr><th>Operation</th><th>Check</th><th>Entry</th></tr></thead><tbody>
${notes.map((n) => markup`<tr class="v-${n.status === 'expired' ? 'failed' : 'known'}"><td>${n.operationId}</td><td><code>${n.check}</code></td><td>${baselineText(n)}</td></tr>`)}
</tbody></table></div></section>`;
}

function resourcesSection(result: RunResult): Markup | null {
  const line = resourcesText(result);
  if (line === undefined) return null;
  const left = leftResources(result).length;
  return markup`<section id="resources"><h2>Created resources <span class="count">${left > 0 ? `${left} left on the target` : result.createdResources.length}</span></h2>
<p class="note">${line}. The run deletes what it creates when it ends, also after a failure, a spent budget or Ctrl-C; a resource left here is still on the target: delete it by hand.</p>
<div class="panel"><table><thead><tr><th>Operation</th><th>ID</th><th>Name</th><th>Stands in for</th><th>State</th><th>Note</th></tr></thead><tbody>
${result.createdResources.map((r) => markup`<tr class="${r.state === 'left' ? 'v-failed' : ''}"><td>${r.operationId}</td><td class="mono">${r.id}</td><td>${r.name}</td><td class="mono">${r.throwaway ?? ''}</td><td>${r.state}</td><td>${r.note ?? ''}</td></tr>`)}
</tbody></table></div></section>`;
}

function readingsSection(result: RunResult): Markup | null {
  const list = result.readings ?? [];
  if (list.length === 0) return null;
  return markup`<section id="readings"><h2>Readings the target follows <span class="count">${list.length}</span></h2>
<p class="note">Where the documents allow more than one reading (specs/NOTES.md), the one this target follows. Information, not a verdict.</p>
<div class="panel"><table><thead><tr><th>Topic</th><th>Operation</th><th>Reading</th><th>Evidence</th></tr></thead><tbody>
${list.map((r) => markup`<tr><td>${r.topic}</td><td>${r.operationId}</td><td>${r.reading}</td><td class="mono">${r.evidence}</td></tr>`)}
</tbody></table></div></section>`;
}

/** The run result as one self-contained HTML page. */
export function renderHtml(result: RunResult): string {
  const outcome = outcomeTitle(result);
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="${result.tool.name} ${result.tool.version}">
<title>${outcome} · conformance report · ${targetText(result)}</title>
<style>${new Markup(CSS)}</style>
</head>
<body>
${header(result)}
<main class="wrap">
${cards(result)}
<section id="matrix"><h2>Operations × checks</h2>${matrix(result)}</section>
${baselineSection(result)}
${failuresSection(result)}
${knownSection(result)}
${errorsSection(result)}
${resourcesSection(result)}
${readingsSection(result)}
</main>
<footer>Generated by ${result.tool.name} ${result.tool.version} · run ${timeText(result.startedAt)} – ${timeText(result.finishedAt)} · credentials and known secrets are redacted</footer>
<script>${new Markup(JS)}</script>
</body>
</html>
`.value;
}
