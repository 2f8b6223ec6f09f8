import type { JsonSchema } from '../spec/types.ts';
import type { Check } from './types.ts';
import { failure, shortBody } from './failure.ts';

/**
 * "只支持部分region自定义" makes a field optional per region, not per value. A region that refuses
 * every custom value, or ignores every one, is legitimate; once the target has accepted a valid
 * custom value of a field it must accept every valid one, and once it has returned one exactly as
 * sent it must return every accepted one so. Judged on requests setting exactly one such field
 * (so the refusal is about that field), after the whole main phase, against the first case that
 * showed the other behaviour. A refusal may be the duplicate of a value sent before (in this run
 * or an earlier one), so refusals are judged only on a target seen to accept a duplicate value
 * (specs/NOTES.md).
 */
export const optionalConsistent: Check = {
  name: 'optional-feature-consistent',
  title: 'An optional feature the target supports works for every valid value',
  severity: 'error',
  applies: (op) => Object.values(op.requestBody?.schema.properties ?? {}).some((p) => (p as JsonSchema)['x-hwc-region-optional']),
  // evidence only where the target showed it supports the field (accepted a custom value): a
  // region without the feature leaves the check not exercised, which is legitimate
  judges: (ex, context) => {
    const c = ex.case;
    if (c.expect !== 'accept' || c.auth || c.regionOptional?.length !== 1) return false;
    return context.probes.optional?.get(`${context.operation.id}.${c.regionOptional[0]!}`)?.accepted !== undefined;
  },
  run(context, exchange) {
    const c = exchange.case;
    if (c.expect !== 'accept' || c.auth || c.regionOptional?.length !== 1 || c.body.kind !== 'json') return [];
    const field = c.regionOptional[0]!;
    const value = (c.body.value as Record<string, unknown> | null)?.[field];
    const evidence = context.probes.optional?.get(`${context.operation.id}.${field}`);
    if (typeof value !== 'string' || !evidence) return [];
    const prop = context.operation.requestBody?.schema.properties?.[field] as JsonSchema | undefined;
    const source = prop?.['x-hwc-source'] ?? context.operation.source;
    const { status, text } = exchange.response;
    const documented4xx = context.operation.responses.some((r) => r.status === status && status >= 400 && status < 500);
    // A refusal is judged only where the target showed it takes duplicates: a gateway that refuses
    // a second APP with the same app_key may be refusing one an earlier run created.
    const notDuplicate = evidence.duplicateAccepted !== undefined && (evidence.sent.get(value) ?? 0) <= 1;
    if (documented4xx && notDuplicate && evidence.accepted && evidence.accepted !== c.id) {
      return [
        failure('optional-feature-consistent', context, exchange, {
          message: `a valid custom ${field} was refused with HTTP ${status}, though case ${evidence.accepted} had one accepted: ${c.note}`,
          rule: `a target that supports custom ${field} accepts every valid one`,
          source,
          received: `HTTP ${status} ${shortBody(text)}`,
          documented: `HTTP ${context.operation.successStatus}, as for case ${evidence.accepted}`,
        }),
      ];
    }
    const back = (exchange.response.json as Record<string, unknown> | null)?.[field];
    const visible = typeof back === 'string' && !/^\*+$/.test(back);
    if (status >= 200 && status < 300 && visible && back.trim() !== value.trim() && evidence.echoed && evidence.echoed !== c.id) {
      return [
        failure('optional-feature-consistent', context, exchange, {
          message: `the custom ${field} sent came back as another value, though case ${evidence.echoed} had its own come back as sent: ${c.note}`,
          rule: `a target that takes custom ${field} values uses every valid one as sent`,
          source,
          received: `${field}: ${shortBody(JSON.stringify(back), 70)}`,
          documented: `${field}: ${shortBody(JSON.stringify(value), 70)} (as sent)`,
        }),
      ];
    }
    return [];
  },
};
