/**
 * The live progress of `conform run`: on a TTY one redrawn line per operation with cases
 * done / total, failures so far and requests per second; plain lines in CI; nothing with
 * --quiet. The clock is injected: no test here depends on wall-clock time.
 */
import { describe, expect, it } from 'vitest';
import { sampleRun } from './__fixtures__/run-result.ts';
import { CLEAR_LINE, printConsole } from './console.ts';

function printer(tty: boolean, quiet = false) {
  const out: string[] = [];
  let clock = 0;
  const p = printConsole({ write: (s) => out.push(s), tty, quiet, now: () => clock });
  return { p, out, at: (ms: number) => (clock = ms) };
}

describe('progress', () => {
  it('TTY: one redrawn line with done/total, failures so far and requests per second', () => {
    const { p, out, at } = printer(true);
    p.event({ kind: 'operation-start', operationId: 'CreateApp', total: 1000 });
    at(2000);
    p.event({ kind: 'progress', operationId: 'CreateApp', done: 500, total: 1000, failures: 3 });
    const last = out.at(-1)!;
    expect(last.startsWith(CLEAR_LINE)).toBe(true);
    expect(last).toMatch(/CreateApp +█{12}░{12} 500\/1000 · 3 failures · 250 req\/s$/);
    p.event({ kind: 'operation-end', operationId: 'CreateApp', failures: 3, judged: 500, errors: 0, authRefused: 0, notRun: 0 });
    expect(out.at(-1)).toBe(`${CLEAR_LINE}✗ CreateApp — 3 failures\n`);
  });

  it('TTY: redraws at most every 100 ms, however fast the cases come', () => {
    const { p, out, at } = printer(true);
    p.event({ kind: 'operation-start', operationId: 'ShowSecret', total: 100 });
    const before = out.length;
    at(1000);
    for (let done = 10; done < 100; done += 10) p.event({ kind: 'progress', operationId: 'ShowSecret', done, total: 100, failures: 0 });
    expect(out.length - before).toBe(1);
    at(1100);
    p.event({ kind: 'progress', operationId: 'ShowSecret', done: 95, total: 100, failures: 1 });
    expect(out.length - before).toBe(2);
    expect(out.at(-1)).toMatch(/95\/100 · 1 failure · 86 req\/s$/);
  });

  it('CI: plain lines, one per quarter, with the same figures', () => {
    const { p, out, at } = printer(false);
    p.event({ kind: 'operation-start', operationId: 'CreateApp', total: 100 });
    for (let done = 10; done <= 100; done += 10) {
      at(done * 10);
      p.event({ kind: 'progress', operationId: 'CreateApp', done, total: 100, failures: done >= 60 ? 2 : 0 });
    }
    expect(out.join('')).toBe(['CreateApp: 100 cases', 'CreateApp 30/100 · 0 failures · 100 req/s', 'CreateApp 50/100 · 0 failures · 100 req/s', 'CreateApp 80/100 · 2 failures · 100 req/s', ''].join('\n'));
    expect(out.join('')).not.toContain('\r');
  });

  it('--quiet: no progress, and only the outcome and the reports at the end', () => {
    const { p, out } = printer(true, true);
    p.event({ kind: 'operation-start', operationId: 'CreateApp', total: 10 });
    p.event({ kind: 'progress', operationId: 'CreateApp', done: 5, total: 10, failures: 1 });
    p.event({ kind: 'operation-end', operationId: 'CreateApp', failures: 1, judged: 10, errors: 0, authRefused: 0, notRun: 0 });
    p.event({ kind: 'phase', name: 'shrinking' });
    expect(out).toEqual([]);
    p.summary(sampleRun(), ['reports/report.html']);
    const lines = out.join('').split('\n');
    expect(lines[0]).toMatch(/^Deviates: /);
    expect(lines.slice(1)).toEqual(['Reports: reports/report.html', '']);
  });
});
