import { isBlank } from '../execute/client.ts';
import type { Check } from './types.ts';
import { failure } from './failure.ts';

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

/**
 * Responses are JSON, as every response example in the documents is: a body must be labelled
 * `application/json` (parameters such as charset allowed).
 */
export const contentType: Check = {
  name: 'content-type',
  title: 'Content type is JSON',
  severity: 'error',
  applies: () => true,
  judges: (ex) => !isBlank(ex.response.text),
  run(context, exchange) {
    const { status, headers, text } = exchange.response;
    if (text.trim() === '') return [];
    const ct = headers['content-type'];
    if (ct !== undefined && JSON_TYPE.test(ct)) return [];
    const example = context.operation.responses.find((r) => r.status === context.operation.successStatus);
    return [
      failure('content-type', context, exchange, {
        message: `HTTP ${status} body labelled ${ct === undefined ? 'with no Content-Type' : `'${ct}'`}, not application/json`,
        rule: 'response bodies are JSON (every response example is JSON)',
        source: example?.source ?? context.operation.source,
        received: `Content-Type: ${ct ?? '(none)'}`,
        documented: 'Content-Type: application/json',
      }),
    ];
  },
};
