/**
 * Throwaway resources and the cleanup, end to end against the reference emulator (and rewrites of
 * it): a run that may create makes the fixtures nobody named, runs on them, and deletes every
 * resource it created whatever ended it; what it could not delete is listed with why.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { EmulatorFixtures, EmulatorSnapshot } from '../emulator/index.ts';
import { createSender } from '../execute/send.ts';
import { jsonResponse, type Transform } from '../test-support/proxy.ts';
import { baseConfig, explain, runAgainst, suiteSpecs } from '../test-support/target.ts';
import { CreatedResources } from './resources.ts';
import { throwawayCase } from './throwaways.ts';
import type { RunResult } from './types.ts';

/** Only what no throwaway can stand in for: the instance, and the secret RotateSecret rotates. */
const minimal = (f: EmulatorFixtures) => ({ apig: { instanceId: f.apig.instanceId }, csms: { rotatableSecret: f.csms.rotatableSecret } });

/** The emulator's state without what the run was told to work on (the rotatable secret). */
function untouched(s: EmulatorSnapshot, f: { rotatable: string }) {
  return { apps: s.apps, certificates: s.certificates, secrets: s.secrets.filter((x) => x.name !== f.rotatable) };
}

const verdicts = (r: RunResult) => Object.fromEntries(r.operations.flatMap((o) => o.checks.map((c) => [`${o.operationId} ${c.check}`, c.verdict])));

/** A rewrite answering every request of `method` whose path matches, without forwarding it. */
function answer(name: string, method: string, path: RegExp, status: number, body: unknown): Transform {
  return { name, request: (req) => (req.method === method && path.test(req.url.split('?')[0]!) ? jsonResponse(status, body) : req) };
}

/** A target answering every creation of a secret with the name of the user's own secret. */
const answersNamedSecret: Transform = {
  name: 'creation answers the named secret',
  response: (res, req, ctx) => {
    if (req.method !== 'POST' || !/\/secrets$/.test(req.url.split('?')[0]!) || res.status >= 300) return res;
    const body = JSON.parse(res.body) as { secret: { name: string } };
    return { ...res, body: JSON.stringify({ ...body, secret: { ...body.secret, name: ctx.fixtures.csms.rotatableSecret } }) };
  },
};

describe.concurrent('throwaway resources and the cleanup', { timeout: 120_000 }, () => {
  it('stand in for the fixtures nobody named: the same verdicts as on named ones, nothing left, the user resources untouched', async () => {
    let states: [EmulatorSnapshot, EmulatorSnapshot] | undefined;
    let rotatable = '';
    const lines: string[] = [];
    const [withThrowaways, withNamed] = await Promise.all([
      runAgainst({
        cases: 4,
        named: (f) => ((rotatable = f.csms.rotatableSecret), minimal(f)),
        state: (before, after) => (states = [before, after]),
        onEvent: (e) => e.kind === 'phase' && lines.push(e.name),
      }),
      runAgainst({ cases: 4 }),
    ]);
    expect(withThrowaways.summary.outcome, explain(withThrowaways)).toBe('conforms');
    const throwaways = withThrowaways.createdResources.filter((r) => r.throwaway !== undefined);
    expect(throwaways.map((t) => `${t.throwaway} ${t.operationId}`).sort()).toEqual(['apig.appId CreateDedicatedApp', 'csms.commonSecret CreateSecret', 'elb.certificateId CreateCertificate']);
    expect(throwaways.every((t) => /^conform_/.test(t.name))).toBe(true);
    expect(lines.filter((l) => l.startsWith('setup: ') && l.includes(' = '))).toHaveLength(3);
    // every check judged the throwaways as it judges named resources: COMMON refused, resets advancing, …
    expect(verdicts(withThrowaways)).toEqual(verdicts(withNamed));
    expect(verdicts(withThrowaways)['RotateSecret state-common-not-rotatable']).toBe('passed');
    // every resource the run created is gone, the user's own are as they were
    expect(withThrowaways.createdResources.filter((r) => r.state !== 'deleted')).toEqual([]);
    expect(withThrowaways.cleanup?.requests).toBeGreaterThan(withThrowaways.createdResources.length - 1);
    const [before, after] = states!;
    expect(untouched(after, { rotatable })).toEqual(untouched(before, { rotatable }));
  });

  it('a delete the target refuses leaves the resource listed with why; the verdicts do not change', async () => {
    const r = await runAgainst({ cases: 2, named: minimal, transforms: [answer('no delete', 'DELETE', /./, 500, { error_code: 'APIG.9999', error_msg: 'internal' })] });
    expect(r.summary.outcome, explain(r)).toBe('conforms');
    expect(r.createdResources.length).toBeGreaterThan(3);
    for (const res of r.createdResources) {
      expect(res.state).toBe('left');
      expect(res.note).toMatch(/^Delete\w+ answered 500 APIG\.9999$/);
    }
  });

  it('deletes that get no answer: the cleanup gives up and says so, not that it was stopped', async () => {
    const reset: Transform = {
      name: 'deletes reset',
      request: (req) => {
        if (req.method === 'DELETE') throw new Error('connection cut');
        return req;
      },
    };
    const r = await runAgainst({ cases: 4, concurrency: 2, named: minimal, transforms: [reset] });
    // five resets in a row, at most two deletes in flight: the others are never sent
    expect(r.createdResources.length, JSON.stringify(r.createdResources.length)).toBeGreaterThan(8);
    expect(r.createdResources.every((x) => x.state === 'left')).toBe(true);
    const notes = new Set(r.createdResources.map((x) => x.note?.replace(/^Delete\w+/, 'Delete')));
    expect([...notes].sort()).toEqual(['Delete got no answer (reset)', 'the cleanup gave up: 5 deletes in a row got no answer (run.giveUpAfter)']);
  });

  it('a delete answered with a not-found status, by a target that deletes others, counts the resource as already gone', async () => {
    // the first delete finds nothing (the resource expired, say); the others delete
    const firstGone: Transform = {
      name: 'first delete finds nothing',
      request: (req, ctx) => (req.method === 'DELETE' && ctx.next('delete') === 1 ? jsonResponse(404, { error_code: 'APIG.3004', error_msg: 'App not found' }) : req),
    };
    const r = await runAgainst({ cases: 2, operations: ['CreateApp'], concurrency: 1, transforms: [firstGone] });
    const gone = r.createdResources.filter((x) => x.state === 'gone');
    expect(gone).toHaveLength(1);
    expect(gone[0]!.note).toMatch(/answered 404, documented for an unknown resource: already gone/);
    expect(r.createdResources.filter((x) => x.state === 'left')).toEqual([]);
    expect(r.createdResources.length).toBeGreaterThan(1);
  });

  it('a delete answered with another 2xx than the documented one (200 for 204) deleted the resource all the same', async () => {
    const ok200: Transform = { name: 'delete answers 200', response: (res, req) => (req.method === 'DELETE' && res.status === 204 ? jsonResponse(200, {}) : res) };
    const r = await runAgainst({ cases: 2, operations: ['CreateApp'], transforms: [ok200] });
    expect(r.createdResources.length).toBeGreaterThan(1);
    expect(r.createdResources.every((x) => x.state === 'deleted' && x.note === 'deleted by DeleteApp (answered 200)')).toBe(true);
  });

  it('a delete the target answers "not found" every time and never honours: the resources are left, not "gone"', async () => {
    const r = await runAgainst({ cases: 2, operations: ['CreateApp'], transforms: [answer('no delete here', 'DELETE', /./, 404, { error_code: 'APIG.0101', error_msg: 'not found' })] });
    expect(r.createdResources.length).toBeGreaterThan(1);
    for (const x of r.createdResources) {
      expect(x.state).toBe('left');
      expect(x.note).toBe(`DeleteApp answered 404 to all ${r.createdResources.length} deletes and never deleted one: not served here, or each was already gone; check by hand`);
    }
  });

  it('a creation answered with another 2xx than the documented one is still deleted: the resource exists all the same', async () => {
    const status200: Transform = {
      name: 'CreateApp answers 200',
      response: (res, req) => (req.method === 'POST' && req.url.split('?')[0] === '/v1.0/apigw/apps' && res.status === 201 ? { ...res, status: 200 } : res),
    };
    let states: [EmulatorSnapshot, EmulatorSnapshot] | undefined;
    const r = await runAgainst({ cases: 2, operations: ['CreateApp'], transforms: [status200], state: (before, after) => (states = [before, after]) });
    expect(r.createdResources.length).toBeGreaterThan(0);
    expect(r.createdResources.filter((x) => x.state !== 'deleted')).toEqual([]);
    expect(states![1].apps).toEqual(states![0].apps);
  });

  it('an answer naming a resource the user named is never deleted by the cleanup: it is listed as left, with why', async () => {
    let states: [EmulatorSnapshot, EmulatorSnapshot] | undefined;
    let rotatable = '';
    const r = await runAgainst({
      cases: 2,
      operations: ['CreateSecret'],
      named: (f) => ((rotatable = f.csms.rotatableSecret), minimal(f)),
      transforms: [answersNamedSecret],
      state: (before, after) => (states = [before, after]),
    });
    const named = r.createdResources.filter((x) => x.id === rotatable);
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((x) => x.state === 'left' && /csms\.rotatableSecret, a resource you named/.test(x.note ?? ''))).toBe(true);
    expect(states![1].secrets.some((x) => x.name === rotatable)).toBe(true);
  });

  it('a throwaway whose answer gives a resource the user named does not stand in: the run never works on it unasked', async () => {
    const lines: string[] = [];
    const r = await runAgainst({ cases: 2, operations: ['RotateSecret'], named: minimal, transforms: [answersNamedSecret], onEvent: (e) => e.kind === 'phase' && lines.push(e.name) });
    expect(r.createdResources.filter((x) => x.throwaway !== undefined)).toEqual([]);
    expect(lines.some((l) => /^setup: no throwaway csms\.commonSecret: CreateSecret answered csms\.rotatableSecret, a resource you named/.test(l)), lines.join('\n')).toBe(true);
    expect(r.failures).toEqual([]);
  });

  it('a throwaway the target will not create: the operation needing it is not run, with why; the others run', async () => {
    const refuse = answer('no dedicated app', 'POST', /\/apigw\/instances\/[^/]+\/apps$/, 400, { error_code: 'APIG.2001', error_msg: 'refused' });
    const r = await runAgainst({ cases: 2, named: minimal, transforms: [refuse] });
    const reset = r.operations.find((o) => o.operationId === 'ResetAppSecret')!;
    expect(reset.requests).toBe(0);
    expect(reset.notRun?.reason).toMatch(/no apig\.appId to work on: the run could not create a throwaway one \(CreateDedicatedApp answered 400 APIG\.2001\); name fixtures\.apig\.appId/);
    expect(reset.checks.filter((c) => c.verdict !== 'not applicable').every((c) => c.verdict === 'not exercised')).toBe(true);
    for (const o of r.operations.filter((x) => x.operationId !== 'ResetAppSecret')) expect(o.checks.some((c) => c.verdict === 'passed'), o.operationId).toBe(true);
    expect(r.failures).toEqual([]);
    expect(r.createdResources.filter((x) => x.state !== 'deleted')).toEqual([]);
  });

  it('Ctrl-C in the middle: the run stops, and still deletes what it created', async () => {
    const interrupt = new AbortController();
    let seen = 0;
    let states: [EmulatorSnapshot, EmulatorSnapshot] | undefined;
    const r = await runAgainst({
      cases: 20,
      named: minimal,
      onOutcome: () => {
        if (++seen === 60) interrupt.abort();
      },
      signal: interrupt.signal,
      state: (before, after) => (states = [before, after]),
    });
    expect(r.summary.outcome).toBe('interrupted');
    expect(r.createdResources.length).toBeGreaterThan(3);
    // a creating request in flight is not cut: its answer names what it made
    expect(r.cleanup?.unanswered).toBe(0);
    expect(r.createdResources.filter((x) => x.state !== 'deleted')).toEqual([]);
    expect(states![1].apps).toEqual(states![0].apps);
    expect(states![1].certificates).toEqual(states![0].certificates);
  });

  it('Ctrl-C while the setup waits out a throttled creation: the wait ends at once, nothing more is created', { timeout: 20_000 }, async () => {
    const interrupt = new AbortController();
    // the first throwaway's creation is throttled for 30 s a time; Ctrl-C comes with the 429
    const throttle: Transform = {
      name: 'throttled creation',
      request: (req) => {
        if (req.method !== 'POST' || !/\/instances\/[^/]+\/apps$/.test(req.url.split('?')[0]!)) return req;
        interrupt.abort();
        return { ...jsonResponse(429, { error_code: 'APIG.0308', error_msg: 'throttled' }), headers: [['content-type', 'application/json'], ['retry-after', '30']] };
      },
    };
    const lines: string[] = [];
    const r = await runAgainst({ cases: 2, named: minimal, transforms: [throttle], signal: interrupt.signal, onEvent: (e) => e.kind === 'phase' && lines.push(e.name) });
    expect(r.summary.outcome).toBe('interrupted');
    expect(lines.filter((l) => /^setup: no throwaway /.test(l))).toHaveLength(3);
    expect(r.createdResources).toEqual([]);
  });

  it('the setup breaking (the tool) after a creation: an error of the run, what needed a throwaway not run, the rest judged, nothing left', async () => {
    let states: [EmulatorSnapshot, EmulatorSnapshot] | undefined;
    const r = await runAgainst({
      cases: 2,
      named: minimal,
      // the first throwaway is made, then the tool breaks
      onEvent: (e) => {
        if (e.kind === 'phase' && / = /.test(e.name)) throw new Error('a bug in the setup');
      },
      state: (before, after) => (states = [before, after]),
    });
    expect(r.errors.some((e) => e.caseId === 'setup' && /a bug in the setup/.test(e.message))).toBe(true);
    const reset = r.operations.find((o) => o.operationId === 'ResetAppSecret')!;
    expect(reset.notRun?.reason).toMatch(/the setup of the throwaways broke: a bug in the setup/);
    expect(r.operations.find((o) => o.operationId === 'CreateApp')!.checks.some((c) => c.verdict === 'passed')).toBe(true);
    expect(r.createdResources.length).toBeGreaterThan(0);
    expect(r.createdResources.filter((x) => x.state !== 'deleted')).toEqual([]);
    expect(states![1].apps).toEqual(states![0].apps);
  });

  it('a spent budget ends the cases, not the cleanup', async () => {
    const r = await runAgainst({ cases: 20, named: minimal, maxRequests: 40 });
    expect(r.completion).toMatchObject({ complete: false, reason: 'budget' });
    expect(r.summary.requests).toBe(40);
    expect(r.createdResources.length).toBeGreaterThan(3);
    expect(r.createdResources.filter((x) => x.state !== 'deleted')).toEqual([]);
  });

  it('a second Ctrl-C stops the deleting: what is left is listed as left', async () => {
    const stopCleanup = new AbortController();
    stopCleanup.abort();
    const r = await runAgainst({ cases: 2, named: minimal, cleanupSignal: stopCleanup.signal });
    expect(r.createdResources.length).toBeGreaterThan(3);
    expect(r.createdResources.every((x) => x.state === 'left' && x.note === 'the cleanup was stopped')).toBe(true);
  });
});

describe('the watched sender', () => {
  it('close() waits for a creating request in flight: it ends within its own time bound and counts as unanswered', { timeout: 20_000 }, async () => {
    let arrived!: () => void;
    const got = new Promise<void>((resolve) => (arrived = resolve));
    // the answer to the creation never ends: only the request's own time bound ends it
    const server = createServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' }).write('{');
      const drip = setInterval(() => res.write(' '), 20);
      res.once('close', () => clearInterval(drip));
      arrived();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const all = (await suiteSpecs()).flatMap((s) => s.operations);
      const creator = all.find((o) => o.creates && !o.params.some((p) => p.in === 'path'))!;
      const base = await baseConfig(['--timeout', '300']);
      const config = { ...base, target: { apig: url, elb: url, csms: url }, auth: { ...base.auth, token: 't' } };
      const resources = new CreatedResources(new Map(all.map((o) => [o.id, o] as const)), () => ({}));
      const sender = resources.watch(createSender(config, {}, Date.now() + 60_000));
      const sent = sender.send(creator, throwawayCase({ fixture: creator.creates!.throwaway[0]!.fixture, creator, body: {} }, 1, 'close'));
      await got;
      await sender.close();
      expect(resources.unknown().unanswered).toBe(1);
      const o = await sent;
      expect(!o.ok && o.error.code).toBe('timeout');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
