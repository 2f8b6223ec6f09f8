/**
 * The package's root folder (package.json, specs/, node_modules/), found by walking up from
 * this module. A path relative to `import.meta.url` would differ between the sources and the
 * prebuilt bundle (cli/bundle.js), which lives at another depth under node_modules/.cache.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = 'hwcloud-conformance';

function isRoot(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === NAME;
  } catch {
    return false;
  }
}

/** The nearest folder at or above `from` holding this package's package.json. */
export function findRoot(from: string): string {
  for (let dir = from; ; ) {
    if (isRoot(dir)) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no ${NAME} package.json above ${from}`);
    dir = up;
  }
}

export const PACKAGE_ROOT: string = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the package. */
export function packagePath(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}
