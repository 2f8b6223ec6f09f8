import { successWithCredentials } from './evidence.ts';
import { ruleOf } from '../spec/rule-lookup.ts';
import type { Check } from './types.ts';
import { failure } from './failure.ts';
import { earlierSuccesses, isSuccess } from './history.ts';

/**
 * "仅支持修改证书的名称和描述": the response reflects the name and description sent, and every
 * other field (certificate, private_key, domain) keeps its value, whatever the request carried.
 * Refusing a request that carries them (a 4xx) is also correct: only successes are judged.
 */
export const stateCertificateImmutable: Check = {
  name: 'state-certificate-immutable',
  title: 'Only name and description change',
  severity: 'error',
  judgesSequences: true,
  applies: (op) => op.rules.some((r) => r.kind === 'only-changes'),
  judges: successWithCredentials,
  run(context, exchange) {
    if (!isSuccess(exchange) || exchange.case.auth) return [];
    const rule = ruleOf(context.operation, 'only-changes');
    const body = exchange.response.json as Record<string, unknown> | undefined;
    if (!rule || body === null || typeof body !== 'object') return [];
    const sent = exchange.case.body.kind === 'json' ? (exchange.case.body.value as Record<string, unknown>) : undefined;
    const sentFields = sent !== null && typeof sent === 'object' && !Array.isArray(sent) ? sent : {};
    const out = [];
    for (const f of rule.mutable) {
      const sentValue = sentFields[f];
      // An empty string may be read as "not given" (NOTES.md, free text), and surrounding
      // whitespace may be trimmed: neither is a change the documents rule out.
      if (typeof sentValue !== 'string' || sentValue.trim() === '') continue;
      if (body[f] === sentValue || (typeof body[f] === 'string' && (body[f] as string).trim() === sentValue.trim())) continue;
      out.push(
        failure('state-certificate-immutable', context, exchange, {
          message: `${f} was not changed to the value sent`,
          rule: `${context.operation.id} changes ${rule.mutable.join(' and ')} to the values sent`,
          source: rule.source,
          received: `${f}: ${JSON.stringify(body[f])}`,
          documented: `${f}: ${JSON.stringify(sentFields[f])}`,
        }),
      );
    }
    const previous = earlierSuccesses(context.history, exchange)[0]?.response.json as Record<string, unknown> | undefined;
    for (const f of rule.immutable) {
      const changedToSent = f in sentFields && sentFields[f] !== undefined && body[f] === sentFields[f] && previous?.[f] !== sentFields[f];
      const drifted = previous !== undefined && f in previous && JSON.stringify(previous[f]) !== JSON.stringify(body[f]);
      if (!changedToSent && !drifted) continue;
      out.push(
        failure('state-certificate-immutable', context, exchange, {
          message: changedToSent ? `${f} was changed to the value sent, though only ${rule.mutable.join(' and ')} may change` : `${f} changed between two updates`,
          rule: `only ${rule.mutable.join(' and ')} can be changed`,
          source: rule.source,
          received: `${f} changed (${describe(body[f])})`,
          documented: `${f} unchanged (${describe(previous?.[f])})`,
        }),
      );
    }
    return out;
  },
};

function describe(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `${v.slice(0, 37)}…` : JSON.stringify(v);
  return JSON.stringify(v ?? null);
}
