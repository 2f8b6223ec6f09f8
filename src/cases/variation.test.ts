import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../spec/index.ts';
import type { Operation } from '../spec/types.ts';
import { createApp, showSecret } from './fixtures/operations.ts';
import { variationText } from './variation.ts';

describe('what the cases of an operation vary', () => {
  it('the shipped specs: a body\'s fields where there is one, else that there is none to vary', async () => {
    const ops = new Map((await loadSpecs()).flatMap((s) => s.operations).map((o) => [o.id, o] as const));
    expect(variationText(ops.get('ShowSecret')!)).toBe('no request body to vary: only the path (project_id, secret_name) and the credentials');
    expect(variationText(ops.get('RotateSecret')!)).toBe('no request body to vary: only the path (project_id, secret_name) and the credentials');
    expect(variationText(ops.get('CreateApp')!)).toBe(
      "varying the request body's 4 fields name, remark, app_key, app_secret (each documented rule on both sides, then random bodies); also the credentials",
    );
    expect(variationText(ops.get('UpdateCertificate')!)).toMatch(/^varying the request body's 2 fields name, description .*; also the path \(project_id, certificate_id\) and the credentials$/);
  });

  it('is read from the operation, not kept per operation id', () => {
    const renamed: Operation = {
      ...showSecret,
      id: 'CreateApp',
      params: [...showSecret.params, { name: 'limit', in: 'query', required: false, schema: { type: 'integer' }, source: showSecret.source }],
    };
    expect(variationText(renamed)).toMatch(/^no request body to vary: only the path \([^)]*\), the query \(limit\) and the credentials$/);
    const bodyOnly: Operation = { ...createApp, id: 'ShowSecret' };
    expect(variationText(bodyOnly)).toMatch(/^varying the request body's \d+ fields /);
  });
});
