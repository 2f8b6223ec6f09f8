/**
 * `contentEncoding: base64` (CSMS CreateSecret `secret_binary`, "base64编码的二进制数据对象"):
 * every value a case means as valid is canonical base64 within its length limits; the values
 * that break it are named for it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConformError } from '../errors.ts';
import { findOperation, loadSpecs } from '../spec/index.ts';
import type { JsonSchema, Operation } from '../spec/types.ts';
import { base64Text } from './base64.ts';
import { loadPostSpec, type PostSpec } from './fixtures/post-spec.ts';
import { boundaryCases, buildCases, caseArbitrary } from './index.ts';
import { readingCases } from './reading-cases.ts';
import { readStringField } from './string-facts.ts';
import type { Case } from './types.ts';

/** Written from RFC 4648 §4, apart from base64.ts: decodes, and re-encodes to the same text. */
function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0 && Buffer.from(text, 'base64').toString('base64') === text;
}

const bodyOf = (c: Case) => (c.body.kind === 'json' ? (c.body.value as Record<string, unknown>) : undefined);
const SEEDS = [1, 7, 4242];

const SRC = '{ doc: vault.md, table: T1 }';
/** base64 with both limits, required, and nested in an object: what CreateSecret does not exercise. */
const VAULT: PostSpec = {
  service: 'vault',
  path: '/v1/blobs',
  operationId: 'PutBlob',
  source: SRC,
  schema: `type: object
required: [data]
properties:
  data: { type: string, minLength: 6, maxLength: 30, contentEncoding: base64, x-hwc-source: { doc: vault.md, table: T1, quote: data } }
  meta:
    type: object
    properties:
      key: { type: string, maxLength: 12, contentEncoding: base64 }
    x-hwc-source: ${SRC}
`,
};

let createSecret: Operation;
let putBlob: Operation;
let removeVault: () => Promise<void>;
beforeAll(async () => {
  createSecret = findOperation(await loadSpecs(), 'CreateSecret')!;
  ({ op: putBlob, remove: removeVault } = await loadPostSpec(VAULT));
});
afterAll(() => removeVault());

describe('base64Text', () => {
  it('draws canonical base64 of exactly the drawn length, every padding', () => {
    const pads = new Set<number>();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }).chain((k) => fc.tuple(fc.constant(4 * k), base64Text(fc.constant(4 * k)))),
        ([n, text]) => {
          expect(text).toHaveLength(n);
          expect(isBase64(text)).toBe(true);
          if (n > 0) pads.add(text.length - text.replace(/=+$/, '').length);
        },
      ),
    );
    expect([...pads].sort()).toEqual([0, 1, 2]);
  });
});

describe('CreateSecret secret_binary (contentEncoding: base64, maxLength 32768)', () => {
  const binaries = (cases: readonly Case[]) =>
    cases.flatMap((c) => (typeof bodyOf(c)?.secret_binary === 'string' ? [{ c, v: bodyOf(c)!.secret_binary as string }] : []));

  it.each(SEEDS)('is base64 within 32768 characters in every case not about it (seed %i)', (seed) => {
    const all = binaries(buildCases(createSecret, { seed, count: 60 })).filter(({ c }) => c.violation?.field !== 'secret_binary');
    const accepts = all.filter(({ c }) => c.expect === 'accept');
    expect(accepts.length).toBeGreaterThan(20);
    for (const { c, v } of all) {
      expect(isBase64(v), `${c.id}: ${v.slice(0, 40)}`).toBe(true);
      expect(v.length).toBeLessThanOrEqual(32768);
    }
    // the edges: empty and the longest text, and each padding
    const lengths = new Set(accepts.map(({ v }) => v.length));
    expect(lengths.has(0) && lengths.has(32768)).toBe(true);
    const padding = (v: string) => v.length - v.replace(/=+$/, '').length;
    for (const pad of [0, 1, 2]) expect(accepts.some(({ v }) => v.length > 0 && padding(v) === pad)).toBe(true);
  });

  it('is base64 in the random accept stream (what the run throwaway secret is drawn from)', () => {
    const drawn = fc.sample(caseArbitrary(createSecret, 'accept'), { seed: 11, numRuns: 100 });
    const values = binaries(drawn);
    expect(values.length).toBeGreaterThan(20);
    for (const { v } of values) expect(isBase64(v) && v.length <= 32768).toBe(true);
  });

  it('sends not-base64 values as either cases naming the encoding and its source', () => {
    const cases = boundaryCases(createSecret, { seed: 3 }).filter((c) => c.violation?.constraint === 'contentEncoding');
    expect(cases).toHaveLength(2);
    const sourceOf = (createSecret.requestBody!.schema.properties!.secret_binary as JsonSchema)['x-hwc-source'];
    for (const c of cases) {
      const v = bodyOf(c)!.secret_binary as string;
      expect(isBase64(v)).toBe(false);
      expect(v.length % 4).toBe(0);
      expect(v.length).toBeLessThanOrEqual(32768);
      expect(bodyOf(c)!.secret_string).toBeUndefined();
      expect(c.expect).toBe('either');
      expect(c.violation).toMatchObject({ field: 'secret_binary', rule: 'secret_binary: base64 (contentEncoding)', source: sourceOf });
      expect(c.note).toContain('(contentEncoding)');
    }
    const [alphabet, padding] = cases.map((c) => bodyOf(c)!.secret_binary as string);
    expect(alphabet).toMatch(/[^A-Za-z0-9+/=]/);
    expect(padding).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(padding).toMatch(/=[^=]/);
  });

  it('is too long under both readings of "最大32K" when rejected, and shows the reading with an either case', () => {
    const long = boundaryCases(createSecret, { seed: 3 }).filter((c) => c.violation?.constraint === 'maxLength' && c.violation.field === 'secret_binary');
    const [both, chars] = [long.find((c) => c.expect === 'reject')!, long.find((c) => c.expect === 'either')!];
    const v = bodyOf(both)!.secret_binary as string;
    expect(isBase64(v)).toBe(true);
    expect(v.length).toBeGreaterThan(32768);
    expect(Buffer.from(v, 'base64').length).toBeGreaterThan(32768);
    const w = bodyOf(chars)!.secret_binary as string;
    expect(isBase64(w) && w.length > 32768 && Buffer.from(w, 'base64').length <= 32768).toBe(true);
    const random = fc
      .sample(caseArbitrary(createSecret, 'reject'), { seed: 5, numRuns: 120 })
      .filter((c) => c.violation?.field === 'secret_binary' && c.violation.constraint === 'maxLength');
    expect(random.length).toBeGreaterThan(0);
    for (const c of random) {
      const r = bodyOf(c)!.secret_binary as string;
      expect(isBase64(r) && Buffer.from(r, 'base64').length > 32768).toBe(true);
    }
  });

  it('gets no Chinese length probe: Chinese there would break the encoding, not a length', () => {
    const valid = boundaryCases(createSecret, { seed: 1 }).find((c) => c.expect === 'accept')!;
    const probed = readingCases(createSecret, valid).map((c) => Object.keys(bodyOf(c)!).find((k) => /^[\u4e00-\u9fa5]+$/.test(String(bodyOf(c)![k]))));
    expect(probed).not.toContain('secret_binary');
    expect(probed).toContain('secret_string');
  });
});

describe('base64 with a minimum, and nested', () => {
  it.each(SEEDS)('keeps valid values inside 8–28 characters and breaks one thing in negatives (seed %i)', (seed) => {
    const cases = buildCases(putBlob, { seed, count: 200 });
    for (const c of cases) {
      const body = bodyOf(c);
      if (!body || typeof body !== 'object' || Array.isArray(body)) continue;
      const data = body.data;
      const key = (body.meta as { key?: unknown } | undefined)?.key;
      if (c.violation?.field !== 'data' && typeof data === 'string') {
        expect(isBase64(data) && data.length >= 8 && data.length <= 28, `${c.id} data ${data}`).toBe(true);
      }
      if (c.violation?.field !== 'meta.key' && typeof key === 'string') {
        expect(isBase64(key) && key.length <= 12, `${c.id} meta.key ${key}`).toBe(true);
      }
    }
    const data = (c: Case) => bodyOf(c)!.data as string;
    const short = cases.filter((c) => c.violation?.field === 'data' && c.violation.constraint === 'minLength');
    expect(short.length).toBeGreaterThan(0);
    for (const c of short) expect(isBase64(data(c)) && data(c).length < 6).toBe(true);
    const encoding = cases.filter((c) => c.violation?.constraint === 'contentEncoding');
    expect(encoding.map((c) => c.violation!.field).sort()).toEqual(['data', 'data', 'meta.key', 'meta.key']);
    expect(encoding.find((c) => c.violation!.field === 'data')!.violation!.source).toMatchObject({ quote: 'data' });
  });
});

describe('readStringField', () => {
  const src = { doc: 'd.md', table: 'T' };
  const read = (schema: Record<string, unknown>) => () => readStringField('X /f', 'f', schema as JsonSchema, true, src);
  it('honours base64 and refuses what it cannot honour, naming where', () => {
    expect(read({ type: 'string', contentEncoding: 'base64' })().string.encoding).toBe('base64');
    expect(read({ type: 'string' })().string.encoding).toBeUndefined();
    for (const [schema, message] of [
      [{ type: 'string', contentEncoding: 'base32' }, /only base64/],
      [{ type: 'string', contentEncoding: 'base64', 'x-hwc-charset': { allowed: ['latin'] } }, /x-hwc-charset/],
      [{ type: 'string', contentEncoding: 'base64', minLength: 5, maxLength: 7 }, /multiple of 4/],
    ] as const) {
      expect(read(schema)).toThrow(ConformError);
      expect(read(schema)).toThrow(message);
      try {
        read(schema)();
      } catch (e) {
        expect((e as ConformError).where).toBe('X /f/contentEncoding');
      }
    }
  });
});
