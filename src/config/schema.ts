/**
 * The shape of conform.yaml as a JSON Schema. Tools outside the project write this file, so
 * the key names are fixed, and every object is closed: an unknown key (usually a typo) is an
 * error naming the known ones. Types and keys are checked here; ranges, URLs, check and
 * operation names are checked once on the merged values (flags and environment too), in
 * resolve.ts.
 */
import type { ReportFormat } from './types.ts';

/** The report formats conform.yaml and --format accept (the report registry has the same list; a test holds them together). */
export const REPORT_FORMATS: readonly ReportFormat[] = Object.freeze(['html', 'json', 'junit', 'md']);

const text = { type: 'string', minLength: 1 } as const;

const closed = (properties: Record<string, object>, required: string[] = []) =>
  ({ type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) }) as const;

export const CONFIG_FILE_SCHEMA = closed({
  // one URL for every service, or one per service (a region fills the services left out); the
  // services are the specs' (x-hwc-service), checked in resolve.ts
  target: {
    type: ['string', 'object'],
    minLength: 1,
    additionalProperties: text,
  },
  region: text,
  auth: closed({
    token: text,
    accessKey: text,
    secretKey: text,
    securityToken: text,
    iam: closed({ url: text, domain: text, username: text, password: text, projectName: text }, [
      'url',
      'domain',
      'username',
      'password',
      'projectName',
    ]),
  }),
  projectId: text,
  // fixtures.<service>.<name>: the values the specs' x-hwc-fixture keys name
  fixtures: { type: 'object', additionalProperties: { type: 'object', additionalProperties: text } },
  knownSecrets: { type: 'array', items: { type: 'string' } },
  operations: { type: 'array', items: text, minItems: 1 },
  run: closed({
    seed: { type: 'integer' },
    cases: { type: 'integer' },
    concurrency: { type: 'integer' },
    timeoutMs: { type: 'integer' },
    totalTimeoutMs: { type: 'integer' },
    rate: { type: 'number' },
    maxRequests: { type: 'integer' },
    giveUpAfter: { type: 'integer' },
    allowMutations: { type: 'boolean' },
    dryRun: { type: 'boolean' },
  }),
  report: closed({
    dir: text,
    formats: { type: 'array', items: { enum: [...REPORT_FORMATS] }, minItems: 1 },
  }),
  checks: { type: 'object', additionalProperties: { type: 'boolean' } },
  baseline: text,
  // the directory of the spec files to run (default: this package's specs/)
  specs: text,
});

/** conform.yaml after interpolation and schema validation. */
export interface ConfigFile {
  target?: string | Record<string, string>;
  region?: string;
  auth?: {
    token?: string;
    accessKey?: string;
    secretKey?: string;
    securityToken?: string;
    iam?: { url: string; domain: string; username: string; password: string; projectName: string };
  };
  projectId?: string;
  fixtures?: Record<string, Record<string, string>>;
  knownSecrets?: string[];
  operations?: string[];
  run?: {
    seed?: number;
    cases?: number;
    concurrency?: number;
    timeoutMs?: number;
    totalTimeoutMs?: number;
    rate?: number;
    maxRequests?: number;
    giveUpAfter?: number;
    allowMutations?: boolean;
    dryRun?: boolean;
  };
  report?: { dir?: string; formats?: ReportFormat[] };
  checks?: Record<string, boolean>;
  baseline?: string;
  specs?: string;
}
