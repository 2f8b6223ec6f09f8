/**
 * JSON pointers (RFC 6901), the one implementation: every `where` of a spec error is a file plus
 * one of these, spec rules name response and request fields with them, and the checks read
 * values at them.
 */

function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${escapeSegment(s)}`).join('');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map(unescapeSegment);
}

/** Appends segments to a pointer. */
export function childPointer(pointer: string, ...segments: (string | number)[]): string {
  return pointer + toPointer(segments);
}

/** Reads a value at a pointer; `undefined` when any step is missing. `''` and `'/'` both name the whole value. */
export function at(value: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return value;
  let cur: unknown = value;
  for (const key of keysOf(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

// Checks read the same few documented pointers on every exchange: parse each once.
const parsed = new Map<string, readonly string[]>();

function keysOf(pointer: string): readonly string[] {
  let keys = parsed.get(pointer);
  if (!keys) {
    keys = pointer.split('/').slice(1).map(unescapeSegment);
    if (parsed.size >= 1024) parsed.clear();
    parsed.set(pointer, keys);
  }
  return keys;
}
