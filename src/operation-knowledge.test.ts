/**
 * An operation is a spec: no operation, service, fixture or distinctive field name of the specs
 * appears in the engine's code (src/ outside the emulator, test support and test data). What a
 * check or phase needs to know of an operation comes from its spec's extensions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSpecs } from './spec/index.ts';
import type { JsonSchema } from './spec/types.ts';

const SRC = path.dirname(fileURLToPath(import.meta.url));

/** Not engine code: the emulator (one service, on purpose), test support and data, the package's own config templates, the bench's workload. */
const EXEMPT = [/^emulator\//, /^test-support\//, /\.test\.ts$/, /__fixtures__\//, /^cases\/fixtures\//, /testdata\//, /^cli\/init-templates\.ts$/, /^bench\//];

function* sources(dir: string, rel = ''): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* sources(path.join(dir, e.name), r);
    else if (/\.(ts|js|mjs)$/.test(e.name) && !EXEMPT.some((x) => x.test(r))) yield r;
  }
}

/** Property names with an underscore (register_time, app_secret): names a spec, not a word, would give. */
function fieldNames(schema: JsonSchema | undefined, out: Set<string>): void {
  if (!schema || typeof schema !== 'object') return;
  for (const [k, v] of Object.entries(schema.properties ?? {})) {
    if (k.includes('_')) out.add(k);
    fieldNames(v as JsonSchema, out);
  }
  fieldNames((schema as { items?: JsonSchema }).items, out);
}

describe('the engine knows operations only from their specs', () => {
  it('names no operation, service, fixture or response field of the specs outside comments and help examples', async () => {
    const specs = await loadSpecs();
    const ops = specs.flatMap((s) => s.operations);
    const fields = new Set<string>();
    for (const op of ops) {
      fieldNames(op.requestBody?.schema, fields);
      for (const r of op.responses) fieldNames(r.schema, fields);
    }
    const fixtures = new Set(ops.flatMap((o) => o.params.flatMap((p) => (p.fixture && p.fixture !== 'projectId' ? [p.fixture.split('.')[1]!] : []))));
    const words = [...ops.map((o) => o.id), ...fields, ...fixtures];
    const word = new RegExp(`\\b(${words.join('|')})\\b`);
    const service = new RegExp(`['"\`](${[...new Set(specs.map((s) => s.service))].join('|')})['"\`]`);
    const found: string[] = [];
    for (const file of sources(SRC)) {
      readFileSync(path.join(SRC, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          if (/^\s*(\*|\/\*)/.test(line) || /^\s*example:/.test(line)) return;
          const m = word.exec(code) ?? service.exec(code);
          if (m) found.push(`${file}:${i + 1}: ${m[0]}`);
        });
    }
    expect(words.length).toBeGreaterThan(40);
    expect(found).toEqual([]);
  });
});
