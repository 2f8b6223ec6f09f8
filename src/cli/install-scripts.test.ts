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
    expect(withScripts.length).toBeGreaterThan(0);
    const decided = Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(.)@.*$/, '$1'));
    expect(withScripts.filter((name) => !decided.includes(name))).toEqual([]);
  });

  it("esbuild's script is denied: the bundler is used through its JavaScript API only", () => {
    expect(pkg.allowScripts?.esbuild).toBe(false);
    const bundler = readFileSync(packagePath('src/cli/bundle.js'), 'utf8');
    expect(bundler).toMatch(/import\('esbuild'\)/);
    expect(bundler).not.toMatch(/bin\/esbuild|child_process/);
  });
});
