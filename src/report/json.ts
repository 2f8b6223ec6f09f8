/**
 * `conformance.json`: the run result itself, pretty-printed. Keys come out in the order the
 * contract (run/types.ts) declares them, whatever order the engine built the objects in, so
 * two runs diff cleanly; maps (target, headers) are sorted; keys the contract does not know
 * yet follow, sorted. Request bodies inside cases are data and keep their own order.
 */
import type { RunResult } from '../run/types.ts';

interface Shape {
  readonly keys?: readonly string[];
  readonly children?: Readonly<Record<string, Shape>>;
  /** every element of an array has this shape */
  readonly items?: Shape;
  /** a map: keys sorted, values as they are */
  readonly map?: true;
  /** leave the value exactly as it is */
  readonly opaque?: true;
}

const MAP: Shape = { map: true };
const OPAQUE: Shape = { opaque: true };
const SOURCE: Shape = { keys: ['doc', 'table', 'quote', 'page'], children: { page: { keys: ['operation', 'title', 'url', 'note'] } } };
const REQUEST: Shape = { keys: ['method', 'url', 'headers', 'body'], children: { headers: MAP } };
const RESPONSE: Shape = { keys: ['status', 'headers', 'body'], children: { headers: MAP } };

const CASE: Shape = {
  keys: ['id', 'operationId', 'expect', 'origin', 'note', 'violation', 'body', 'pathOverrides', 'regionOptional', 'replay'],
  children: {
    violation: { keys: ['constraint', 'field', 'rule', 'detail', 'source'], children: { source: SOURCE } },
    body: { keys: ['kind', 'contentType', 'text', 'value'], children: { value: OPAQUE } },
    pathOverrides: MAP,
    replay: { keys: ['seed', 'path', 'index'] },
  },
};

const FAILURE: Shape = {
  keys: [
    'operationId',
    'check',
    'caseId',
    'message',
    'rule',
    'source',
    'received',
    'documented',
    'known',
    'case',
    'request',
    'response',
    'replay',
  ],
  children: {
    source: SOURCE,
    known: { keys: ['reason', 'expires'] },
    case: CASE,
    request: REQUEST,
    response: RESPONSE,
    replay: { keys: ['seed', 'caseId', 'command', 'curl'] },
  },
};

const RUN: Shape = {
  keys: [
    'tool',
    'startedAt',
    'finishedAt',
    'durationMs',
    'target',
    'embedded',
    'seed',
    'settings',
    'summary',
    'completion',
    'operations',
    'failureCount',
    'failures',
    'errorCount',
    'errors',
    'createdResources',
    'cleanup',
    'shard',
  ],
  children: {
    tool: { keys: ['name', 'version'] },
    target: MAP,
    settings: { keys: ['cases', 'concurrency', 'timeoutMs'] },
    summary: {
      keys: ['outcome', 'requests', 'retries', 'checksPassed', 'checksFailed', 'checksKnown', 'checksNotExercised', 'checksNotApplicable', 'checksSkipped', 'checksErrored'],
    },
    completion: { keys: ['complete', 'reason', 'message', 'casesRun', 'casesPlanned'] },
    operations: {
      items: {
        keys: ['operationId', 'service', 'method', 'path', 'cases', 'requests', 'transportErrors', 'authRefused', 'notRun', 'skipped', 'checks'],
        children: {
          notRun: { keys: ['count', 'reason'] },
          checks: { items: { keys: ['check', 'title', 'verdict', 'judged', 'failures', 'errors', 'reason'] } },
        },
      },
    },
    failures: { items: FAILURE },
    errors: {
      items: { keys: ['operationId', 'caseId', 'code', 'check', 'message', 'request'], children: { request: REQUEST } },
    },
    createdResources: { items: { keys: ['operationId', 'id', 'name', 'state', 'throwaway', 'note'] } },
    cleanup: { keys: ['requests', 'retries', 'unanswered', 'untracked'] },
    shard: { keys: ['index', 'count', 'specs'] },
  },
};

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function order(value: unknown, shape: Shape | undefined): unknown {
  if (shape?.opaque || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => order(v, shape?.items));
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (!shape || shape.map) {
    for (const k of Object.keys(obj).sort(byCodeUnit)) out[k] = order(obj[k], undefined);
    return out;
  }
  const known = shape.keys ?? [];
  const rest = Object.keys(obj)
    .filter((k) => !known.includes(k))
    .sort(byCodeUnit);
  for (const k of [...known, ...rest]) {
    if (!(k in obj) || obj[k] === undefined) continue;
    out[k] = order(obj[k], shape.children?.[k] ?? (known.includes(k) ? OPAQUE : undefined));
  }
  return out;
}

/** The run result as pretty JSON, keys in contract order, with a final newline. */
export function renderJson(result: RunResult): string {
  const { spilledFailures: _, ...plain } = result;
  return `${JSON.stringify(order(plain, RUN), null, 2)}\n`;
}

/**
 * Where, in `renderJson` of a result whose failures end with this marker, the failures the run
 * spilled to a file go: writing the report streams them in there (write.ts).
 */
export const SPILL_MARKER = '\u0000conform: spilled failures\u0000';

/** One failure record as it stands inside the `failures` array of conformance.json. */
export function renderFailureJson(record: unknown): string {
  return JSON.stringify(order(record, FAILURE), null, 2).replace(/\n/g, '\n    ');
}
