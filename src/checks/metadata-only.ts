import { successWithCredentials } from './evidence.ts';
import { ruleOf } from '../spec/rule-lookup.ts';
import type { Check } from './types.ts';
import { failure } from './failure.ts';
import { MIN_SECRET_LENGTH, secretEncodings } from './secret-encodings.ts';

/**
 * "此接口返回的信息为凭据的元数据信息，不包含凭据值": the response carries no secret value,
 * neither under a value-bearing property name nor as a known secret value under any name.
 */
export const metadataOnly: Check = {
  name: 'metadata-only',
  title: 'Metadata only: no secret value in the response',
  severity: 'error',
  judgesSequences: true,
  applies: (op) => op.rules.some((r) => r.kind === 'metadata-only'),
  judges: successWithCredentials,
  run(context, exchange) {
    const rule = ruleOf(context.operation, 'metadata-only');
    // The rule is about what the operation returns (此接口返回的信息); a secret in an error body
    // is secret-leak's finding, not a second one here.
    const { status } = exchange.response;
    if (!rule || status < 200 || status >= 300) return [];
    const forbidden = new Set(rule.forbiddenProperties.map((p) => p.toLowerCase()));
    const found: string[] = [];
    walk(exchange.response.json, '', (path, key) => {
      if (forbidden.has(key.toLowerCase())) found.push(path);
    });
    const text = exchange.response.text;
    const leaked = context.knownSecrets.filter(
      (s) => s.length >= MIN_SECRET_LENGTH && secretEncodings(s).some((f) => text.includes(f)),
    );
    if (found.length === 0 && leaked.length === 0) return [];
    const what = [
      ...found.map((p) => `property ${p}`),
      ...(leaked.length ? [`${leaked.length} known secret value(s)`] : []),
    ].join(', ');
    return [
      failure('metadata-only', context, exchange, {
        message: `the response carries a secret value: ${what}`,
        rule: 'the response is the secret\'s metadata only, never its value',
        source: rule.source,
        received: what,
        documented: `metadata only (no ${rule.forbiddenProperties.join(', ')} or other value)`,
      }),
    ];
  },
};

function walk(value: unknown, path: string, visit: (path: string, key: string) => void): void {
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = `${path}/${k}`;
    visit(p, k);
    walk(v, p, visit);
  }
}
