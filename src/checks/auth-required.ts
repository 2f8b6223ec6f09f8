import type { Check } from './types.ts';
import { failure, shortBody } from './failure.ts';

/**
 * A request without a token, or with a wrong one, gets a documented authentication failure
 * (401; 403 too where the page calls 403 认证失败) and no resource data — never a 2xx.
 */
export const authRequired: Check = {
  name: 'auth-required',
  title: 'Missing or wrong credentials are refused',
  severity: 'error',
  authRefusals: 'evidence',
  applies: () => true,
  judges: (ex) => ex.case.auth !== undefined,
  run(context, exchange) {
    const c = exchange.case;
    if (!c.auth) return [];
    const op = context.operation;
    const { status, json, text } = exchange.response;
    const allowed = op.authFailureStatuses;
    const sent = c.auth === 'none' ? 'no X-Auth-Token' : 'a wrong X-Auth-Token';
    const authSource = op.responses.find((r) => r.status === allowed[0])?.source ?? op.source;
    if (!allowed.includes(status)) {
      return [
        failure('auth-required', context, exchange, {
          message: `a request with ${sent} answered HTTP ${status}`,
          rule: `an unauthenticated request gets ${allowed.join(' or ')}`,
          source: authSource,
          received: `HTTP ${status} ${shortBody(text)}`,
          documented: `HTTP ${allowed.join(' or ')}`,
        }),
      ];
    }
    const success = op.responses.find((r) => r.status === op.successStatus);
    const required = (success?.schema?.required ?? []) as string[];
    const keys = json !== null && typeof json === 'object' ? Object.keys(json as object) : [];
    const carried = required.filter((k) => keys.includes(k));
    const looksLikeData = (success?.validate && success.validate(json).length === 0) || carried.length >= 2;
    if (!looksLikeData) return [];
    return [
      failure('auth-required', context, exchange, {
        message: `the HTTP ${status} answer to a request with ${sent} carries resource data (${carried.join(', ')})`,
        rule: 'an unauthenticated request learns nothing about the resource',
        source: authSource,
        received: shortBody(text),
        documented: 'an error body without resource data',
      }),
    ];
  },
};
