/** A valid body without one required field. */
import fc from 'fast-check';
import { jsonDraft, type Draft } from '../draft.ts';
import type { BodyField } from '../fields.ts';
import { describeBody, requiredRule } from '../wording.ts';
import { restBody, type GenContext } from './context.ts';

export function missingRequired(ctx: GenContext, field: BodyField): fc.Arbitrary<Draft> | undefined {
  if (!field.required) return undefined;
  return restBody(ctx, [field.name]).map((body) =>
    jsonDraft(ctx.spec, body, {
      expect: 'reject',
      note: `no ${field.name}: ${describeBody(body)} (required)`,
      violation: {
        constraint: 'required',
        field: field.name,
        rule: requiredRule(field),
        detail: `omitted ${field.name}`,
        source: field.source,
      },
    }),
  );
}
