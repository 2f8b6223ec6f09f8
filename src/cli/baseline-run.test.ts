/**
 * An expired baseline entry does not disappear silently: `conform run` prints one line per
 * expired entry (operation, check, date, reason), and every report says the same; an entry
 * that matches nothing is reported too.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import type { RunResult } from '../run/types.ts';
import { cli, configYaml, tempDir, writeConfig, type CliResult } from '../test-support/cli-harness.ts';

let work: Awaited<ReturnType<typeof tempDir>>;
let emu: RunningEmulator;
let run: CliResult;
const reportDir = () => join(work.dir, 'out');

const BASELINE = `- { operation: RotateSecret, check: state-rotation, reason: "KMS-4711 vendor fix due", expires: 2020-01-01 }
- { operation: UpdateCertificate, check: content-type, reason: "old gateway sent text/plain", expires: 2999-01-01 }
- { operation: CreateApp, check: masking, reason: "CreateApp is not in this run", expires: 2999-01-01 }
`;

beforeAll(async () => {
  work = await tempDir();
  // a planted defect the expired entry once accepted: RotateSecret keeps its version
  emu = await startEmulator({ fault: 'rotate-same-version' });
  await writeConfig(work.dir, configYaml(emu.url, emu.fixtures));
  await writeFile(join(work.dir, 'known.yaml'), BASELINE);
  run = await cli(['run', '--baseline', 'known.yaml', '--operations', 'RotateSecret,UpdateCertificate', '--cases', '5', '--report-dir', reportDir()], { cwd: work.dir, timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu.close();
  await work.remove();
});

const EXPIRED = /RotateSecret · state-rotation expired on 2020-01-01: it no longer accepts the deviation, and its \d+ failures? counts? again \(reason: KMS-4711 vendor fix due\)/;
const UNMATCHED = /UpdateCertificate · content-type accepted until 2999-01-01, matched no failure: the deviation is gone or the entry names the wrong check; remove or fix it \(reason: old gateway sent text\/plain\)/;
const NOT_RUN = /CreateApp · masking accepted until 2999-01-01, matched nothing: CreateApp did not run \(reason: CreateApp is not in this run\)/;

describe('a baseline with an expired entry and entries that match nothing', () => {
  it('the deviation fails the run again, and the console says why: one line per entry', () => {
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stdout.split('\n').filter((l) => l.includes('baseline: '));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^⏰ baseline: ${EXPIRED.source}$`));
    expect(lines.slice(1).join('\n')).toMatch(UNMATCHED);
    expect(lines.slice(1).join('\n')).toMatch(NOT_RUN);
  });

  it('every report says the same', async () => {
    const text = (f: string) => readFile(join(reportDir(), f), 'utf8');
    const json = JSON.parse(await text('conformance.json')) as RunResult;
    expect(json.baseline).toEqual([
      expect.objectContaining({ operationId: 'RotateSecret', check: 'state-rotation', status: 'expired', expires: '2020-01-01', reason: 'KMS-4711 vendor fix due' }),
      expect.objectContaining({ operationId: 'UpdateCertificate', check: 'content-type', status: 'unmatched', failures: 0 }),
      expect.objectContaining({ operationId: 'CreateApp', check: 'masking', status: 'unmatched', unjudged: 'CreateApp did not run' }),
    ]);
    expect(json.baseline![0]!.failures).toBeGreaterThan(0);
    const md = await text('summary.md');
    const junit = await text('junit.xml');
    // the HTML report escapes its text: compare the words
    const html = (await text('report.html')).replace(/&#39;|&quot;|&amp;/g, (e) => ({ '&#39;': "'", '&quot;': '"', '&amp;': '&' })[e]!);
    for (const [name, report] of Object.entries({ md, junit, html })) {
      for (const re of [EXPIRED, UNMATCHED, NOT_RUN]) expect(report, `${name}: ${re.source}`).toMatch(re);
    }
    expect(md).toMatch(/### Baseline\n\n- ⏰ /);
    expect(junit).toMatch(/<testsuite name="baseline" tests="3" failures="0"/);
  });
});
