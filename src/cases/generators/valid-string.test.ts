import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../spec/compile.ts';
import type { JsonSchema } from '../../spec/types.ts';
import { compileCharset } from '../charclasses.ts';
import { bodySpec, generationMax } from '../fields.ts';
import { FACTS } from '../fixtures/oracle.ts';
import { operations } from '../fixtures/operations.ts';
import { fitString } from './fit.ts';
import { unitArbitrary, unitsArbitrary } from './units.ts';
import { validString } from './valid-string.ts';

const fields = operations.flatMap((op) => (bodySpec(op)?.fields ?? []).flatMap((f) => (f.kind === 'string' ? [{ op: op.id, field: f }] : [])));

function validUnderFacts(op: string, name: string, v: string): boolean {
  const f = FACTS[op][name];
  const chars = [...v];
  if (f.min !== undefined && chars.length < f.min) return false;
  if (f.max !== undefined && Buffer.byteLength(v) > f.max) return false;
  if (f.first && chars.length > 0 && !f.first.test(chars[0])) return false;
  if (f.each && !chars.every((c) => f.each!.test(c))) return false;
  return !(f.forbidden && f.forbidden.test(v));
}

describe('validString', () => {
  it.each(fields.map((x) => [`${x.op}.${x.field.name}`, x] as const))('%s: every value valid under every reading and the schema', (_l, { op, field }) => {
    const validate = compileSchema(field.schema as JsonSchema);
    fc.assert(
      fc.property(validString(field), (v) => {
        expect(validUnderFacts(op, field.name, v), JSON.stringify(v)).toBe(true);
        expect(validate(v)).toEqual([]);
        if (!field.string.rule.allowed) expect(v).not.toMatch(/^\s|\s$/); // free text: no edge spaces
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it.each(fields.map((x) => [`${x.op}.${x.field.name}`, x] as const))('%s: lengths reach both ends of the range', (_l, { field }) => {
    const lengths = fc.sample(validString(field), { seed: 4, numRuns: 300 }).map((v) => [...v].length);
    expect(Math.min(...lengths)).toBe(field.string.min);
    expect(Math.max(...lengths)).toBe(generationMax(field.string));
  });

  it('takes enum values from the enum', () => {
    const field = { ...fields[0].field, string: { ...fields[0].field.string, enum: ['A', 'B'] } };
    expect(new Set(fc.sample(validString(field), { seed: 1, numRuns: 50 }))).toEqual(new Set(['A', 'B']));
  });
});

describe('fitString is total', () => {
  // whatever text, target and filler it gets, the value is valid — so shrinking never leaves the valid domain
  const rules = [
    { rule: compileCharset({ first: ['latin', 'han'], allowed: ['latin', 'digit', 'han', '_'] }), min: 3, max: 64, re: /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9_\u4e00-\u9fa5]*$/u },
    { rule: compileCharset({ first: ['latin', 'digit'], allowed: ['latin', 'digit', '_', '-', '!', '@', '#', '$', '%'] }), min: 8, max: 64, re: /^[A-Za-z0-9][A-Za-z0-9_!@#$%-]*$/u },
    { rule: compileCharset({ forbidden: ['<', '>'] }), min: 0, max: 128, re: /^[^<>]*$/u },
  ];
  it.each(rules.map((r, i) => [i, r] as const))('rule %i', (_i, { rule, min, max, re }) => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.integer({ min: -5, max: 300 }),
        unitsArbitrary(rule.restPool, 40),
        unitArbitrary(rule.firstPool),
        (text, target, filler, first) => {
          const sanitisedText = [...text].filter((c) => re.test(c) || re.test(`a${c}`)).join('');
          const v = fitString(rule, { text: sanitisedText, target, filler, firstUnit: first }, { min, maxChars: max, maxBytes: max });
          expect([...v].length).toBeGreaterThanOrEqual(min);
          expect(Buffer.byteLength(v)).toBeLessThanOrEqual(max);
          expect(v).toMatch(re);
        },
      ),
      { seed: 2, numRuns: 300 },
    );
  });
});
