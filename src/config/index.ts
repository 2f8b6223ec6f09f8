export type * from './types.ts';
export { resolveConfig, resolveSpecsDir, DEFAULTS, DEFAULT_CONFIG_FILE, type ResolveInput } from './resolve.ts';
export { parseFlags, FLAG_NAMES, type Flags } from './flags.ts';
export { loadConfigFile, type LoadedConfigFile } from './load.ts';
export { CONFIG_FILE_SCHEMA, REPORT_FORMATS, type ConfigFile } from './schema.ts';
export { ENVIRONMENT, type EnvironmentVariable } from './env.ts';
export {
  isActive,
  loadBaseline,
  matchBaseline,
  parseBaseline,
  type BaselineEntry,
  type BaselineOptions,
} from './baseline.ts';
