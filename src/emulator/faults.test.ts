import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isConformError } from '../errors.ts';
import { FAULTS, findFault, type CheckName, type FaultName } from './faults.ts';
import { createEmulator } from './handler.ts';
import { HANG } from './operation.ts';
import { startEmulator } from './server.ts';
import {
  DOCUMENTED_STATUS,
  ELB_TIME,
  ISO_UTC_MS,
  expectCsmsFlatError,
  expectCsmsNestedError,
  startClient,
  type Client,
} from '../test-support/emulator-harness.ts';

const CHECKS: readonly CheckName[] = [
  'no-server-error', 'status-documented', 'accepts-valid', 'rejects-invalid', 'response-schema', 'content-type',
  'error-shape', 'masking', 'secret-leak', 'metadata-only', 'auth-required', 'state-rotation',
  'state-common-not-rotatable', 'state-reset-advances', 'state-certificate-immutable', 'state-unchanged',
  'reflects-request', 'state-refusal-changes-nothing', 'optional-feature-consistent', 'reads-back', 'moves-label', 'transport',
];

/**
 * One probe per fault: the simplest exchange that shows the documented behaviour. It returns
 * true when the target conforms; the baseline emulator must pass it and the faulted one fail it.
 */
const PROBES: Record<FaultName, (c: Client) => Promise<boolean>> = {
  'create-app-wrong-status': async (c) => (await create(c, { name: 'app_001' })).status === 201,
  'create-app-unmasked-secret': async (c) => (await create(c, { name: 'app_001' })).json.app_secret === '******',
  'create-app-echo-secret': async (c) => {
    const r = await create(c, { name: 'app_001', app_secret: 'Echo_me_12345' });
    const bad = await create(c, { name: 'app_001', app_secret: 'Echo^me^12345' });
    return r.status === 201 && !r.text.includes('Echo_me_12345') && !bad.text.includes('Echo^me^12345');
  },
  'create-app-skip-name-charset': async (c) => (await create(c, { name: 'app-1' })).status === 400,
  'create-app-skip-name-length': async (c) =>
    (await create(c, { name: 'ab' })).status === 400 && (await create(c, { name: `a${'b'.repeat(64)}` })).status === 400,
  'create-app-skip-first-char': async (c) => (await create(c, { name: '1app' })).status === 400,
  'create-app-skip-remark-length': async (c) => (await create(c, { name: 'app_001', remark: 'r'.repeat(256) })).status === 400,
  'create-app-skip-app-key-rule': async (c) => (await create(c, { name: 'app_001', app_key: 'short' })).status === 400,
  'create-app-missing-id': async (c) => typeof (await create(c, { name: 'app_001' })).json.id === 'string',
  'create-app-status-string': async (c) => Number.isInteger((await create(c, { name: 'app_001' })).json.status),
  'create-app-bad-time-format': async (c) => {
    const { json } = await create(c, { name: 'app_001' });
    return ISO_UTC_MS.test(json.register_time) && ISO_UTC_MS.test(json.update_time);
  },
  'create-app-chinese-name-500': async (c) => (await create(c, { name: '应用_001' })).status === 201,
  'create-app-remark-not-stored': async (c) => {
    const made = await create(c, { name: 'app_001', remark: 'first app' });
    const seen = await c.request('GET', `/v1.0/apigw/apps/${made.json.id}`);
    return made.json.remark === 'first app' && seen.json.remark === 'first app';
  },
  'reset-secret-no-advance': async (c) => {
    const first = await reset(c, {});
    const second = await reset(c, {});
    return Date.parse(second.json.update_time) > Date.parse(first.json.update_time);
  },
  'reset-secret-unmasked': async (c) => (await reset(c, {})).json.app_secret === '******',
  'reset-secret-server-error': async (c) => (await reset(c, {})).status === 200,
  'reset-secret-skip-validation': async (c) => (await reset(c, { app_secret: 'short' })).status === 400,
  'reset-secret-time-not-stored': async (c) => {
    const answered = (await reset(c, {})).json.update_time;
    const f = c.emu.fixtures;
    const seen = await c.request('GET', `/v1/${f.projectId}/apigw/instances/${f.apig.instanceId}/apps/${f.apig.appId}`);
    return seen.json.update_time === answered;
  },
  'elb-changes-certificate': async (c) => {
    const before = (await update(c, {})).json;
    const after = (await update(c, { name: 'n', certificate: 'X', private_key: 'Y', domain: 'example.com' })).json;
    return after.certificate === before.certificate && after.private_key === before.private_key && after.domain === before.domain;
  },
  'elb-allows-angle-brackets': async (c) => (await update(c, { description: '<b>x</b>' })).status === 400,
  'elb-name-not-reflected': async (c) => (await update(c, { name: 'new_name' })).json.name === 'new_name',
  'elb-bad-time-format': async (c) => {
    const { json } = await update(c, { name: 'n' });
    return ELB_TIME.test(json.create_time) && ELB_TIME.test(json.update_time);
  },
  'elb-update-not-stored': async (c) => {
    const answered = (await update(c, { description: 'stored?' })).json;
    const list = (await c.request('GET', `/v1.0/${c.emu.fixtures.projectId}/elbaas/certificate`)).json;
    return answered.description === 'stored?' && list.certificates.find((x: { id: string }) => x.id === answered.id)?.description === 'stored?';
  },
  'undocumented-status': async (c) =>
    (DOCUMENTED_STATUS.UpdateCertificate as readonly number[]).includes((await update(c, { name: 'n' })).status),
  'rotate-common-allowed': async (c) => (await c.request('POST', c.paths.rotateSecret(c.emu.fixtures.csms.commonSecret))).status === 400,
  'rotate-same-version': async (c) => {
    const a = await c.request('POST', c.paths.rotateSecret());
    const b = await c.request('POST', c.paths.rotateSecret());
    return a.status === 200 && b.status === 200 && a.json.version_id !== b.json.version_id;
  },
  'rotate-keeps-syscurrent': async (c) => {
    const { version_id } = (await c.request('POST', c.paths.rotateSecret())).json;
    return (await c.request('GET', `${c.paths.showSecret()}/stages/SYSCURRENT`)).json.stage.version_id === version_id;
  },
  'rotate-syscurrent-twice': async (c) => {
    await c.request('POST', c.paths.rotateSecret());
    const { version_metadatas } = (await c.request('GET', `${c.paths.showSecret()}/versions`)).json;
    return version_metadatas.filter((v: { version_stages: string[] }) => v.version_stages.includes('SYSCURRENT')).length === 1;
  },
  'show-secret-leaks-value': async (c) => {
    const { json, text } = await c.request('GET', c.paths.showSecret(c.emu.fixtures.csms.commonSecret));
    return !('secret_string' in json.secret) && !c.emu.fixtures.knownSecrets.some((s) => text.includes(s));
  },
  'show-secret-bad-state': async (c) =>
    ['ENABLED', 'DISABLED', 'PENDING_DELETE', 'FROZEN'].includes((await c.request('GET', c.paths.showSecret())).json.secret.state),
  'show-secret-iso-times': async (c) => {
    const { secret } = (await c.request('GET', c.paths.showSecret())).json;
    return Number.isInteger(secret.create_time) && Number.isInteger(secret.update_time);
  },
  'csms-error-shape': async (c) =>
    expectCsmsFlatError((await c.request('GET', c.paths.showSecret('unknown'))).json) &&
    expectCsmsNestedError((await c.request('POST', c.paths.rotateSecret('unknown'))).json),
  'auth-skipped': async (c) => {
    const statuses = await Promise.all([
      c.request('POST', c.paths.createApp, { body: { name: 'app_001' }, token: null }),
      c.request('PUT', c.paths.resetAppSecret(), { body: {}, token: null }),
      c.request('PUT', c.paths.updateCertificate(), { body: {}, token: null }),
      c.request('POST', c.paths.rotateSecret(), { token: null }),
      c.request('GET', c.paths.showSecret(), { token: null }),
    ]);
    return statuses.every((r) => r.status === 401);
  },
  'wrong-content-type': async (c) =>
    /^application\/json/.test((await c.request('GET', c.paths.showSecret())).headers.get('content-type') ?? ''),
  'token-in-error': async (c) => !(await c.request('GET', c.paths.showSecret('unknown'))).text.includes(c.emu.fixtures.token),
  'create-app-remark-cut': async (c) => {
    const remark = 'r'.repeat(200);
    return (await create(c, { name: 'app_001', remark })).json.remark === remark;
  },
  'create-app-name-latin1': async (c) => (await create(c, { name: '应用_001' })).json.name === '应用_001',
  'reset-secret-new-app-key': async (c) => (await reset(c, {})).json.app_key === (await reset(c, {})).json.app_key,
  'reset-secret-register-time': async (c) => (await reset(c, {})).json.register_time === (await reset(c, {})).json.register_time,
  'reset-secret-clock-skew': async (c) => {
    const times: number[] = [];
    for (let i = 0; i < 4; i++) times.push(Date.parse((await reset(c, {})).json.update_time));
    return times.every((t, i) => i === 0 || t >= times[i - 1]!);
  },
  'rotate-version-cycles': async (c) => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) seen.add((await c.request('POST', c.paths.rotateSecret())).json.version_id);
    return seen.size === 4;
  },
  'rotate-common-once': async (c) => {
    const common = c.paths.rotateSecret(c.emu.fixtures.csms.commonSecret);
    return (await c.request('POST', common)).status === 400 && (await c.request('POST', common)).status === 400;
  },
  'show-secret-delete-time-zero': async (c) => (await c.request('GET', c.paths.showSecret())).json.secret.scheduled_delete_time === null,
  'create-app-secret-in-trace': async (c) => {
    const { text } = await create(c, { name: 'app_001', app_secret: 'Trace_me_12345' });
    return !/"trace"/.test(text);
  },
  'reset-secret-partial-mask': async (c) => {
    const r = await reset(c, { app_secret: 'Hint_me_12345' });
    return r.status === 200 && r.headers.get('x-app-secret-hint') === null;
  },
  'create-app-last-secret': async (c) => {
    await create(c, { name: 'app_001', app_secret: 'Earlier_12345' });
    return !(await create(c, { name: 'app_002' })).text.includes('Earlier_12345');
  },
  'auth-error-quotes-token': async (c) => !(await c.request('GET', c.paths.showSecret(), { token: 'a-wrong-token-1234' })).text.includes('a-wrong-token-1234'),
  'reset-secret-any-instance': async (c) => (await c.request('PUT', c.paths.resetAppSecret(undefined, 'c0f0'.padEnd(32, '0')), { body: {} })).status === 404,
  'show-secret-long-name-500': async (c) => (await c.request('GET', c.paths.showSecret('s'.repeat(300)))).status === 404,
  'elb-partial-update': async (c) => {
    await update(c, { name: 'before' });
    await update(c, { name: 'refused_name', description: '<b>' });
    return (await update(c, {})).json.name === 'before';
  },
  'rotate-common-touches': async (c) => {
    const show = c.paths.showSecret(c.emu.fixtures.csms.commonSecret);
    const before = (await c.request('GET', show)).json.secret.update_time;
    await c.request('POST', c.paths.rotateSecret(c.emu.fixtures.csms.commonSecret));
    return (await c.request('GET', show)).json.secret.update_time === before;
  },
  'create-app-key-max-refused': async (c) => (await create(c, { name: 'app_001', app_key: `k${'0'.repeat(63)}` })).status === 201,
  hang: async (c) => {
    try {
      return (await c.request('GET', c.paths.showSecret(), { signal: AbortSignal.timeout(1000) })).status === 200;
    } catch {
      return false;
    }
  },
};

function create(c: Client, body: unknown) {
  return c.request('POST', c.paths.createApp, { body });
}
function reset(c: Client, body: unknown) {
  return c.request('PUT', c.paths.resetAppSecret(), { body });
}
function update(c: Client, body: unknown) {
  return c.request('PUT', c.paths.updateCertificate(), { body });
}

describe('the fault catalogue', () => {
  it('has at least 24 faults with unique names, known checks and real operations', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(24);
    expect(new Set(FAULTS.map((f) => f.name)).size).toBe(FAULTS.length);
    for (const f of FAULTS) {
      expect(CHECKS).toContain(f.check);
      expect(f.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(f.description.length).toBeGreaterThan(10);
      expect(f.operations.length).toBeGreaterThan(0);
      expect(f.operation === '*' ? f.operations.length > 1 : f.operations.join() === f.operation).toBe(true);
    }
  });

  it('is the table in README.md, row for row', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const rows = readme.split('\n').filter((line) => /^\| `[a-z0-9-]+` \|/.test(line));
    expect(rows.map((row) => /`([a-z0-9-]+)`/.exec(row)![1])).toEqual(FAULTS.map((f) => f.name));
    for (const f of FAULTS) expect(rows.find((row) => row.startsWith(`| \`${f.name}\``))).toContain(`\`${f.check}\``);
  });

  it('refuses an unknown fault with the known names', () => {
    expect(() => findFault('nope')).toThrow(/unknown fault 'nope'; known: create-app-wrong-status, /);
    try {
      createEmulator({ fault: 'nope' });
      expect.unreachable();
    } catch (error) {
      expect(isConformError(error) && error.code === 'CONFORM_USAGE').toBe(true);
    }
  });
});

describe('each fault changes what the wire shows', () => {
  it.each(FAULTS.map((f) => [f.name, f.check] as const))('%s (caught by %s)', async (name) => {
    const probe = PROBES[name];
    const baseline = await startClient();
    const faulted = await startClient({ fault: name });
    try {
      expect(await probe(baseline), 'the baseline emulator conforms').toBe(true);
      expect(await probe(faulted), 'the faulted emulator deviates').toBe(false);
    } finally {
      await Promise.all([baseline.emu.close(), faulted.emu.close()]);
    }
  });
});

describe('hang', () => {
  it('close() ends a hung request at once', async () => {
    const emu = await startEmulator({ fault: 'hang' });
    const f = emu.fixtures;
    const pending = fetch(`${emu.url}/v1/${f.projectId}/secrets/${f.csms.rotatableSecret}`, { headers: { 'x-auth-token': f.token } });
    const outcome = pending.then(() => 'answered', () => 'cut');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await emu.close();
    expect(await outcome).toBe('cut');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('in-process, a hung handle() ends on abort or on close()', async () => {
    const e = createEmulator({ fault: 'hang' });
    const f = e.fixtures;
    const url = `http://emulator.local/v1/${f.projectId}/secrets/${f.csms.rotatableSecret}`;
    expect(e.respond({ method: 'GET', path: new URL(url).pathname, query: '', headers: { 'x-auth-token': f.token }, body: null })).toBe(HANG);
    const controller = new AbortController();
    const aborted = e.handle(new Request(url, { headers: { 'x-auth-token': f.token }, signal: controller.signal }));
    controller.abort();
    await expect(aborted).rejects.toThrow(/aborted/);
    const closed = e.handle(new Request(url, { headers: { 'x-auth-token': f.token } }));
    e.close();
    await expect(closed).rejects.toThrow(/closed/);
  });

  it('leaves every other operation answering', async () => {
    const c = await startClient({ fault: 'hang' });
    try {
      expect((await c.request('POST', c.paths.rotateSecret())).status).toBe(200);
      expect((await c.request('GET', c.paths.showSecret('unknown'))).status).toBe(404);
    } finally {
      await c.emu.close();
    }
  });
});
