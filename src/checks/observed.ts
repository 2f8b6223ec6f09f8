/** What the observation checks share: the call they observe, and values compared as stored. */
import type { Exchange } from '../execute/types.ts';
import { isSuccess } from './history.ts';

/** The operation's latest successful call in the flow: what an observer is compared against. */
export function observedCall(history: readonly Exchange[], operationId: string): Exchange | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i]!;
    if (h.case.operationId === operationId && isSuccess(h)) return h;
  }
  return undefined;
}

/** A JSON object (not an array), or undefined. */
export function asObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Absent, null and "" are one unset value (specs/NOTES.md, "Unset optional values"). */
export const isUnset = (v: unknown) => v === undefined || v === null || v === '';

/** Same JSON value, whatever the key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isUnset(a) && isUnset(b)) return true;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A value for a report line: strings shortened, never a whole certificate. */
export function shown(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `${JSON.stringify(v.slice(0, 37))}…` : JSON.stringify(v);
  return JSON.stringify(v ?? null);
}
