/**
 * A YAML file read for the tool's own configuration (conform.yaml, the baseline): plain data
 * plus a way back from a key path to a line, and ajv errors worded for people
 * ("unknown key 'cases' in run; known: seed, …").
 */
import type { ErrorObject } from 'ajv';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ConformError, type ErrorCode } from '../errors.ts';
import { parsePointer } from '../json-pointer.ts';

/** A key path: object keys and array indexes, e.g. `['run', 'concurrency']`. */
export type KeyPath = readonly (string | number)[];

export interface YamlFile {
  /** the file as given (for messages) */
  readonly file: string;
  readonly data: unknown;
  /** `file:line` of the node at `path` (or its nearest existing ancestor) */
  where(path: KeyPath): string;
}

/** `run.concurrency`, `knownSecrets[0]`, `checks.content-type` */
export function keyPathText(path: KeyPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out || '(top level)';
}

/** Parses YAML text; syntax errors become `code` errors at `file:line`. */
export function parseYamlFile(file: string, text: string, code: ErrorCode): YamlFile & { readonly doc: Document } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line;
    const message = first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConformError(code, `not valid YAML: ${message}`, { where: `${file}:${line}` });
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });

  const where = (path: KeyPath): string => {
    let node: unknown = doc.contents;
    let offset: number | undefined = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0];
    for (const key of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k = p.key as { value?: unknown } | null;
          return k !== null && typeof k === 'object' && String(k.value) === String(key);
        });
        if (pair) {
          const keyRange = (pair.key as { range?: [number, number, number] }).range;
          if (keyRange) offset = keyRange[0];
          next = pair.value;
        }
      } else if (isSeq(node) && typeof key === 'number') {
        next = node.items[key];
      }
      if (next === undefined || next === null) break;
      const range = (next as { range?: [number, number, number] }).range;
      if (range) offset = range[0];
      node = next;
    }
    return offset === undefined ? file : `${file}:${lineCounter.linePos(offset).line}`;
  };

  return { file, data, doc, where };
}

/** ajv's `instancePath` (a JSON pointer) as a key path, array indexes as numbers. */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let node = data;
  for (const key of parsePointer(pointer)) {
    const isIndex = Array.isArray(node) && /^\d+$/.test(key);
    out.push(isIndex ? Number(key) : key);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return out;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function valueAt(data: unknown, path: KeyPath): unknown {
  let node = data;
  for (const k of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[k as string] : undefined;
  return node;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

/**
 * One ajv error in words, with the key path it is about. With `allErrors`, ajv reports the
 * most useful error first only by accident, so callers sort with {@link errorRank}.
 */
function describeSchemaError(
  e: ErrorObject,
  data: unknown,
  name: (path: KeyPath) => string = keyPathText,
): { path: (string | number)[]; message: string } {
  const path = pointerToPath(e.instancePath, data);
  const at = name(path);
  const here = path.length === 0 ? '' : ` in ${at}`;
  const value = valueAt(data, path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return {
        path: [...path, key],
        message: `unknown key '${key}'${here}; known: ${known.join(', ')}`,
      };
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return { path, message: `${path.length === 0 ? '' : `${at}: `}missing '${key}'` };
    }
    case 'type': {
      const want = String((e.params as { type: string }).type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' or ');
      return { path, message: `${at} must be ${want}, not ${describeValue(value)}` };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      return { path, message: `${at}: unknown value ${describeValue(value)}; known: ${allowed.join(', ')}` };
    }
    case 'minLength':
      return { path, message: `${at} must not be empty` };
    case 'minItems':
      return { path, message: `${at} must not be an empty list` };
    case 'pattern': {
      const description = (e.parentSchema as { description?: string } | undefined)?.description;
      const expected = description ?? `of the form ${(e.params as { pattern: string }).pattern}`;
      return { path, message: `${at}: ${describeValue(value)} is not ${expected}` };
    }
    default:
      return { path, message: `${at} ${e.message ?? 'is invalid'}` };
  }
}

/** Unknown keys first (usually a typo that explains the rest), then by document order. */
function errorRank(e: ErrorObject): number {
  return e.keyword === 'additionalProperties' ? 0 : e.keyword === 'required' ? 2 : 1;
}

/** The first schema error of `errors` as a ConformError, noting how many more there are. */
export function schemaError(
  code: ErrorCode,
  file: YamlFile,
  errors: readonly ErrorObject[],
  options: { prefix?: string; name?: (path: KeyPath) => string } = {},
): ConformError {
  const prefix = options.prefix ?? '';
  const sorted = [...errors].sort((a, b) => errorRank(a) - errorRank(b));
  const { path, message } = describeSchemaError(sorted[0], file.data, options.name);
  const more = sorted.length > 1 ? ` (and ${sorted.length - 1} more problem${sorted.length > 2 ? 's' : ''})` : '';
  return new ConformError(code, `${prefix}${message}${more}`, { where: file.where(path) });
}
