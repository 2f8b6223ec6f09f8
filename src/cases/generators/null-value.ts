/**
 * `null` for a string property the schema does not make nullable. For a required field that is
 * a `reject`; for an optional one `either`: Go and Java binders read null as "not given", and
 * JSON merge-patch gives null the meaning "clear it" — the documents decide neither.
 */
import fc from 'fast-check';
import type { FieldSpec } from '../fields.ts';
import { typeRule } from '../wording.ts';
import type { Draft } from '../draft.ts';
import { fieldDraft, type GenContext } from './context.ts';

export function nullValue(ctx: GenContext, field: FieldSpec): fc.Arbitrary<Draft> | undefined {
  if (field.nullable) return undefined;
  return fieldDraft(ctx, field, fc.constant({ value: null, detail: `sent ${field.name}: null` }), {
    constraint: 'null',
    rule: `${typeRule(field)}, not null`,
    expect: field.required ? 'reject' : 'either',
  });
}
