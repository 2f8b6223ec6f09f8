/**
 * What every field-level negative generator shares: the body around the broken field is valid,
 * and leaves region-optional fields out unless they are the one broken — a service that refuses
 * a custom app_key in its region would otherwise reject the case for the wrong reason and hide
 * the deviation the case probes.
 */
import fc from 'fast-check';
import type { Operation } from '../../spec/types.ts';
import type { Draft } from '../draft.ts';
import { jsonDraft } from '../draft.ts';
import type { BodySpec, FieldSpec } from '../fields.ts';
import type { ConstraintKind, Expectation } from '../types.ts';
import { describeValue } from '../wording.ts';
import { validBody, withField, type JsonObject } from './valid-body.ts';

export interface GenContext {
  readonly operation: Operation;
  readonly spec: BodySpec;
  /** the valid rest of a negative body: required fields only (boundary) or optional ones too (random) */
  readonly rest: 'required' | 'realistic';
}

export function restBody(ctx: GenContext, exclude: readonly string[]): fc.Arbitrary<JsonObject> {
  return validBody(ctx.spec, {
    optional: ctx.rest === 'required' ? 'never' : 'maybe',
    regionOptional: 'never',
    exclude,
  });
}

export interface FieldValue {
  readonly value: unknown;
  /** `sent a 65-character name` */
  readonly detail: string;
}

export interface Breaks {
  readonly constraint: ConstraintKind;
  /** the documented rule in words */
  readonly rule: string;
  /** default `reject` */
  readonly expect?: Expectation;
}

/** A draft whose body is valid except for `field`, which gets `values`. */
export function fieldDraft(
  ctx: GenContext,
  field: FieldSpec,
  values: fc.Arbitrary<FieldValue>,
  breaks: Breaks,
): fc.Arbitrary<Draft> {
  return fc.tuple(restBody(ctx, [field.name]), values).map(([rest, v]) => {
    const shown = typeof v.value === 'string' ? describeValue(field.name, v.value) : `${field.name} ${JSON.stringify(v.value)}`;
    return jsonDraft(ctx.spec, withField(ctx.spec, rest, field.name, v.value), {
      expect: breaks.expect ?? 'reject',
      note: `${shown} (${breaks.constraint})`,
      violation: {
        constraint: breaks.constraint,
        field: field.name,
        rule: breaks.rule,
        detail: v.detail,
        source: field.source,
      },
    });
  });
}

/** Insert `ch` before the code point at `index`. */
export function insertAt(text: string, index: number, ch: string): string {
  const cps = [...text];
  return [...cps.slice(0, index), ch, ...cps.slice(index)].join('');
}
