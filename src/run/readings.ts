/**
 * Readings, shown: for each ambiguity specs/NOTES.md records, which reading the target follows,
 * with the case that shows it. Information, never a failure: the documents allow each reading.
 */
import type { OptionalEvidence } from '../checks/types.ts';
import type { Exchange } from '../execute/types.ts';
import type { JsonSchema, Operation } from '../spec/types.ts';
import { DUPLICATE_PROBE, LENGTH_PROBE } from '../cases/reading-cases.ts';
import type { Reading } from './types.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export class ReadingObserver {
  private readonly found = new Map<string, Reading>();
  private readonly statuses = new Map<string, { topic: string; operationId: string; note: string; seen: Map<number, string> }>();

  observe(op: Operation, ex: Exchange): void {
    const c = ex.case;
    const { status, json } = ex.response;
    if (c.id.startsWith(`${op.id}.${LENGTH_PROBE}.`)) {
      const field = c.id.slice(`${op.id}.${LENGTH_PROBE}.`.length);
      const counts = status >= 200 && status < 300 ? 'characters' : status >= 400 && status < 500 ? 'UTF-8 bytes' : undefined;
      if (counts) this.add('Length: characters or UTF-8 bytes', op, field, `${field}: the limit counts ${counts}`, `HTTP ${status} to ${c.note}`, c.id);
    }
    if (c.id.startsWith(`${op.id}.${DUPLICATE_PROBE}.`)) {
      const field = c.id.slice(`${op.id}.${DUPLICATE_PROBE}.`.length);
      const took = status >= 200 && status < 300 ? 'accepted again' : status >= 400 && status < 500 ? `refused (HTTP ${status})` : undefined;
      if (took) this.add('Region-optional fields (只支持部分region自定义)', op, `${field}/duplicate`, `a custom ${field} sent a second time is ${took}`, c.note, c.id);
    }
    if (c.violation?.constraint === 'unknown-resource' && status >= 400 && status < 500) {
      this.status('Unknown resources: 400 or 404', op, 'an unknown or malformed path parameter', status, c.id);
    }
    if (c.auth && status >= 400 && status < 500) this.status('Authentication', op, 'a missing or wrong X-Auth-Token', status, c.id);
    if (status >= 400 && json !== null && typeof json === 'object' && op.responses.some((r) => r.status === status && r.validate)) {
      const nested = typeof (json as Record<string, unknown>).error === 'object';
      this.add('Error body shape', op, 'error', `error bodies are ${nested ? 'nested: {"error": {…}}' : 'flat: {"error_code", "error_msg"}'}`, `HTTP ${status}`, c.id);
    }
    if (status >= 200 && status < 300) {
      this.times(op, json, '', c.id);
      const schema = op.responses.find((r) => r.status === status)?.schema;
      if (schema) this.unset(op, schema, json, '', c.id);
    }
  }

  /** Nullable fields (specs/NOTES.md, "Unset optional values"): an unset one written as null, or left out. */
  private unset(op: Operation, schema: JsonSchema, body: unknown, path: string, caseId: string): void {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    const required = new Set(schema.required ?? []);
    for (const [k, raw] of Object.entries(schema.properties ?? {})) {
      const p = raw as JsonSchema;
      const value = (body as Record<string, unknown>)[k];
      const types = ([] as unknown[]).concat(p.type ?? []);
      if (types.includes('object') || p.properties) this.unset(op, p, value, `${path}/${k}`, caseId);
      if (!types.includes('null')) continue;
      if (value === null) this.add('Unset optional values', op, `${path}/${k}`, `${`${path}/${k}`.slice(1)}: unset written as null`, 'null', caseId);
      else if (value === undefined && !required.has(k)) this.add('Unset optional values', op, `${path}/${k}`, `${`${path}/${k}`.slice(1)}: unset left out`, '(absent)', caseId);
    }
  }

  /** What the target showed about each region-optional field (optional-evidence.ts). */
  optional(ops: ReadonlyMap<string, Operation>, evidence: ReadonlyMap<string, OptionalEvidence>): void {
    for (const [key, e] of evidence) {
      const [opId, field] = key.split('.') as [string, string];
      const op = ops.get(opId);
      if (!op) continue;
      const [reading, caseId] = e.echoed
        ? [`custom ${field} values accepted and returned as sent`, e.echoed]
        : e.changed
          ? [`custom ${field} values accepted and replaced by generated ones (ignored)`, e.changed]
          : e.accepted
            ? [`custom ${field} values accepted (the answer does not show them)`, e.accepted]
            : [`custom ${field} values refused (a region without them)`, e.refused!];
      this.add('Region-optional fields (只支持部分region自定义)', op, field, reading, `case ${caseId}`, caseId);
    }
  }

  list(): Reading[] {
    for (const s of this.statuses.values()) {
      const codes = [...s.seen.keys()].sort();
      const { topic, operationId } = s;
      this.found.set(`${topic}\u0000${operationId}`, {
        topic,
        operationId,
        reading: `${s.note} gets HTTP ${codes.join(' or ')}`,
        evidence: codes.map((c) => `${c}: case ${s.seen.get(c)}`).join('; '),
        caseId: s.seen.get(codes[0]!)!,
      });
    }
    return [...this.found.values()].sort((a, b) => (a.topic + a.operationId < b.topic + b.operationId ? -1 : 1));
  }

  private add(topic: string, op: Operation, key: string, reading: string, evidence: string, caseId: string): void {
    const id = `${topic}\u0000${op.id}\u0000${key}`;
    if (!this.found.has(id)) this.found.set(id, { topic, operationId: op.id, reading, evidence, caseId });
  }

  private status(topic: string, op: Operation, note: string, status: number, caseId: string): void {
    const id = `${topic}\u0000${op.id}`;
    let s = this.statuses.get(id);
    if (!s) this.statuses.set(id, (s = { topic, operationId: op.id, note, seen: new Map() }));
    if (!s.seen.has(status)) s.seen.set(status, caseId);
  }

  /** Times (`*_time`): integer epochs in seconds or milliseconds, ISO strings with their zone and precision. */
  private times(op: Operation, body: unknown, path: string, caseId: string): void {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (v !== null && typeof v === 'object') this.times(op, v, `${path}/${k}`, caseId);
      if (!k.endsWith('_time') || v === null) continue;
      let reading: string | undefined;
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) reading = `epoch ${v < 1e11 ? 'seconds' : 'milliseconds'}`;
      else if (typeof v === 'string' && ISO.test(v)) {
        const [, frac = '', zone] = ISO.exec(v)!;
        reading = `ISO-8601, ${zone === 'Z' ? 'UTC (Z)' : `offset ${zone}`}, ${frac.length} fractional digits`;
      } else if (typeof v === 'string' && LOCAL.test(v)) reading = 'YYYY-MM-DD hh:mm:ss, no zone';
      if (reading) this.add('Times', op, `${path}/${k}`, `${path}/${k}`.slice(1) + `: ${reading}`, JSON.stringify(v), caseId);
    }
  }
}
