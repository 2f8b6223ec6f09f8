/**
 * Probes that show which reading of an ambiguity the target follows, where no ordinary case
 * decides it (specs/NOTES.md, "Length: characters or UTF-8 bytes"): a string field filled to its
 * maximum in Chinese characters is valid counting characters and too long counting UTF-8 bytes.
 * Sent as `either` (the documents allow both readings); the answer is reported as information.
 */
import type { Case } from '../cases/types.ts';
import type { JsonSchema, Operation } from '../spec/types.ts';

const CHINESE = '中文字符测试凭据证书应用描述名称';

export const LENGTH_PROBE = 'reading.length';

export function readingCases(op: Operation, valid: Case | undefined): Case[] {
  const props = op.requestBody?.schema.properties ?? {};
  const base = valid?.body.kind === 'json' ? (valid.body.value as Record<string, unknown>) : undefined;
  if (!base) return [];
  const out: Case[] = [];
  for (const [name, raw] of Object.entries(props)) {
    const p = raw as JsonSchema;
    if (p.type !== 'string' || p.maxLength === undefined || p['x-hwc-region-optional']) continue;
    const value = Array.from({ length: p.maxLength }, (_, i) => CHINESE[i % CHINESE.length]).join('');
    if (p.pattern !== undefined && !new RegExp(p.pattern, 'u').test(value)) continue;
    const bytes = Buffer.byteLength(value);
    out.push({
      id: `${op.id}.${LENGTH_PROBE}.${name}`,
      operationId: op.id,
      expect: 'either',
      origin: 'boundary',
      body: { kind: 'json', value: { ...base, [name]: value } },
      note: `${name} of ${p.maxLength} Chinese characters (${bytes} UTF-8 bytes): shows whether the limit counts characters or bytes`,
    });
  }
  return out;
}
