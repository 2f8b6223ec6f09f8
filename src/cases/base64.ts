/**
 * Strings with `contentEncoding: base64` (a binary secret, "base64编码的二进制数据对象"): the
 * value is the RFC 4648 §4 encoding of some bytes — standard alphabet, `=` padding — so its
 * length is a multiple of 4 and the empty string is valid. The character-class machinery cannot
 * say that, so these values are made here: valid ones encode drawn bytes, and the not-base64
 * ones break the encoding and nothing else (specs/NOTES.md, its base64 entry).
 */
import fc from 'fast-check';
import { clamp } from './generators/fit.ts';

export type ContentEncoding = 'base64';

/** The text lengths a base64 value can have within [min, max] characters; `undefined` when none. */
export function base64Range(min: number, max: number): { readonly lo: number; readonly hi: number } | undefined {
  const lo = Math.ceil(min / 4) * 4;
  const hi = Math.floor(max / 4) * 4;
  return lo <= hi ? { lo, hi } : undefined;
}

/** A wanted length in characters, moved to the nearest base64 length at or below it inside [lo, hi]. */
export function base64Length(range: { readonly lo: number; readonly hi: number }, n: number): number {
  return clamp(Math.floor(n / 4) * 4, range.lo, range.hi);
}

/**
 * The shortest base64 text over a documented maximum under both readings of it: more than `max`
 * characters, and more than `max` bytes once decoded ("最大32K" of the text, or of the binary
 * it carries: the page does not say which).
 */
export function base64Beyond(max: number): number {
  return 4 * Math.ceil((max + 1) / 3);
}

/** Bytes a value repeats: a 32 K value costs no more to draw or shrink than a short one. */
const SEED_BYTES = 48;

export interface Base64TextOptions {
  /** `=` characters at the end (0–2); drawn when absent. An empty text has none. */
  readonly pad?: 0 | 1 | 2;
}

/** Canonical base64 texts of exactly the drawn length, which must be a multiple of 4. */
export function base64Text(length: fc.Arbitrary<number>, options: Base64TextOptions = {}): fc.Arbitrary<string> {
  const pad = options.pad === undefined ? fc.integer({ min: 0, max: 2 }) : fc.constant(options.pad);
  return fc.tuple(length, pad, fc.uint8Array({ minLength: 1, maxLength: SEED_BYTES })).map(([n, p, seed]) => {
    if (n % 4 !== 0) throw new Error(`base64Text: ${n} is not a multiple of 4`);
    if (n === 0) return '';
    const bytes = Buffer.alloc((n / 4) * 3 - p);
    // the seed's bytes, shifted on each pass, so a long value does not repeat one short block
    for (let i = 0; i < bytes.length; i++) bytes[i] = (seed[i % seed.length]! + Math.floor(i / seed.length)) & 0xff;
    return bytes.toString('base64');
  });
}

export interface NotBase64 {
  readonly value: string;
  /** `'!' (outside every base64 alphabet)` */
  readonly why: string;
}

/** Characters no base64 alphabet has (standard, URL-safe, or MIME line breaks). */
const OUTSIDE = ['!', '*', '.', '~', '%', '@', 'é'];

/**
 * Texts of `length` characters (a multiple of 4, at least 4) that are not base64, each broken one way:
 * a character outside every base64 alphabet in the middle, or padding in the wrong place — the
 * length stays a multiple of 4 and every other character is from the alphabet.
 */
export function notBase64(length: fc.Arbitrary<number>, how: 'alphabet' | 'padding'): fc.Arbitrary<NotBase64> {
  const valid = base64Text(length, { pad: 0 });
  if (how === 'alphabet') {
    return fc.tuple(valid, fc.constantFrom(...OUTSIDE), fc.nat()).map(([text, ch, k]) => {
      const at = 1 + (k % (text.length - 2));
      return { value: text.slice(0, at) + ch + text.slice(at + 1), why: `'${ch}' (outside every base64 alphabet)` };
    });
  }
  // "QUJD" → "Q=JD": '=' only ever ends a base64 text
  return fc.tuple(valid, fc.nat()).map(([text, k]) => {
    const at = 1 + (k % (text.length - 2));
    return { value: text.slice(0, at) + '=' + text.slice(at + 1), why: `'=' before its end (padding inside the text)` };
  });
}
