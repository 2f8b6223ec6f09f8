import type { Exchange } from '../execute/types.ts';
import type { Rule } from '../spec/types.ts';
import type { Check, CheckContext } from './types.ts';
import { failure } from './failure.ts';
import { MIN_SECRET_LENGTH, secretEncodings } from './secret-encodings.ts';

type NeverEcho = Extract<Rule, { kind: 'never-echo' }>;

/**
 * No known secret — a value sent in a never-echo field (app_secret), a fixture secret value,
 * the token or AK/SK — appears anywhere in a response body or header, in any encoding, on
 * positive and negative cases alike.
 */
export const secretLeak: Check = {
  name: 'secret-leak',
  title: 'No secret value comes back in any response',
  severity: 'error',
  applies: () => true,
  run(context, exchange) {
    const candidates = secretsFor(context, exchange);
    if (candidates.length === 0) return [];
    const haystacks = [exchange.response.text, ...Object.values(exchange.response.headers)];
    const out = [];
    for (const { value, origin, rule } of candidates) {
      const form = secretEncodings(value).find((f) => haystacks.some((h) => h.includes(f)));
      if (form === undefined) continue;
      const encoding = form === value ? 'as sent' : 'encoded';
      out.push(
        failure('secret-leak', context, exchange, {
          message: `the ${origin} came back ${encoding} in the HTTP ${exchange.response.status} response`,
          rule: rule?.kind === 'never-echo' ? `${rule.fields.join(', ')} sent in a request never comes back in a response` : 'secret values never appear in responses',
          source: rule?.source ?? context.operation.source,
          received: `the ${origin} (${value.length} characters) ${encoding} in the response`,
          documented: rule ? 'masked as ****** or absent' : 'absent',
        }),
      );
    }
    return out;
  },
};

interface Candidate {
  value: string;
  origin: string;
  rule?: NeverEcho;
}

function secretsFor(context: CheckContext, exchange: Exchange): Candidate[] {
  const body = exchange.case.body.kind === 'json' ? exchange.case.body.value : undefined;
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const rules = context.operation.rules.filter((r): r is NeverEcho => r.kind === 'never-echo');
  const secretFields = new Set(rules.flatMap((r) => r.fields));
  // A value we also sent in an ordinary field (or in the URL) may legitimately come back there.
  const ordinary = [
    exchange.request.url,
    ...Object.entries(fields)
      .filter(([k, v]) => !secretFields.has(k) && typeof v === 'string')
      .map(([, v]) => v as string),
  ];
  const out: Candidate[] = [];
  for (const rule of rules) {
    for (const f of rule.fields) {
      const v = fields[f];
      if (typeof v === 'string') out.push({ value: v, origin: `${f} sent in the request`, rule });
    }
  }
  context.knownSecrets.forEach((s, i) => out.push({ value: s, origin: `known secret #${i + 1}` }));
  return out.filter((c) => c.value.length >= MIN_SECRET_LENGTH && !ordinary.some((o) => o.includes(c.value)));
}
