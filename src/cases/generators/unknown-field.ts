/**
 * A valid body plus a property the document does not list. The documents do not say whether
 * unknown properties are ignored or refused: `either`, unless the schema closes the object.
 */
import fc from 'fast-check';
import { jsonDraft, type Draft } from '../draft.ts';
import { restBody, type GenContext } from './context.ts';

export const UNKNOWN_FIELD = 'x_conform_unknown';

export function unknownField(ctx: GenContext): fc.Arbitrary<Draft> {
  return restBody(ctx, []).map((body) =>
    jsonDraft(ctx.spec, { ...body, [UNKNOWN_FIELD]: 'conform' }, {
      expect: ctx.spec.closed ? 'reject' : 'either',
      note: `valid body plus ${UNKNOWN_FIELD} (unknown-field)`,
      violation: {
        constraint: 'unknown-field',
        field: UNKNOWN_FIELD,
        rule: ctx.spec.closed
          ? 'request body: no properties beyond those documented'
          : 'request body: the documents list its properties and say nothing of others',
        detail: `sent an undocumented property ${UNKNOWN_FIELD}`,
        source: ctx.spec.source,
      },
    }),
  );
}
