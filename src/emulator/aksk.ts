/**
 * Verification of Huawei Cloud AK/SK request signatures (SDK-HMAC-SHA256), written from the
 * algorithm the SDK signers implement, independently of the suite's own signer (src/auth):
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n
 *                      SignedHeaders \n hex(sha256(body))
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(SK, StringToSign))
 *
 * The verifier rebuilds the canonical request from what arrived on the wire, with the signer's
 * own SignedHeaders list.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
/** How far X-Sdk-Date may be from the verifier's clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface SignedRequest {
  readonly method: string;
  /** the path as received: percent-encoded, without the query */
  readonly path: string;
  /** the raw query string without '?' ('' when none) */
  readonly query: string;
  /** lower-case header names, as node:http gives them */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Uint8Array;
}

export interface VerifyOptions {
  readonly accessKey: string;
  readonly secretKey: string;
  /** the verifier's clock in ms (tests pin it to a vector's X-Sdk-Date) */
  readonly now?: number;
}

export type VerifyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string };

const AUTHORIZATION_RE =
  /^SDK-HMAC-SHA256\s+Access=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/;
const SDK_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** True when the request carries an SDK-HMAC-SHA256 Authorization header (right or wrong). */
export function hasSignature(headers: SignedRequest['headers']): boolean {
  const value = headerValue(headers, 'authorization');
  return value !== undefined && value.startsWith(SIGNING_ALGORITHM);
}

export function verifySignature(request: SignedRequest, options: VerifyOptions): VerifyResult {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined) return fail('no Authorization header');
  const parsed = AUTHORIZATION_RE.exec(authorization.trim());
  if (!parsed) return fail('Authorization is not "SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…"');
  const [, access, signedHeaderList, signature] = parsed;
  if (!equalStrings(access, options.accessKey)) return fail('unknown access key');

  const sdkDate = headerValue(request.headers, 'x-sdk-date');
  if (sdkDate === undefined) return fail('no X-Sdk-Date header');
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) return fail('X-Sdk-Date is not YYYYMMDDTHHMMSSZ');
  const now = options.now ?? Date.now();
  if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) return fail('X-Sdk-Date is more than 15 minutes from now');

  const signedHeaders = signedHeaderList.toLowerCase().split(';');
  let canonicalHeaders = '';
  for (const name of signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) return fail(`signed header ${name} is missing`);
    canonicalHeaders += `${name}:${value.trim()}\n`;
  }
  const payloadHash =
    headerValue(request.headers, 'x-sdk-content-sha256') ??
    (request.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(request.body));

  // Signers differ on whether they sign the decoded or the already-encoded path and on '+' in
  // queries; try the readings a real signer may have used, the common one first.
  for (const uri of canonicalUriCandidates(request.path)) {
    for (const query of canonicalQueryCandidates(request.query)) {
      const canonicalRequest = [
        request.method.toUpperCase(),
        uri,
        query,
        canonicalHeaders,
        signedHeaders.join(';'),
        payloadHash,
      ].join('\n');
      const stringToSign = `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
      const expected = createHmac('sha256', options.secretKey).update(stringToSign).digest('hex');
      if (equalStrings(expected, signature.toLowerCase())) return { ok: true };
    }
  }
  return fail('signature does not match');
}

/** The canonical URI the SDK signers build: each segment URI-encoded, a trailing '/' added. */
export function canonicalUri(decodedPath: string): string {
  const encoded = decodedPath.split('/').map(uriEncode).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/** The canonical query: pairs sorted by key then value, each side URI-encoded, '&'-joined. */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return [...pairs]
    .sort(([ka, va], [kb, vb]) => compare(ka, kb) || compare(va, vb))
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
    .join('&');
}

/** Parses a raw query string into decoded pairs; `plusIsSpace` as form decoding does. */
export function parseQuery(raw: string, plusIsSpace = true): Array<[string, string]> {
  if (raw === '') return [];
  const pairs: Array<[string, string]> = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decode(key, plusIsSpace), decode(value, plusIsSpace)]);
  }
  return pairs;
}

/** RFC 3986 percent-encoding: everything but A–Z a–z 0–9 - _ . ~, UTF-8 bytes in upper-case hex. */
export function uriEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += UNRESERVED[byte] ? String.fromCharCode(byte) : HEX[byte];
  }
  return out;
}

function canonicalUriCandidates(rawPath: string): string[] {
  const decoded = rawPath
    .split('/')
    .map((segment) => decode(segment, false))
    .join('/');
  const first = canonicalUri(decoded);
  // Some signers encode the already-encoded path again ('%' → '%25').
  return rawPath.includes('%') ? [first, canonicalUri(rawPath)] : [first];
}

function canonicalQueryCandidates(rawQuery: string): string[] {
  const first = canonicalQuery(parseQuery(rawQuery, true));
  return rawQuery.includes('+') ? [first, canonicalQuery(parseQuery(rawQuery, false))] : [first];
}

function decode(text: string, plusIsSpace: boolean): string {
  const spaced = plusIsSpace ? text.replaceAll('+', ' ') : text;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function parseSdkDate(text: string): number | undefined {
  const m = SDK_DATE_RE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? undefined : ms;
}

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(',');
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function equalStrings(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fail(reason: string): VerifyResult {
  return { ok: false, reason };
}

const UNRESERVED: readonly boolean[] = Array.from({ length: 256 }, (_, byte) => {
  const c = String.fromCharCode(byte);
  return /[A-Za-z0-9\-_.~]/.test(c);
});
const HEX: readonly string[] = Array.from(
  { length: 256 },
  (_, byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
);
