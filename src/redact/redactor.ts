/**
 * Secrets never appear in reports or logs. A redactor replaces every known secret, in every
 * form of {@link secretEncodings}, with `[REDACTED]`, and always hides the values of
 * credential headers, whether or not the value is a known secret.
 */
import { MIN_SECRET_LENGTH, REDACTED, secretEncodings, type EncodingName } from './encodings.ts';

/** Header names whose values are always replaced whole (compared lower-cased). */
export const SENSITIVE_HEADERS: readonly string[] = Object.freeze([
  'x-auth-token',
  'authorization',
  'x-security-token',
  'x-subject-token',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

const SENSITIVE = new Set(SENSITIVE_HEADERS);

/**
 * `X-Auth-Token: value` in free text (an HTTP dump, a curl line, a JSON or escaped-JSON
 * header map, a query string). Values that are a shell variable (`$HWC_AUTH_TOKEN`, the
 * placeholder replay lines use) or already redacted are left alone.
 */
const HEADER_IN_TEXT =
  /\b(x-auth-token|authorization|x-security-token|x-subject-token|proxy-authorization)((?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?["'])?)([^"'\\<>&\r\n]+)/gi;

export interface Redactor {
  /** `s` with every secret (any encoding) and every credential header value replaced. */
  text(s: string): string;
  /** A new header map: credential headers replaced whole, other values redacted as text. */
  headers(h: Readonly<Record<string, string>>): Record<string, string>;
  /**
   * A deep copy of a JSON-like value with every string (and object key) redacted, and the
   * string values under credential header names replaced whole. Never mutates `v`.
   */
  value<T>(v: T): T;
}

export interface SecretFinding {
  /** index into the `secrets` argument */
  readonly index: number;
  readonly encoding: EncodingName;
  /** offset of the first occurrence */
  readonly at: number;
}

/**
 * Secrets are usable when long enough, and not part of the marker itself (a secret `DACT`
 * would be found again inside every `[REDACTED]`).
 */
function usable(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    if (typeof s === 'string' && s.length >= MIN_SECRET_LENGTH && !REDACTED.includes(s)) out.add(s);
  }
  return [...out];
}

/** [start, end) ranges of every occurrence, overlapping ones included. */
function occurrences(text: string, needles: readonly string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const needle of needles) {
    for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
      ranges.push([i, i + needle.length]);
    }
  }
  return ranges;
}

function replaceRanges(text: string, ranges: Array<[number, number]>): string {
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let pos = 0;
  let cur: [number, number] | undefined;
  for (const r of ranges) {
    if (cur && r[0] <= cur[1]) {
      cur[1] = Math.max(cur[1], r[1]);
      continue;
    }
    if (cur) {
      out += text.slice(pos, cur[0]) + REDACTED;
      pos = cur[1];
    }
    cur = [r[0], r[1]];
  }
  if (cur) {
    out += text.slice(pos, cur[0]) + REDACTED;
    pos = cur[1];
  }
  return out + text.slice(pos);
}

function redactHeaderLines(s: string): string {
  return s.replace(HEADER_IN_TEXT, (whole, name: string, sep: string, value: string) => {
    const v = value.trim();
    if (v === '' || v.startsWith('$') || v.startsWith(REDACTED)) return whole;
    return `${name}${sep}${REDACTED}`;
  });
}

/**
 * A redactor for these secrets (secrets shorter than 4 characters are ignored).
 * @example
 * const r = createRedactor([token]);
 * r.text(`X-Auth-Token: ${token}`) // 'X-Auth-Token: [REDACTED]'
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  if (!Array.isArray(secrets)) throw new TypeError('createRedactor(secrets): secrets must be an array of strings');
  const needles = [...new Set(usable(secrets).flatMap((s) => secretEncodings(s).map((e) => e.value)))];

  const text = (s: string): string => {
    if (typeof s !== 'string') return s;
    let out = redactHeaderLines(s);
    if (needles.length === 0) return out;
    // A replacement can, rarely, join marker and neighbours into a new match; a few passes settle it.
    for (let pass = 0; pass < 5; pass++) {
      const ranges = occurrences(out, needles);
      if (ranges.length === 0) break;
      out = replaceRanges(out, ranges);
    }
    return out;
  };

  const headers = (h: Readonly<Record<string, string>>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, v] of Object.entries(h ?? {})) {
      out[text(name)] = SENSITIVE.has(name.toLowerCase()) ? REDACTED : text(String(v));
    }
    return out;
  };

  const walk = (v: unknown, sensitive: boolean, stack: Set<object>): unknown => {
    if (typeof v === 'string') return sensitive ? REDACTED : text(v);
    if (v === null || typeof v !== 'object') return v;
    if (stack.has(v)) return '[Circular]';
    if (Array.isArray(v)) {
      stack.add(v);
      const out = v.map((x) => walk(x, sensitive, stack));
      stack.delete(v);
      return out;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    stack.add(v);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[text(k)] = walk(x, SENSITIVE.has(k.toLowerCase()), stack);
    }
    stack.delete(v);
    return out;
  };

  return Object.freeze({
    text,
    headers,
    value: <T>(v: T): T => walk(v, false, new Set()) as T,
  });
}

/**
 * Which secrets occur in `text`, and in which forms: one finding per (secret, encoding),
 * ordered by secret index, then position. A form found only inside a longer form of the same
 * secret (unpadded base64 inside padded base64) is not reported separately. Report-side
 * detection (what the redactor would replace); the engine's leak check keeps its own.
 */
export function findSecrets(text: string, secrets: readonly string[]): SecretFinding[] {
  const found: SecretFinding[] = [];
  secrets.forEach((secret, index) => {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
    const covered: Array<[number, number]> = [];
    // longest first, so a form inside a longer one is already covered when it comes up
    for (const e of secretEncodings(secret)) {
      let first = -1;
      for (const [start, end] of occurrences(text, [e.value])) {
        if (covered.some(([s, t]) => start >= s && end <= t)) continue;
        covered.push([start, end]);
        if (first === -1) first = start;
      }
      if (first !== -1) found.push({ index, encoding: e.name, at: first });
    }
  });
  return found.sort((a, b) => a.index - b.index || a.at - b.at);
}
