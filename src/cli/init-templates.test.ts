/**
 * What `conform init` and `conform emulator --write-config` write is a valid conform.yaml as
 * it stands: the embedded one runs as is, the others resolve once their variables are set and
 * name the missing variable otherwise; the emulator's file names that emulator's resources.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../checks/registry.ts';
import { DEFAULTS, parseFlags, resolveConfig } from '../config/index.ts';
import { catalogOf, loadSpecs, type SpecCatalog } from '../spec/index.ts';
import { createEmulator } from '../emulator/index.ts';
import { configText, writeConfig } from '../emulator/write-config.ts';
import { isConformError } from '../errors.ts';
import { configTemplate } from './init-templates.ts';

let dir: string;
let catalog: SpecCatalog;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'conform-init-'));
  catalog = catalogOf(await loadSpecs());
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const OPERATIONS = ['CreateApp', 'ResetAppSecret', 'UpdateCertificate', 'RotateSecret', 'ShowSecret'];

async function resolve(name: string, text: string, env: Record<string, string> = {}) {
  await writeFile(join(dir, name), text);
  return resolveConfig({ flags: parseFlags(['--config', name]), env, cwd: dir, knownChecks: [...CHECK_NAMES], knownOperations: OPERATIONS, catalog });
}

const IDS = {
  CONFORM_PROJECT_ID: 'p1',
  CONFORM_APIG_INSTANCE_ID: 'i1',
  CONFORM_APIG_APP_ID: 'a1',
  CONFORM_ELB_CERTIFICATE_ID: 'c1',
  CONFORM_CSMS_ROTATABLE_SECRET: 'rds',
  CONFORM_CSMS_COMMON_SECRET: 'common',
};

describe('conform init templates', { timeout: 30_000 }, () => {
  it('embedded: no target, the defaults', async () => {
    const c = await resolve('embedded.yaml', configTemplate('embedded'));
    expect(c.target).toBeUndefined();
    expect(c.run.seed).toBe(DEFAULTS.run.seed);
    expect(c.report.formats).toEqual([...DEFAULTS.report.formats]);
  });

  it('own emulator: the URL, the token and the resource ids no throwaway stands in for, from the environment', async () => {
    const c = await resolve('emulator.yaml', configTemplate('emulator', 'http://127.0.0.1:4010'), { ...IDS, HWC_AUTH_TOKEN: 't' });
    expect(c.target).toEqual({ apig: 'http://127.0.0.1:4010', elb: 'http://127.0.0.1:4010', csms: 'http://127.0.0.1:4010' });
    expect(c.auth.token).toBe('t');
    expect(c.fixtures).toEqual({ apig: { instanceId: 'i1' }, csms: { rotatableSecret: 'rds' } });
  });

  it('live region: AK/SK, no token', async () => {
    const c = await resolve('live.yaml', configTemplate('live', 'cn-north-4'), { ...IDS, HWC_PROJECT_ID: 'p', HWC_ACCESS_KEY: 'ak', HWC_SECRET_KEY: 'sk' });
    expect(c.region).toBe('cn-north-4');
    expect(c.target?.csms).toMatch(/^https:\/\/kms\.cn-north-4\.myhuaweicloud\.com/);
    expect([c.auth.accessKey, c.auth.secretKey, c.auth.token]).toEqual(['ak', 'sk', undefined]);
  });

  it('a variable left unset is one line naming it', async () => {
    try {
      await resolve('unset.yaml', configTemplate('emulator', 'http://127.0.0.1:4010'), { HWC_AUTH_TOKEN: 't' });
      expect.unreachable();
    } catch (e) {
      expect(isConformError(e) && e.oneLine()).toMatch(/^CONFORM_CONFIG: .*environment variable CONFORM_PROJECT_ID is not set/);
    }
  });
});

describe('conform emulator --write-config', () => {
  const emulator = createEmulator({ seed: 7 });

  it('names the emulator, its token, its resources and its secret values', async () => {
    const f = emulator.fixtures;
    const c = await resolve('emu.yaml', configText({ url: 'http://127.0.0.1:4010', seed: 7, fixtures: f, tokenGiven: false, aksk: false }));
    expect(c.target?.apig).toBe('http://127.0.0.1:4010');
    expect(c.auth.token).toBe(f.token);
    expect(c.projectId).toBe(f.projectId);
    expect(c.fixtures).toEqual({ apig: f.apig, elb: f.elb, csms: f.csms });
    expect([...c.knownSecrets].sort()).toEqual([...f.knownSecrets].sort());
  });

  it('a token the user chose is read from the environment, not written', async () => {
    const f = createEmulator({ token: 'my-own-token' }).fixtures;
    const text = configText({ url: 'http://127.0.0.1:1', seed: 1, fixtures: f, tokenGiven: true, aksk: false });
    expect(text).not.toContain('my-own-token');
    expect((await resolve('own.yaml', text, { HWC_AUTH_TOKEN: 'my-own-token' })).auth.token).toBe('my-own-token');
  });

  it('replaces a file it wrote, never another one', async () => {
    const input = { url: 'http://127.0.0.1:4010', seed: 7, fixtures: emulator.fixtures, tokenGiven: false, aksk: false };
    const file = join(dir, 'written.yaml');
    await writeConfig(file, input);
    await writeConfig(file, { ...input, url: 'http://127.0.0.1:4011' });
    expect(await readFile(file, 'utf8')).toContain('target: http://127.0.0.1:4011');
    const mine = join(dir, 'mine.yaml');
    await writeFile(mine, 'target: http://example.test\n');
    await expect(writeConfig(mine, input)).rejects.toThrow(/was not written by --write-config/);
    expect(await readFile(mine, 'utf8')).toBe('target: http://example.test\n');
  });
});
