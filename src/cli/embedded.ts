/**
 * With no target configured, the run starts the reference emulator in-process on 127.0.0.1
 * and takes its fixtures: the main command works on a fresh machine with nothing else running.
 */
import type { Config, Fixtures } from '../config/types.ts';
import { startEmulator, type EmulatorFixtures } from '../emulator/index.ts';
import { ConformError } from '../errors.ts';

/** The emulator's fixtures per service (`apig: { instanceId, appId }`, …): its services are the keys. */
function serviceFixtures(f: EmulatorFixtures): Fixtures {
  const out: Record<string, Record<string, string>> = {};
  for (const [key, value] of Object.entries(f)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) out[key] = { ...(value as Record<string, string>) };
  }
  return Object.freeze(out);
}

/**
 * `services`: those the run's operations belong to; a service the emulator does not serve is a
 * configuration error (a run of one's own specs needs a target).
 */
export async function withEmbeddedTarget<T>(
  config: Config,
  body: (config: Config, embedded: boolean) => Promise<T>,
  services?: readonly string[],
): Promise<T> {
  if (config.target) return body(config, false);
  const { token, accessKey, secretKey } = config.auth;
  const emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    ...(token ? { token } : {}),
    ...(accessKey && secretKey ? { accessKey, secretKey } : {}),
  });
  try {
    const f = emulator.fixtures;
    const fixtures = serviceFixtures(f);
    const served = Object.keys(fixtures);
    const unserved = (services ?? []).filter((s) => !served.includes(s));
    if (unserved.length > 0) {
      throw new ConformError(
        'CONFORM_CONFIG',
        `no target for ${unserved.join(', ')}: the embedded emulator serves ${served.join(', ')}; set target (conform.yaml, --target or CONFORM_TARGET)`,
      );
    }
    const embedded: Config = Object.freeze({
      ...config,
      target: Object.freeze(Object.fromEntries(served.map((s) => [s, emulator.url]))),
      // With AK/SK and no token, requests carry the signature alone: the run then shows the
      // signing works, instead of riding on the emulator's development token.
      auth: Object.freeze(token || !(accessKey && secretKey) ? { ...config.auth, token: token ?? f.token } : { ...config.auth }),
      projectId: f.projectId,
      fixtures,
      knownSecrets: Object.freeze([...config.knownSecrets, ...f.knownSecrets]),
    });
    return await body(embedded, true);
  } finally {
    await emulator.close();
  }
}
