/**
 * The forms a secret can take on its way into a report: raw, escaped inside a JSON string,
 * percent-encoded in a URL or a form body, base64-encoded (whole, or inside a larger blob),
 * escaped inside HTML/XML. Reports and logs redact every one of them.
 *
 * This is the *report* side. The engine's secret-leak check judges responses with its own
 * detection, on purpose: if judge and redactor shared code, one bug would hide in both.
 */

export type EncodingName =
  | 'raw'
  | 'json'
  | 'json-ascii'
  | 'json-ascii-upper'
  | 'json-slash'
  | 'json-html-safe'
  | 'json-twice'
  | 'url'
  | 'url-lower'
  | 'form'
  | 'form-lower'
  | 'base64'
  | 'base64-unpadded'
  | 'base64url'
  | 'base64url-padded'
  | 'base64-embedded-0'
  | 'base64-embedded-1'
  | 'base64-embedded-2'
  | 'base64url-embedded-0'
  | 'base64url-embedded-1'
  | 'base64url-embedded-2'
  | 'html';

export interface SecretEncoding {
  readonly name: EncodingName;
  readonly value: string;
}

/** Secrets shorter than this are ignored: redacting `abc` everywhere would shred a report. */
export const MIN_SECRET_LENGTH = 4;

/** What every redacted secret (and every sensitive header value) is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Shorter base64 fragments than this are not worth matching on their own: they carry fewer
 * than 24 bits of the secret and would match unrelated base64 by chance.
 */
const MIN_FRAGMENT_CHARS = 4;

function jsonBody(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

function escapeNonAscii(s: string, upper: boolean): string {
  return s.replace(/[\u007f-\uffff]/g, (c) => {
    const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
    return `\\u${upper ? hex.toUpperCase() : hex}`;
  });
}

/** Go's encoding/json escapes these by default ("HTML-safe" JSON). */
function htmlSafeJson(s: string): string {
  return jsonBody(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function lowerPercent(s: string): string {
  return s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
}

/** application/x-www-form-urlencoded, as URLSearchParams writes it. */
function formEncode(s: string): string {
  return new URLSearchParams([['', s]]).toString().slice(1);
}

/** `undefined` for a string with a lone surrogate: such a secret cannot travel in a URL anyway. */
function uriComponent(s: string): string | undefined {
  try {
    return encodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}

function toBase64url(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * The base64 characters that depend on the secret's bytes only, when the secret starts
 * `offset` bytes (0, 1, 2) into a 3-byte group of a larger blob. A secret inside any base64
 * blob shows up as one of these three strings.
 */
function embeddedBase64(bytes: Uint8Array, offset: 0 | 1 | 2): string {
  const buf = Buffer.concat([Buffer.alloc(offset), bytes]);
  const b64 = buf.toString('base64');
  const startBits = offset * 8;
  const endBits = startBits + bytes.length * 8;
  return b64.slice(Math.ceil(startBits / 6), Math.floor(endBits / 6));
}

/**
 * Every form of `secret` the redactor replaces, longest first, without duplicates (a name
 * appears only with the first encoding that produced its value). Empty for secrets shorter
 * than {@link MIN_SECRET_LENGTH}.
 */
export function secretEncodings(secret: string): readonly SecretEncoding[] {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return [];
  const out: SecretEncoding[] = [];
  const seen = new Set<string>();
  const add = (name: EncodingName, value: string): void => {
    if (value.length === 0 || seen.has(value)) return;
    seen.add(value);
    out.push({ name, value });
  };

  add('raw', secret);
  const json = jsonBody(secret);
  add('json', json);
  add('json-ascii', escapeNonAscii(json, false));
  add('json-ascii-upper', escapeNonAscii(json, true));
  add('json-slash', json.replace(/\//g, '\\/'));
  add('json-html-safe', htmlSafeJson(secret));
  // a JSON document stored as a string inside another JSON document (a response body in conformance.json)
  add('json-twice', jsonBody(json));
  add('html', escapeHtml(secret));
  add('html', escapeHtml(json));

  const url = uriComponent(secret);
  if (url !== undefined) {
    add('url', url);
    add('url-lower', lowerPercent(url));
    const form = formEncode(secret);
    add('form', form);
    add('form', url.replace(/%20/g, '+'));
    add('form-lower', lowerPercent(form));
  }

  const bytes = Buffer.from(secret, 'utf8');
  const b64 = bytes.toString('base64');
  add('base64', b64);
  add('base64-unpadded', b64.replace(/=+$/, ''));
  add('base64url', toBase64url(b64).replace(/=+$/, ''));
  add('base64url-padded', toBase64url(b64));
  for (const offset of [0, 1, 2] as const) {
    const fragment = embeddedBase64(bytes, offset);
    if (fragment.length < MIN_FRAGMENT_CHARS) continue;
    add(`base64-embedded-${offset}`, fragment);
    add(`base64url-embedded-${offset}`, toBase64url(fragment));
  }

  // longest first: where one form contains another, the whole of the longer one is replaced
  return out.sort((a, b) => b.value.length - a.value.length);
}
