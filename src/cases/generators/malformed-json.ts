/**
 * A valid body's JSON text cut short. Only truncation: every JSON parser refuses it, whereas
 * trailing commas, single quotes or bare keys are accepted by lenient parsers (fastjson, JSON5)
 * and the documents do not promise strict JSON.
 */
import fc from 'fast-check';
import type { Draft } from '../draft.ts';
import { restBody, type GenContext } from './context.ts';

export function malformedJson(ctx: GenContext, pin?: { cut: 'last' }): fc.Arbitrary<Draft> {
  return fc.tuple(restBody(ctx, []), fc.noBias(fc.nat())).map(([body, k]) => {
    const text = [...JSON.stringify(body)];
    // a strict, non-empty prefix of an object's text is never JSON
    const keep = pin ? text.length - 1 : 1 + (k % (text.length - 1));
    const cut = text.slice(0, keep).join('');
    return {
      expect: 'reject',
      body: { kind: 'raw', text: cut, contentType: 'application/json' },
      note: `truncated JSON: ${cut.length > 40 ? `${cut.slice(0, 40)}…` : cut} (malformed-json)`,
      violation: {
        constraint: 'malformed-json',
        rule: 'request body: a JSON object',
        detail: `sent ${keep} of ${text.length} characters of a JSON object`,
        source: ctx.spec.source,
      },
    } satisfies Draft;
  });
}
