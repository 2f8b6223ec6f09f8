/**
 * The `conform run` flags (also read by `replay` and `diff`), parsed with node:util parseArgs.
 * Syntax is checked here (a number where a number goes, a known report format); ranges and
 * names are checked with every other source in resolve.ts. Any problem is one CONFORM_USAGE line.
 */
import { parseArgs } from 'node:util';
import { ConformError } from '../errors.ts';
import { deepFreeze } from './freeze.ts';
import { REPORT_FORMATS } from './schema.ts';
import { parseShard, type Shard } from './shard-flag.ts';
import type { ReportFormat } from './types.ts';

export interface Flags {
  readonly config?: string;
  /** every `--target` in order (`conform diff` takes two; `conform run` one) */
  readonly target?: readonly string[];
  readonly token?: string;
  readonly operations?: readonly string[];
  readonly seed?: number;
  readonly cases?: number;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly reportDir?: string;
  readonly formats?: readonly ReportFormat[];
  readonly baseline?: string;
  readonly region?: string;
  readonly allowMutations?: boolean;
  readonly dryRun?: boolean;
  /** requests per second */
  readonly rate?: number;
  readonly maxRequests?: number;
  /** consecutive transport failures before the run gives up on the target */
  readonly giveUpAfter?: number;
  /** `--record FILE`: every exchange as NDJSON */
  readonly record?: string;
  /** `--specs DIR`: the spec files to run */
  readonly specs?: string;
  /** `--shard i/n`: this machine's share of one run */
  readonly shard?: Shard;
  /** `--quiet`: no progress lines; of the summary only the outcome and the report files */
  readonly quiet?: boolean;
  readonly help?: boolean;
}

const OPTIONS = {
  config: { type: 'string' },
  target: { type: 'string', multiple: true },
  token: { type: 'string' },
  operations: { type: 'string', multiple: true },
  seed: { type: 'string' },
  cases: { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  'report-dir': { type: 'string' },
  format: { type: 'string', multiple: true },
  baseline: { type: 'string' },
  region: { type: 'string' },
  'allow-mutations': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  rate: { type: 'string' },
  'max-requests': { type: 'string' },
  'give-up-after': { type: 'string' },
  record: { type: 'string' },
  specs: { type: 'string' },
  shard: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags that may be given more than once (their values accumulate). */
const REPEATABLE = new Set(['target', 'operations', 'format']);

export const FLAG_NAMES: readonly string[] = Object.freeze(Object.keys(OPTIONS).map((k) => `--${k}`));

function usage(message: string): ConformError {
  return new ConformError('CONFORM_USAGE', message);
}

function integer(flag: string, value: string, min: number): number {
  if (!/^-?\d+$/.test(value.trim())) throw usage(`--${flag} expects a whole number, got '${value}'`);
  const n = Number(value.trim());
  if (!Number.isSafeInteger(n) || n < min) throw usage(`--${flag} expects a whole number ≥ ${min}, got '${value}'`);
  return n;
}

/** `--rate 5`, `--rate 5/s`, `--rate 0.5/s` */
function rate(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*s)?\s*$/.exec(value);
  if (!m) throw usage(`--rate expects requests per second (N or N/s), got '${value}'`);
  return Number(m[1]);
}

function list(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw usage(`--${flag} needs a value`);
  return value;
}

function parseError(e: unknown): ConformError {
  const err = e as { code?: string; message?: string };
  const message = String(err.message ?? e);
  const named = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return usage(`unknown option '${named ?? message}'; known: ${FLAG_NAMES.join(', ')}`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(message)?.[1];
      return usage(`unexpected argument${arg ? ` '${arg}'` : ''}; only options are accepted here (--target URL, --seed N, …)`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return usage(`${named ?? 'a switch'} takes no value`);
      return usage(`${named ?? 'an option'} needs a value`);
    default:
      return usage(message.split('\n')[0]);
  }
}

/** parseArgs reads `--seed -5` as two options; a negative number after a value flag is its value. */
function joinNegativeNumbers(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : undefined;
    const option = name !== undefined && Object.hasOwn(OPTIONS, name) ? OPTIONS[name as keyof typeof OPTIONS] : undefined;
    if (option?.type === 'string' && /^-\d+(?:\.\d+)?$/.test(argv[i + 1] ?? '')) {
      out.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

/** Parses `conform run` arguments (without `run`). */
export function parseFlags(argv: readonly string[]): Flags {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false; tokens: true }>>;
  try {
    parsed = parseArgs({ args: joinNegativeNumbers(argv), options: OPTIONS, strict: true, allowPositionals: false, tokens: true });
  } catch (e) {
    throw parseError(e);
  }

  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name) && !REPEATABLE.has(t.name)) throw usage(`--${t.name} given more than once`);
    seen.add(t.name);
  }

  const v = parsed.values;
  const formats = list(v.format);
  for (const f of formats ?? []) {
    if (!REPORT_FORMATS.includes(f as ReportFormat)) {
      throw usage(`unknown report format '${f}' in --format; known: ${REPORT_FORMATS.join(', ')}`);
    }
  }
  if (formats && formats.length === 0) throw usage(`--format needs at least one of ${REPORT_FORMATS.join(', ')}`);
  const operations = list(v.operations);
  if (operations && operations.length === 0) throw usage('--operations needs at least one operation id');
  for (const t of v.target ?? []) if (t.trim() === '') throw usage('--target needs a URL');

  const flags: Record<string, unknown> = {
    config: nonEmpty('config', v.config),
    target: v.target,
    token: nonEmpty('token', v.token),
    operations,
    seed: v.seed === undefined ? undefined : integer('seed', v.seed, Number.MIN_SAFE_INTEGER),
    cases: v.cases === undefined ? undefined : integer('cases', v.cases, 0),
    concurrency: v.concurrency === undefined ? undefined : integer('concurrency', v.concurrency, 0),
    timeoutMs: v.timeout === undefined ? undefined : integer('timeout', v.timeout, 0),
    reportDir: nonEmpty('report-dir', v['report-dir']),
    formats,
    baseline: nonEmpty('baseline', v.baseline),
    region: nonEmpty('region', v.region),
    allowMutations: v['allow-mutations'],
    dryRun: v['dry-run'],
    rate: v.rate === undefined ? undefined : rate(v.rate),
    maxRequests: v['max-requests'] === undefined ? undefined : integer('max-requests', v['max-requests'], 0),
    giveUpAfter: v['give-up-after'] === undefined ? undefined : integer('give-up-after', v['give-up-after'], 0),
    record: nonEmpty('record', v.record),
    specs: nonEmpty('specs', v.specs),
    shard: v.shard === undefined ? undefined : parseShard(v.shard),
    quiet: v.quiet,
    help: v.help,
  };
  for (const k of Object.keys(flags)) if (flags[k] === undefined) delete flags[k];
  return deepFreeze(flags) as Flags;
}
