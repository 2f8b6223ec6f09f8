/** Obtains an IAM token before the run when the config asks for one (auth.iam). */
import { fetchIamToken } from '../auth/iam.ts';
import type { Config } from '../config/types.ts';

export async function prepareAuth(config: Config): Promise<Config> {
  const iam = config.auth.iam;
  if (!iam || config.auth.token) return config;
  const token = await fetchIamToken(iam, { timeoutMs: config.run.timeoutMs });
  return Object.freeze({ ...config, auth: Object.freeze({ ...config.auth, token }) });
}
