/**
 * Turn source text plus filler characters into a value of a chosen length that is valid under
 * the field's character rule and under every length reading (characters ≥ min, UTF-8 bytes ≤ max).
 * Total: any input gives a valid value, so values stay valid while fast-check shrinks the inputs.
 */
import { accepts, acceptsAsGeneratedFirst, type CharClass, type CharRule } from '../charclasses.ts';
import { charBytes, utf8Length } from '../length.ts';

export interface FitLimits {
  /** code points, at least */
  readonly min: number;
  /** code points, at most */
  readonly maxChars: number;
  /** UTF-8 bytes, at most (the documented maximum under the byte reading) */
  readonly maxBytes?: number;
  /** position 0 is the value's first character (the first-character rule applies); default true */
  readonly startsValue?: boolean;
}

export interface FitInput {
  /** sanitised source text (realistic), used first; may be empty */
  readonly text: string;
  /** wanted length in characters; clamped to the limits */
  readonly target: number;
  /** characters of the rule's rest pool, used cyclically after the text */
  readonly filler: readonly string[];
  /** a character of the rule's first pool */
  readonly firstUnit: string;
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** The one-byte, non-space members of a pool: what fills a value once the byte budget is tight. */
function asciiMembers(pool: readonly CharClass[]): string[] {
  const out: string[] = [];
  for (const c of pool) {
    if (!c.ascii || c.name === 'space') continue;
    for (let i = 0; i < c.size; i++) out.push(c.at(i));
  }
  return out;
}

const asciiCache = new WeakMap<readonly CharClass[], string[]>();
function asciiOf(pool: readonly CharClass[]): string[] {
  let hit = asciiCache.get(pool);
  if (!hit) asciiCache.set(pool, (hit = asciiMembers(pool)));
  return hit;
}

/** The fewest UTF-8 bytes a character after the first can take: what the rest of a value needs at least. */
const cheapestCache = new WeakMap<CharRule, number>();
function cheapestOf(rule: CharRule): number {
  let hit = cheapestCache.get(rule);
  if (hit === undefined) {
    hit = asciiOf(rule.restPool).length > 0 ? 1 : Math.min(...rule.restPool.map((c) => utf8Length(c.example)));
    cheapestCache.set(rule, hit);
  }
  return hit;
}

/** One fitting step's position: hoisted out of the per-character loop, which runs per generated value. */
interface Slot {
  isFirst: boolean;
  isLast: boolean;
  pos: number;
  /** the last character placed so far */
  prev: string | undefined;
  bytes: number;
  length: number;
  cheapest: number;
  maxBytes: number;
}

const SPACE = /\s/;

function fits(rule: CharRule, s: Slot, c: string | undefined): c is string {
  if (c === undefined) return false;
  if (s.isFirst ? !acceptsAsGeneratedFirst(rule, c) : !accepts(rule, c, 'rest')) return false;
  if (rule.freeText && SPACE.test(c) && (s.isLast || s.pos === 0 || s.prev === ' ')) return false;
  return s.bytes + charBytes(c) + (s.length - s.pos - 1) * s.cheapest <= s.maxBytes;
}

/** vary the one-byte fallback with the filler, so tight budgets do not give `aaaa…` */
function fallback(chars: readonly string[], pos: number, hint: string | undefined): string | undefined {
  return chars.length === 0 ? undefined : chars[((hint?.codePointAt(0) ?? 0) + pos * 7) % chars.length];
}

export function fitString(rule: CharRule, input: FitInput, limits: FitLimits): string {
  const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
  const startsValue = limits.startsValue ?? true;
  const asciiFirst = asciiOf(rule.firstPool);
  const asciiRest = asciiOf(rule.restPool);
  // the cheapest character that can follow, to keep room for the rest of the value
  const cheapest = cheapestOf(rule);
  // no more characters than the byte budget holds, even at one byte each
  const length = clamp(input.target, limits.min, Math.min(limits.maxChars, Math.floor(maxBytes / cheapest)));
  const src = [...input.text];
  const out: string[] = [];
  const slot: Slot = { isFirst: false, isLast: false, pos: 0, prev: undefined, bytes: 0, length, cheapest, maxBytes };
  let si = 0;
  let fi = 0;
  for (let pos = 0; pos < length; pos++) {
    slot.isFirst = pos === 0 && startsValue;
    slot.isLast = pos === length - 1;
    slot.pos = pos;
    let c: string | undefined;
    if (si < src.length) c = src[si++];
    else if (slot.isFirst) c = input.firstUnit;
    else if (input.filler.length > 0) c = input.filler[fi++ % input.filler.length];
    if (!fits(rule, slot, c)) {
      c = slot.isFirst ? (fits(rule, slot, input.firstUnit) ? input.firstUnit : fallback(asciiFirst, pos, c)) : fallback(asciiRest, pos, c);
    }
    if (!fits(rule, slot, c)) break;
    out.push(c);
    slot.prev = c;
    slot.bytes += charBytes(c);
  }
  if (out.length < limits.min) {
    // a generator asked for limits no value meets: a bug in src/cases, never a valid case to send
    throw new Error(`fitString: cannot fit ${limits.min}..${limits.maxChars} characters in ${maxBytes} bytes`);
  }
  return out.join('');
}
