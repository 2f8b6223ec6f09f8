/**
 * Names made unique are still the case their note describes: judged *as sent* by the
 * independent oracle (cases/fixtures/oracle.ts, written from the documents), under both
 * readings of "N 个字符", they break exactly what the generated case broke, with the same length
 * in characters and in UTF-8 bytes and the same character class at every position.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { boundaryCases, buildCases, type Case } from './index.ts';
import { broken } from './fixtures/oracle.ts';
import type { Operation } from '../spec/types.ts';
import { suiteSpecs } from '../test-support/target.ts';
import { uniquifyName } from './unique-names.ts';

const nameOf = (c: Case): string | undefined => {
  const v = c.body.kind === 'json' ? (c.body.value as { name?: unknown } | null)?.name : undefined;
  return typeof v === 'string' ? v : undefined;
};
const classOf = (ch: string) =>
  /[A-Z]/.test(ch) ? 'upper' : /[a-z]/.test(ch) ? 'lower' : /[0-9]/.test(ch) ? 'digit' : /^[\u4e00-\u9fa5]$/u.test(ch) ? 'han' : ch;

describe('uniquifyName', () => {
  let op: Operation;
  let cases: Case[];
  beforeAll(async () => {
    op = (await suiteSpecs()).flatMap((s) => s.operations).find((o) => o.id === 'CreateApp')!;
    cases = [...boundaryCases(op, { seed: 1 }), ...buildCases(op, { seed: 1, count: 300 })].filter((c) => c.expect === 'accept' && nameOf(c) !== undefined);
  });

  it('the request as sent breaks what the generated case broke, and keeps its widths and classes', () => {
    expect(cases.length).toBeGreaterThan(50);
    let changed = 0;
    cases.forEach((c, serial) => {
      const sent = uniquifyName(op, c, serial + 1, 424_242);
      const before = nameOf(c)!;
      const after = nameOf(sent)!;
      if (after !== before) changed++;
      const why = `${c.id} (${c.note}): ${JSON.stringify(before)} → ${JSON.stringify(after)}`;
      expect(sent.note, why).toBe(c.note);
      for (const reading of ['chars', 'bytes'] as const) expect(broken('CreateApp', sent, true, reading), why).toEqual(broken('CreateApp', c, true, reading));
      expect(Buffer.byteLength(after), why).toBe(Buffer.byteLength(before));
      expect([...after].map(classOf), why).toEqual([...before].map(classOf));
    });
    expect(changed).toBeGreaterThan(cases.length / 2);
  });

  it('"3 characters, all Chinese" stays three Chinese characters, and a thousand serials give a thousand names', () => {
    const han = cases.find((c) => /^[\u4e00-\u9fa5]{3}$/u.test(nameOf(c)!));
    expect(han, 'no boundary case of three Chinese characters').toBeDefined();
    const names = new Set<string>();
    for (let serial = 0; serial < 1000; serial++) {
      const name = nameOf(uniquifyName(op, han!, serial, 7))!;
      expect(name).toMatch(/^[\u4e00-\u9fa5]{3}$/u);
      names.add(name);
    }
    expect(names.size).toBe(1000);
  });
});
