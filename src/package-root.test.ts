import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRoot, PACKAGE_ROOT, packagePath } from './package-root.ts';

describe('the package root', () => {
  it('is the folder of package.json and specs/, from the sources and from the bundle folder alike', () => {
    expect(existsSync(packagePath('specs', 'csms.yaml'))).toBe(true);
    expect(findRoot(path.join(PACKAGE_ROOT, 'src', 'spec'))).toBe(PACKAGE_ROOT);
    expect(findRoot(path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'hwcloud-conformance', 'bundle'))).toBe(PACKAGE_ROOT);
  });

  it('is not found outside the package: a clear error, not a wrong folder', () => {
    expect(() => findRoot(path.parse(PACKAGE_ROOT).root)).toThrow(/no hwcloud-conformance package.json above/);
  });
});
