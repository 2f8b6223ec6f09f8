/**
 * The baseline: deviations a team has accepted for a while. A YAML list of
 * `{ operation, check, reason, expires: YYYY-MM-DD }`. A failure matching an entry is reported
 * as `known` (it does not fail the run) until the entry expires; an entry is expired *on* its
 * `expires` date, so `expires: 2025-07-01` accepts the deviation through 30 June.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import { ConformError } from '../errors.ts';
import { keyPathText, parseYamlFile, schemaError } from './yaml-file.ts';

export interface BaselineEntry {
  readonly operation: string;
  readonly check: string;
  /** why it is accepted: a ticket, a vendor answer */
  readonly reason: string;
  /** `YYYY-MM-DD`, the first day the entry no longer applies */
  readonly expires: string;
}

export interface BaselineOptions {
  /** when given, entries naming anything else are an error (a typo would silently match nothing) */
  readonly knownOperations?: readonly string[];
  readonly knownChecks?: readonly string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const ENTRY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['operation', 'check', 'reason', 'expires'],
    properties: {
      operation: { type: 'string', minLength: 1 },
      check: { type: 'string', minLength: 1 },
      reason: { type: 'string', minLength: 1 },
      expires: { type: 'string', pattern: DATE.source, description: 'a date, YYYY-MM-DD' },
    },
  },
} as const;

// Compiled on first use: most runs have no baseline, and compiling costs cold start.
let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction => (compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true }).compile(ENTRY_SCHEMA));

/** A real calendar date in `YYYY-MM-DD` form. */
function isDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Parses and validates baseline YAML; `file` is for messages. */
export function parseBaseline(text: string, file: string, options: BaselineOptions = {}): readonly BaselineEntry[] {
  const parsed = parseYamlFile(file, text, 'CONFORM_BASELINE');
  const raw = parsed.data ?? [];
  // YAML 1.1 documents read unquoted dates as timestamps; take the date back
  const data = Array.isArray(raw)
    ? raw.map((e) =>
        e !== null && typeof e === 'object' && (e as { expires?: unknown }).expires instanceof Date
          ? { ...e, expires: ((e as { expires: Date }).expires as Date).toISOString().slice(0, 10) }
          : e,
      )
    : raw;
  const source = { ...parsed, data };
  const validate = validator();
  if (!validate(data)) {
    if (!Array.isArray(data)) {
      throw new ConformError('CONFORM_BASELINE', 'a baseline is a list of entries: - { operation, check, reason, expires: YYYY-MM-DD }', {
        where: `${file}:1`,
      });
    }
    throw schemaError('CONFORM_BASELINE', source, validate.errors ?? [], {
      name: (p) => `baseline entry ${Number(p[0]) + 1}${p.length > 1 ? ` ${keyPathText(p.slice(1))}` : ''}`,
    });
  }
  const entries = data as BaselineEntry[];
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const at = { where: parsed.where([i]) };
    if (!isDate(e.expires)) throw new ConformError('CONFORM_BASELINE', `baseline entry ${i + 1}: expires '${e.expires}' is not a calendar date`, at);
    if (options.knownOperations && !options.knownOperations.includes(e.operation)) {
      throw new ConformError('CONFORM_BASELINE', `baseline entry ${i + 1}: unknown operation '${e.operation}'; known: ${options.knownOperations.join(', ')}`, at);
    }
    if (options.knownChecks && !options.knownChecks.includes(e.check)) {
      throw new ConformError('CONFORM_BASELINE', `baseline entry ${i + 1}: unknown check '${e.check}'; known: ${options.knownChecks.join(', ')}`, at);
    }
    const key = `${e.operation}\u0000${e.check}`;
    if (seen.has(key)) {
      throw new ConformError('CONFORM_BASELINE', `baseline entries ${seen.get(key)! + 1} and ${i + 1} both accept ${e.operation} · ${e.check}; keep one`, at);
    }
    seen.set(key, i);
  });
  return Object.freeze(entries.map((e) => Object.freeze({ operation: e.operation, check: e.check, reason: e.reason, expires: e.expires })));
}

/** Reads a baseline file. A missing or unreadable file is CONFORM_BASELINE. */
export async function loadBaseline(file: string, options: BaselineOptions = {}): Promise<readonly BaselineEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConformError('CONFORM_BASELINE', code === 'ENOENT' ? 'baseline file not found' : `cannot read the baseline file (${code})`, {
      where: file,
      cause: e,
    });
  }
  return parseBaseline(text, file, options);
}

function checkToday(today: string): void {
  if (!isDate(today)) throw new TypeError(`baseline: today must be a YYYY-MM-DD date, got '${today}'`);
}

/** Still accepting deviations on `today`. */
export function isActive(entry: BaselineEntry, today: string): boolean {
  return today < entry.expires;
}

/**
 * The acceptance for one failure, if an active entry matches it (the engine's `known` hook).
 * @param today `YYYY-MM-DD`
 */
export function matchBaseline(
  entries: readonly BaselineEntry[],
  failure: { readonly operationId: string; readonly check: string },
  today: string,
): { reason: string; expires: string } | undefined {
  checkToday(today);
  const e = entries.find((x) => x.operation === failure.operationId && x.check === failure.check && isActive(x, today));
  return e ? { reason: e.reason, expires: e.expires } : undefined;
}
