/**
 * Secrets a run only learns while it runs: the app_secret values it sends itself (a `never-echo`
 * field is a credential the moment a target stores it), and values a target shows where the
 * documents say it must not (a `mask` field in clear, a `metadata-only` property). Configured
 * secrets (token, AK/SK, knownSecrets) are redacted by the engine; these are found in what the run
 * keeps — failure and error records, recorded exchanges — and redacted from every report, the
 * console and the recording as well.
 */
import { at } from '../json-pointer.ts';
import { rulesOf } from '../spec/rule-lookup.ts';
import type { Case } from '../cases/types.ts';
import type { Operation } from '../spec/types.ts';
import type { RunResult } from '../run/types.ts';

/**
 * A value of fewer than 4 distinct characters (shrinking's minimal `a0000000`) protects nothing,
 * and redacting it would cut every hex id and timestamp that happens to contain it.
 */
const worthRedacting = (s: string) => new Set(s).size >= 4;


function parse(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function field(v: unknown, name: string): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined;
}


/** The never-echo values a request carried: in the case's JSON body, and in the body text sent (raw bodies too). */
export function requestSecrets(op: Operation | undefined, c: Case | undefined, sentBody?: string): string[] {
  const out: string[] = [];
  const fields = rulesOf(op, 'never-echo').flatMap((r) => r.fields);
  if (fields.length === 0) return out;
  const bodies = [c?.body.kind === 'json' ? c.body.value : undefined, parse(sentBody)];
  for (const b of bodies) for (const f of fields) if (typeof field(b, f) === 'string') out.push(field(b, f) as string);
  const raw = c?.body.kind === 'raw' ? c.body.text : parse(sentBody) === undefined ? sentBody : undefined;
  // malformed JSON still carries the value in the clear
  for (const f of fields) {
    const re = new RegExp(`"${f}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'g');
    for (const m of (raw ?? '').matchAll(re)) out.push(m[1]!);
  }
  return out.filter(worthRedacting);
}

/** Values a response showed that the documents say it must mask or never show. */
export function responseSecrets(op: Operation | undefined, responseBody: string | undefined): string[] {
  const body = parse(responseBody);
  if (body === undefined) return [];
  const out: string[] = [];
  for (const r of rulesOf(op, 'mask')) {
    const v = at(body, r.field);
    if (typeof v === 'string' && v !== r.mask) out.push(v);
  }
  for (const r of rulesOf(op, 'metadata-only')) {
    for (const p of r.forbiddenProperties) {
      const v = field(body, p);
      if (typeof v === 'string') out.push(v);
    }
  }
  return out.filter(worthRedacting);
}

/** Every such secret in a run result's failure and error records. */
export function resultSecrets(result: RunResult, operations: readonly Operation[]): string[] {
  const ops = new Map(operations.map((o) => [o.id, o] as const));
  const out = new Set<string>();
  for (const f of result.failures) {
    const op = ops.get(f.operationId);
    for (const s of requestSecrets(op, f.case, f.request.body)) out.add(s);
    for (const s of responseSecrets(op, f.response?.body)) out.add(s);
  }
  for (const e of result.errors) for (const s of requestSecrets(ops.get(e.operationId), undefined, e.request?.body)) out.add(s);
  return [...out];
}
