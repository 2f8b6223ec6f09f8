/**
 * An IAM user token (X-Auth-Token) from Keystone-style password authentication, scoped to one
 * project by name. Every failure is a ConformError `CONFORM_AUTH` with a one-line message that
 * names the IAM URL, the domain and the user, and never the password.
 */
import { request, type Dispatcher } from 'undici';
import { ConformError } from '../errors.ts';

export interface IamCredentials {
  /** IAM endpoint, e.g. `https://iam.cn-north-4.myhuaweicloud.com` (a trailing `/v3` is accepted) */
  readonly url: string;
  readonly domain: string;
  readonly username: string;
  readonly password: string;
  /** the project (region) name the token is scoped to, e.g. `cn-north-4` */
  readonly projectName: string;
}

export interface IamOptions {
  /** bound on the whole exchange: connect, headers and body */
  readonly timeoutMs: number;
  readonly dispatcher?: Dispatcher;
}

/** The body IAM expects (`POST /v3/auth/tokens`, Keystone v3 password method, project scope). */
function iamPasswordBody(iam: IamCredentials): unknown {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: iam.username, password: iam.password, domain: { name: iam.domain } } },
      },
      scope: { project: { name: iam.projectName } },
    },
  };
}

const fail = (message: string, cause?: unknown) => new ConformError('CONFORM_AUTH', message, { cause });

/** The tokens URL for display and use; user-info is dropped so it can never be printed. */
function tokensUrl(base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch (cause) {
    throw fail('auth.iam.url is not an absolute URL (expected e.g. https://iam.cn-north-4.myhuaweicloud.com)', cause);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw fail(`auth.iam.url must be http(s), got ${url.protocol}`);
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  // Keystone endpoints are often quoted with their version (".../v3"); accept both spellings.
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/v3$/, '') + '/v3/auth/tokens';
  return url;
}

/** One line of the IAM error body, if it says anything; the password is blanked just in case. */
function errorHint(text: string, password: string): string {
  let hint = text;
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown }; error_msg?: unknown };
    const message = json.error?.message ?? json.error_msg;
    if (typeof message === 'string') hint = message;
  } catch {
    // not JSON: keep the raw text
  }
  hint = hint.split(password).join('***').replace(/\s+/g, ' ').trim();
  return hint.length > 200 ? `${hint.slice(0, 200)}…` : hint;
}

function transportReason(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : typeof err.cause?.code === 'string' ? err.cause.code : undefined;
  return code ?? (typeof err.message === 'string' ? err.message : String(e));
}

/**
 * Gets an IAM token: `POST {url}/v3/auth/tokens`, the token is the `X-Subject-Token` response
 * header. Throws ConformError `CONFORM_AUTH` on a rejection, a missing header, an unreachable IAM
 * or a timeout.
 */
export async function fetchIamToken(iam: IamCredentials, options: IamOptions): Promise<string> {
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new RangeError(`fetchIamToken: timeoutMs must be a positive number, got ${options.timeoutMs}`);
  }
  for (const key of ['domain', 'username', 'password', 'projectName'] as const) {
    if (!iam[key]) throw fail(`auth.iam.${key} is empty; IAM password authentication needs it`);
  }
  const url = tokensUrl(iam.url);
  const who = `user '${iam.username}' of domain '${iam.domain}' (project '${iam.projectName}')`;
  const where = `IAM at ${url.href}`;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json;charset=utf8', accept: 'application/json' },
        body: JSON.stringify(iamPasswordBody(iam)),
        signal: controller.signal,
        dispatcher: options.dispatcher,
      });
    } catch (e) {
      if (controller.signal.aborted) throw fail(`${where} did not answer within ${options.timeoutMs} ms`, e);
      throw fail(`cannot reach ${where}: ${transportReason(e)}`, e);
    }

    let text: string;
    try {
      text = await res.body.text();
    } catch (e) {
      if (controller.signal.aborted) throw fail(`${where} did not finish its answer within ${options.timeoutMs} ms`, e);
      throw fail(`${where} broke off its answer: ${transportReason(e)}`, e);
    }

    if (res.statusCode < 200 || res.statusCode > 299) {
      const hint = errorHint(text, iam.password);
      const what = res.statusCode === 401 || res.statusCode === 403 ? `rejected the password of ${who}` : `refused a token for ${who}`;
      throw fail(`${where} ${what}: HTTP ${res.statusCode}${hint ? ` ${hint}` : ''}`);
    }
    const header = res.headers['x-subject-token'];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token) throw fail(`${where} answered HTTP ${res.statusCode} for ${who} but sent no X-Subject-Token header`);
    return token;
  } finally {
    clearTimeout(timer);
  }
}
