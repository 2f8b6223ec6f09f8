/**
 * The prebuilt bundle (bundle.js) is what `conform` runs; tsx over the sources is its fallback.
 * Both must be the same program.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { currentBundle, fingerprint, sweep } from './bundle.js';
import { cli } from '../test-support/cli-harness.ts';

describe('the prebuilt bundle', () => {
  it('is built for the current sources and then reused', async () => {
    const url = await currentBundle('cli/main.ts');
    expect(url).toMatch(/node_modules\/\.cache\/hwcloud-conformance\/bundle\/cli-main-[0-9a-f]{20}\.mjs$/);
    expect(existsSync(fileURLToPath(url!))).toBe(true);
    expect(await currentBundle('cli/main.ts')).toBe(url);
  });

  it('a build sweeps out bundles of older sources and what a killed build left, nothing else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conform-sweep-'));
    try {
      const names = ['cli-main-aaaa.mjs', 'cli-main-bbbb.mjs', 'bench-main-cccc.mjs', 'cli-main-bbbb.mjs.1.tmp', 'cli-main-dddd.mjs.2.tmp', 'notes.txt'];
      for (const n of names) await writeFile(join(dir, n), '');
      const hourAgo = new Date(Date.now() - 3_600_000);
      await utimes(join(dir, 'cli-main-bbbb.mjs.1.tmp'), hourAgo, hourAgo);
      sweep(dir, 'cli-main-', join(dir, 'cli-main-aaaa.mjs'));
      expect((await readdir(dir)).sort()).toEqual(['bench-main-cccc.mjs', 'cli-main-aaaa.mjs', 'cli-main-dddd.mjs.2.tmp', 'notes.txt']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs the same CLI as the sources through tsx', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conform-bundle-'));
    try {
      for (const args of [['list'], ['--version'], ['lint'], ['run', '--bogus']]) {
        const bundled = await cli(args, { cwd: dir });
        const sources = await cli(args, { cwd: dir, env: { CONFORM_NO_BUNDLE: '1' } });
        expect({ args, code: bundled.code, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual({
          args,
          code: sources.code,
          stdout: sources.stdout,
          stderr: sources.stderr,
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('is named by the sources: any change to a source file (not a test) gives another name', async () => {
    const root = await mkdtemp(join(tmpdir(), 'conform-fingerprint-'));
    try {
      const src = join(root, 'src');
      await mkdir(join(src, 'cli'), { recursive: true });
      await writeFile(join(root, 'package.json'), '{"name":"x"}');
      await writeFile(join(src, 'cli', 'main.ts'), 'export {};');
      await writeFile(join(src, 'cli', 'main.test.ts'), 'test');
      const first = fingerprint(root, src);
      expect(fingerprint(root, src)).toBe(first);
      await writeFile(join(src, 'cli', 'main.test.ts'), 'another test');
      expect(fingerprint(root, src)).toBe(first);
      await writeFile(join(src, 'cli', 'main.ts'), 'export {}; ');
      const edited = fingerprint(root, src);
      expect(edited).not.toBe(first);
      await utimes(join(src, 'cli', 'main.ts'), new Date(1), new Date(1));
      expect(fingerprint(root, src)).not.toBe(edited);
      await writeFile(join(src, 'cli', 'new.ts'), '');
      expect(fingerprint(root, src)).not.toBe(edited);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
