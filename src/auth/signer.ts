/**
 * Huawei Cloud AK/SK request signing, `SDK-HMAC-SHA256`.
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(SK, StringToSign))
 *
 * `signRequest` signs what the executor will put on the wire and behaves like the Node SDK
 * (`@huaweicloud/huaweicloud-sdk-core` AKSKSigner): every header it is given is signed, and Host
 * is always signed. The canonicalisation pieces below are pure and take a `SigningProfile`, so the
 * published vectors of the Go, Python and Java SDKs (which leave some headers unsigned) are
 * reproducible too.
 *
 * Where the Node SDK disagrees with what the server sees on the wire, this module follows the
 * wire (Go/Python do the same); see `signRequest`. Signing only: the emulator has its own verifier,
 * on purpose — judge and judged must not share code.
 */
import { createHash, createHmac } from 'node:crypto';
import { ConformError } from '../errors.ts';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface SigningCredential {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken?: string;
}

export interface SignableRequest {
  readonly method: string;
  /** absolute URL as it will be sent (path and query already percent-encoded) */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** the exact body that will be sent; a string is sent as UTF-8 */
  readonly body?: string | Uint8Array;
}

/** Which headers an official SDK signs. */
export interface SigningProfile {
  readonly name: string;
  /** `name` is lower-case; true = the SDK sends this header but leaves it unsigned */
  readonly excludesHeader: (name: string) => boolean;
  /**
   * `always`: Host is signed, taken from the authority unless a Host header is given.
   * `if-given`: only a Host header the caller gave is signed (Go never adds one).
   */
  readonly host: 'always' | 'if-given';
}

const hasUnderscore = (name: string) => name.includes('_');

/**
 * The header-selection behaviour of each official SDK, as its published test vectors show it.
 * Go/Python/Java leave `_` names unsigned, presumably because proxies drop them by default
 * (nginx `underscores_in_headers off`) and the verifier would then miss a signed header. The Node
 * SDK signs them, and so does `signRequest`: don't send such headers to a live target.
 */
export const SIGNING_PROFILES = Object.freeze({
  node: Object.freeze<SigningProfile>({ name: 'node', excludesHeader: () => false, host: 'always' }),
  go: Object.freeze<SigningProfile>({
    name: 'go',
    excludesHeader: (n) => hasUnderscore(n) || n.startsWith('content-type'),
    host: 'if-given',
  }),
  python: Object.freeze<SigningProfile>({ name: 'python', excludesHeader: hasUnderscore, host: 'always' }),
  java: Object.freeze<SigningProfile>({
    name: 'java',
    excludesHeader: (n) => hasUnderscore(n) || n === 'content-type',
    host: 'always',
  }),
  /** the Java signer before content-type was dropped; Huawei's public worked example uses it */
  javaLegacy: Object.freeze<SigningProfile>({ name: 'javaLegacy', excludesHeader: () => false, host: 'always' }),
});

// ---------------------------------------------------------------------------------------------
// Pure canonicalisation

const HEX = Array.from({ length: 256 }, (_, i) => '%' + i.toString(16).toUpperCase().padStart(2, '0'));
/** RFC 3986 unreserved: A–Z a–z 0–9 - _ . ~ — the only bytes every SDK leaves unescaped. */
const UNRESERVED = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~') UNRESERVED[c.charCodeAt(0)] = 1;

function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 && UNRESERVED[b] === 1 ? String.fromCharCode(b) : HEX[b];
  return out;
}

/**
 * Percent-encodes everything but the unreserved set, UTF-8, upper-case hex (`a b/c` → `a%20b%2Fc`).
 * A lone surrogate becomes U+FFFD, as it would on the wire (the Node SDK throws or swallows the
 * next character instead).
 */
export function uriEscape(text: string): string {
  return escapeBytes(Buffer.from(text, 'utf8'));
}

const decoder = new TextDecoder('utf-8');

/**
 * Decodes `%XX` triplets leniently: a malformed `%` stays literal (Python's `unquote` does the
 * same), invalid UTF-8 becomes U+FFFD. `plusIsSpace` for query strings (form encoding, as Go's
 * `url.ParseQuery` on the server side reads them).
 */
function percentDecode(text: string, plusIsSpace: boolean): string {
  if (!text.includes('%') && !(plusIsSpace && text.includes('+'))) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === 0x2b && plusIsSpace) {
      bytes.push(0x20);
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      // copy the whole code point (surrogate pairs included) as UTF-8
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length - 1;
    }
  }
  return decoder.decode(Uint8Array.from(bytes));
}

/**
 * CanonicalURI: each `/`-separated segment escaped, always ending in `/` (`''` → `/`,
 * `/path/_:test` → `/path/_%3Atest/`). `path` is raw text unless `encoded`: then it is
 * percent-decoded first, so it is not encoded twice. The whole path is decoded before it is split,
 * so an encoded `%2F` separates segments — as Python's `unquote(path).split('/')` and a server
 * reading the decoded path (Go's `URL.Path`) both do.
 */
export function canonicalUri(path: string, options: { readonly encoded?: boolean } = {}): string {
  const raw = options.encoded ? percentDecode(path, false) : path;
  const joined = raw.split('/').map(uriEscape).join('/');
  return joined.endsWith('/') ? joined : joined + '/';
}

/** Splits a raw query string (with or without the leading `?`) into decoded key/value pairs. */
export function parseQuery(search: string): [string, string][] {
  const text = search.startsWith('?') ? search.slice(1) : search;
  if (text === '') return [];
  return text
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const key = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      return [percentDecode(key, true), percentDecode(value, true)];
    });
}

// UTF-16 code-unit order, as JavaScript's default sort and the Node SDK use.
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * CanonicalQueryString: pairs sorted by raw key then raw value (repeats kept), each side escaped,
 * joined with `&`. Values are text already: the SDKs render booleans as `true`/`false`, numbers in
 * decimal and lists as repeated keys before this step.
 */
export function canonicalQueryString(pairs: Iterable<readonly [string, string]>): string {
  return [...pairs]
    .sort(([ka, va], [kb, vb]) => byCodeUnit(ka, kb) || byCodeUnit(va, vb))
    .map(([k, v]) => `${uriEscape(k)}=${uriEscape(v)}`)
    .join('&');
}

/** Lower-cases header names; two names equal but for case cannot both be sent. */
function lowerCaseHeaders(headers: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (out.has(lower)) {
      throw new ConformError('CONFORM_AUTH', `cannot sign a request with header '${lower}' given twice (names differ only in case)`);
    }
    out.set(lower, value);
  }
  return out;
}

/**
 * CanonicalHeaders (`name:value\n` each, values trimmed) and SignedHeaders (`a;b;c`) over the
 * headers `profile` signs, both in code-unit order of the lower-case names.
 */
export function canonicalHeaders(
  headers: Readonly<Record<string, string>>,
  profile: SigningProfile = SIGNING_PROFILES.node,
): { readonly canonicalHeaders: string; readonly signedHeaders: string } {
  const entries = [...lowerCaseHeaders(headers)]
    .filter(([name]) => !profile.excludesHeader(name))
    .sort(([a], [b]) => byCodeUnit(a, b));
  return {
    canonicalHeaders: entries.map(([name, value]) => `${name}:${value.trim()}\n`).join(''),
    signedHeaders: entries.map(([name]) => name).join(';'),
  };
}

/** hex(sha256(body)) over the exact bytes; a string is hashed as UTF-8. */
export function payloadSha256(body?: string | Uint8Array): string {
  if (body === undefined || body.length === 0) return EMPTY_BODY_SHA256;
  return createHash('sha256').update(body).digest('hex');
}

/** The parts of a request that are signed, already split; `path` and `query` are raw text. */
export interface SigningParts {
  readonly method: string;
  /** the authority (`host[:port]`), used for Host when the profile signs it and none is given */
  readonly host: string;
  readonly path: string;
  /** set when `path` is percent-encoded as on the wire */
  readonly pathEncoded?: boolean;
  readonly query: readonly (readonly [string, string])[];
  /** every header sent, X-Sdk-Date included */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export interface Signature {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly authorization: string;
}

const SDK_DATE = /^\d{8}T\d{6}Z$/;

/** Signs already-split parts under `profile`; the X-Sdk-Date header must be among `parts.headers`. */
export function signParts(parts: SigningParts, cred: SigningCredential, profile: SigningProfile = SIGNING_PROFILES.node): Signature {
  checkCredential(cred);
  const lower = lowerCaseHeaders(parts.headers);
  const date = lower.get('x-sdk-date');
  if (date === undefined || !SDK_DATE.test(date.trim())) {
    throw new ConformError('CONFORM_AUTH', `cannot sign: X-Sdk-Date must be YYYYMMDDTHHMMSSZ, got ${date === undefined ? 'none' : `'${date}'`}`);
  }
  const signed: Record<string, string> = Object.fromEntries(lower);
  if (profile.host === 'always' && !lower.has('host')) signed.host = parts.host;
  const { canonicalHeaders: headerBlock, signedHeaders } = canonicalHeaders(signed, profile);
  // X-Sdk-Content-Sha256 (typically UNSIGNED-PAYLOAD) replaces the body hash in every SDK.
  const payloadHash = lower.get('x-sdk-content-sha256')?.trim() ?? payloadSha256(parts.body);
  const canonicalRequest = [
    parts.method,
    canonicalUri(parts.path, { encoded: parts.pathEncoded }),
    canonicalQueryString(parts.query),
    headerBlock,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const stringToSign = [SIGNING_ALGORITHM, date.trim(), createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const signature = createHmac('sha256', cred.secretKey).update(stringToSign).digest('hex');
  return {
    canonicalRequest,
    stringToSign,
    signedHeaders,
    signature,
    authorization: `${SIGNING_ALGORITHM} Access=${cred.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new ConformError('CONFORM_AUTH', 'cannot sign: the signing date is not a valid Date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function checkCredential(cred: SigningCredential): void {
  // Never echo the values: only say which one is missing.
  if (!cred.accessKey) throw new ConformError('CONFORM_AUTH', 'AK/SK signing needs an access key (auth.accessKey is empty)');
  if (!cred.secretKey) throw new ConformError('CONFORM_AUTH', 'AK/SK signing needs a secret key (auth.secretKey is empty)');
}

/**
 * Signs one request the way `@huaweicloud/huaweicloud-sdk-core` does and returns the complete
 * header set to send: the caller's headers, plus `Host` and `X-Sdk-Date` unless given,
 * `X-Security-Token` when the credential has one (signed, as the Node SDK adds it before signing),
 * and `Authorization`. A caller's own Authorization header is replaced, never signed.
 *
 * Deliberate differences from the Node SDK, each where it signs something other than what reaches
 * the server (all agree with the Go/Python signers and with the server's verifier):
 * - the body hash is over the exact bytes sent; the SDK hashes `JSON.stringify(data)` (a string
 *   body gets quoted, a falsy one hashes as empty) and, through `processAuthRequest`, marks
 *   non-JSON bodies `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`. A caller-given
 *   X-Sdk-Content-Sha256 is honoured, as in every SDK.
 * - the path is read from the encoded URL and decoded before escaping (as Python's `unquote`);
 *   the SDK escapes whatever `url.parse` leaves, so a space in a path is signed `%2520`.
 * - header values are trimmed (HTTP strips surrounding whitespace; Go/Python trim too).
 * - CanonicalHeaders are in the same code-unit order as SignedHeaders; the SDK sorts the former
 *   with `localeCompare`, which differs for names holding `_` next to `-` or digits.
 * - Host and Content-Type are matched case-insensitively; the SDK honours only a lower-case
 *   `host` (with `Host` it signs two host headers) and only lower-case multipart content types.
 * - the Host signed is the WHATWG authority undici sends (default port dropped).
 */
export function signRequest(
  req: SignableRequest,
  cred: SigningCredential,
  now: Date = new Date(),
): Record<string, string> {
  checkCredential(cred);
  let url: URL;
  try {
    url = new URL(req.url);
  } catch (cause) {
    throw new ConformError('CONFORM_AUTH', `cannot sign ${req.method}: the request URL is not an absolute URL`, { cause });
  }
  const token = cred.securityToken || undefined;
  const headers: Record<string, string> = {};
  const present = new Set<string>();
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') continue;
    if (lower === 'x-security-token' && token !== undefined) continue;
    headers[name] = value;
    present.add(lower);
  }
  if (!present.has('host')) headers.Host = url.host;
  if (!present.has('x-sdk-date')) headers['X-Sdk-Date'] = formatSdkDate(now);
  if (token !== undefined) headers['X-Security-Token'] = token;
  const { authorization } = signParts(
    {
      method: req.method,
      host: url.host,
      path: url.pathname,
      pathEncoded: true,
      query: parseQuery(url.search),
      headers,
      body: req.body,
    },
    cred,
    SIGNING_PROFILES.node,
  );
  headers.Authorization = authorization;
  return headers;
}
