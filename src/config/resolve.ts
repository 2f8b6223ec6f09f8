/**
 * One Config from every source, resolved once: defaults < conform.yaml < environment < flags.
 * Every value is checked here, whatever source it came from, and an error names that source
 * (`run.concurrency` at conform.yaml:7, `--concurrency`, `CONFORM_SEED`). Nothing the caller
 * passed in is written to; the result is deep-frozen.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isLoopback, resolveEndpoints } from '../auth/endpoints.ts';
import { ConformError } from '../errors.ts';
import { isKeepableRate } from '../execute/rate-limit.ts';
import { readSecretFile } from '../secret-file.ts';
import { packagePath } from '../package-root.ts';
import type { SpecCatalog } from '../spec/catalog.ts';
import type { ServiceName } from '../spec/types.ts';
import { envValue } from './env.ts';
import type { Flags } from './flags.ts';
import { deepFreeze } from './freeze.ts';
import { loadConfigFile, type LoadedConfigFile } from './load.ts';
import { REPORT_FORMATS, type ConfigFile } from './schema.ts';
import type { AuthConfig, Config, Fixtures, ReportFormat, RunSettings } from './types.ts';
import { keyPathText, type KeyPath } from './yaml-file.ts';

export const DEFAULT_CONFIG_FILE = 'conform.yaml';

/** Settings when nothing else gives them. The seed is fixed so two runs (and both sides of `conform diff`) send the same cases. */
export const DEFAULTS = deepFreeze({
  run: {
    seed: 1,
    cases: 100,
    concurrency: 8,
    timeoutMs: 10_000,
    totalTimeoutMs: 600_000,
    rate: 0,
    maxRequests: 0,
    giveUpAfter: 5,
    allowMutations: false,
    dryRun: false,
  } satisfies RunSettings,
  report: { dir: 'reports', formats: [...REPORT_FORMATS] },
});

const NO_SPECS: SpecCatalog = { operations: [], services: [], endpoints: {}, fixtures: {}, operationInfo: {} };

export interface ResolveInput {
  readonly flags: Flags;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** relative paths on the command line and in the environment are resolved against it */
  readonly cwd: string;
  readonly knownChecks: readonly string[];
  readonly knownOperations: readonly string[];
  /**
   * The loaded specs' services, endpoints and per-operation fixtures (spec/catalog.ts): which
   * endpoints a target must give, and which fixtures the selected operations need. Without it
   * no service and no fixture is known.
   */
  readonly catalog?: SpecCatalog;
  /** default: `--specs`, else `specs:` in the file, else this package's `specs/` */
  readonly specsDir?: string;
}

/** Where a value came from, for error messages. */
type Origin =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly path: KeyPath }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'flag'; readonly name: string };

interface Sourced<T> {
  readonly value: T;
  readonly origin: Origin;
}

class Resolver {
  readonly file?: LoadedConfigFile;
  constructor(
    readonly input: ResolveInput,
    file: LoadedConfigFile | undefined,
  ) {
    this.file = file;
  }

  get data(): ConfigFile {
    return this.file?.data ?? {};
  }

  /** `run.concurrency`, `--concurrency` or `CONFORM_SEED`: what the user wrote */
  subject(origin: Origin, keyPath: KeyPath): string {
    if (origin.kind === 'flag') return `--${origin.name}`;
    if (origin.kind === 'env') return origin.name;
    return keyPathText(origin.kind === 'file' ? origin.path : keyPath);
  }

  error(origin: Origin, message: string): ConformError {
    if (origin.kind === 'flag') return new ConformError('CONFORM_USAGE', message);
    if (origin.kind === 'file' && this.file) return new ConformError('CONFORM_CONFIG', message, { where: this.file.where(origin.path) });
    if (origin.kind === 'env') return new ConformError('CONFORM_CONFIG', `${message} (environment)`);
    return new ConformError('CONFORM_CONFIG', message);
  }

  /** The first defined of flag, environment, file (by key path), default. */
  pick<T>(
    keyPath: KeyPath,
    options: { flag?: [string, T | undefined]; env?: [string, T | undefined]; fallback?: T },
  ): Sourced<T> | undefined {
    if (options.flag && options.flag[1] !== undefined) return { value: options.flag[1], origin: { kind: 'flag', name: options.flag[0] } };
    if (options.env && options.env[1] !== undefined) return { value: options.env[1], origin: { kind: 'env', name: options.env[0] } };
    const fromFile = keyPath.reduce<unknown>((n, k) => (n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), this.data);
    if (fromFile !== undefined) return { value: fromFile as T, origin: { kind: 'file', path: keyPath } };
    if (options.fallback !== undefined) return { value: options.fallback, origin: { kind: 'default' } };
    return undefined;
  }

  /** A path from the file is relative to the file; from a flag or the environment, to cwd. */
  absolute(p: Sourced<string>): string {
    const base = p.origin.kind === 'file' && this.file ? path.dirname(path.resolve(this.input.cwd, this.file.file)) : this.input.cwd;
    return path.resolve(this.input.cwd, base, p.value);
  }

  integer(keyPath: KeyPath, p: Sourced<number>, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const ok = Number.isSafeInteger(p.value) && p.value >= min && p.value <= max;
    if (!ok) {
      const range = max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
      throw this.error(p.origin, `${this.subject(p.origin, keyPath)} must be ${range}, got ${p.value}`);
    }
    return p.value;
  }

  url(keyPath: KeyPath, p: Sourced<string>): string {
    const subject = this.subject(p.origin, keyPath);
    let url: URL;
    try {
      url = new URL(p.value);
    } catch {
      // never echo a user-info part: it may be a password, and a URL that does not parse cannot be trusted to be cut right
      const shown = p.value.includes('@') ? `${/^[a-z][a-z0-9+.-]*:\/*/i.exec(p.value)?.[0] ?? ''}***@…` : p.value;
      throw this.error(p.origin, `${subject}: '${shown}' is not an absolute URL (expected e.g. http://127.0.0.1:4010)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw this.error(p.origin, `${subject} must be an http or https URL, got ${url.protocol.replace(/:$/, '')}`);
    }
    if (url.username || url.password) {
      // never echo this URL: its user-info is a credential
      throw this.error(p.origin, `${subject} must not carry a user name or password; use auth: instead`);
    }
    if (url.search || url.hash) throw this.error(p.origin, `${subject} must be a base URL, without query or fragment`);
    return p.value.replace(/\/+$/, '');
  }

  names(keyPath: KeyPath, p: Sourced<readonly string[]>, known: readonly string[], what: string): string[] {
    const out: string[] = [];
    p.value.forEach((name, i) => {
      if (!known.includes(name)) {
        const origin: Origin = p.origin.kind === 'file' ? { kind: 'file', path: [...keyPath, i] } : p.origin;
        const where = p.origin.kind === 'file' ? `${path.basename(this.file?.file ?? DEFAULT_CONFIG_FILE)} ${keyPathText(keyPath)}` : this.subject(p.origin, keyPath);
        throw this.error(origin, `unknown ${what} '${name}' in ${where}; known: ${known.join(', ') || '(none)'}`);
      }
      if (!out.includes(name)) out.push(name);
    });
    return out;
  }

  target(): Readonly<Record<ServiceName, string>> | undefined {
    const flagTargets = this.input.flags.target ?? [];
    if (flagTargets.length > 1) {
      throw new ConformError('CONFORM_USAGE', `--target given ${flagTargets.length} times; this command takes one (conform diff compares two)`);
    }
    const single = this.pick<string | NonNullable<ConfigFile['target']>>(['target'], {
      flag: ['target', flagTargets[0]],
      env: ['CONFORM_TARGET', envValue(this.input.env, 'CONFORM_TARGET')],
    });
    const region = this.pick<string>(['region'], { flag: ['region', this.input.flags.region] });
    if (!single && !region) return undefined;

    const catalog = this.input.catalog ?? NO_SPECS;
    const services = catalog.services;
    const overrides: Partial<Record<ServiceName, string>> = {};
    if (single && typeof single.value === 'string') {
      const url = this.url(['target'], single as Sourced<string>);
      for (const s of services) overrides[s] = url;
    } else if (single) {
      const perService = single.value as Partial<Record<ServiceName, string>>;
      for (const [s, v] of Object.entries(perService)) {
        if (!services.includes(s)) {
          throw this.error({ kind: 'file', path: ['target', s] }, `unknown service '${s}' in target; the specs name: ${services.join(', ') || '(none)'}`);
        }
        if (v !== undefined) overrides[s] = this.url(['target', s], { value: v, origin: { kind: 'file', path: ['target', s] } });
      }
    }
    try {
      return resolveEndpoints(region?.value, overrides, Object.fromEntries(services.map((s) => [s, catalog.endpoints[s]])));
    } catch (e) {
      if (e instanceof ConformError) throw this.error(region && /^region '/.test(e.message) ? region.origin : (single?.origin ?? { kind: 'file', path: ['target'] }), e.message);
      throw e;
    }
  }

  /** A credential from the environment: the variable itself, else the file `${name}_FILE` names. */
  credentialEnv(name: string, what: string): [string, string | undefined] {
    const value = envValue(this.input.env, name);
    if (value !== undefined) return [name, value];
    const file = envValue(this.input.env, `${name}_FILE`);
    if (file === undefined) return [name, undefined];
    try {
      return [`${name}_FILE`, readSecretFile(path.resolve(this.input.cwd, file), what)];
    } catch (e) {
      throw this.error({ kind: 'env', name: `${name}_FILE` }, `${name}_FILE: ${(e as Error).message}`);
    }
  }

  auth(): AuthConfig {
    const a = this.data.auth ?? {};
    const token = this.pick<string>(['auth', 'token'], {
      flag: ['token', this.input.flags.token],
      env: this.credentialEnv('HWC_AUTH_TOKEN', 'token'),
    });
    const accessKey = this.pick<string>(['auth', 'accessKey'], { env: this.credentialEnv('HWC_ACCESS_KEY', 'access key') });
    const secretKey = this.pick<string>(['auth', 'secretKey'], { env: this.credentialEnv('HWC_SECRET_KEY', 'secret key') });
    if ((accessKey === undefined) !== (secretKey === undefined)) {
      const present = (accessKey ?? secretKey)!;
      const [have, need] = accessKey === undefined ? ['secretKey', 'accessKey'] : ['accessKey', 'secretKey'];
      const fromEnv = present.origin.kind === 'env';
      const named = fromEnv ? `${(present.origin as { name: string }).name} (auth.${have})` : `auth.${have}`;
      throw this.error(present.origin, `${named} needs auth.${need}${fromEnv ? ` or HWC_${need === 'accessKey' ? 'ACCESS_KEY' : 'SECRET_KEY'}` : ''} (AK/SK go together)`);
    }
    const tokenOrigin: Origin | undefined = token?.origin ?? (a.iam ? { kind: 'file', path: ['auth', 'iam'] } : undefined);
    if (tokenOrigin !== undefined && accessKey !== undefined) {
      // A gateway that accepts the token would hide a broken signature: a run proves one scheme.
      const tokenText = token === undefined ? 'auth.iam (a token)' : `a token (${this.subject(token.origin, ['auth', 'token'])})`;
      throw this.error(tokenOrigin, `${tokenText} and AK/SK (${this.subject(accessKey.origin, ['auth', 'accessKey'])}) are both configured; a run uses one scheme: remove one`);
    }
    if (a.securityToken !== undefined && accessKey === undefined) {
      throw this.error({ kind: 'file', path: ['auth', 'securityToken'] }, 'auth.securityToken needs auth.accessKey and auth.secretKey (it signs with a temporary AK/SK)');
    }
    if (a.iam) this.url(['auth', 'iam', 'url'], { value: a.iam.url, origin: { kind: 'file', path: ['auth', 'iam', 'url'] } });
    return {
      ...(token ? { token: token.value } : {}),
      ...(accessKey !== undefined ? { accessKey: accessKey.value } : {}),
      ...(secretKey !== undefined ? { secretKey: secretKey.value } : {}),
      ...(a.securityToken !== undefined ? { securityToken: a.securityToken } : {}),
      ...(a.iam ? { iam: { ...a.iam, url: a.iam.url.replace(/\/+$/, '') } } : {}),
    };
  }

  /**
   * A target needs the ids of existing resources to work on: those the specs' selected
   * operations name (`x-hwc-fixture`), and only those — not those of a mutating operation a
   * live account skips without --allow-mutations (run/safety.ts). Without a target they come
   * from the embedded emulator later (cli/embedded.ts): until then the project id is empty.
   */
  fixtures(
    target: Readonly<Record<string, string>> | undefined,
    operations: readonly string[] | undefined,
    allowMutations: boolean,
  ): { projectId: string; fixtures: Fixtures } {
    const live = target !== undefined;
    const f = this.data.fixtures ?? {};
    const catalog = this.input.catalog ?? NO_SPECS;
    if (this.input.catalog) {
      // a name no spec uses is a typo: the run would ask for the right one later, or never
      const known = new Set(Object.values(catalog.fixtures).flat());
      for (const [service, values] of Object.entries(f)) {
        for (const name of Object.keys(values)) {
          if (known.has(`${service}.${name}`)) continue;
          const names = [...known].filter((k) => k.startsWith(`${service}.`)).map((k) => k.slice(service.length + 1));
          const hint = names.length ? `the specs name: ${names.join(', ')}` : `no spec names a fixture of ${service}`;
          throw this.error({ kind: 'file', path: ['fixtures', service, name] }, `unknown fixture '${name}' in fixtures.${service}; ${hint}`);
        }
      }
    }
    const runs = (op: string) => {
      const info = catalog.operationInfo[op];
      const url = info && target?.[info.service];
      return !info?.mutating || allowMutations || url === undefined || isLoopback(url);
    };
    const needed = [...new Set((operations ?? catalog.defaults ?? catalog.operations).filter(runs).flatMap((op) => catalog.fixtures[op] ?? []))];
    const valueOf = (key: string): string | undefined => {
      if (key === 'projectId') return this.data.projectId;
      const dot = key.indexOf('.');
      return f[key.slice(0, dot)]?.[key.slice(dot + 1)];
    };
    // a fixture nobody named is made by the run itself where a throwaway may stand in and the
    // run may create (run/throwaways.ts); the creating operation's own fixtures are then needed
    const throwaways = catalog.throwaways ?? {};
    for (let i = 0; i < needed.length; i++) {
      const creator = throwaways[needed[i]!];
      if (valueOf(needed[i]!) !== undefined || creator === undefined || !runs(creator)) continue;
      for (const k of catalog.fixtures[creator] ?? []) if (!needed.includes(k)) needed.push(k);
    }
    const standIn = (k: string) => throwaways[k] !== undefined && runs(throwaways[k]!);
    const missing = needed.filter((k) => valueOf(k) === undefined && !standIn(k)).map((k) => (k === 'projectId' ? k : `fixtures.${k}`));
    if (live && missing.length > 0) {
      const file = this.file ? path.basename(this.file.file) : DEFAULT_CONFIG_FILE;
      throw new ConformError(
        'CONFORM_CONFIG',
        `a target is set, so ${file} must name the resources the run works on; missing: ${missing.join(', ')}` +
          (this.file ? '' : ` (no ${DEFAULT_CONFIG_FILE} was found; pass --config FILE)`) +
          (missing.some((k) => throwaways[k.replace(/^fixtures\./, '')] !== undefined) ? '; with --allow-mutations the run creates throwaway ones where it can' : ''),
        this.file ? { where: this.file.where(missing[0] === 'projectId' ? [] : ['fixtures']) } : {},
      );
    }
    return {
      projectId: this.data.projectId ?? '',
      fixtures: Object.fromEntries(Object.entries(f).map(([service, values]) => [service, { ...values }])),
    };
  }

  run(): RunSettings {
    const f = this.input.flags;
    const d = DEFAULTS.run;
    const num = (key: keyof RunSettings, flag?: [string, number | undefined], env?: [string, number | undefined]) =>
      this.pick<number>(['run', key], { ...(flag ? { flag } : {}), ...(env ? { env } : {}), fallback: d[key] as number })!;

    const seedText = envValue(this.input.env, 'CONFORM_SEED');
    let envSeed: number | undefined;
    if (seedText !== undefined) {
      envSeed = /^-?\d+$/.test(seedText.trim()) ? Number(seedText.trim()) : NaN;
      if (!Number.isSafeInteger(envSeed)) throw this.error({ kind: 'env', name: 'CONFORM_SEED' }, `CONFORM_SEED must be a whole number, got '${seedText}'`);
    }

    const rate = num('rate', ['rate', f.rate]);
    if (!(Number.isFinite(rate.value) && rate.value >= 0)) {
      throw this.error(rate.origin, `${this.subject(rate.origin, ['run', 'rate'])} must be a number of requests per second ≥ 0, got ${rate.value}`);
    }
    // The limiter (execute/rate-limit.ts) keeps whole numbers per 1-second window, and fractions
    // below one as one start per 1/r seconds; 2.5 per second it could only round.
    if (!isKeepableRate(rate.value)) {
      throw new ConformError(
        'CONFORM_USAGE',
        `--rate / run.rate must be a whole number of requests per second, or a fraction below 1 (0.5 = one request every 2 s), got ${rate.value}; use ${Math.floor(rate.value)} or 0 for no limit`,
      );
    }
    const bool = (key: 'allowMutations' | 'dryRun', flag: string, value: boolean | undefined) =>
      this.pick<boolean>(['run', key], { flag: [flag, value], fallback: d[key] })!.value;

    return {
      seed: this.integer(['run', 'seed'], num('seed', ['seed', f.seed], ['CONFORM_SEED', envSeed]), Number.MIN_SAFE_INTEGER),
      cases: this.integer(['run', 'cases'], num('cases', ['cases', f.cases]), 0),
      concurrency: this.integer(['run', 'concurrency'], num('concurrency', ['concurrency', f.concurrency]), 1, 256),
      timeoutMs: this.integer(['run', 'timeoutMs'], num('timeoutMs', ['timeout', f.timeoutMs]), 1),
      totalTimeoutMs: this.integer(['run', 'totalTimeoutMs'], num('totalTimeoutMs'), 1),
      rate: rate.value,
      maxRequests: this.integer(['run', 'maxRequests'], num('maxRequests', ['max-requests', f.maxRequests]), 0),
      giveUpAfter: this.integer(['run', 'giveUpAfter'], num('giveUpAfter', ['give-up-after', f.giveUpAfter]), 0),
      allowMutations: bool('allowMutations', 'allow-mutations', f.allowMutations),
      dryRun: bool('dryRun', 'dry-run', f.dryRun),
    };
  }

  report(): Config['report'] {
    const dir = this.pick<string>(['report', 'dir'], { flag: ['report-dir', this.input.flags.reportDir], fallback: DEFAULTS.report.dir })!;
    const formats = this.pick<readonly string[]>(['report', 'formats'], {
      flag: ['format', this.input.flags.formats],
      fallback: DEFAULTS.report.formats,
    })!;
    const names = this.names(['report', 'formats'], formats, REPORT_FORMATS, 'report format') as ReportFormat[];
    return { dir: this.absolute(dir), formats: names };
  }

  checks(): Record<string, boolean> {
    const checks = this.data.checks ?? {};
    const known = this.input.knownChecks;
    for (const name of Object.keys(checks)) {
      if (!known.includes(name)) {
        const file = path.basename(this.file?.file ?? DEFAULT_CONFIG_FILE);
        throw this.error({ kind: 'file', path: ['checks', name] }, `unknown check '${name}' in ${file}; known: ${known.join(', ') || '(none)'}`);
      }
    }
    return { ...checks };
  }

  operations(): string[] | undefined {
    const ops = this.pick<readonly string[]>(['operations'], { flag: ['operations', this.input.flags.operations] });
    return ops ? this.names(['operations'], ops, this.input.knownOperations, 'operation') : undefined;
  }

  knownSecrets(): string[] {
    return [...new Set((this.data.knownSecrets ?? []).filter((s) => s !== ''))];
  }

  /** `--specs DIR`, else `specs:` (relative to the file), else this package's `specs/` */
  specsDir(): string {
    const dir = this.pick<string>(['specs'], { flag: ['specs', this.input.flags.specs] });
    return dir ? this.absolute(dir) : packagePath('specs');
  }

  baseline(): string | undefined {
    const b = this.pick<string>(['baseline'], { flag: ['baseline', this.input.flags.baseline] });
    return b ? this.absolute(b) : undefined;
  }
}

/** File keys a flag or an environment variable sets in this run: an unset `${VAR}` there is no error. */
function overriddenKeys(input: ResolveInput): (path: KeyPath) => boolean {
  const f = input.flags;
  const keys = new Set<string>();
  const add = (key: string, ...given: unknown[]) => given.some((v) => v !== undefined) && keys.add(key);
  add('target', f.target?.[0], envValue(input.env, 'CONFORM_TARGET'));
  add('region', f.region);
  add('auth.token', f.token, envValue(input.env, 'HWC_AUTH_TOKEN'), envValue(input.env, 'HWC_AUTH_TOKEN_FILE'));
  add('auth.accessKey', envValue(input.env, 'HWC_ACCESS_KEY'), envValue(input.env, 'HWC_ACCESS_KEY_FILE'));
  add('auth.secretKey', envValue(input.env, 'HWC_SECRET_KEY'), envValue(input.env, 'HWC_SECRET_KEY_FILE'));
  add('operations', f.operations);
  add('run.seed', f.seed, envValue(input.env, 'CONFORM_SEED'));
  add('run.cases', f.cases);
  add('run.concurrency', f.concurrency);
  add('run.timeoutMs', f.timeoutMs);
  add('run.rate', f.rate);
  add('run.maxRequests', f.maxRequests);
  add('run.giveUpAfter', f.giveUpAfter);
  add('report.dir', f.reportDir);
  add('report.formats', f.formats);
  add('baseline', f.baseline);
  add('specs', f.specs);
  return (p) => {
    for (let n = p.length; n > 0; n--) if (keys.has(keyPathText(p.slice(0, n)))) return true;
    return false;
  };
}

/** Paths in messages as the user wrote them: relative to cwd when inside it. */
function display(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function configFile(input: ResolveInput): LoadedConfigFile | undefined {
  const options = { overridden: overriddenKeys(input) };
  if (input.flags.config !== undefined) {
    const file = path.resolve(input.cwd, input.flags.config);
    return loadConfigFile(file, input.env, { ...options, display: display(input.cwd, file) });
  }
  const fallback = path.resolve(input.cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? loadConfigFile(fallback, input.env, { ...options, display: DEFAULT_CONFIG_FILE }) : undefined;
}

/**
 * The specs directory a run uses (`--specs DIR`, else `specs:` in conform.yaml, else this
 * package's `specs/`): the specs are loaded before the rest of the configuration is resolved
 * against them (`ResolveInput.catalog`).
 */
export function resolveSpecsDir(input: Pick<ResolveInput, 'flags' | 'env' | 'cwd'>): string {
  const full: ResolveInput = { ...input, knownChecks: [], knownOperations: [] };
  return new Resolver(full, configFile(full)).specsDir();
}

/**
 * Resolves the configuration of a run: defaults < conform.yaml (`--config FILE`, else
 * `./conform.yaml` when present) < environment (CONFORM_TARGET, HWC_AUTH_TOKEN, CONFORM_SEED)
 * < flags. Throws CONFORM_USAGE for a bad flag, CONFORM_CONFIG for anything else, naming the
 * key and (for the file) the line. Without any target or region, `target` is undefined and
 * `projectId`/`fixtures` are empty strings until the embedded emulator fills them.
 */
export function resolveConfig(input: ResolveInput): Config {
  const r = new Resolver(input, configFile(input));
  const target = r.target();
  const region = r.pick<string>(['region'], { flag: ['region', input.flags.region] });
  const auth = r.auth();
  const operations = r.operations();
  const run = r.run();
  const { projectId, fixtures } = r.fixtures(target, operations, run.allowMutations);
  const baseline = r.baseline();
  const config: Config = {
    ...(target ? { target: { ...target } } : {}),
    ...(region ? { region: region.value } : {}),
    auth,
    projectId,
    fixtures,
    knownSecrets: r.knownSecrets(),
    ...(operations ? { operations } : {}),
    run,
    report: r.report(),
    checks: r.checks(),
    ...(baseline ? { baseline } : {}),
    specsDir: input.specsDir !== undefined ? path.resolve(input.cwd, input.specsDir) : r.specsDir(),
  };
  return deepFreeze(config);
}
