/**
 * Documented rules and case details in words, for `Violation.rule` / `.detail` and `Case.note`:
 * the report prints "sent a 65-character name; the document allows name: 3–64 characters".
 */
import type { CharClass } from './charclasses.ts';
import { showChar } from './charclasses.ts';
import type { FieldSpec } from './fields.ts';
import type { RequiredGroup, ValueNode } from './value-facts.ts';
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

/** `secret_binary: base64 (contentEncoding)` */
export function encodingRule(field: FieldSpec): string {
  return `${field.name}: ${field.string.encoding} (contentEncoding)`;
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

export function requiredRule(field: { readonly name: string }): string {
  return `${field.name}: required`;
}

export function enumRule(field: FieldSpec): string {
  return `${field.name}: one of ${list((field.string.enum ?? []).map((v) => JSON.stringify(v)), 'or')}`;
}

/** `22 characters (64 UTF-8 bytes)`; ASCII values just `65 characters`. */
function sizeOf(value: string): string {
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

/** `a`, `an` for a JSON type name */
function typeName(node: ValueNode): string {
  switch (node.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return node.integer ? 'an integer' : 'a number';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${list(node.values.map((v) => JSON.stringify(v)), 'or')}`;
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'alternatives':
      return list(node.options.map(typeName), 'or');
  }
}

/** `count: an integer, ≥ 1, ≤ 100, a multiple of 5` */
export function valueRule(node: ValueNode): string {
  const parts = [typeName(node)];
  if (node.kind === 'number') {
    if (node.minimum !== undefined) parts.push(`≥ ${node.minimum}`);
    if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`);
    if (node.maximum !== undefined) parts.push(`≤ ${node.maximum}`);
    if (node.exclusiveMaximum !== undefined) parts.push(`< ${node.exclusiveMaximum}`);
    if (node.multipleOf !== undefined) parts.push(`a multiple of ${node.multipleOf}`);
  }
  if (node.kind === 'array') {
    const max = node.maxItems;
    parts.push(max === undefined ? `at least ${node.minItems} items` : node.minItems === 0 ? `at most ${max} items` : `${node.minItems}–${max} items`);
    if (node.unique) parts.push('each item distinct');
  }
  if (node.kind === 'alternatives') parts[0] = `${node.mode === 'oneOf' ? 'exactly one' : 'at least one'} of: ${parts[0]}`;
  if (node.nullable) parts.push('or null');
  return `${node.path}: ${parts.join(', ')}`;
}

/** `exactly one of secret_string or secret_binary` */
export function groupRule(group: RequiredGroup, prefix = ''): string {
  const names = group.names.map((n) => `${prefix}${n}`);
  return `${group.mode === 'exactly-one' ? 'exactly one' : 'at least one'} of ${list(names, 'or')}`;
}

/** `count 101`, `config.label of 17 characters: Latin` */
export function describeAt(path: string, value: unknown): string {
  if (typeof value === 'string') return describeValue(path, value);
  const text = JSON.stringify(value) ?? String(value);
  return `${path} ${text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
}
