/**
 * "4 cases" next to another operation's 283 says why: the console and every report say what
 * each operation's cases varied, read from the spec.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../run/types.ts';
import { cli, tempDir, type CliResult } from '../test-support/cli-harness.ts';

let work: Awaited<ReturnType<typeof tempDir>>;
let run: CliResult;
beforeAll(async () => {
  work = await tempDir();
  run = await cli(['run', '--operations', 'ShowSecret,CreateApp', '--cases', '3', '--report-dir', 'out'], { cwd: work.dir, timeoutMs: 60_000 });
}, 90_000);
afterAll(() => work.remove());

const NO_BODY = 'no request body to vary: only the path (project_id, secret_name) and the credentials';
const BODY = "varying the request body's 4 fields name, remark, app_key, app_secret";

describe('what was varied, per operation', () => {
  it('the console says it when each operation starts', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^ShowSecret: \\d+ cases, ${NO_BODY.replace(/[()]/g, '\\$&')}$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^CreateApp: \\d+ cases, ${BODY}`, 'm'));
  });

  it('every report says it', async () => {
    const text = (f: string) => readFile(join(work.dir, 'out', f), 'utf8');
    const json = JSON.parse(await text('conformance.json')) as RunResult;
    expect(json.operations.find((o) => o.operationId === 'ShowSecret')?.varied).toBe(NO_BODY);
    expect(json.operations.find((o) => o.operationId === 'CreateApp')?.varied).toMatch(new RegExp(`^${BODY}`));
    const unescape = (s: string) => s.replace(/&#39;/g, "'");
    expect(unescape(await text('junit.xml'))).toContain(`<property name="varied" value="${NO_BODY}"/>`);
    expect(unescape(await text('report.html'))).toContain(NO_BODY);
    expect((await text('summary.md')).replace(/\\_/g, '_')).toMatch(new RegExp(`- ShowSecret: \\d+ cases, ${NO_BODY.replace(/[()]/g, '\\$&')}`));
  });
});
