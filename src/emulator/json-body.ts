/**
 * Request bodies: strict UTF-8, JSON, a top-level object. Anything else is the caller's 400.
 * Only top-level fields are ever read, so a deeply nested body costs no recursion here.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export type BodyResult =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly message: string };

/**
 * Parses a request body into a JSON object. `emptyIsObject`: an absent or empty body reads as
 * `{}` (operations whose every body field is optional).
 */
export function parseJsonObject(body: Uint8Array | null, emptyIsObject: boolean): BodyResult {
  if (body === null || body.length === 0) {
    return emptyIsObject ? { ok: true, value: {} } : { ok: false, message: 'the request body is empty; a JSON object is required' };
  }
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    return { ok: false, message: 'the request body is not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'the request body is not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'the request body must be a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** The field when present; `undefined` when absent. Own properties only. */
export function field(body: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(body, name) ? body[name] : undefined;
}

/** Length in characters (code points), as the documents count. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}
