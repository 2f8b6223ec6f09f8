/**
 * Turns a case into the exact request to send: URL with encoded path parameters, headers,
 * body bytes. Pure: credentials are applied later by `credentials.ts`.
 */
import type { Case } from '../cases/types.ts';
import type { FixtureKey, Operation } from '../spec/types.ts';
import type { SentRequest } from './types.ts';

export type FixtureValues = Readonly<Record<FixtureKey, string>>;

export interface PlannedRequest {
  readonly request: SentRequest;
  readonly pathParams: Readonly<Record<string, string>>;
}

/** Fills the path template: overrides first, then the parameter's fixture. */
function resolvePathParams(operation: Operation, c: Case, fixtures: FixtureValues): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of operation.params) {
    if (p.in !== 'path') continue;
    const override = c.pathOverrides?.[p.name];
    const value = override ?? (p.fixture ? fixtures[p.fixture] : undefined);
    // A spec without a fixture binding for a path parameter cannot be run; the loader rejects it,
    // so reaching this is a programming error, not user input.
    if (value === undefined) throw new Error(`no value for path parameter ${p.name} of ${operation.id}`);
    values[p.name] = value;
  }
  return values;
}

function buildUrl(baseUrl: string, template: string, params: Readonly<Record<string, string>>): string {
  // encodeURIComponent keeps '/' inside a value from becoming a new path segment.
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return baseUrl.replace(/\/+$/, '') + path;
}

export function bodyText(c: Case): { text?: string; contentType?: string } {
  switch (c.body.kind) {
    case 'none':
      return {};
    case 'raw':
      return { text: c.body.text, contentType: c.body.contentType ?? 'application/json' };
    case 'json':
      return { text: JSON.stringify(c.body.value), contentType: 'application/json' };
  }
}

export function planRequest(operation: Operation, c: Case, baseUrl: string, fixtures: FixtureValues): PlannedRequest {
  const pathParams = resolvePathParams(operation, c, fixtures);
  const { text, contentType } = bodyText(c);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (contentType) headers['content-type'] = contentType;
  return {
    pathParams,
    request: {
      method: operation.method,
      url: buildUrl(baseUrl, operation.path, pathParams),
      headers,
      ...(text === undefined ? {} : { body: text }),
    },
  };
}
