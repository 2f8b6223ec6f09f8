import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpecs } from '../spec/index.ts';
import type { Operation } from '../spec/types.ts';
import { boundaryCases } from './boundary.ts';
import { FACTS } from './fixtures/oracle.ts';
import { operations as fixtureOperations } from './fixtures/operations.ts';
import type { Case } from './types.ts';

let realOperations: Operation[] = [];
beforeAll(async () => {
  realOperations = (await loadSpecs()).flatMap((s) => s.operations.filter((o) => o.role !== 'support'));
});

// written from the documents, independently of charclasses.PROBES
const PROBE_CHARS = [...' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', 'é', 'Ж', '😀', 'あ', 'カ', '한', '\u0001'];
const RESOURCE_PARAM: Readonly<Record<string, string | undefined>> = {
  CreateApp: undefined,
  ResetAppSecret: 'id',
  UpdateCertificate: 'certificate_id',
  RotateSecret: 'secret_name',
  ShowSecret: 'secret_name',
};

const SEEDS = [3, 17, 4242];

const bodyOf = (c: Case): Record<string, unknown> | undefined =>
  c.body.kind === 'json' && c.body.value && typeof c.body.value === 'object' && !Array.isArray(c.body.value)
    ? (c.body.value as Record<string, unknown>)
    : undefined;
const chars = (s: string) => [...s].length;
const bytes = (s: string) => Buffer.byteLength(s);

describe.each([
  ['fixtures', () => fixtureOperations],
  ['specs/*.yaml', () => realOperations],
])('boundary cases over %s', (_label, ops) => {
  it.each(SEEDS)('cover both sides of every documented limit of every field (seed %i)', (seed) => {
    for (const op of ops()) {
      const cases = boundaryCases(op, { seed });
      for (const [field, f] of Object.entries(FACTS[op.id])) {
        const values = (expect: Case['expect']) =>
          cases.filter((c) => c.expect === expect && !c.violation && typeof bodyOf(c)?.[field] === 'string').map((c) => bodyOf(c)![field] as string);
        const broken = (kind: string) => cases.filter((c) => c.violation?.field === field && c.violation.constraint === kind);
        const where = `${op.id}.${field}`;
        const accepted = values('accept');
        if (f.min !== undefined && f.min > 0) {
          expect(accepted.some((v) => chars(v) === f.min), `${where} min`).toBe(true);
          expect(accepted.some((v) => chars(v) === f.min && /[\u4e00-\u9fa5]/.test(v) && f.each?.test('中')), `${where} min Chinese`).toBe(
            !!f.each?.test('中'),
          );
          expect(broken('minLength').map((c) => chars(bodyOf(c)![field] as string)), where).toContain(f.min - 1);
        } else {
          expect(accepted, `${where} empty`).toContain('');
        }
        if (f.max !== undefined) {
          expect(accepted.some((v) => chars(v) === f.max), `${where} max`).toBe(true);
          expect(broken('maxLength').map((c) => chars(bodyOf(c)![field] as string)), where).toContain(f.max + 1);
          if (f.each === undefined || f.each.test('中')) {
            expect(accepted.some((v) => bytes(v) === f.max && /[\u4e00-\u9fa5]/.test(v)), `${where} byte limit in Chinese`).toBe(true);
          }
        }
        if (f.first) {
          const starts = broken('first-char').map((c) => (bodyOf(c)![field] as string)[0]);
          for (const ch of '0_-!@#$%') {
            if (f.each?.test(ch) && !f.first.test(ch)) {
              expect(starts.some((s) => f.each!.test(s) && (/\d/.test(ch) ? /\d/.test(s) : s === ch)), `${where} starts with ${ch}`).toBe(true);
            }
          }
          for (const v of accepted) expect(f.first.test([...v][0] ?? 'a'), `${where} accept ${v}`).toBe(true);
        }
        if (f.each) {
          const probed = broken('charset').map((c) => bodyOf(c)![field] as string);
          for (const p of PROBE_CHARS) {
            if (!f.each.test(p)) expect(probed.some((v) => v.includes(p)), `${where} probe U+${p.codePointAt(0)!.toString(16)}`).toBe(true);
          }
        }
        if (f.forbidden) {
          const sent = broken('forbidden-char').map((c) => bodyOf(c)![field] as string);
          expect(sent.some((v) => v.includes('<')) && sent.some((v) => v.includes('>')), where).toBe(true);
        }
        const types = broken('type').map((c) => (Array.isArray(bodyOf(c)![field]) ? 'array' : typeof bodyOf(c)![field]));
        expect(types.sort(), where).toEqual(['array', 'boolean', 'number', 'object']);
        expect(broken('null').length, where).toBe(1);
        expect(broken('required').length, where).toBe(f.required ? 1 : 0);
      }
    }
  });

  it.each(SEEDS)('cover the whole body: empty, malformed, non-object, unknown field, unknown resource (seed %i)', (seed) => {
    for (const op of ops()) {
      const cases = boundaryCases(op, { seed });
      const kinds = cases.map((c) => c.violation?.constraint);
      const param = RESOURCE_PARAM[op.id];
      const unknown = cases.filter((c) => c.violation?.constraint === 'unknown-resource');
      expect(unknown.map((c) => Object.keys(c.pathOverrides ?? {})), op.id).toEqual(param ? [[param]] : []);
      unknown.forEach((c) => expect(c.expect).toBe('reject'));
      if (!op.requestBody) {
        expect(cases.map((c) => [c.expect, c.body.kind]), op.id).toEqual([['accept', 'none'], ['reject', 'none']]);
        continue;
      }
      for (const k of ['malformed-json', 'type', 'unknown-field']) expect(kinds, `${op.id} ${k}`).toContain(k);
      const empties = cases.filter((c) => c.body.kind === 'none' || (c.body.kind === 'raw' && c.body.text === ''));
      expect(empties.length, op.id).toBe(2);
      for (const c of empties) expect(c.expect, op.id).toBe(op.requestBody.required ? 'reject' : 'either');
      const array = cases.find((c) => c.violation?.constraint === 'type' && !c.violation.field);
      expect(array?.body.kind === 'json' && Array.isArray(array.body.value)).toBe(true);
      if (!op.requestBody.schema.required?.length) {
        expect(cases.some((c) => c.expect === 'accept' && JSON.stringify(bodyOf(c)) === '{}'), `${op.id} {}`).toBe(true);
      }
    }
  });

  it('are the same for the same seed; values (not kinds) change with the seed', () => {
    for (const op of ops()) {
      const a = boundaryCases(op, { seed: 1 });
      expect(boundaryCases(op, { seed: 1 })).toEqual(a);
      const b = boundaryCases(op, { seed: 2 });
      expect(b.map((c) => [c.id, c.expect, c.violation?.constraint, c.violation?.field])).toEqual(
        a.map((c) => [c.id, c.expect, c.violation?.constraint, c.violation?.field]),
      );
    }
  });

  it('accept cases of CreateApp send distinct names (real services keep app names unique)', () => {
    const op = ops().find((o) => o.id === 'CreateApp')!;
    const names = boundaryCases(op, { seed: 4 })
      .filter((c) => c.expect === 'accept' && bodyOf(c)?.name !== undefined)
      .map((c) => bodyOf(c)!.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('every violation says the rule in words, what was sent, and where the rule is documented', () => {
    const op = ops().find((o) => o.id === 'CreateApp')!;
    const cases = boundaryCases(op, { seed: 3 });
    const tooLong = cases.find((c) => c.violation?.constraint === 'maxLength' && c.violation.field === 'name')!;
    expect(tooLong.violation).toMatchObject({
      rule: 'name: 3–64 characters',
      detail: 'sent a 65-character name',
      source: { doc: '001_91e26b5751280585.txt', table: '表 2' },
    });
    const first = cases.find((c) => c.violation?.constraint === 'first-char' && c.violation.field === 'name')!;
    expect(first.violation!.rule).toBe('name: starts with a Latin letter or a Chinese character');
  });
});
