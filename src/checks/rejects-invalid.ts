import type { Exchange } from '../execute/types.ts';
import type { Check, CheckContext } from './types.ts';
import { failure, shortBody } from './failure.ts';

/** Input that breaks a documented constraint is rejected with a documented 4xx. */
export const rejectsInvalid: Check = {
  name: 'rejects-invalid',
  title: 'Invalid input is rejected with a documented 4xx',
  severity: 'error',
  applies: () => true,
  judges: (ex) => ex.case.expect === 'reject' && !ex.case.auth && ex.case.violation !== undefined,
  run(context, exchange) {
    const c = exchange.case;
    if (c.expect !== 'reject' || c.auth || !c.violation) return [];
    const { status, text } = exchange.response;
    const documented4xx = context.operation.responses.map((r) => r.status).filter((s) => s >= 400 && s < 500);
    if (documented4xx.includes(status)) return [];
    if (status >= 200 && status < 300 && mayIgnore(context, exchange)) return [];
    const v = c.violation;
    return [
      failure('rejects-invalid', context, exchange, {
        message: `${v.detail}; the target answered HTTP ${status}`,
        rule: v.rule,
        source: v.source,
        received: `HTTP ${status} ${shortBody(text)}`,
        documented: `a 4xx (${documented4xx.join(', ')}) for ${v.rule}`,
      }),
    ];
  },
};

/**
 * "只支持部分region自定义": where a region does not support custom app_key/app_secret it may
 * ignore the field, so an invalid value accepted is only a deviation when the value came back
 * as sent, or the target shows it supports the field (specs/NOTES.md).
 */
function mayIgnore(context: CheckContext, exchange: Exchange): boolean {
  const c = exchange.case;
  const field = c.violation?.field;
  if (!field || !c.regionOptional?.includes(field)) return false;
  const sent = c.body.kind === 'json' ? (c.body.value as Record<string, unknown> | null)?.[field] : undefined;
  const back = (exchange.response.json as Record<string, unknown> | undefined)?.[field];
  // A visible value tells by itself: echoed means accepted, anything else means ignored.
  if (typeof back === 'string' && !/^\*+$/.test(back)) return back !== sent;
  return !context.probes.supportedFields?.has(`${context.operation.id}.${field}`);
}
