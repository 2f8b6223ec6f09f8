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
import { charsetProbes, firstCharViolators, HAN, type CharClass } from './charclasses.ts';
import { jsonDraft, toCase, type Draft } from './draft.ts';
import { bodySpec, generationMax, type BodySpec, type FieldSpec } from './fields.ts';
import { restBody, type GenContext } from './generators/context.ts';
import { emptyBody } from './generators/empty-body.ts';
import { enumValue } from './generators/enum-value.ts';
import { firstChar } from './generators/first-char.ts';
import { forbiddenChar } from './generators/forbidden-char.ts';
import { disallowedChar } from './generators/disallowed-char.ts';
import { malformedJson } from './generators/malformed-json.ts';
import { missingRequired } from './generators/missing-required.ts';
import { nonObjectBody } from './generators/non-object-body.ts';
import { nullValue } from './generators/null-value.ts';
import { tooLong } from './generators/too-long.ts';
import { tooShort } from './generators/too-short.ts';
import { unknownField } from './generators/unknown-field.ts';
import { unknownResource } from './generators/unknown-resource.ts';
import { validBody, withField } from './generators/valid-body.ts';
import { byteLimitLength, validString, type ValidStringOptions } from './generators/valid-string.ts';
import { WRONG_TYPES, wrongType } from './generators/wrong-type.ts';
import { pick } from './seed.ts';
import type { Case } from './types.ts';
import { describeBody } from './wording.ts';

interface Entry {
  /** stable label: seeds the values, names the entry in tests */
  readonly label: string;
  readonly arbitrary: fc.Arbitrary<Draft> | undefined;
}

function acceptField(ctx: GenContext, field: FieldSpec, options: ValidStringOptions, why: string): fc.Arbitrary<Draft> {
  return fc.tuple(restBody(ctx, [field.name]), validString(field, options)).map(([rest, value]) => {
    const body = withField(ctx.spec, rest, field.name, value);
    return jsonDraft(ctx.spec, body, { expect: 'accept', note: `${describeBody(body)} (${why})` });
  });
}

function acceptBody(spec: BodySpec, body: fc.Arbitrary<Record<string, unknown>>, why: string): fc.Arbitrary<Draft> {
  return body.map((b) => jsonDraft(spec, b, { expect: 'accept', note: `${describeBody(b)} (${why})` }));
}

function fieldEntries(ctx: GenContext, field: FieldSpec): Entry[] {
  const f = field.string;
  const rule = f.rule;
  const maxChars = generationMax(f);
  const ascii = (pool: readonly CharClass[]) => pool.filter((c) => c.ascii && c.name !== 'space');
  const at = (label: string, arbitrary: fc.Arbitrary<Draft> | undefined): Entry => ({
    label: `${field.name}/${label}`,
    arbitrary,
  });
  const out: Entry[] = [];

  // accept: the edges of the range under every reading, and every class in every position
  if (!f.enum) {
    const asciiPools = { restPool: ascii(rule.restPool), firstPool: ascii(rule.firstPool) };
    out.push(
      f.min > 0
        ? at('min', acceptField(ctx, field, { ...asciiPools, length: f.min }, `minimum length`))
        : at('empty', acceptField(ctx, field, { length: 0 }, 'empty: the documented minimum is 0')),
    );
    if (f.min > 0 && rule.restPool.includes(HAN)) {
      const firstPool = rule.firstPool.includes(HAN) ? [HAN] : rule.firstPool;
      out.push(at('min-chinese', acceptField(ctx, field, { restPool: [HAN], firstPool, length: f.min }, 'minimum length in Chinese')));
    }
    if (f.max !== undefined) out.push(at('max', acceptField(ctx, field, { ...asciiPools, length: f.max }, 'maximum length')));
    const byteLimit = byteLimitLength(f);
    if (byteLimit !== undefined) {
      const firstPool = rule.firstPool.includes(HAN) ? [HAN] : rule.firstPool;
      out.push(
        at('byte-limit', acceptField(ctx, field, { restPool: [HAN], firstPool, length: byteLimit }, `${f.max} UTF-8 bytes, Chinese`)),
      );
    }
    for (const cls of rule.firstPool) {
      const length = fc.integer({ min: Math.max(f.min, rule.restPool.length + 1), max: Math.max(f.min, maxChars) });
      out.push(
        at(
          `starts-${cls.name}`,
          acceptField(ctx, field, { firstPool: [cls], include: rule.restPool, length }, `starts with ${cls.label}, every class`),
        ),
      );
    }
  }

  // reject (or either) on each side of each rule
  if (f.min > 0) {
    out.push(at('min-1', tooShort(ctx, field, { length: f.min - 1 })));
    if (f.min > 1) out.push(at('empty', tooShort(ctx, field, { length: 0 })));
  }
  if (f.max !== undefined) out.push(at('max+1', tooLong(ctx, field, { length: f.max + 1 })));
  for (const cls of firstCharViolators(rule)) out.push(at(`first-${cls.name}`, firstChar(ctx, field, { cls })));
  for (const probe of charsetProbes(rule)) {
    out.push(at(`charset-U+${(probe.char.codePointAt(0) ?? 0).toString(16)}`, disallowedChar(ctx, field, { probe })));
  }
  for (const char of rule.forbidden) {
    for (const where of ['start', 'middle', 'end'] as const) {
      out.push(at(`forbidden-${where}-U+${(char.codePointAt(0) ?? 0).toString(16)}`, forbiddenChar(ctx, field, { char, at: where })));
    }
  }
  for (const type of WRONG_TYPES) out.push(at(`type-${type}`, wrongType(ctx, field, { type })));
  out.push(at('null', nullValue(ctx, field)));
  out.push(at('enum', enumValue(ctx, field)));
  out.push(at('missing', missingRequired(ctx, field)));
  return out;
}

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
    ...spec.fields.flatMap((field) => fieldEntries(ctx, field)),
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
