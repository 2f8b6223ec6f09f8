/**
 * The readings of "N 个字符" a conforming service may use (specs/NOTES.md): the documents never
 * say whether a limit counts characters or UTF-8 bytes, and Java services count UTF-16 units.
 * A positive case must be valid under every reading; a length-negative case uses ASCII only,
 * where all readings agree.
 */

/** Unicode code points: what JSON Schema `minLength`/`maxLength` count. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** UTF-8 bytes of one character (one code point, as `[...text]` yields); longer strings are measured whole. */
export function charBytes(ch: string): number {
  if (ch.length === 0 || ch.length > 2) return utf8Length(ch);
  const cp = ch.codePointAt(0) ?? 0;
  if (ch.length === 2 && cp < 0x10000) return utf8Length(ch);
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

export interface LengthLimits {
  readonly min: number;
  /** absent: no documented maximum */
  readonly max?: number;
}

export function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}
