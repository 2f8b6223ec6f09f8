import type { Exchange } from '../execute/types.ts';
import type { Check, CheckContext } from './types.ts';
import { failure, shortBody } from './failure.ts';

/** Input that breaks a documented constraint is rejected with a documented 4xx. */
export const rejectsInvalid: Check = {
  name: 'rejects-invalid',
  title: 'Invalid input is rejected with a documented 4xx',
  severity: 'error',
  applies: () => true,
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
 * ignore the field, so accepting an invalid value is only a deviation when the target shows it
 * honours custom values (it echoed our custom app_key) — see specs/NOTES.md.
 */
function mayIgnore(context: CheckContext, exchange: Exchange): boolean {
  const c = exchange.case;
  const field = c.violation?.field;
  if (!field || !c.regionOptional?.includes(field)) return false;
  if (context.probes.customAppKeyHonoured !== true) return true;
  const sent = c.body.kind === 'json' ? (c.body.value as Record<string, unknown> | null)?.[field] : undefined;
  const back = (exchange.response.json as Record<string, unknown> | undefined)?.[field];
  // A visible field that did not come back as sent was ignored, not accepted.
  if (back !== undefined && back !== '******' && back !== sent) return true;
  return false;
}
