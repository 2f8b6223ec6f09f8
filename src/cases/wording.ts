/**
 * Documented rules and case details in words, for `Violation.rule` / `.detail` and `Case.note`:
 * the report prints "sent a 65-character name; the document allows name: 3–64 characters".
 */
import type { CharClass } from './charclasses.ts';
import { showChar } from './charclasses.ts';
import type { FieldSpec } from './fields.ts';
import { codePointLength, isAscii, utf8Length } from './length.ts';

const SINGULAR: Readonly<Record<string, string>> = {
  latin: 'a Latin letter',
  digit: 'a digit',
  han: 'a Chinese character',
};

export function list(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** `a name`, `an app_key` */
export function article(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

export function singular(c: CharClass): string {
  return SINGULAR[c.name] ?? showChar(c.example);
}

export function lengthRule(field: FieldSpec): string {
  const { min, max } = field.string;
  if (max === undefined) return `${field.name}: at least ${min} characters`;
  if (min === 0 && field.schema.minLength === undefined) return `${field.name}: at most ${max} characters`;
  return `${field.name}: ${min}–${max} characters`;
}

export function firstCharRule(field: FieldSpec): string {
  const first = field.string.rule.first ?? [];
  return `${field.name}: starts with ${list(first.map(singular), 'or')}`;
}

export function charsetRule(field: FieldSpec): string {
  const allowed = field.string.rule.allowed ?? [];
  return `${field.name}: only ${list(allowed.map((c) => c.label), 'and')}`;
}

export function forbiddenRule(field: FieldSpec): string {
  return `${field.name}: must not contain ${list(field.string.rule.forbidden.map(showChar), 'or')}`;
}

export function typeRule(field: FieldSpec): string {
  return `${field.name}: a string`;
}

export function requiredRule(field: FieldSpec): string {
  return `${field.name}: required`;
}

export function enumRule(field: FieldSpec): string {
  return `${field.name}: one of ${list((field.string.enum ?? []).map((v) => JSON.stringify(v)), 'or')}`;
}

/** `22 characters (64 UTF-8 bytes)`; ASCII values just `65 characters`. */
export function sizeOf(value: string): string {
  const chars = codePointLength(value);
  const unit = chars === 1 ? 'character' : 'characters';
  return isAscii(value) ? `${chars} ${unit}` : `${chars} ${unit} (${utf8Length(value)} UTF-8 bytes)`;
}

const CONTENT_LABELS: readonly [RegExp, string][] = [
  [/[\u4e00-\u9fa5]/, 'Chinese'],
  [/[A-Za-z]/, 'Latin'],
  [/[0-9]/, 'digits'],
  [/ /, 'spaces'],
  [/[!-/:-@[-`{-~]/, 'symbols'],
];

/** `name of 22 characters (64 UTF-8 bytes): Chinese, Latin` */
export function describeValue(field: string, value: string): string {
  if (value === '') return `${field} empty`;
  const kinds = CONTENT_LABELS.filter(([re]) => re.test(value)).map(([, label]) => label);
  return `${field} of ${sizeOf(value)}${kinds.length ? `: ${kinds.join(', ')}` : ''}`;
}

/** One line per body: the fields set, in order. */
export function describeBody(body: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(body).map(([k, v]) => (typeof v === 'string' ? describeValue(k, v) : `${k} ${JSON.stringify(v)}`));
  return parts.length ? parts.join('; ') : 'empty object';
}
