/** Reads a value at an RFC 6901 JSON pointer; `undefined` when any step is missing. */
export function at(value: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return value;
  let cur: unknown = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
