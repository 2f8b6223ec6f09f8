/**
 * Writes the chosen reports of a run into a directory, each atomically (temp file + rename,
 * so CI never reads half a report). Defence in depth: the run result is already redacted by
 * the engine, but it is redacted again before rendering, and every rendered file once more.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { ConformError } from '../errors.ts';
import { createRedactor } from '../redact/index.ts';
import type { RunResult } from '../run/types.ts';
import { reporter, type Reporter } from './registry.ts';
import { renderFailureJson, renderJson, SPILL_MARKER } from './json.ts';
import type { SpilledFailures } from '../run/tally.ts';

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

/** conformance.json with the spilled failure records streamed into its `failures` list, atomically. */
async function writeJsonStreaming(path: string, result: RunResult, spill: SpilledFailures, redact: (s: string) => string): Promise<void> {
  const text = redact(renderJson({ ...result, failures: [...result.failures, SPILL_MARKER as never] }));
  const marker = JSON.stringify(SPILL_MARKER);
  const at = text.indexOf(marker);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const out = await open(temp, 'w');
  try {
    await out.write(text.slice(0, at));
    let first = true;
    const lines = createInterface({ input: createReadStream(spill.file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      await out.write(`${first ? '' : ',\n    '}${redact(renderFailureJson(JSON.parse(line)))}`);
      first = false;
    }
    await out.write(text.slice(at + marker.length));
    await out.close();
    await rename(temp, path);
  } catch (e) {
    await out.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw e;
  }
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
  const { spilledFailures: spill, ...plain } = result;
  const clean = redactor.value(plain) as RunResult;
  // conformance.json holds every failure: those spilled to a file are streamed in, not built as one string
  const streamed = spill ? reporters.filter((r) => r.name === 'json') : [];
  const rendered = reporters.filter((r) => !streamed.includes(r)).map((r) => ({ path: join(dir, r.file), text: redactor.text(r.render(clean)) }));
  try {
    await makeDir(dir);
    await Promise.all([
      ...rendered.map((r) => writeAtomic(r.path, r.text)),
      ...streamed.map((r) => writeJsonStreaming(join(dir, r.file), clean, spill!, redactor.text)),
    ]);
  } catch (e) {
    throw cannotWrite(dir, e);
  }
  // every reporter was rendered or streamed: the paths in the order given
  return reporters.map((r) => join(dir, r.file));
}
