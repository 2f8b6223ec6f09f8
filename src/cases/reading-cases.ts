/**
 * Probes that show which reading of an ambiguity the target follows, where no ordinary case
 * decides it (specs/NOTES.md, "Length: characters or UTF-8 bytes"): a string field filled to its
 * maximum in Chinese characters is valid counting characters and too long counting UTF-8 bytes.
 * Sent as `either` (the documents allow both readings); the answer is reported as information.
 */
import type { Case } from './types.ts';
import type { JsonSchema, Operation } from '../spec/types.ts';

const CHINESE = '中文字符测试凭据证书应用描述名称';

export const LENGTH_PROBE = 'reading.length';

/** The fields a length probe fills: length-limited strings a Chinese value of that length fits. */
function probed(op: Operation): { name: string; value: string; max: number }[] {
  const out: { name: string; value: string; max: number }[] = [];
  for (const [name, raw] of Object.entries(op.requestBody?.schema.properties ?? {})) {
    const p = raw as JsonSchema;
    // an encoded value (contentEncoding) is not text: Chinese there breaks the encoding, not a length
    if (p.type !== 'string' || p.maxLength === undefined || p['x-hwc-region-optional'] || (p as { contentEncoding?: unknown }).contentEncoding !== undefined) continue;
    const value = Array.from({ length: p.maxLength }, (_, i) => CHINESE[i % CHINESE.length]).join('');
    if (p.pattern !== undefined && !new RegExp(p.pattern, 'u').test(value)) continue;
    out.push({ name, value, max: p.maxLength });
  }
  return out;
}

/** How many probes an operation gets (progress totals are known before the valid body is). */
export function readingCaseCount(op: Operation): number {
  return probed(op).length;
}

/** The probes, each an otherwise valid body (`valid`'s) with one field filled; none without one. */
export function readingCases(op: Operation, valid: Case | undefined): Case[] {
  const base = valid?.body.kind === 'json' ? (valid.body.value as Record<string, unknown>) : undefined;
  if (!base) return [];
  return probed(op).map(({ name, value, max }) => ({
    id: `${op.id}.${LENGTH_PROBE}.${name}`,
    operationId: op.id,
    expect: 'either',
    origin: 'boundary',
    body: { kind: 'json', value: { ...base, [name]: value } },
    note: `${name} of ${max} Chinese characters (${Buffer.byteLength(value)} UTF-8 bytes): shows whether the limit counts characters or bytes`,
  }));
}

export const DUPLICATE_PROBE = 'reading.duplicate';

/** Request properties the documents let a region reject or ignore ("只支持部分region自定义"). */
export function regionOptionalFields(op: Operation): string[] {
  return Object.entries(op.requestBody?.schema.properties ?? {})
    .filter(([, p]) => (p as JsonSchema)['x-hwc-region-optional'])
    .map(([name]) => name);
}

/**
 * A custom value sent a second time: whether the target takes duplicates decides whether a later
 * refusal of a valid custom value can be a duplicate (optional-feature-consistent), and is itself
 * a reading. `either`: the documents do not say these values are unique.
 */
export function duplicateCase(op: Operation, original: Case, field: string): Case {
  return {
    ...original,
    id: `${op.id}.${DUPLICATE_PROBE}.${field}`,
    expect: 'either',
    origin: 'boundary',
    note: `the custom ${field} of case ${original.id} again: shows whether a value may be used twice`,
  };
}
