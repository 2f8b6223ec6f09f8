/**
 * Puts credentials on a planned request: the configured X-Auth-Token and/or an AK/SK
 * signature over the exact bytes sent — or, for auth cases, none or a wrong token.
 */
import type { Case } from '../cases/types.ts';
import type { AuthConfig } from '../config/types.ts';
import type { SentRequest } from './types.ts';
import { signRequest } from '../auth/signer.ts';

/** A token no service issued: same shape as a real one would not help, any string will do. */
export const WRONG_TOKEN = 'conform-wrong-token-0000000000000000';

export function withCredentials(req: SentRequest, auth: Case['auth'], config: AuthConfig, now?: Date): SentRequest {
  if (auth === 'none') return req;
  if (auth === 'wrong') return { ...req, headers: { ...req.headers, 'x-auth-token': WRONG_TOKEN } };
  let headers: Record<string, string> = { ...req.headers };
  if (config.token) headers['x-auth-token'] = config.token;
  if (config.accessKey && config.secretKey) {
    const signed = signRequest(
      { method: req.method, url: req.url, headers, body: req.body },
      { accessKey: config.accessKey, secretKey: config.secretKey, securityToken: config.securityToken },
      now,
    );
    headers = lowerKeys(signed);
  }
  return { ...req, headers };
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
