/** A string outside a documented `enum`. */
import fc from 'fast-check';
import type { FieldSpec } from '../fields.ts';
import { enumRule } from '../wording.ts';
import type { Draft } from '../draft.ts';
import { fieldDraft, type GenContext } from './context.ts';

export function enumValue(ctx: GenContext, field: FieldSpec): fc.Arbitrary<Draft> | undefined {
  const listed = field.string.enum;
  if (!listed || listed.length === 0) return undefined;
  const values = fc
    .constantFrom('CONFORM_UNLISTED', 'x', ...listed.map((v) => `${v}_X`))
    .filter((v) => !listed.includes(v))
    .map((value) => ({ value, detail: `sent ${field.name} ${JSON.stringify(value)}, not a documented value` }));
  return fieldDraft(ctx, field, values, { constraint: 'enum', rule: enumRule(field) });
}
