import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_FORMATS as CONFIG_FORMATS } from '../config/schema.ts';
import { ConformError } from '../errors.ts';
import { findSecrets, secretEncodings } from '../redact/index.ts';
import type { FailureRecord, RunResult } from '../run/types.ts';
import { cleanRun, sampleRun } from './__fixtures__/run-result.ts';
import { Tally } from '../run/tally.ts';
import { escapeMarkup, markup, mdCode, mdText, stripInvalidXml } from './escape.ts';
import {
  failureLines,
  finalSummary,
  printConsole,
  progress,
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
  reporter,
  REPORT_FORMATS,
  summaryTable,
  writeReports,
} from './index.ts';

/** Timestamps and durations vary between runs: replace them before comparing. */
function normalize(s: string): string {
  return s
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, '<timestamp>')
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/g, '<timestamp>')
    .replace(/\btime="[\d.]+"/g, 'time="<duration>"')
    .replace(/"durationMs": \d+/g, '"durationMs": "<duration>"')
    .replace(/\b(?:\d+ min )?\d+(?:\.\d+)? s\b/g, '<duration>');
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'conform-report-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

interface JCase {
  classname: string;
  name: string;
  failure?: unknown;
  error?: unknown;
  skipped?: unknown;
  'system-out'?: string;
}
interface JSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase?: JCase[];
}

function parseJunit(text: string): { suites: JSuite[]; root: Record<string, string> } {
  const doc = xml.parse(text) as { testsuites: Record<string, string> & { testsuite?: JSuite[] } };
  return { suites: doc.testsuites.testsuite ?? [], root: doc.testsuites };
}

describe('escape', () => {
  it('escapes markup and replaces characters XML 1.0 forbids', () => {
    expect(escapeMarkup(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(stripInvalidXml('a\u0000b\u001bc\ud800d\ufffee\tf\ng')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng');
    expect(stripInvalidXml('😀 ok')).toBe('😀 ok');
  });

  it('markup escapes every interpolated value, but not nested markup', () => {
    const inner = markup`<b>${'<i>'}</b>`;
    expect(markup`<p title="${'"q"'}">${inner}${['<', markup`<br>`]}${null}${undefined}${false}${0}</p>`.value).toBe(
      '<p title="&quot;q&quot;"><b>&lt;i&gt;</b>&lt;<br>0</p>',
    );
  });

  it('Markdown: escapes pipes and markup, picks a fence longer than the content', () => {
    expect(mdText('a | b <x> *y*')).toBe('a \\| b &lt;x&gt; \\*y\\*');
    expect(mdCode('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(mdCode('has `tick`')).toBe('`` has `tick` ``');
    expect(mdCode('x ``y`` z')).toBe('```x ``y`` z```');
  });
});

describe('registry', () => {
  it('knows html, json, junit and md, the same list config accepts', () => {
    expect([...REPORT_FORMATS]).toEqual(['html', 'json', 'junit', 'md']);
    expect([...CONFIG_FORMATS]).toEqual([...REPORT_FORMATS]);
    expect(reporter('junit').file).toBe('junit.xml');
  });

  it('an unknown name is CONFORM_USAGE listing the known ones', () => {
    const e = (() => {
      try {
        reporter('pdf');
      } catch (err) {
        return err;
      }
    })() as ConformError;
    expect(e).toBeInstanceOf(ConformError);
    expect(e.code).toBe('CONFORM_USAGE');
    expect(e.message).toBe("unknown report format 'pdf'; known: html, json, junit, md");
  });
});

describe('json', () => {
  it('is the run result itself', () => {
    const r = sampleRun();
    expect(JSON.parse(renderJson(r))).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it('writes keys in contract order whatever the insertion order', () => {
    const r = sampleRun();
    // every object's keys reversed, except request bodies inside cases, which are data
    const reversed = (v: unknown, key = ''): unknown =>
      Array.isArray(v)
        ? v.map((x) => reversed(x))
        : v !== null && typeof v === 'object' && key !== 'value'
          ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x, k)]))
          : v;
    const shuffled = reversed(r) as RunResult;
    expect(Object.keys(shuffled)[0]).toBe('summary');
    expect(renderJson(shuffled)).toBe(renderJson(r));
    const doc = JSON.parse(renderJson(shuffled));
    expect(Object.keys(doc).slice(0, 4)).toEqual(['tool', 'startedAt', 'finishedAt', 'durationMs']);
    expect(Object.keys(doc.failures[0].request.headers)).toEqual(['content-type', 'x-auth-token', 'x-trace']);
  });

  it('keeps the key order of request bodies (they are data, and replay re-sends them)', () => {
    const r = sampleRun();
    const f = { ...r.failures[0], case: { ...r.failures[0].case, body: { kind: 'json' as const, value: { zeta: 1, alpha: { z: 1, a: 2 } } } } };
    const doc = JSON.parse(renderJson({ ...r, failures: [f] }));
    expect(JSON.stringify(doc.failures[0].case.body.value)).toBe('{"zeta":1,"alpha":{"z":1,"a":2}}');
  });

  it('keeps keys the contract does not know yet, after the known ones', () => {
    const r = { ...sampleRun(), zeta: 1, alpha: 2 } as unknown as RunResult;
    const keys = Object.keys(JSON.parse(renderJson(r)));
    expect(keys.slice(-2)).toEqual(['alpha', 'zeta']);
  });
});

describe('junit', () => {
  it('is valid XML that fast-xml-parser reads', () => {
    const text = renderJunit(sampleRun());
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  });

  it('has one suite per operation, one case per check, and counts that add up', () => {
    const { suites, root } = parseJunit(renderJunit(sampleRun()));
    expect(suites.map((s) => s.name)).toEqual(['CreateApp', 'ResetAppSecret', 'ShowSecret']);
    const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const s of suites) {
      const cases = s.testcase ?? [];
      const count = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
      for (const c of cases) {
        expect(c.classname).toBe(s.name);
        if (c.failure !== undefined) count.failures++;
        if (c.error !== undefined) count.errors++;
        if (c.skipped !== undefined) count.skipped++;
      }
      expect({ tests: +s.tests, failures: +s.failures, errors: +s.errors, skipped: +s.skipped }).toEqual(count);
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += count[k];
    }
    expect({ tests: +root.tests, failures: +root.failures, errors: +root.errors, skipped: +root.skipped }).toEqual(totals);
    expect(totals).toEqual({ tests: 8, failures: 2, errors: 2, skipped: 2 });
  });

  it('writes failures with rule, source, Received/Documented, exchange and replay; known ones pass with a note', () => {
    const { suites } = parseJunit(renderJunit(sampleRun()));
    const create = suites[0].testcase ?? [];
    const status = create.find((c) => c.name === 'status-code')!;
    const failure = status.failure as { message: string; type: string; '#text': string };
    expect(failure.type).toBe('check');
    expect(failure.message).toBe('the target accepted a 65-character name (no-leak)');
    for (const part of ['Rule: name: 3–64 characters', 'Source: 001_91e26b5751280585.txt, 表 3', 'Received: 201 Created', 'Documented: 400 (表 5)', 'Request:\nPOST http://', 'Response:\nHTTP 201', 'Replay: conform replay', 'curl: curl -X POST']) {
      expect(failure['#text']).toContain(part);
    }
    const masking = create.find((c) => c.name === 'masking')!;
    expect(masking.failure).toBeUndefined();
    expect(masking['system-out']).toContain('Known deviation (baseline): APIG-1234');
    expect(create.find((c) => c.name === 'content-type')!.skipped).toBeDefined();
    const show = suites[2].testcase ?? [];
    expect((show.find((c) => c.name === 'metadata-only')!.error as { type: string }).type).toBe('check-threw');
    const transport = show.find((c) => c.name === 'transport')!.error as { message: string };
    expect(transport.message).toBe('2 transport errors: timeout ×1, refused ×1');
  });

  it('represents errors of operations the result does not list, and operations without checks', () => {
    const r = cleanRun();
    const run: RunResult = {
      ...r,
      operations: [...r.operations, { ...r.operations[0], operationId: 'RotateSecret', checks: [], skipped: 'not selected' }],
      errors: [{ operationId: '', caseId: '-', code: 'refused', message: 'target unreachable' }],
      errorCount: 1,
    };
    const text = renderJunit(run);
    expect(XMLValidator.validate(text)).toBe(true);
    const { suites, root } = parseJunit(text);
    expect(suites.map((s) => s.name)).toEqual(['ShowSecret', 'RotateSecret', 'run']);
    expect(suites[1].testcase?.[0]).toMatchObject({ name: 'operation' });
    expect(suites[2].testcase?.[0]).toMatchObject({ name: 'transport' });
    expect(root).toMatchObject({ tests: '3', errors: '1', skipped: '1' });
  });

  it('property: any text in any field still makes valid XML', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (a, b) => {
        const r = sampleRun();
        const f: FailureRecord = { ...r.failures[0], message: a, received: b, response: { status: 500, headers: { [b || 'x']: a }, body: `]]>${a}<![CDATA[` } };
        const text = renderJunit({ ...r, failures: [f, ...r.failures.slice(1)], operations: r.operations.map((o) => ({ ...o, operationId: o.operationId + b.slice(0, 3) })) });
        expect(XMLValidator.validate(text)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('matches the stored rendering', async () => {
    await expect(normalize(renderJunit(sampleRun()))).toMatchFileSnapshot('./__snapshots__/junit.xml');
  });
});

describe('markdown', () => {
  it('has the matrix, totals and failures; escapes pipes; caps long bodies', () => {
    const md = renderMarkdown(sampleRun());
    expect(md).toContain('## ❌ Conformance: deviates');
    expect(md).toContain('| CreateApp | ❌ | ❌ | ⚠️ | ➖ |   |');
    expect(md).toContain('| ShowSecret | ✅ |   |   |   | 💥 |');
    expect(md).toContain('**Checks:** ✅ 1 passed · ❌ 2 failed · ⚠️ 1 known · ❔ 0 not exercised · ▫️ 0 not applicable · ➖ 2 skipped · 💥 1 errored');
    expect(md).toContain('- **Received:** `201 Created`');
    expect(md).toContain('- **Documented:** `400 (表 5)`');
    expect(md).toContain('- **Replay:** `conform replay reports/conformance.json --case CreateApp.boundary.3');
    expect(md).toMatch(/more characters \(full text in conformance\.json\)/);
    expect(md.length).toBeLessThan(20_000);
    const withPipe = renderMarkdown({ ...sampleRun(), errors: [{ operationId: 'ShowSecret', caseId: 'c|1', code: 'other', message: 'a | b' }] });
    expect(withPipe).toContain('| `c\\|1` | `other` | a \\| b |');
  });

  it('caps the number of failures for a PR comment', () => {
    const r = sampleRun();
    const many = Array.from({ length: 60 }, (_, i) => ({ ...r.failures[0], caseId: `CreateApp.random.${i}` }));
    const md = renderMarkdown({ ...r, failures: many, failureCount: 500 });
    expect(md).toContain('… and 480 more failures');
    expect(md.length).toBeLessThan(65_536);
  });

  it('says so when everything conforms', () => {
    const md = renderMarkdown(cleanRun());
    expect(md).toContain('## ✅ Conformance: conforms');
    expect(md).not.toContain('### Failures');
  });

  it('matches the stored rendering', async () => {
    await expect(normalize(renderMarkdown(sampleRun()))).toMatchFileSnapshot('./__snapshots__/summary.md');
  });
});

describe('html', () => {
  const html = renderHtml(sampleRun());

  it('is one self-contained page: no external scripts, styles, fonts or images', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/@import|@font-face|url\(/i);
    expect(html).not.toMatch(/href="(?!#)/);
  });

  it('shows target, seed and outcome, and links failed cells to their failures', () => {
    expect(html).toContain('http://127.0.0.1:4010');
    expect(html).toContain('<span class="mono">42</span>');
    expect(html).toContain('class="badge">✗ Deviates</span>');
    for (const id of ['f-CreateApp-status-code', 'f-CreateApp-schema', 'k-CreateApp-masking', 'e-ShowSecret']) {
      expect(html).toContain(`href="#${id}"`);
      expect(html).toContain(`id="${id}"`);
    }
  });

  it('has each failure as an expandable item with rule, source, exchange, curl and replay', () => {
    expect(html.match(/<details class="item/g)?.length).toBe(3);
    expect(html).toContain('<dt>Rule</dt><dd>name: 3–64 characters</dd>');
    expect(html).toContain('<blockquote>以******显示</blockquote>');
    expect(html).toContain('sent a 65-character name; documented: name: 3–64 characters');
    expect(html).toContain('<h4>Reproduce with curl</h4><pre class="cmd">curl -X POST');
    expect(html).toContain('<h4>Replay</h4><pre class="cmd">conform replay');
    expect(html).toContain('id="errors"');
    expect(html).toContain('id="resources"');
  });

  it('escapes everything the target sent', () => {
    const r = sampleRun();
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const f = { ...r.failures[0], message: evil, response: { status: 200, headers: { 'x-evil': evil }, body: evil } };
    const out = renderHtml({ ...r, failures: [f] });
    expect(out).not.toContain('<script>alert');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out.match(/<script>/g)?.length).toBe(1);
  });

  it('renders a clean run without failure sections', () => {
    const out = renderHtml(cleanRun());
    expect(out).toContain('✓ Conforms');
    expect(out).toContain('No failures.');
    expect(out).not.toContain('id="errors"');
  });
});

describe('console', () => {
  it('progress: a redrawn bar on a TTY, plain lines otherwise', () => {
    expect(progress('CreateApp', 3, 12, false)).toBe('CreateApp 3/12\n');
    const tty = progress('CreateApp', 6, 12, true);
    expect(tty.startsWith('\r\x1b[2K')).toBe(true);
    expect(tty).toContain('████████████░░░░░░░░░░░░ 6/12');
    expect(tty.endsWith('\n')).toBe(false);
    expect(progress('CreateApp', 12, 12, true).endsWith('12/12\n')).toBe(true);
  });

  it('prints each failure as ✗ Operation · check — message / Rule / Received / Documented / Replay', () => {
    expect(failureLines(sampleRun().failures[0])).toBe(
      [
        '✗ CreateApp · status-code — the target accepted a 65-character name (no-leak)',
        '  Rule: name: 3–64 characters (001_91e26b5751280585.txt, 表 3)',
        '  Received: 201 Created',
        '  Documented: 400 (表 5)',
        '  Case: CreateApp.boundary.3: sent a 65-character name',
        '  Replay: conform replay reports/conformance.json --case CreateApp.boundary.3 --target http://127.0.0.1:4010',
        '',
      ].join('\n'),
    );
  });

  it('summary table: operation rows × verdict counts, and a total', () => {
    expect(summaryTable(sampleRun())).toBe(
      [
        'Operation       passed  failed  known  not exercised  not applicable  skipped  errored',
        'CreateApp            0       2      1              0               0        1        0',
        'ResetAppSecret       0       0      0              0               0        1        0',
        'ShowSecret           1       0      0              0               0        0        1',
        '──────────────────────────────────────────────────────────────────────────────────────',
        'total                1       2      1              0               0        2        1',
        '',
      ].join('\n'),
    );
  });

  it('the printer redacts what it writes and throttles plain progress', () => {
    const secret = 'tok-SECRET-1234';
    const out: string[] = [];
    const p = printConsole({ write: (s) => out.push(s), tty: false, secrets: [secret] });
    p.event({ kind: 'operation-start', operationId: 'CreateApp', total: 100 });
    for (let i = 1; i <= 100; i++) p.event({ kind: 'progress', operationId: 'CreateApp', done: i, total: 100 });
    p.event({ kind: 'operation-end', operationId: 'CreateApp', failures: 2, judged: 100, errors: 0, authRefused: 0, notRun: 0 });
    p.event({ kind: 'operation-skipped', operationId: 'ResetAppSecret', reason: 'mutating' });
    p.summary(sampleRun({ leak: secret }), ['reports/report.html']);
    const text = out.join('');
    expect(text.split('\n').slice(0, 6)).toEqual([
      'CreateApp: 100 cases',
      'CreateApp 25/100',
      'CreateApp 50/100',
      'CreateApp 75/100',
      '✗ CreateApp — 2 failures',
      '➖ ResetAppSecret skipped: mutating',
    ]);
    expect(text).not.toContain(secret);
    expect(text).toContain('Reports: reports/report.html');
  });

  it('the TTY printer ends a bar before printing a line', () => {
    const out: string[] = [];
    const p = printConsole({ write: (s) => out.push(s), tty: true });
    p.event({ kind: 'operation-start', operationId: 'A', total: 4 });
    p.event({ kind: 'progress', operationId: 'A', done: 2, total: 4 });
    p.event({ kind: 'phase', name: 'shrinking' });
    expect(out[2]).toBe('\r\x1b[2K· shrinking\n');
  });

  it('matches the stored rendering', async () => {
    await expect(normalize(finalSummary(sampleRun(), ['reports/report.html']))).toMatchFileSnapshot('./__snapshots__/console.txt');
  });
});

describe('writeReports', () => {
  it('creates the directory and writes the four files atomically', async () => {
    const dir = path.join(tempDir(), 'nested', 'reports');
    const files = await writeReports(sampleRun(), dir, ['html', 'json', 'junit', 'md']);
    expect(files).toEqual(['report.html', 'conformance.json', 'junit.xml', 'summary.md'].map((f) => path.join(dir, f)));
    expect(readdirSync(dir).sort()).toEqual(['conformance.json', 'junit.xml', 'report.html', 'summary.md']);
    expect(JSON.parse(readFileSync(files[1], 'utf8')).seed).toBe(42);
  });

  it('rejects an unknown format before writing anything', async () => {
    const dir = path.join(tempDir(), 'none');
    await expect(writeReports(sampleRun(), dir, ['json', 'pdf'])).rejects.toMatchObject({ code: 'CONFORM_USAGE' });
    expect(existsSync(dir)).toBe(false);
  });

  it('an unwritable directory is a ConformError, not a crash', async () => {
    const file = path.join(tempDir(), 'a-file');
    await writeReports(cleanRun(), path.dirname(file), ['json']);
    await expect(writeReports(cleanRun(), path.join(file.replace('a-file', 'conformance.json'), 'sub'), ['json'])).rejects.toMatchObject({
      code: 'CONFORM_CONFIG',
    });
  });

  it('defence in depth: a secret left in the run result appears in no report, in no encoding', async () => {
    const secret = 'MIIx-token/value+with "quotes" & ünïcode';
    const dir = tempDir();
    const files = await writeReports(sampleRun({ leak: secret }), dir, ['html', 'json', 'junit', 'md'], { secrets: [secret] });
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const leaks = secretEncodings(secret).filter((e) => text.includes(e.value));
      expect(leaks.map((e) => e.name), path.basename(file)).toEqual([]);
      expect(findSecrets(text, [secret]), path.basename(file)).toEqual([]);
      expect(text).toContain('[REDACTED]');
    }
    // the renderers alone would have leaked it: the redaction is what keeps it out
    expect(renderHtml(sampleRun({ leak: secret }))).toContain('&quot;quotes&quot;');
  });

  it('failures spilled past the in-memory ones are streamed into conformance.json: every one kept, in order, redacted', async () => {
    const secret = 'spilled-secret-value-1234';
    const base = sampleRun({ leak: secret });
    const tally = new Tally(2);
    const records = Array.from({ length: 7 }, (_, i) => ({ ...base.failures[0]!, caseId: `CreateApp.random.${i}`, message: `failure ${i} near ${secret}` }));
    for (const r of records) tally.fail(r, () => r, false);
    expect(tally.failures).toHaveLength(2);
    const spilledFailures = tally.spilled()!;
    expect(spilledFailures.count).toBe(5);
    const result: RunResult = { ...base, failures: tally.failures, failureCount: 7, spilledFailures };
    const dir = tempDir();
    const [json, html, md] = await writeReports(result, dir, ['json', 'html', 'md'], { secrets: [secret] });
    spilledFailures.remove();
    const text = readFileSync(json!, 'utf8');
    const doc = JSON.parse(text) as RunResult;
    expect(doc.failures.map((f) => f.caseId)).toEqual(records.map((r) => r.caseId));
    expect(doc.failureCount).toBe(7);
    expect('spilledFailures' in doc).toBe(false);
    expect(text).not.toContain(secret);
    // the same file as one written with every record in memory
    const [whole] = await writeReports({ ...base, failures: records, failureCount: 7 }, tempDir(), ['json'], { secrets: [secret] });
    expect(text).toBe(readFileSync(whole!, 'utf8'));
    expect(readFileSync(html!, 'utf8')).toContain('conformance.json holds every one');
    expect(readFileSync(md!, 'utf8')).toMatch(/… and 5 more failures/);
  });

  it('credential headers are redacted even when nobody said they were secrets', async () => {
    const dir = tempDir();
    const [json] = await writeReports(sampleRun({ leak: 'plain-token-value' }), dir, ['json']);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
    expect(doc.failures[0].request.headers['x-auth-token']).toBe('[REDACTED]');
  });
});

describe('readings (which reading of an ambiguity the target follows)', () => {
  const withReadings: RunResult = {
    ...cleanRun(),
    readings: [
      { topic: 'Length: characters or UTF-8 bytes', operationId: 'CreateApp', reading: 'name: the limit counts UTF-8 bytes', evidence: 'HTTP 400 to name | 64 Chinese characters', caseId: 'CreateApp.reading.length.name' },
      { topic: 'Unknown resources: 400 or 404', operationId: 'ShowSecret', reading: 'an unknown or malformed path parameter gets HTTP 400', evidence: '400: case ShowSecret.boundary.1', caseId: 'ShowSecret.boundary.1' },
    ],
  };

  it('are a section of their own in Markdown and HTML, as information, and leave the verdict alone', () => {
    const md = renderMarkdown(withReadings);
    expect(md).toContain('### Readings the target follows');
    expect(md).toContain('name: the limit counts UTF-8 bytes');
    expect(md).toContain('HTTP 400 to name \\| 64 Chinese characters');
    expect(md).toContain('Conformance: conforms');
    const html = renderHtml(withReadings);
    expect(html).toContain('<section id="readings">');
    expect(html).toContain('an unknown or malformed path parameter gets HTTP 400');
    expect(renderJson(withReadings)).toContain('"readings"');
  });

  it('leave no trace when a run has none', () => {
    expect(renderMarkdown(cleanRun())).not.toContain('Readings');
    expect(renderHtml(cleanRun())).not.toContain('id="readings"');
  });
});
