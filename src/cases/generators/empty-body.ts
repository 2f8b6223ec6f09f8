/**
 * No body, or an empty one (Content-Length: 0). A `reject` where the request body is required.
 * Where it is optional (ResetAppSecret, UpdateCertificate) the documents do not say whether a
 * PUT with no JSON at all is the same as `{}`: `either` (specs/NOTES.md, ELB body).
 */
import fc from 'fast-check';
import type { Draft } from '../draft.ts';
import type { GenContext } from './context.ts';

export type EmptyKind = 'none' | 'empty';

export function emptyBody(ctx: GenContext, pin: { kind: EmptyKind }): fc.Arbitrary<Draft> {
  const body = pin.kind === 'none' ? ({ kind: 'none' } as const) : ({ kind: 'raw', text: '', contentType: 'application/json' } as const);
  const what = pin.kind === 'none' ? 'sent no body' : 'sent an empty body with Content-Type: application/json';
  if (!ctx.spec.required) {
    return fc.constant({
      expect: 'either',
      body,
      note: `${what} (the body is optional; undecided whether that equals {})`,
      violation: { constraint: 'body-required', rule: 'request body: optional (as `{}`?)', detail: what, source: ctx.spec.source },
    });
  }
  return fc.constant({
    expect: 'reject',
    body,
    note: `${what} (the body is required)`,
    violation: { constraint: 'body-required', rule: 'request body: required', detail: what, source: ctx.spec.source },
  });
}
