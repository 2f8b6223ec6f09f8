/**
 * The documents do not say app names are unique, but real APIG refuses a duplicate name; so
 * every name a run creates is made unique (same length in characters and bytes, same first
 * character, same character classes, so still the case its note describes) and either behaviour
 * passes. See specs/NOTES.md.
 */
import type { Case } from './types.ts';
import type { Operation } from '../spec/types.ts';

/**
 * The characters a name's character may be swapped for: the same class, so the same UTF-8 width
 * and the same documented rules. A case described as "3 characters, all Chinese" or "64 UTF-8
 * bytes" is still exactly that once it is made unique. Other characters (`_`) stay as they are.
 */
const CLASSES: readonly { readonly test: RegExp; readonly from: number; readonly size: number }[] = [
  { test: /^[A-Z]$/, from: 0x41, size: 26 },
  { test: /^[a-z]$/, from: 0x61, size: 26 },
  { test: /^[0-9]$/, from: 0x30, size: 10 },
  // the range the documents mean by 汉字 (\u4e00-\u9fa5)
  { test: /^[\u4e00-\u9fa5]$/u, from: 0x4e00, size: 0x9fa5 - 0x4e00 + 1 },
];

/**
 * Operations that create a named resource: a `name` request property, and `x-hwc-creates` (or,
 * in a spec without it, a 201 success). A name drawn from a seed would otherwise be the same on
 * every run, and a second run would meet the first one's resource.
 */
export function createsNamedResource(op: Operation): boolean {
  return (op.creates !== undefined || op.successStatus === 201) && op.requestBody?.schema.properties?.['name'] !== undefined;
}

/**
 * The case with its `name` made unique for this run (serial, nonce): up to six characters after
 * the first are replaced, each by one of its own class, so length in characters and in bytes,
 * the first character and every character class stay what the case's note says.
 */
export function uniquifyName(op: Operation, c: Case, serial: number, nonce: number): Case {
  if (c.expect !== 'accept' || c.body.kind !== 'json') return c;
  const body = c.body.value as Record<string, unknown>;
  const name = body?.['name'];
  if (typeof name !== 'string') return c;
  const chars = [...name];
  const width = Math.min(6, chars.length - 1);
  let n = Math.abs(Math.floor(nonce * 1_000_003 + serial));
  let changed = false;
  for (let i = chars.length - 1; i >= chars.length - width && n > 0; i--) {
    const cls = CLASSES.find((k) => k.test.test(chars[i]!));
    if (!cls) continue;
    chars[i] = String.fromCodePoint(cls.from + (n % cls.size));
    n = Math.floor(n / cls.size);
    changed = true;
  }
  if (!changed) return c;
  const candidate = chars.join('');
  const pattern = (op.requestBody?.schema.properties?.['name'] as { pattern?: string } | undefined)?.pattern;
  if (pattern && !compiled(pattern).test(candidate)) return c;
  return { ...c, body: { kind: 'json', value: { ...body, name: candidate } } };
}

// One pattern per operation, tested on every created name: compile it once.
const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern, 'u')));
  return re;
}
