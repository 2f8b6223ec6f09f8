/**
 * Specs that passed every check of the spec stage (YAML, OpenAPI, extensions, operations,
 * schema compilation), kept by the hash of their text: an unchanged spec is neither parsed
 * nor validated again, which saves most of a cold start. Only valid specs are stored, so every
 * broken spec is still reported by the validators. The key also covers the code that judges a
 * spec (src/spec, the OpenAPI validator's version; in an installed package, the bundle), so
 * changing a rule invalidates what it passed. Best effort: if the cache cannot be read or written, the spec is simply validated.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packagePath } from '../package-root.ts';

// Bump when what is stored changes shape.
const FORMAT = 'v2';
const DIR = process.env.CONFORM_CACHE_DIR ?? `${packagePath('node_modules', '.cache', 'hwcloud-conformance')}${path.sep}`;

/** What a valid spec leaves behind: its YAML as data and its dereferenced document. */
export interface ValidatedSpec {
  readonly data: unknown;
  readonly resolved: unknown;
}

let judgeHash: Promise<string> | undefined;

/** The code that decides whether a spec is valid: this folder's sources, errors.ts, the validator's version. */
function judge(): Promise<string> {
  return (judgeHash ??= (async () => {
    const hash = createHash('sha256');
    const here = packagePath('src', 'spec');
    const names = await readdir(here).catch(() => undefined);
    if (names) {
      for (const n of names.filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts')).sort()) hash.update(`${n}\0`).update(await readFile(path.join(here, n)));
      hash.update(await readFile(packagePath('src', 'errors.ts')));
    } else {
      // an installed package ships the bundle made at pack time, not the sources: it holds the same code
      hash.update(await readFile(packagePath('src', 'cli', 'conform.mjs')));
    }
    hash.update(await readFile(packagePath('node_modules', '@seriousme', 'openapi-schema-validator', 'package.json')).catch(() => 'unknown'));
    return hash.digest('hex');
  })());
}

/** The cache key of a spec's text; `undefined` when the cache is off. */
export async function specKey(text: string): Promise<string | undefined> {
  if (process.env.CONFORM_NO_CACHE) return undefined;
  try {
    return createHash('sha256').update(`${FORMAT}\0${await judge()}\0${text}`).digest('hex');
  } catch {
    return undefined;
  }
}

export async function readValidated(key: string | undefined): Promise<ValidatedSpec | undefined> {
  if (key === undefined) return undefined;
  try {
    const entry = JSON.parse(await readFile(`${DIR}${key}.json`, 'utf8')) as Partial<ValidatedSpec>;
    return 'data' in entry && 'resolved' in entry ? (entry as ValidatedSpec) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeValidated(key: string | undefined, entry: ValidatedSpec): Promise<void> {
  if (key === undefined) return;
  try {
    await mkdir(DIR, { recursive: true });
    const file = `${DIR}${key}.json`;
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(entry));
    await rename(tmp, file);
  } catch {
    // a read-only install still works, only slower
  }
}
