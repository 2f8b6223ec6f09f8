/**
 * Entry points (the CLI, the benchmark) as prebuilt ES modules. Loading some 130 TypeScript
 * modules through tsx's loader is about a third of a cold start, and tsx's transform wraps
 * every closure it creates in a naming call, a cost on every case. So esbuild bundles an entry
 * (packages stay external) into node_modules/.cache/hwcloud-conformance/bundle/, named by a
 * fingerprint of every source file's path, size and mtime: any change to src/ builds a new
 * one on the next start.
 *
 * Plain JavaScript: it runs before any TypeScript loader exists. Any trouble (no esbuild, a
 * read-only install, a build error) gives `undefined`, and the caller runs the sources through
 * tsx, which then reports a source error as it always has.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SRC = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ROOT = path.dirname(SRC);
// Under the package's own node_modules, so the bundle's external imports resolve as the sources' do.
const DIR = path.join(ROOT, 'node_modules', '.cache', 'hwcloud-conformance', 'bundle');

/**
 * Path, size and mtime of every source file under `src` (tests excluded), and the package.json
 * in `root`: what decides whether a bundle is current.
 * @param {string} root
 * @param {string} src
 * @returns {string}
 */
export function fingerprint(root = ROOT, src = SRC) {
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(root, 'package.json')));
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|js|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
        const s = statSync(full);
        hash.update(`${path.relative(src, full)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(src);
  return hash.digest('hex').slice(0, 20);
}

/**
 * Bundles `entry` (a path under src/) into `outfile`, atomically: a concurrent start sees no
 * bundle or the whole of one.
 * @param {string} entry
 * @param {string} outfile
 */
export async function buildEntry(entry, outfile) {
  const { build: esbuild } = await import('esbuild');
  mkdirSync(path.dirname(outfile), { recursive: true });
  const tmp = `${outfile}.${process.pid}.tmp`;
  await esbuild({
    entryPoints: [path.join(SRC, entry)],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  renameSync(tmp, outfile);
}

/**
 * @param {string} entry the entry's path under src/
 * @param {string} file
 * @param {string} prefix
 */
async function build(entry, file, prefix) {
  await buildEntry(entry, file);
  sweep(DIR, prefix, file);
}

/**
 * Removes from `dir` the bundles named `prefix…` other than `keep` (older sources), and the
 * .tmp files a killed build left; a running build's .tmp is younger than ten minutes.
 * @param {string} dir
 * @param {string} prefix
 * @param {string} keep
 */
export function sweep(dir, prefix, keep) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stale = name.endsWith('.tmp')
      ? Date.now() - (statSync(full, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 600_000
      : name.startsWith(prefix) && /-[0-9a-f]+\.mjs$/.test(name) && full !== keep;
    if (stale) rmSync(full, { force: true });
  }
}

/**
 * The URL of a bundle of `entry` (a path under src/) for the current sources, built now if
 * needed; `undefined` to use tsx.
 * @param {string} entry
 * @returns {Promise<string | undefined>}
 */
export async function currentBundle(entry) {
  if (process.env.CONFORM_NO_BUNDLE) return undefined;
  try {
    const prefix = `${entry.replace(/\.ts$/, '').replace(/[\\/]/g, '-')}-`;
    const file = path.join(DIR, `${prefix}${fingerprint()}.mjs`);
    if (!existsSync(file)) await build(entry, file, prefix);
    return pathToFileURL(file).href;
  } catch {
    return undefined;
  }
}

/**
 * Runs `entry` (a path under src/): its bundle, or the sources through tsx.
 * @param {string} entry
 */
export async function runEntry(entry) {
  const bundle = await currentBundle(entry);
  if (bundle) return import(bundle);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(path.join(SRC, entry)).href);
}
