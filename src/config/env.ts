/**
 * The environment variables `conform` reads directly (conform.yaml may reference any other
 * with `${VAR}`). Kept small on purpose: each overrides the file and is overridden by its flag.
 */
export interface EnvironmentVariable {
  readonly name: string;
  /** the conform.yaml key it overrides */
  readonly setting: string;
  /** the flag that overrides it; '' when none does */
  readonly flag: string;
  readonly description: string;
}

export const ENVIRONMENT: readonly EnvironmentVariable[] = Object.freeze([
  {
    name: 'CONFORM_TARGET',
    setting: 'target',
    flag: '--target',
    description: 'base URL of the target, for every service',
  },
  {
    name: 'HWC_AUTH_TOKEN',
    setting: 'auth.token',
    flag: '--token',
    description: 'IAM token, sent as X-Auth-Token',
  },
  {
    name: 'HWC_AUTH_TOKEN_FILE',
    setting: 'auth.token',
    flag: '--token',
    description: 'a file holding the IAM token (when HWC_AUTH_TOKEN is unset)',
  },
  {
    name: 'HWC_ACCESS_KEY',
    setting: 'auth.accessKey',
    flag: '',
    description: 'AK for SDK-HMAC-SHA256 signing, with HWC_SECRET_KEY (or HWC_ACCESS_KEY_FILE)',
  },
  {
    name: 'HWC_SECRET_KEY',
    setting: 'auth.secretKey',
    flag: '',
    description: 'SK for signing (or HWC_SECRET_KEY_FILE: a file holding it, readable by you alone)',
  },
  {
    name: 'CONFORM_SEED',
    setting: 'run.seed',
    flag: '--seed',
    description: 'seed of the generated cases (e.g. the CI run number, to explore new cases each run)',
  },
]);

/** A variable's value, or `undefined` when unset or empty (CI systems export empty variables). */
export function envValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}
