import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const dir = await mkdtemp(join(tmpdir(), 'conform-cache-'));
vi.stubEnv('CONFORM_CACHE_DIR', `${dir}/`);
const { readValidated, writeValidated } = await import('./validated-cache.ts');

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('validated-spec cache', () => {
  it('returns what was stored for the same content, and nothing for other content', async () => {
    const spec = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} };
    const resolved = { ...spec, resolved: true };
    expect(await readValidated(spec)).toBeUndefined();
    await writeValidated(spec, resolved);
    expect(await readValidated(structuredClone(spec))).toEqual(resolved);
    expect(await readValidated({ ...spec, info: { title: 'changed', version: '1' } })).toBeUndefined();
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
