/**
 * The resolved configuration of a run: defaults < conform.yaml < environment < flags, resolved
 * once and frozen. Key names match `conform.yaml` (tools outside the project write that file).
 */
import type { ServiceName } from '../spec/types.ts';

export type ReportFormat = 'html' | 'json' | 'junit' | 'md';

/** `fixtures.<service>.<name>`: what the specs' `x-hwc-fixture: service.name` keys are filled from. */
export type Fixtures = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface IamAuth {
  readonly url: string;
  readonly domain: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
}

export interface AuthConfig {
  /** X-Auth-Token */
  readonly token?: string;
  readonly accessKey?: string;
  readonly secretKey?: string;
  readonly securityToken?: string;
  readonly iam?: IamAuth;
}

export interface RunSettings {
  readonly seed: number;
  /** random cases per operation (after the deterministic boundary cases) */
  readonly cases: number;
  readonly concurrency: number;
  /** per-request timeout */
  readonly timeoutMs: number;
  /** bound on the whole run */
  readonly totalTimeoutMs: number;
  /** requests per second, 0 = unlimited */
  readonly rate: number;
  /** request budget, 0 = unlimited */
  readonly maxRequests: number;
  /**
   * Consecutive transport failures (refused, reset, timeout, …) after which the run gives up on
   * the target; 0 = never. With the default timeout and concurrency a dead target costs one
   * timeout, not the whole run.
   */
  readonly giveUpAfter: number;
  readonly allowMutations: boolean;
  readonly dryRun: boolean;
}

export interface Config {
  /** base URL per service of the specs; `undefined` = start the embedded emulator */
  readonly target?: Readonly<Record<ServiceName, string>>;
  readonly region?: string;
  readonly auth: AuthConfig;
  readonly projectId: string;
  readonly fixtures: Fixtures;
  /** values that must never appear in any response (fixture secret values, tokens) */
  readonly knownSecrets: readonly string[];
  readonly operations?: readonly string[];
  readonly run: RunSettings;
  readonly report: { readonly dir: string; readonly formats: readonly ReportFormat[] };
  /** per-check enable/disable; unknown check names are a config error */
  readonly checks: Readonly<Record<string, boolean>>;
  readonly baseline?: string;
  readonly specsDir: string;
}
