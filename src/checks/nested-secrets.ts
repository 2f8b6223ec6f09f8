/**
 * Hiding places a plain substring search misses: a secret inside an encoded container (base64 of
 * a JSON body holding it: the secret's own base64 is not a substring of the container's), and a
 * partial mask that shows part of a secret ("Ab1******xyz").
 */

/** Runs that may be base64 (standard or URL-safe): long enough to hold a secret. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const MAX_DEPTH = 2;
const MAX_RUNS = 64;

/** Texts decoded from base64 runs in `text` (and from runs inside those), printable ones only. */
export function decodedContainers(text: string): string[] {
  const out: string[] = [];
  const visit = (t: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    let n = 0;
    for (const m of t.matchAll(BASE64_RUN)) {
      if (++n > MAX_RUNS) return;
      const decoded = Buffer.from(m[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
      // ids and hex runs decode to noise: keep only text a service could have meant
      if (!/^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/.test(decoded) || decoded.includes('\ufffd')) continue;
      out.push(decoded);
      visit(decoded, depth + 1);
    }
  };
  visit(text, 1);
  return out;
}

/** The fewest characters of a secret a partial mask may show before it counts as a leak. */
export const MIN_REVEALED = 4;
const STARS = /\*{3,}/g;

/**
 * A run of mask characters with the secret's start before it and/or its end after it, showing at
 * least MIN_REVEALED of its characters (fewer say nothing: any text may end like a secret starts).
 */
export function partialMask(text: string, secret: string): string | undefined {
  if (secret.length < MIN_REVEALED + 2 || !text.includes('*')) return undefined;
  for (const m of text.matchAll(STARS)) {
    const before = text.slice(Math.max(0, m.index! - secret.length), m.index);
    const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + secret.length);
    let p = 0;
    for (let k = Math.min(secret.length - 1, before.length); k > 0 && p === 0; k--) if (before.endsWith(secret.slice(0, k))) p = k;
    let s = 0;
    for (let k = Math.min(secret.length - 1, after.length); k > 0 && s === 0; k--) if (after.startsWith(secret.slice(secret.length - k))) s = k;
    // a mask shown alone, or next to text that merely starts like the secret, reveals fewer
    if (p + s >= MIN_REVEALED && p + s < secret.length) return `${secret.slice(0, p)}${m[0]}${secret.slice(secret.length - s)}`;
  }
  return undefined;
}
