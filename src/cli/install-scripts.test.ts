/**
 * `npm ci` runs no dependency's install script unless package.json's `allowScripts` allows it,
 * and warns about every one it has no decision for. Each such package of the lock file must
 * have a decision, so an install prints no warning; esbuild's is denied because its script only
 * swaps its `bin/esbuild` shim for the binary, and the suite calls esbuild's JavaScript API,
 * which finds the binary in its platform package (@esbuild/<os>-<arch>) without it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../package-root.ts';

const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(packagePath('package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};

describe('install scripts', () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([, p]) => p.hasInstallScript)
    .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));

  it('every locked package with an install script has an allowScripts decision, so npm ci warns about none', () => {
    const decided = Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(.)@.*$/, '$1'));
    expect(withScripts.filter((name) => !decided.includes(name))).toEqual([]);
  });

  it.runIf(withScripts.includes('esbuild'))("esbuild's script is denied: its launcher and API take the binary from the platform package the lock installs", () => {
    expect(pkg.allowScripts?.esbuild).toBe(false);
    const platforms = Object.keys(lock.packages).filter((where) => /node_modules\/@esbuild\/[a-z0-9]+-[a-z0-9]+$/.test(where));
    expect(platforms).toContain('node_modules/@esbuild/linux-x64');
  });
});
