/**
 * Character classes of `x-hwc-charset` (specs/README.md), compiled into rules generators can
 * draw positive characters from, and the probe characters negative cases send.
 *
 * Positive Chinese text comes only from U+4E00–U+9FA5, the range every reading of "汉字 / 中文"
 * accepts. Probes are characters *no* reading of the documents allows: never a Han-script
 * character (a service accepting the wider Han script reads "汉字" legitimately), never CJK or
 * full-width punctuation ("，" is 中文 punctuation to some readers), never full-width Latin
 * letters or digits ("Ａ" is 全角英文, "英文" to some readers).
 */
import { ConformError } from '../errors.ts';
import type { Charset } from '../spec/types.ts';

export const HAN_FIRST = 0x4e00;
export const HAN_LAST = 0x9fa5;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/** every printable ASCII character that is neither a letter, a digit nor a space */
const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export interface CharClass {
  /** `latin`, `digit`, `han`, or the literal character itself */
  readonly name: string;
  /** for rules in words: `Latin letters`, `'_'` */
  readonly label: string;
  readonly test: (ch: string) => boolean;
  /** members are addressable so generators can draw them from one shrinkable integer */
  readonly size: number;
  readonly at: (index: number) => string;
  /** `at(0)`: what shrinking converges to */
  readonly example: string;
  /** every member is one UTF-8 byte */
  readonly ascii: boolean;
}

function alphabetClass(name: string, label: string, alphabet: string): CharClass {
  const chars = [...alphabet];
  const members = new Set(chars);
  return {
    name,
    label,
    test: (c) => members.has(c),
    size: chars.length,
    at: (i) => chars[i % chars.length],
    example: chars[0],
    ascii: chars.every((c) => c.charCodeAt(0) < 0x80),
  };
}

function literal(ch: string): CharClass {
  return alphabetClass(ch, `'${ch}'`, ch);
}

export const LATIN: CharClass = alphabetClass('latin', 'Latin letters', LOWER + UPPER);
const DIGIT: CharClass = alphabetClass('digit', 'digits', DIGITS);

export const HAN: CharClass = {
  name: 'han',
  label: 'Chinese characters',
  test: (c) => c.length === 1 && c.charCodeAt(0) >= HAN_FIRST && c.charCodeAt(0) <= HAN_LAST,
  size: HAN_LAST - HAN_FIRST + 1,
  at: (i) => String.fromCodePoint(HAN_FIRST + (i % (HAN_LAST - HAN_FIRST + 1))),
  example: String.fromCodePoint(HAN_FIRST),
  ascii: false,
};

/** Generation-only classes for free text (fields with no `allowed` list). */
function asciiSymbols(forbidden: readonly string[]): CharClass | undefined {
  const chars = [...ASCII_PUNCTUATION].filter((c) => !forbidden.includes(c)).join('');
  return chars.length === 0 ? undefined : alphabetClass('ascii-punctuation', 'ASCII punctuation', chars);
}

/** Chinese sentence punctuation: fine in free text, where only `forbidden` is excluded. */
const CJK_TEXT_PUNCTUATION = alphabetClass('cjk-punctuation', 'Chinese punctuation', '，。、');

const SPACE = alphabetClass('space', 'spaces', ' ');

const NAMED: Readonly<Record<string, CharClass>> = { latin: LATIN, digit: DIGIT, han: HAN };

export function charClass(name: string, where = 'x-hwc-charset'): CharClass {
  const named = NAMED[name];
  if (named) return named;
  if ([...name].length === 1) return literal(name);
  throw new ConformError(
    'CONFORM_SPEC_EXTENSION',
    `unknown character class '${name}'; known: latin, digit, han, or one literal character`,
    { where },
  );
}

/** A field's documented character rule, plus the pools positive values are drawn from. */
export interface CharRule {
  /** documented: the classes every character comes from; `null`: any character not forbidden */
  readonly allowed: readonly CharClass[] | null;
  /** documented: the classes the first character comes from; `null`: same as `allowed` */
  readonly first: readonly CharClass[] | null;
  readonly forbidden: readonly string[];
  /** positive generation: classes for any position but the first */
  readonly restPool: readonly CharClass[];
  /** positive generation: classes for the first position */
  readonly firstPool: readonly CharClass[];
  /** free text (no `allowed` list): generated values never start or end with a space */
  readonly freeText: boolean;
}

export function compileCharset(charset: Charset | undefined, where = 'x-hwc-charset'): CharRule {
  const forbidden = [...(charset?.forbidden ?? [])];
  const allowed = charset?.allowed ? charset.allowed.map((n) => charClass(n, where)) : null;
  const first = charset?.first ? charset.first.map((n) => charClass(n, where)) : null;
  if (allowed) {
    const firstPool = (first ?? allowed).filter((c) => allowed.some((a) => a.test(c.example)));
    return { allowed, first, forbidden, restPool: allowed, firstPool, freeText: false };
  }
  // Free text: any character but the forbidden ones. Positives draw from characters every
  // service stores as-is (printable ASCII, Chinese, Chinese punctuation) — no control characters.
  const symbols = asciiSymbols(forbidden);
  const restPool = [LATIN, DIGIT, HAN, ...(symbols ? [symbols] : []), SPACE, CJK_TEXT_PUNCTUATION].filter(
    (c) => !forbidden.includes(c.example),
  );
  const firstPool = (first ?? restPool.filter((c) => c !== SPACE)).filter((c) => !forbidden.includes(c.example));
  return { allowed: null, first, forbidden, restPool, firstPool, freeText: true };
}

/** Does the documented rule accept `ch` at this position? */
export function accepts(rule: CharRule, ch: string, position: 'first' | 'rest'): boolean {
  if (rule.forbidden.includes(ch)) return false;
  if (position === 'first' && rule.first && !rule.first.some((c) => c.test(ch))) return false;
  return rule.allowed === null || rule.allowed.some((c) => c.test(ch));
}

/**
 * Classes the rule allows in the body of a value but not as its first character
 * (`digit` and `'_'` for an APIG app name): the negatives of a first-character rule.
 */
export function firstCharViolators(rule: CharRule): readonly CharClass[] {
  if (!rule.first || !rule.allowed) return [];
  return rule.allowed.filter((c) => !accepts(rule, c.example, 'first') && accepts(rule, c.example, 'rest'));
}

export interface Probe {
  readonly char: string;
  /** why no reading accepts it: `space`, `Cyrillic letter` */
  readonly label: string;
}

/**
 * Characters no reading of "英文 / 数字 / 汉字 / 中文 / listed symbols" accepts. ASCII punctuation
 * is probed one character at a time because validators get single symbols wrong (`[\w-.]`).
 */
export const PROBES: readonly Probe[] = Object.freeze([
  { char: ' ', label: 'space' },
  ...[...ASCII_PUNCTUATION].map((char) => ({ char, label: 'ASCII punctuation' })),
  { char: 'é', label: 'Latin letter with diacritic' },
  { char: 'Ж', label: 'Cyrillic letter' },
  { char: '😀', label: 'emoji outside the BMP' },
  { char: 'あ', label: 'Japanese hiragana' },
  { char: 'カ', label: 'Japanese katakana' },
  { char: '한', label: 'Korean Hangul' },
  { char: '\u0001', label: 'control character' },
]);

/** Probes the rule rejects anywhere in a value (fields with an `allowed` list). */
export function charsetProbes(rule: CharRule): readonly Probe[] {
  if (!rule.allowed) return [];
  return PROBES.filter((p) => !accepts(rule, p.char, 'rest'));
}

/** `'é'`, or `U+0001` for characters that do not print. */
export function showChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || cp === 0x7f) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${ch}'`;
}

/**
 * Make realistic text fit a rule's character classes: symbols the rule lacks become `_` or `-`
 * when allowed (`App Store` → `App_Store`), otherwise they go; leading characters the first
 * position refuses go. The result may be empty.
 */
export function sanitise(rule: CharRule, text: string): string {
  let out = '';
  if (rule.freeText) {
    for (const ch of text.replace(/\s+/g, ' ').trim()) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp < 0x20 || cp === 0x7f) continue;
      if (!rule.forbidden.includes(ch)) out += ch;
    }
  } else {
    const joiner = ['_', '-'].find((j) => accepts(rule, j, 'rest'));
    for (const ch of text) {
      if (accepts(rule, ch, 'rest')) out += ch;
      else if (joiner && /[\s\p{P}\p{S}]/u.test(ch) && !out.endsWith(joiner)) out += joiner;
    }
  }
  const chars = [...out];
  let start = 0;
  while (start < chars.length && !acceptsAsGeneratedFirst(rule, chars[start])) start++;
  const kept = chars.slice(start);
  while (rule.freeText && kept.length > 0 && kept[kept.length - 1] === ' ') kept.pop();
  return kept.join('');
}

export function acceptsAsGeneratedFirst(rule: CharRule, ch: string): boolean {
  return accepts(rule, ch, 'first') && !(rule.freeText && /\s/.test(ch));
}
