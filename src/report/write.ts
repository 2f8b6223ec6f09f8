/**
 * Writes the chosen reports of a run into a directory, each atomically (temp file + rename,
 * so CI never reads half a report). Defence in depth: the run result is already redacted by
 * the engine, but it is redacted again before rendering, and every rendered file once more.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConformError } from '../errors.ts';
import { createRedactor } from '../redact/index.ts';
import type { RunResult } from '../run/types.ts';
import { reporter, type Reporter } from './registry.ts';

export interface WriteReportsOptions {
  /** values that must not appear in any report (token, AK/SK, fixture secret values) */
  readonly secrets?: readonly string[];
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => {});
    throw e;
  }
}

function cannotWrite(dir: string, e: unknown): ConformError {
  const reason = e instanceof Error ? e.message : String(e);
  return new ConformError('CONFORM_CONFIG', `cannot write the reports: ${reason}; choose another report.dir or --report-dir`, { where: dir, cause: e });
}

/**
 * `mkdir -p`, one level at a time: node's recursive mkdir never returns under /proc (it retries
 * the ENOENT the kernel gives there forever).
 */
async function makeDir(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      if (!(await stat(d)).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, ${d}`), { code: 'ENOTDIR' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(d) === d) throw e;
      missing.unshift(d);
    }
  }
  for (const d of missing) {
    try {
      await mkdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/**
 * Fails with one CONFORM_CONFIG line unless reports can be written into `dir` (created if
 * missing): checked before a run sends anything, so a bad --report-dir never costs a run.
 */
export async function assertWritableDir(dir: string): Promise<void> {
  const probe = join(dir, `.conform-write-test.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await makeDir(dir);
    await (await open(probe, 'wx')).close();
    await unlink(probe);
  } catch (e) {
    throw cannotWrite(dir, e);
  }
}

/**
 * Renders `result` in each of `formats` (`html`, `json`, `junit`, `md`) into `dir` (created if
 * missing) and returns the paths written, in the order given. Unknown formats fail before
 * anything is written.
 */
export async function writeReports(
  result: RunResult,
  dir: string,
  formats: readonly string[],
  options: WriteReportsOptions = {},
): Promise<string[]> {
  const reporters: Reporter[] = [...new Set(formats)].map(reporter);
  const redactor = createRedactor(options.secrets ?? []);
  const clean = redactor.value(result);
  const rendered = reporters.map((r) => ({ path: join(dir, r.file), text: redactor.text(r.render(clean)) }));
  try {
    await makeDir(dir);
    await Promise.all(rendered.map((r) => writeAtomic(r.path, r.text)));
  } catch (e) {
    throw cannotWrite(dir, e);
  }
  return rendered.map((r) => r.path);
}
