/**
 * Deterministic boundary coverage, sent before the random phase: both sides of every documented
 * limit, each first-character violator, each probe character, each wrong type, null, missing
 * fields, empty / malformed / non-object bodies, an unknown field and an unknown resource.
 *
 * Which values a boundary case sends depends on the seed (the *kinds* and lengths do not):
 * names that a real service keeps unique (APIG app names and keys) differ between runs, so a
 * run after one that could not clean up does not fail on "already exists".
 */
import fc from 'fast-check';
import type { Operation } from '../spec/types.ts';
import { toCase, type Draft } from './draft.ts';
import { bodySpec } from './fields.ts';
import type { GenContext } from './generators/context.ts';
import { emptyBody } from './generators/empty-body.ts';
import { malformedJson } from './generators/malformed-json.ts';
import { nonObjectBody } from './generators/non-object-body.ts';
import { unknownField } from './generators/unknown-field.ts';
import { unknownResource } from './generators/unknown-resource.ts';
import { validBody } from './generators/valid-body.ts';
import { pick } from './seed.ts';
import { acceptBody, stringEntries, type Entry } from './string-entries.ts';
import type { Case } from './types.ts';
import { groupEntries, valueFieldEntries } from './value-drafts.ts';

function entries(operation: Operation): Entry[] {
  const spec = bodySpec(operation);
  if (!spec) {
    const none = fc.constant({ kind: 'none' } as const);
    return [
      { label: 'plain', arbitrary: none.map((body) => ({ expect: 'accept', body, note: 'the plain request' }) satisfies Draft) },
      { label: 'unknown-resource', arbitrary: unknownResource(operation, none) },
    ];
  }
  const ctx: GenContext = { operation, spec, rest: 'required' };
  const requiredOnly = validBody(spec, { optional: 'never', regionOptional: 'never' });
  const everyField = validBody(spec, { optional: 'always', regionOptional: 'always' });
  const hasOptional = spec.fields.some((f) => !f.required);
  return [
    { label: 'every-field', arbitrary: acceptBody(spec, everyField, 'every documented field') },
    {
      label: 'required-only',
      arbitrary: hasOptional ? acceptBody(spec, requiredOnly, 'required fields only') : undefined,
    },
    ...spec.fields.flatMap((field) => (field.kind === 'string' ? stringEntries(ctx, field) : valueFieldEntries(ctx, field))),
    ...groupEntries(ctx, 'boundary'),
    { label: 'body-none', arbitrary: emptyBody(ctx, { kind: 'none' }) },
    { label: 'body-empty', arbitrary: emptyBody(ctx, { kind: 'empty' }) },
    { label: 'malformed-json', arbitrary: malformedJson(ctx, { cut: 'last' }) },
    { label: 'array-body', arbitrary: nonObjectBody(ctx, { shape: 'array' }) },
    { label: 'unknown-field', arbitrary: unknownField(ctx) },
    {
      label: 'unknown-resource',
      arbitrary: unknownResource(operation, requiredOnly.map((value) => ({ kind: 'json', value }) as const)),
    },
  ];
}

/** Labels of the boundary entries, in order (tests use them to check coverage). */
export function boundaryLabels(operation: Operation): string[] {
  return entries(operation)
    .filter((e) => e.arbitrary)
    .map((e) => e.label);
}

export interface BoundaryOptions {
  readonly seed: number;
}

/** The deterministic boundary cases of an operation, numbered `${operationId}.boundary.${n}`. */
export function boundaryCases(operation: Operation, options: BoundaryOptions): Case[] {
  const out: Case[] = [];
  for (const e of entries(operation)) {
    if (!e.arbitrary) continue;
    const draft = pick(e.arbitrary, options.seed, `${operation.id}/${e.label}`);
    out.push(toCase(operation, draft, 'boundary', out.length));
  }
  return out;
}
