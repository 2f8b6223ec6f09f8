/** The stage's API: default directory, lookup helpers, frozen data, compiled-once validators. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSchema, DEFAULT_SPECS_DIR, findOperation, loadSpecs, operationsById, type JsonSchema, type Spec } from './index.ts';

let specs: Spec[];
beforeAll(async () => {
  specs = await loadSpecs();
});

describe('spec API', () => {
  it('the default specs directory is the package’s specs/, not the working directory’s', () => {
    const expected = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../specs');
    expect(path.resolve(DEFAULT_SPECS_DIR)).toBe(expected);
    expect(existsSync(path.join(DEFAULT_SPECS_DIR, 'apig.yaml'))).toBe(true);
  });

  it('loads the three services in file order', () => {
    expect(specs.map((s) => [path.basename(s.file), s.service])).toEqual([
      ['apig.yaml', 'apig'],
      ['csms.yaml', 'csms'],
      ['elb.yaml', 'elb'],
    ]);
  });

  it('finds operations by id', () => {
    expect(findOperation(specs, 'ShowSecret')?.method).toBe('GET');
    expect(findOperation(specs, 'RestoreSecret')).toBeUndefined();
    const main = [...operationsById(specs).values()].filter((o) => o.role !== 'support').map((o) => o.id);
    expect(main.sort()).toEqual(['CreateApp', 'ResetAppSecret', 'RotateSecret', 'ShowSecret', 'UpdateCertificate']);
  });

  it('hands on frozen data, with $refs resolved', () => {
    const op = findOperation(specs, 'ShowSecret')!;
    expect(Object.isFrozen(op)).toBe(true);
    expect(Object.isFrozen(op.responses[0]!.schema)).toBe(true);
    expect(JSON.stringify(specs.map((s) => s.document))).not.toContain('$ref');
    expect(() => (op.rules as unknown[]).push({})).toThrow();
  });

  it('compiles one validator per schema object (the CSMS error schema is shared)', () => {
    const rotate = findOperation(specs, 'RotateSecret')!;
    const errors = rotate.responses.filter((r) => r.status >= 400);
    expect(new Set(errors.map((r) => r.validate)).size).toBe(1);
    const schema = findOperation(specs, 'CreateApp')!.requestBody!.schema;
    expect(compileSchema(schema)).toBe(compileSchema(schema));
  });

  it('copies errors out: a later validation does not change an earlier result', () => {
    const validate = findOperation(specs, 'RotateSecret')!.responses[0]!.validate!;
    const first = validate({ version_id: 1 });
    const snapshot = JSON.stringify(first);
    validate({ secret_name: 2 });
    expect(JSON.stringify(first)).toBe(snapshot);
    expect(first.map((e) => e.keyword).sort()).toEqual(['required', 'type']);
    expect(first.find((e) => e.keyword === 'type')).toMatchObject({ instancePath: '/version_id', message: 'must be string' });
  });

  it('compileSchema for request schemas, with Chinese in the han range', () => {
    const name = findOperation(specs, 'CreateApp')!.requestBody!.schema.properties!.name as JsonSchema;
    const validate = compileSchema(name);
    expect(validate('\u4e00\u9fa5a')).toEqual([]);
    expect(validate('\u9fa6ab')).not.toEqual([]);
  });

  it('compileSchema reports a broken schema as a ConformError', () => {
    expect(() => compileSchema({ type: 'string', maxlength: 3 } as unknown as JsonSchema)).toThrow(
      expect.objectContaining({ code: 'CONFORM_SPEC_OPENAPI' }),
    );
  });
});
