/**
 * What the cases of an operation vary, in one phrase, read from its spec: the documented
 * request body fields when there is a body (each rule on both sides, then random bodies),
 * else that there is no body to vary; then the path, query and header parameters, and the
 * credentials. So "4 cases" next to another operation's 283 says why.
 */
import type { Operation } from '../spec/types.ts';
import { bodySpec } from './fields.ts';

function names(list: readonly string[]): string {
  return list.join(', ');
}

/** e.g. `no request body to vary: only the path (project_id, secret_name) and the credentials` */
export function variationText(operation: Operation): string {
  const body = bodySpec(operation);
  const params = (where: 'path' | 'query' | 'header', label: string) => {
    const found = operation.params.filter((p) => p.in === where).map((p) => p.name);
    return found.length > 0 ? [`${label} (${names(found)})`] : [];
  };
  const rest = [...params('path', 'the path'), ...params('query', 'the query'), ...params('header', 'the headers'), 'the credentials'];
  const also = rest.length > 1 ? `${rest.slice(0, -1).join(', ')} and ${rest.at(-1)}` : rest[0]!;
  if (!body || body.fields.length === 0) return `no request body to vary: only ${also}`;
  const fields = body.fields.map((f) => f.name);
  return `varying the request body's ${fields.length === 1 ? 'field' : `${fields.length} fields`} ${names(fields)} (each documented rule on both sides, then random bodies); also ${also}`;
}
