/**
 * The cases of one string value: the edges of its length range and every character class it
 * allows (accept), and each side of each documented rule (reject, or either where the documents
 * do not decide). A top-level string property and a string nested in an object or an array
 * (value-entries.ts) get the same.
 */
import fc from 'fast-check';
import { base64Range } from './base64.ts';
import { charsetProbes, firstCharViolators, HAN, type CharClass } from './charclasses.ts';
import { jsonDraft, type Draft } from './draft.ts';
import { generationMax, type BodySpec, type FieldSpec } from './fields.ts';
import { restBody, type GenContext } from './generators/context.ts';
import { disallowedChar } from './generators/disallowed-char.ts';
import { enumValue } from './generators/enum-value.ts';
import { firstChar } from './generators/first-char.ts';
import { forbiddenChar } from './generators/forbidden-char.ts';
import { missingRequired } from './generators/missing-required.ts';
import { nullValue } from './generators/null-value.ts';
import { notBase64Value } from './generators/not-base64.ts';
import { tooLong, tooLongEdge } from './generators/too-long.ts';
import { tooShort } from './generators/too-short.ts';
import { withField } from './generators/valid-body.ts';
import { byteLimitLength, validString, type ValidStringOptions } from './generators/valid-string.ts';
import { WRONG_TYPES, wrongContainerType, wrongType } from './generators/wrong-type.ts';
import { describeBody } from './wording.ts';

export interface Entry {
  /** stable label: seeds the values, names the entry in tests */
  readonly label: string;
  readonly arbitrary: fc.Arbitrary<Draft> | undefined;
  /** its drafts are `accept` cases */
  readonly accept?: true;
}

export function acceptBody(spec: BodySpec, body: fc.Arbitrary<Record<string, unknown>>, why: string): fc.Arbitrary<Draft> {
  return body.map((b) => jsonDraft(spec, b, { expect: 'accept', note: `${describeBody(b)} (${why})` }));
}

function acceptField(ctx: GenContext, field: FieldSpec, options: ValidStringOptions, why: string): fc.Arbitrary<Draft> {
  const body = fc.tuple(restBody(ctx, [field.name]), validString(field, options)).map(([rest, value]) => withField(ctx.spec, rest, field.name, value));
  return acceptBody(ctx.spec, body, why);
}

export function stringEntries(ctx: GenContext, field: FieldSpec): Entry[] {
  const f = field.string;
  const rule = f.rule;
  const maxChars = generationMax(f);
  const ascii = (pool: readonly CharClass[]) => pool.filter((c) => c.ascii && c.name !== 'space');
  const at = (label: string, arbitrary: fc.Arbitrary<Draft> | undefined, accept?: 'accept'): Entry => ({
    label: `${field.name}/${label}`,
    arbitrary,
    ...(accept ? { accept: true } : {}),
  });
  const out: Entry[] = [];

  // accept: the edges of the range under every reading, and every class in every position
  if (!f.enum && f.encoding === 'base64') out.push(...base64Accepts(ctx, field));
  else if (!f.enum) {
    const asciiPools = { restPool: ascii(rule.restPool), firstPool: ascii(rule.firstPool) };
    out.push(
      f.min > 0
        ? at('min', acceptField(ctx, field, { ...asciiPools, length: f.min }, `minimum length`), 'accept')
        : at('empty', acceptField(ctx, field, { length: 0 }, 'empty: the documented minimum is 0'), 'accept'),
    );
    if (f.min > 0 && rule.restPool.includes(HAN)) {
      const firstPool = rule.firstPool.includes(HAN) ? [HAN] : rule.firstPool;
      out.push(at('min-chinese', acceptField(ctx, field, { restPool: [HAN], firstPool, length: f.min }, 'minimum length in Chinese'), 'accept'));
    }
    if (f.max !== undefined) out.push(at('max', acceptField(ctx, field, { ...asciiPools, length: f.max }, 'maximum length'), 'accept'));
    const byteLimit = byteLimitLength(f);
    if (byteLimit !== undefined) {
      const firstPool = rule.firstPool.includes(HAN) ? [HAN] : rule.firstPool;
      out.push(
        at('byte-limit', acceptField(ctx, field, { restPool: [HAN], firstPool, length: byteLimit }, `${f.max} UTF-8 bytes, Chinese`), 'accept'),
      );
    }
    for (const cls of rule.firstPool) {
      // long enough for every class when the maximum allows (seven one-letter classes do not fit in 6)
      const longest = Math.max(f.min, maxChars);
      const length = fc.integer({ min: Math.min(Math.max(f.min, rule.restPool.length + 1), longest), max: longest });
      out.push(
        at(
          `starts-${cls.name}`,
          acceptField(ctx, field, { firstPool: [cls], include: rule.restPool, length }, `starts with ${cls.label}, every class`),
          'accept',
        ),
      );
    }
  }

  // null where the document allows it
  if (field.nullable) {
    const body = restBody(ctx, [field.name]).map((rest) => withField(ctx.spec, rest, field.name, null));
    out.push(at('null', acceptBody(ctx.spec, body, `${field.name}: null is documented`), 'accept'));
  }

  // reject (or either) on each side of each rule
  if (f.min > 0) {
    out.push(at('min-1', tooShort(ctx, field, { length: f.min - 1 })));
    if (f.min > 1) out.push(at('empty', tooShort(ctx, field, { length: 0 })));
  }
  const edge = tooLongEdge(field);
  if (edge !== undefined) out.push(at('max+1', tooLong(ctx, field, { length: edge })));
  if (f.encoding === 'base64') out.push(...base64Rejects(ctx, field));
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

/**
 * A base64 value's accept cases (`contentEncoding`): its shortest and longest texts, and each
 * padding (none, `=`, `==`), instead of the character classes of text.
 */
function base64Accepts(ctx: GenContext, field: FieldSpec): Entry[] {
  const f = field.string;
  const at = (label: string, options: ValidStringOptions, why: string): Entry => ({
    label: `${field.name}/${label}`,
    arbitrary: acceptField(ctx, field, options, why),
    accept: true,
  });
  const out = [f.min > 0 ? at('min', { length: f.min }, 'minimum length') : at('empty', { length: 0 }, 'empty: the documented minimum is 0')];
  if (f.max !== undefined) out.push(at('max', { length: f.max }, 'maximum length'));
  const longest = generationMax(f);
  if (longest >= 4) {
    const length = fc.integer({ min: Math.max(f.min, 4), max: longest });
    for (const pad of [0, 1, 2] as const) out.push(at(`base64-pad-${pad}`, { length, pad }, `base64 ending in ${pad} '='`));
  }
  return out;
}

/**
 * A base64 value's own negatives: not base64 (`either`, not-base64.ts), and the shortest text
 * over the maximum counted in characters but not in the bytes it decodes to (`either`: it shows
 * which the target counts; `max+1` is over both).
 */
function base64Rejects(ctx: GenContext, field: FieldSpec): Entry[] {
  const out: Entry[] = [];
  const max = field.string.max;
  const range = max === undefined ? undefined : base64Range(field.string.min, max);
  if (max !== undefined && range && (range.hi + 4) / 4 * 3 <= max) {
    out.push({ label: `${field.name}/max+1-characters`, arbitrary: tooLong(ctx, field, { length: range.hi + 4, expect: 'either' }) });
  }
  for (const how of ['alphabet', 'padding'] as const) {
    out.push({ label: `${field.name}/not-base64-${how}`, arbitrary: notBase64Value(ctx, field, how) });
  }
  return out;
}

/** The random phase's negative arms for one string value: each breaks exactly one documented rule (`reject`). */
export function stringRejectArms(ctx: GenContext, field: FieldSpec, options = { missing: true }): (fc.Arbitrary<Draft> | undefined)[] {
  return [
    tooShort(ctx, field),
    tooLong(ctx, field),
    firstChar(ctx, field),
    disallowedChar(ctx, field),
    forbiddenChar(ctx, field),
    wrongContainerType(ctx, field),
    enumValue(ctx, field),
    field.required ? nullValue(ctx, field) : undefined,
    options.missing ? missingRequired(ctx, field) : undefined,
  ];
}
