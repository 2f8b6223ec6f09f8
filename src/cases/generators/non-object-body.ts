/** Well-formed JSON that is not an object: an array holding a valid body, a string, a number, `true`. */
import fc from 'fast-check';
import type { Draft } from '../draft.ts';
import { restBody, type GenContext } from './context.ts';

export type Shape = 'array' | 'string' | 'number' | 'boolean';
const SHAPES: readonly Shape[] = ['array', 'string', 'number', 'boolean'];

export function nonObjectBody(ctx: GenContext, pin?: { shape: Shape }): fc.Arbitrary<Draft> {
  const shape = pin ? fc.constant(pin.shape) : fc.constantFrom(...SHAPES);
  return fc.tuple(shape, restBody(ctx, []), fc.noBias(fc.integer({ min: 0, max: 99_999 }))).map(([s, body, n]) => {
    const value = s === 'array' ? [body] : s === 'string' ? JSON.stringify(body) : s === 'number' ? n : true;
    return {
      expect: 'reject',
      body: { kind: 'json', value },
      note: `a JSON ${s} as the body (type)`,
      violation: {
        constraint: 'type',
        rule: 'request body: a JSON object',
        detail: `sent a JSON ${s} as the body`,
        source: ctx.spec.source,
      },
    } satisfies Draft;
  });
}
