import { describe, expect, it } from 'vitest';
import { runEmulatorCommand } from './cli.ts';
import { FAULTS } from './faults.ts';
import { createEmulator } from './handler.ts';

function capture() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } },
    out: () => out,
    err: () => err,
  };
}

async function waitFor(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i += 1) await new Promise((r) => setTimeout(r, 10));
}

describe('conform emulator', () => {
  it('serves until stopped, printing the URL and fixtures but no secret value; the dev token only', async () => {
    const cap = capture();
    const controller = new AbortController();
    const done = runEmulatorCommand(['--port', '0', '--host', '127.0.0.1', '--seed', '7'], { ...cap.io, signal: controller.signal });
    await waitFor(() => cap.out().includes('}'));
    const url = /listening on (http:\/\/\S+)/.exec(cap.out())![1];
    const shown = JSON.parse(cap.out().slice(cap.out().indexOf('{')));
    const expected = createEmulator({ seed: 7 }).fixtures;
    expect(shown).toMatchObject({ url, projectId: expected.projectId, token: expected.token, apig: expected.apig, elb: expected.elb, csms: expected.csms });
    for (const secret of expected.knownSecrets.filter((s) => s !== expected.token)) expect(cap.out() + cap.err()).not.toContain(secret);
    const r = await fetch(`${url}/v1/${expected.projectId}/secrets/${expected.csms.rotatableSecret}`, { headers: { 'x-auth-token': expected.token } });
    expect(r.status).toBe(200);
    controller.abort();
    expect(await done).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('never prints a token the user gave', async () => {
    const cap = capture();
    const controller = new AbortController();
    const done = runEmulatorCommand(['emulator', '--token=my-own-token', '--access-key', 'AK1', '--secret-key', 'SK-secret'], { ...cap.io, signal: controller.signal });
    await waitFor(() => cap.out().includes('}'));
    controller.abort();
    expect(await done).toBe(0);
    expect(cap.out()).not.toContain('my-own-token');
    expect(cap.out()).not.toContain('SK-secret');
    expect(cap.out()).toContain('listening on http://127.0.0.1:');
  });

  it('refuses an unknown fault with one line listing the known ones, exit 2', async () => {
    const cap = capture();
    expect(await runEmulatorCommand(['--fault', 'nope'], cap.io)).toBe(2);
    const lines = cap.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/unknown fault 'nope'; known: /);
    for (const f of FAULTS) expect(lines[0]).toContain(f.name);
  });

  it.each([
    [['--port', 'x']],
    [['--port', '70000']],
    [['--access-key', 'AK']],
    [['--bogus']],
    [['--port']],
  ])('refuses %j with exit 2', async (argv) => {
    const cap = capture();
    expect(await runEmulatorCommand(argv, cap.io)).toBe(2);
    expect(cap.err().trim().split('\n')).toHaveLength(1);
  });

  it('lists the faults', async () => {
    const cap = capture();
    expect(await runEmulatorCommand(['--list-faults'], cap.io)).toBe(0);
    expect(cap.out().trim().split('\n')).toHaveLength(FAULTS.length);
  });
});
