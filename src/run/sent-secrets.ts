/**
 * Secret values a case itself sends (the never-echo fields, e.g. app_secret). On a live target
 * they become real credentials of real apps, so reports and recordings redact them like the
 * token.
 */
import type { Case } from '../cases/types.ts';
import type { Operation, Rule } from '../spec/types.ts';

export function sentSecrets(op: Operation | undefined, c: Case): string[] {
  if (!op || c.body.kind !== 'json') return [];
  const body = c.body.value;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const fields = op.rules.flatMap((r: Rule) => (r.kind === 'never-echo' ? r.fields : []));
  return fields.map((f) => (body as Record<string, unknown>)[f]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}
