import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const dir = await mkdtemp(join(tmpdir(), 'conform-cache-'));
vi.stubEnv('CONFORM_CACHE_DIR', `${dir}/`);
const { readValidated, specKey, writeValidated } = await import('./validated-cache.ts');
const { DEFAULT_SPECS_DIR, loadSpec } = await import('./index.ts');

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('validated-spec cache', () => {
  it('returns what was stored for the same text, and nothing for other text', async () => {
    const text = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\n';
    const entry = { data: { openapi: '3.1.0' }, resolved: { openapi: '3.1.0', resolved: true } };
    const key = await specKey(text);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await readValidated(key)).toBeUndefined();
    await writeValidated(key, entry);
    expect(await readValidated(await specKey(text))).toEqual(entry);
    expect(await readValidated(await specKey(`${text}# changed\n`))).toBeUndefined();
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('is off with CONFORM_NO_CACHE: no key, nothing read or written', async () => {
    vi.stubEnv('CONFORM_NO_CACHE', '1');
    try {
      expect(await specKey('anything')).toBeUndefined();
      expect(await readValidated(undefined)).toBeUndefined();
      await writeValidated(undefined, { data: 1, resolved: 2 });
    } finally {
      vi.stubEnv('CONFORM_NO_CACHE', '');
    }
  });
});

describe('loading through the cache', () => {
  it('a spec read back from the cache gives the same operations, with working validators', async () => {
    const specs = join(dir, 'specs');
    await mkdir(specs, { recursive: true });
    const file = join(specs, 'csms.yaml');
    await copyFile(join(DEFAULT_SPECS_DIR, 'csms.yaml'), file);
    const before = (await readdir(dir)).filter((f) => f.endsWith('.json')).length;
    const first = await loadSpec(file);
    expect((await readdir(dir)).filter((f) => f.endsWith('.json')).length).toBe(before + 1);
    const second = await loadSpec(file);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const show = (s: typeof first) => s.operations.find((o) => o.id === 'ShowSecret')!.responses.find((r) => r.status === 200)!.validate!;
    for (const body of [{ secret: { id: 1 } }, {}, { secret: {} }]) expect(show(second)(body)).toEqual(show(first)(body));
  });

  it('a spec that fails a check after OpenAPI validation is not stored', async () => {
    const file = join(dir, 'specs', 'broken.yaml');
    const text = await readFile(join(DEFAULT_SPECS_DIR, 'csms.yaml'), 'utf8');
    // valid OpenAPI, but an unknown x-hwc- extension
    await writeFile(file, text.replace('x-hwc-service: csms', 'x-hwc-service: csms\nx-hwc-unknown: 1'));
    const before = await readdir(dir);
    await expect(loadSpec(file)).rejects.toMatchObject({ code: 'CONFORM_SPEC_EXTENSION' });
    await expect(loadSpec(file)).rejects.toMatchObject({ code: 'CONFORM_SPEC_EXTENSION' });
    expect(await readdir(dir)).toEqual(before);
  });
});
