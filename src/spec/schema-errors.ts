/**
 * Choosing and wording one ajv error out of many: a meta-schema reports every branch of its
 * anyOf/oneOf/if, and the deepest error about a concrete keyword is the one naming the mistake.
 */
import type { ErrorObject } from 'ajv';

const KEYWORD_RANK: Readonly<Record<string, number>> = {
  unevaluatedProperties: 5,
  additionalProperties: 5,
  required: 4,
  type: 3,
  enum: 3,
  const: 2,
  pattern: 2,
  format: 2,
  minLength: 2,
  maxLength: 2,
  minItems: 2,
  uniqueItems: 2,
};

function depth(instancePath: string): number {
  return instancePath === '' ? 0 : instancePath.split('/').length - 1;
}

export function pickError<E extends ErrorObject>(errors: readonly E[]): E {
  const score = (e: E) => depth(e.instancePath) * 10 + (KEYWORD_RANK[e.keyword] ?? 0);
  return errors.reduce((best, e) => (score(e) > score(best) ? e : best));
}

/** `must NOT have unevaluated properties (respones)` */
export function describeError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const detail =
    p.unevaluatedProperty ??
    p.additionalProperty ??
    p.missingProperty ??
    (Array.isArray(p.allowedValues) ? p.allowedValues.join(', ') : undefined);
  return `${e.message ?? e.keyword}${detail === undefined ? '' : ` (${String(detail)})`}`;
}
