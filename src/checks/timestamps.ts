/**
 * Orders the documents' timestamps exactly: APIG ISO-8601 with 0–9 fractional digits (finer
 * than a JS Date), ELB `YYYY-MM-DD HH:MM:SS` (no zone: compared as-is), CSMS integer epochs.
 * Returns nanoseconds since the epoch as a bigint, or undefined when the value is not a time.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

export function toNanos(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value) * 1_000_000n;
  if (typeof value !== 'string') return undefined;
  const m = ISO.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
  if (Number.isNaN(ms)) return undefined;
  let offsetMin = 0;
  if (zone !== 'Z') {
    const z = zone.replace(':', '');
    offsetMin = (z.startsWith('-') ? -1 : 1) * (+z.slice(1, 3) * 60 + +z.slice(3, 5));
  }
  const nanosFrac = BigInt(frac.padEnd(9, '0'));
  return (BigInt(ms) - BigInt(offsetMin) * 60_000n) * 1_000_000n + nanosFrac;
}
