import { describe, expect, it } from 'vitest';
import { fileLabel, summarise } from './profile-summary.ts';

describe('profile summary', () => {
  it('labels sources, bundles of them, packages and V8 alike wherever the checkout is', () => {
    expect(fileLabel('file:///work/main/src/run/engine.ts')).toBe('src/run/engine.ts');
    expect(fileLabel('file:///x/node_modules/.cache/hwcloud-conformance/bundle/bench-engine-child-0123456789abcdef0123.mjs')).toBe('bundle:bench-engine-child');
    expect(fileLabel('file:///x/node_modules/undici/lib/core/request.js')).toBe('npm:undici');
    expect(fileLabel('file:///x/node_modules/@faker-js/faker/dist/chunk.js')).toBe('npm:@faker-js/faker');
    expect(fileLabel('node:internal/streams/readable')).toBe('node:internal/streams/readable');
    expect(fileLabel('')).toBe('(native/vm)');
  });

  it('counts a bundle of the sources as ours in the inclusive times', () => {
    const url = 'file:///x/node_modules/.cache/hwcloud-conformance/bundle/cli-main-0123456789abcdef0123.mjs';
    const summary = summarise({
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: 0 }, children: [2] },
        { id: 2, callFrame: { functionName: 'runEngine', url, lineNumber: 10 }, children: [3] },
        { id: 3, callFrame: { functionName: 'request', url: 'file:///x/node_modules/undici/index.js', lineNumber: 1 } },
      ],
      samples: [3, 3, 2],
      timeDeltas: [1000, 1000, 1000],
    });
    expect(summary.inclusiveOurs.map((s) => [s.name, s.ms])).toEqual([[expect.stringContaining('runEngine'), 3]]);
  });
});
