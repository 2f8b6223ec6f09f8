/**
 * The one error class of the tool. A ConformError is a problem of the *tool's input or
 * environment* (a broken spec, a bad config, an unreachable target) — never a conformance
 * failure of the target, which is data (see checks/types.ts).
 *
 * Codes are stable: tests, scripts and users match on them, not on messages.
 */
export type ErrorCode =
  // usage, config and spec problems: exit 2
  | 'CONFORM_USAGE'
  | 'CONFORM_CONFIG'
  | 'CONFORM_SPEC_YAML'
  | 'CONFORM_SPEC_OPENAPI'
  | 'CONFORM_SPEC_REF'
  | 'CONFORM_SPEC_EXTENSION'
  | 'CONFORM_BASELINE'
  // the target or the run: exit 3
  | 'CONFORM_TARGET_UNREACHABLE'
  | 'CONFORM_RUN'
  | 'CONFORM_AUTH';

/** Exit codes of the `conform` command. */
export const EXIT = Object.freeze({
  conforms: 0,
  deviations: 1,
  usage: 2,
  target: 3,
  /** Ctrl-C or SIGTERM: 128 + SIGINT, as a shell reports a process the signal ended */
  interrupted: 130,
});

const EXIT_BY_CODE: Record<ErrorCode, number> = {
  CONFORM_USAGE: EXIT.usage,
  CONFORM_CONFIG: EXIT.usage,
  CONFORM_SPEC_YAML: EXIT.usage,
  CONFORM_SPEC_OPENAPI: EXIT.usage,
  CONFORM_SPEC_REF: EXIT.usage,
  CONFORM_SPEC_EXTENSION: EXIT.usage,
  CONFORM_BASELINE: EXIT.usage,
  CONFORM_TARGET_UNREACHABLE: EXIT.target,
  CONFORM_RUN: EXIT.target,
  CONFORM_AUTH: EXIT.target,
};

export class ConformError extends Error {
  readonly code: ErrorCode;
  /** Where: a file, optionally with a JSON pointer (`specs/apig.yaml#/paths/...`). */
  readonly where?: string;

  constructor(code: ErrorCode, message: string, options: { where?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConformError';
    this.code = code;
    this.where = options.where;
  }

  get exitCode(): number {
    return EXIT_BY_CODE[this.code];
  }

  /** The one line a user sees: `code: where: message`, any credentials in a URL hidden. */
  oneLine(): string {
    const where = this.where ? `${this.where}: ` : '';
    return redactUrlCredentials(`${this.code}: ${where}${this.message}`.replace(/\s*\n\s*/g, ' '));
  }
}

// `scheme://` then a user-info part up to its last `@` before the host: `http://user:pw@host`.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#'"<>]*@/gi;

/**
 * `s` with the user-info of every URL in it (`http://user:pw@host` → `http://***@host`), for
 * every line the tool prints: a URL a user typed may carry a password.
 */
export function redactUrlCredentials(s: string): string {
  return s.replace(URL_USERINFO, '$1***@');
}

export function isConformError(e: unknown): e is ConformError {
  return e instanceof ConformError;
}
