/**
 * Cases for every JSON Schema construct, judged by ajv on the operation's own request schema:
 * a spec the project has never seen (test-support/widgets.ts) with integers, numbers, booleans,
 * enums, arrays, a nested object, a nullable field and "exactly one of".
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../spec/compile.ts';
import { loadSpecs } from '../spec/index.ts';
import type { Operation } from '../spec/types.ts';
import { widgetSpecsDir } from '../test-support/widgets.ts';
import { boundaryCases, boundaryLabels, buildCases, caseArbitrary, replayCase, shrinkCase } from './index.ts';
import type { Case, ConstraintKind } from './types.ts';
import { loadPostSpec, type PostSpec } from './fixtures/post-spec.ts';

const SRC = '{ doc: mixed.md, table: T1 }';
/** Constructs ConfigureWidget does not use: alternatives, "at least one of", nested groups, arrays of objects. */
const MIXED: PostSpec = {
  service: 'mixed',
  path: '/v1/things',
  operationId: 'CreateThing',
  source: SRC,
  schema: `type: object
required: [priority, level, items]
additionalProperties: false
properties:
  priority: { oneOf: [{ type: integer, minimum: 1, maximum: 5 }, { type: string, enum: [low, high] }], x-hwc-source: ${SRC} }
  weight: { anyOf: [{ type: number, exclusiveMaximum: 10, minimum: 0 }, { type: "null" }], x-hwc-source: ${SRC} }
  level: { type: integer, enum: [1, 2, 3], x-hwc-source: ${SRC} }
  step: { type: [integer, "null"], multipleOf: 5, minimum: 0, maximum: 50, x-hwc-source: ${SRC} }
  items:
    type: array
    maxItems: 2
    items:
      type: object
      required: [sku]
      additionalProperties: false
      properties:
        sku: { type: string, minLength: 2, maxLength: 6, pattern: '^[A-Z0-9]+$', x-hwc-charset: { allowed: [A, B, C, D, E, F, digit] } }
        qty: { type: integer, minimum: 1 }
        by_id: { type: string, maxLength: 4 }
        by_name: { type: string, maxLength: 4 }
      oneOf: [{ required: [by_id] }, { required: [by_name] }]
    x-hwc-source: ${SRC}
  email: { type: string, maxLength: 20, x-hwc-source: ${SRC} }
  phone: { type: string, maxLength: 20, x-hwc-source: ${SRC} }
anyOf: [{ required: [email] }, { required: [phone] }]
`,
};

let op: Operation;
let mixed: Operation;
const removals: (() => Promise<void>)[] = [];
beforeAll(async () => {
  const specs = await widgetSpecsDir();
  removals.push(specs.remove);
  op = (await loadSpecs(specs.dir))[0]!.operations[0]!;
  const loaded = await loadPostSpec(MIXED);
  removals.push(loaded.remove);
  mixed = loaded.op;
});
afterAll(async () => {
  for (const r of removals) await r();
});

/** The JSON Schema keyword each constraint kind breaks. */
const KEYWORD: Partial<Record<ConstraintKind, string>> = {
  minimum: 'minimum',
  maximum: 'maximum',
  exclusiveMinimum: 'exclusiveMinimum',
  exclusiveMaximum: 'exclusiveMaximum',
  multipleOf: 'multipleOf',
  minItems: 'minItems',
  maxItems: 'maxItems',
  uniqueItems: 'uniqueItems',
  enum: 'enum',
  type: 'type',
  null: 'type',
  required: 'required',
  minLength: 'minLength',
  maxLength: 'maxLength',
  'first-char': 'pattern',
  charset: 'pattern',
  'exactly-one': 'oneOf',
  'at-least-one': 'anyOf',
  oneOf: 'oneOf',
  anyOf: 'anyOf',
  'unknown-field': 'additionalProperties',
};

const json = (c: Case) => (c.body.kind === 'json' ? c.body.value : undefined);

function problems(cases: readonly Case[], operation: Operation = op): string[] {
  const op = operation;
  const validate = compileSchema(op.requestBody!.schema);
  const out: string[] = [];
  for (const c of cases) {
    const say = (m: string) => out.push(`${c.id} ${c.note}: ${m} — ${JSON.stringify(c.body).slice(0, 300)}`);
    const value = json(c);
    if (c.expect === 'accept') {
      const errors = validate(value);
      if (errors.length) say(`accept case fails the schema: ${errors.map((e) => `${e.instancePath} ${e.keyword}`).join('; ')}`);
      if (c.violation) say('accept case with a violation');
      continue;
    }
    const v = c.violation;
    if (!v) {
      say('negative case without a violation');
      continue;
    }
    if (!v.rule || !v.detail || !v.source?.doc) say('violation lacks rule, detail or source');
    const keyword = KEYWORD[v.constraint];
    if (c.expect === 'reject' && keyword && value !== undefined) {
      const errors = validate(value);
      if (errors.length === 0) say(`reject case (${v.constraint}) passes the schema`);
      else if (!errors.some((e) => e.keyword === keyword)) say(`names ${v.constraint} but breaks ${errors.map((e) => `${e.instancePath} ${e.keyword}`).join('; ')}`);
    }
  }
  return out;
}

describe('cases of an operation with every JSON Schema construct', () => {
  it('every boundary and random case is what it claims, for several seeds', () => {
    for (const seed of [1, 7, 2024]) expect(problems(buildCases(op, { seed, count: 150 })), `seed ${seed}`).toEqual([]);
  });

  it('boundary cases break each documented constraint, naming it and the path to the value', () => {
    const named = new Set(boundaryCases(op, { seed: 3 }).flatMap((c) => (c.violation ? [`${c.violation.constraint} ${c.violation.field ?? ''}`] : [])));
    for (const expected of [
      'minimum size',
      'maximum size',
      'exclusiveMinimum ratio',
      'multipleOf ratio',
      'type size',
      'type enabled',
      'null size',
      'enum mode',
      'minItems tags',
      'maxItems tags',
      'uniqueItems tags',
      'maxLength tags[]',
      'charset tags[]',
      'required limits.cpu',
      'maximum limits.cpu',
      'maxLength limits.label',
      'maxLength note',
      'exactly-one ',
      'minLength name',
      'first-char name',
      'required tags',
    ]) {
      expect(named, expected).toContain(expected);
    }
  });

  it('boundary accept cases reach each edge: bounds, item counts, null where documented, each alternative of a one-of pair', () => {
    const labels = boundaryLabels(op);
    for (const label of ['size/min', 'size/max', 'ratio/max', 'enabled/true', 'enabled/false', 'tags/min-items', 'tags/max-items', 'note/null', 'group-0/secret_text', 'group-0/secret_blob', 'limits/every-property'])
      expect(labels).toContain(label);
    const accepted = boundaryCases(op, { seed: 5 }).filter((c) => c.expect === 'accept').map((c) => json(c) as Record<string, unknown>);
    expect(accepted.some((b) => b.size === 1) && accepted.some((b) => b.size === 100)).toBe(true);
    expect(accepted.some((b) => b.ratio === 0.25) && accepted.some((b) => b.ratio === 1)).toBe(true);
    expect(accepted.some((b) => Array.isArray(b.tags) && b.tags.length === 3)).toBe(true);
    expect(accepted.some((b) => 'note' in b && b.note === null)).toBe(true);
    for (const b of accepted) expect(('secret_text' in b ? 1 : 0) + ('secret_blob' in b ? 1 : 0), JSON.stringify(b)).toBe(1);
  });

  it('alternatives, "at least one of", integer enums, nullable multiples and arrays of objects with their own "exactly one of"', () => {
    for (const seed of [1, 99]) expect(problems(buildCases(mixed, { seed, count: 150 }), mixed), `seed ${seed}`).toEqual([]);
    const named = new Set(boundaryCases(mixed, { seed: 2 }).flatMap((c) => (c.violation ? [`${c.violation.constraint} ${c.violation.field ?? ''}`] : [])));
    for (const expected of ['oneOf priority', 'anyOf weight', 'enum level', 'multipleOf step', 'maxItems items', 'required items[].sku', 'exactly-one items[]', 'charset items[].sku', 'minimum items[].qty', 'at-least-one ', 'unknown-field x_conform_unknown', 'unknown-field items[].x_conform_unknown']) {
      expect(named, expected).toContain(expected);
    }
    const accepted = buildCases(mixed, { seed: 4, count: 200 }).filter((c) => c.expect === 'accept').map((c) => json(c) as Record<string, unknown>);
    expect(accepted.some((b) => typeof b.priority === 'number') && accepted.some((b) => typeof b.priority === 'string')).toBe(true);
    expect(accepted.some((b) => b.step === null) && accepted.some((b) => b.step === 50)).toBe(true);
  });

  it('random cases replay from their seed and index, and shrink with fast-check', async () => {
    const [c] = fc.sample(caseArbitrary(op, 'reject'), { seed: 42, numRuns: 1 });
    const again = replayCase(op, 'reject', 42, 0);
    expect(again.body).toEqual(c!.body);
    // a target that refuses sizes above 100 only from 1,000 on: the shrunk case sits right there
    const tooBig = (x: Case) => x.violation?.constraint === 'maximum' && x.violation.field === 'size';
    const failing = fc.sample(caseArbitrary(op, 'reject'), { seed: 9, numRuns: 500 }).findIndex(tooBig);
    expect(failing).toBeGreaterThanOrEqual(0);
    const original = replayCase(op, 'reject', 9, failing);
    const shrunk = await shrinkCase(op, original, (x) => tooBig(x) && ((json(x) as { size: number }).size ?? 0) > 100, { maxCalls: 200 });
    expect(shrunk).toBeDefined();
    expect((json(shrunk!.case) as { size: number }).size).toBe(101);
    expect(replayCase(op, 'reject', 9, shrunk!.case.replay!.path!).body).toEqual(shrunk!.case.body);
  });
});

describe('cases of the supporting operations (specs/*.yaml, x-hwc-role: support)', () => {
  it('every boundary and random case of each one with a body is what it claims', async () => {
    const support = (await loadSpecs()).flatMap((s) => s.operations.filter((o) => o.role === 'support' && o.requestBody));
    expect(support.map((o) => o.id).sort()).toEqual(['CreateCertificate', 'CreateDedicatedApp', 'CreateSecret']);
    for (const o of support) expect(problems(buildCases(o, { seed: 5, count: 60 }), o), o.id).toEqual([]);
  });
});
