/**
 * The documents do not say app names are unique, but real APIG refuses a duplicate name; so
 * every name a run creates is made unique (same length, same first character, still valid)
 * and either behaviour passes. See specs/NOTES.md.
 */
import type { Case } from '../cases/types.ts';
import type { Operation } from '../spec/types.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Operations that create a named resource: a 201 success and a `name` request property. */
export function createsNamedResource(op: Operation): boolean {
  return op.successStatus === 201 && op.requestBody?.schema.properties?.['name'] !== undefined;
}

export function uniquifyName(op: Operation, c: Case, serial: number, nonce: number): Case {
  if (c.expect !== 'accept' || c.body.kind !== 'json') return c;
  const body = c.body.value as Record<string, unknown>;
  const name = body?.['name'];
  if (typeof name !== 'string') return c;
  const chars = [...name];
  const tail = encode(nonce * 1_000_003 + serial, Math.min(6, chars.length - 1));
  const candidate = [...chars.slice(0, chars.length - tail.length), ...tail].join('');
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

function encode(n: number, width: number): string[] {
  const out: string[] = [];
  let v = Math.abs(Math.floor(n));
  for (let i = 0; i < width; i++) {
    out.unshift(ALPHABET[v % ALPHABET.length]!);
    v = Math.floor(v / ALPHABET.length);
  }
  return out;
}
