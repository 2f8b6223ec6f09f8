/**
 * Hiding places a plain substring search misses: a secret inside an encoded container (base64 of
 * a JSON body holding it: the secret's own base64 is not a substring of the container's), and a
 * partial mask that shows part of a secret ("Ab1******xyz"). Both look at a response once
 * (containers, maskNeighbours), then at each secret cheaply.
 */

/** A container holds more than a secret's own base64 (which the plain search finds): at least this long. */
const MIN_RUN = 20;
/** ids and hex digests look like base64 runs and decode to noise: not containers */
const HEX_ID = /^[0-9a-fA-F-]+$/;
const PRINTABLE = /^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/;
const MAX_DEPTH = 2;
const MAX_RUNS = 64;

/** base64 and base64url characters and '=' padding */
function isBase64Code(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 45 || c === 95 || c === 61;
}

/** Texts decoded from base64 runs in `text` (and from runs inside those), printable ones only. */
export function decodedContainers(text: string): string[] {
  const out: string[] = [];
  const visit = (t: string, depth: number) => {
    let runs = 0;
    let start = -1;
    for (let i = 0; i <= t.length; i++) {
      if (i < t.length && isBase64Code(t.charCodeAt(i))) {
        if (start < 0) start = i;
        continue;
      }
      if (start >= 0 && i - start >= MIN_RUN) {
        const run = t.slice(start, i);
        if (++runs > MAX_RUNS) return;
        if (!HEX_ID.test(run)) {
          // node's base64 decoder reads the URL-safe alphabet too
          const decoded = Buffer.from(run, 'base64').toString('utf8');
          if (!decoded.includes('\ufffd') && PRINTABLE.test(decoded)) {
            out.push(decoded);
            if (depth < MAX_DEPTH) visit(decoded, depth + 1);
          }
        }
      }
      start = -1;
    }
  };
  visit(text, 1);
  return out;
}

/** The fewest characters of a secret a partial mask may show before it counts as a leak. */
const MIN_REVEALED = 4;
const STARS = /\*{3,}/g;
/** what ends the text glued to a mask: whitespace, NUL (between headers), quotes, JSON and URL punctuation */
const DELIMITER = /[\s\0*"'`:,;=()[\]{}<>]/;

/** The text glued to each run of three or more `*`: what a partial mask shows. */
export function maskNeighbours(text: string): { before: string; stars: string; after: string }[] {
  if (!text.includes('***')) return [];
  const out: { before: string; stars: string; after: string }[] = [];
  for (const m of text.matchAll(STARS)) {
    let b = m.index!;
    while (b > 0 && !DELIMITER.test(text[b - 1]!)) b--;
    const end = m.index! + m[0].length;
    let a = end;
    while (a < text.length && !DELIMITER.test(text[a]!)) a++;
    if (b < m.index! || a > end) out.push({ before: text.slice(b, m.index), stars: m[0], after: text.slice(end, a) });
  }
  return out;
}

/**
 * A mask with the secret's start before it and/or its end after it, showing at least
 * MIN_REVEALED of its characters (fewer say nothing: any text may end like a secret starts).
 */
export function partialMask(neighbours: readonly { before: string; stars: string; after: string }[], secret: string): string | undefined {
  for (const { before, stars, after } of neighbours) {
    const p = before && secret.startsWith(before) ? before.length : 0;
    const s = after && secret.endsWith(after) ? after.length : 0;
    if (p + s >= MIN_REVEALED && p + s < secret.length) return `${before}${stars}${after}`;
  }
  return undefined;
}
