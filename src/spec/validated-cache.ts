/**
 * Specs that passed OpenAPI validation, kept by the hash of their content: a spec that has not
 * changed since it was validated is not validated again, which saves most of a cold start.
 * Only valid specs are stored, so every broken spec is still reported by the validator. The
 * cache is best effort: if it cannot be read or written, the spec is simply validated.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// Bump when what is stored changes shape; the validator's own version is part of the key too.
const FORMAT = 'v1';
const DIR = process.env.CONFORM_CACHE_DIR ?? fileURLToPath(new URL('../../node_modules/.cache/hwcloud-conformance/', import.meta.url));

async function keyOf(data: unknown): Promise<string> {
  const pkg = await readFile(new URL('../../node_modules/@seriousme/openapi-schema-validator/package.json', import.meta.url), 'utf8').catch(() => '');
  const version = pkg ? (JSON.parse(pkg) as { version?: string }).version : 'unknown';
  return createHash('sha256').update(`${FORMAT}\0${version}\0${JSON.stringify(data)}`).digest('hex');
}

export async function readValidated(data: unknown): Promise<unknown | undefined> {
  if (process.env.CONFORM_NO_CACHE) return undefined;
  try {
    return JSON.parse(await readFile(`${DIR}${await keyOf(data)}.json`, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export async function writeValidated(data: unknown, resolved: unknown): Promise<void> {
  if (process.env.CONFORM_NO_CACHE) return;
  try {
    await mkdir(DIR, { recursive: true });
    const file = `${DIR}${await keyOf(data)}.json`;
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(resolved));
    await rename(tmp, file);
  } catch {
    // a read-only install still works, only slower
  }
}
