/**
 * `--help` helps: `conform --help` lists every subcommand with one line, and each subcommand's
 * `--help` lists its options, each with its default, and one example of the command itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from './main.ts';
import { cli, tempDir } from '../test-support/cli-harness.ts';

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  work = await tempDir();
});
afterAll(() => work.remove());

const COMMANDS = [...COMMAND_NAMES];

describe.concurrent('help', { timeout: 30_000 }, () => {
  it('conform --help: every subcommand, one line each, exit 0', async () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['run', 'emulator', 'lint', 'list', 'replay', 'diff']));
    const r = await cli(['--help'], { cwd: work.dir });
    expect(r.code, r.stderr).toBe(0);
    const listed = r.stdout.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(listed.map((l) => l.trim().split(/\s+/)[0])).toEqual(COMMANDS);
    for (const line of listed) expect(line.trim().split(/\s{2,}/)[1]!.length, line).toBeGreaterThan(20);
  });

  it.each(COMMANDS)('conform %s --help: its options with their defaults, and an example', async (command) => {
    const r = await cli([command, '--help'], { cwd: work.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^usage: conform ${command}`));
    const [, example] = r.stdout.split('\nexample:\n');
    expect(example?.trim()).toMatch(new RegExp(`^(\\S+=\\S+ )*conform ${command}\\b`));
    const options = (r.stdout.split('\noptions:\n')[1] ?? '').split('\n\n')[0]!.split('\n').filter(Boolean);
    if (command === 'list') return expect(options).toEqual([]);
    expect(options.length).toBeGreaterThan(0);
    // every option that takes a value says what applies without it
    for (const line of options.filter((l) => /^ {2}(--\S+ [A-Z]|[A-Z])/.test(l))) expect(line).toMatch(/\(default: [^)]+\)$/);
  });

  it('the run options shown are the ones the parser takes', async () => {
    const { FLAG_NAMES } = await import('../config/index.ts');
    const r = await cli(['run', '--help'], { cwd: work.dir });
    const shown = [...r.stdout.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]);
    expect(shown.sort()).toEqual(FLAG_NAMES.filter((f) => f !== '--help').sort());
  });
});
