import { rulesOf } from '../spec/rule-lookup.ts';
import type { Check, Failure } from './types.ts';
import { failure } from './failure.ts';
import { successWithCredentials } from './evidence.ts';
import { isSuccess } from './history.ts';

/**
 * Rule `reflects`: a value the request sets and the success answer documents under the same name
 * comes back as sent — the same code points, not cut, not re-encoded. Accepted transformations
 * (specs/NOTES.md, "Reflected values"): surrounding whitespace trimmed, and an empty string
 * returned as null or "" (read as "not given": on an existing resource, whatever it held is kept). Only requests valid under every reading are
 * judged: what a service does with an `either` probe (control characters, say) is undecided.
 */
export const reflects: Check = {
  name: 'reflects-request',
  title: 'Values the request set come back exactly',
  severity: 'error',
  applies: (op) => op.rules.some((r) => r.kind === 'reflects'),
  judges: successWithCredentials,
  run(context, exchange) {
    const c = exchange.case;
    if (!isSuccess(exchange) || c.auth || c.expect !== 'accept' || c.body.kind !== 'json') return [];
    const sent = c.body.value as Record<string, unknown> | null;
    const back = exchange.response.json as Record<string, unknown> | null;
    if (sent === null || typeof sent !== 'object' || back === null || typeof back !== 'object') return [];
    // an empty value read as "not given" leaves an existing resource's value as it was
    const existing = context.operation.params.some((p) => p.in === 'path' && p.fixture !== undefined && p.fixture !== 'projectId');
    const out: Failure[] = [];
    for (const rule of rulesOf(context.operation, 'reflects')) {
      for (const f of rule.fields) {
        const value = sent[f];
        const got = back[f];
        if (typeof value !== 'string' || got === undefined || reflected(value, got, existing)) continue;
        out.push(
          failure('reflects-request', context, exchange, {
            message: `${f} came back changed: ${difference(value, got)}`,
            rule: `the ${f} sent comes back unchanged in the ${context.operation.successStatus} answer`,
            source: rule.source,
            received: `${f}: ${show(got)}`,
            documented: `${f}: ${show(value)} (as sent)`,
          }),
        );
      }
    }
    return out;
  },
};

function reflected(sent: string, got: unknown, existing: boolean): boolean {
  if (got === sent) return true;
  if (sent.trim() === '') return existing || got === null || got === '';
  return typeof got === 'string' && got.trim() === sent.trim();
}

function difference(sent: string, got: unknown): string {
  if (typeof got !== 'string') return `sent a ${[...sent].length}-character string, got ${got === null ? 'null' : typeof got}`;
  const a = [...sent];
  const b = [...got];
  if (b.length < a.length && sent.startsWith(got)) return `cut to ${b.length} of ${a.length} characters`;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const code = (s: string | undefined) => (s === undefined ? 'nothing' : `U+${s.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return `sent ${a.length} characters, got ${b.length}; first difference at character ${i + 1} (sent ${code(a[i])}, got ${code(b[i])})`;
}

function show(v: unknown): string {
  const s = JSON.stringify(v ?? null);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
