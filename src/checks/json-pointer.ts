/** Reads a value at an RFC 6901 JSON pointer; `undefined` when any step is missing. */
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
    keys = pointer
      .split('/')
      .slice(1)
      .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (parsed.size >= 1024) parsed.clear();
    parsed.set(pointer, keys);
  }
  return keys;
}
