/**
 * Writes the chosen reports of a run into a directory, each atomically (temp file + rename,
 * so CI never reads half a report). Defence in depth: the run result is already redacted by
 * the engine, but it is redacted again before rendering, and every rendered file once more.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
    await mkdir(dir, { recursive: true });
    await Promise.all(rendered.map((r) => writeAtomic(r.path, r.text)));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ConformError('CONFORM_CONFIG', `cannot write the reports: ${reason}; choose another report.dir or --report-dir`, {
      where: dir,
      cause: e,
    });
  }
  return rendered.map((r) => r.path);
}
