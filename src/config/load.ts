/**
 * Reads conform.yaml: YAML → `${VAR}` interpolation → JSON Schema. Errors are CONFORM_CONFIG
 * and point at `file:line`.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ConformError } from '../errors.ts';
import { fillReferences, protectReferences } from './interpolate.ts';
import { CONFIG_FILE_SCHEMA, type ConfigFile } from './schema.ts';
import { keyPathText, parseYamlFile, pointerToPath, schemaError, type KeyPath } from './yaml-file.ts';

// Compiled on first use: most runs read no config file, and compiling costs cold start.
let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction =>
  (compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile(CONFIG_FILE_SCHEMA));

export interface LoadedConfigFile {
  readonly file: string;
  readonly data: ConfigFile;
  /** `file:line` of a key path */
  where(path: KeyPath): string;
}

function readText(file: string, display: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? (e as Error).message})`;
    throw new ConformError('CONFORM_CONFIG', `config file ${why}`, { where: display, cause: e });
  }
}

/**
 * `${VAR}` values are strings; where the whole value was one reference and the schema wants a
 * number or a boolean (`seed: ${SEED}`), the string is read as one.
 */
function coerce(data: unknown, errors: readonly ErrorObject[], whole: ReadonlySet<string>): boolean {
  let changed = false;
  for (const e of errors) {
    if (e.keyword !== 'type') continue;
    const path = pointerToPath(e.instancePath, data);
    if (!whole.has(keyPathText(path)) || path.length === 0) continue;
    const parent = path.slice(0, -1).reduce<unknown>((n, k) => (n as Record<string, unknown>)[k as string], data) as Record<string, unknown>;
    const key = path[path.length - 1] as string;
    const raw = parent[key];
    if (typeof raw !== 'string') continue;
    const want = String((e.params as { type: string }).type);
    if ((want === 'integer' || want === 'number') && /^-?\d+(?:\.\d+)?$/.test(raw.trim())) {
      parent[key] = Number(raw.trim());
      changed = true;
    } else if (want === 'boolean' && /^(true|false)$/i.test(raw.trim())) {
      parent[key] = raw.trim().toLowerCase() === 'true';
      changed = true;
    }
  }
  return changed;
}

export interface LoadOptions {
  /** the file name for messages (default: `file`) */
  readonly display?: string;
  /** key paths a flag or the environment overrides (see fillReferences) */
  readonly overridden?: (path: KeyPath) => boolean;
}

/** conform.yaml (or the file given), interpolated with `env` and validated. */
export function loadConfigFile(file: string, env: Readonly<Record<string, string | undefined>>, options: LoadOptions = {}): LoadedConfigFile {
  const display = options.display ?? file;
  const text = readText(file, display);
  const protectedText = protectReferences(text);
  const parsed = parseYamlFile(display, protectedText.text, 'CONFORM_CONFIG');
  const raw = parsed.data ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConformError('CONFORM_CONFIG', 'the file must be a mapping of settings (target:, auth:, run:, …)', { where: `${display}:1` });
  }
  const { data, wholeReferences } = fillReferences(raw, protectedText, env, parsed.where, options.overridden);
  const loaded = { file: display, data, where: parsed.where };

  const validate = validator();
  if (!validate(data) && !(coerce(data, validate.errors ?? [], wholeReferences) && validate(data))) {
    throw schemaError('CONFORM_CONFIG', loaded, validate.errors ?? []);
  }
  return { file, data: data as ConfigFile, where: parsed.where };
}
