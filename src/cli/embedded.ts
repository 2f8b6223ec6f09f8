/**
 * With no target configured, the run starts the reference emulator in-process on 127.0.0.1
 * and takes its fixtures: the main command works on a fresh machine with nothing else running.
 */
import type { Config } from '../config/types.ts';
import { startEmulator } from '../emulator/index.ts';

export async function withEmbeddedTarget<T>(config: Config, body: (config: Config, embedded: boolean) => Promise<T>): Promise<T> {
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
    const embedded: Config = Object.freeze({
      ...config,
      target: Object.freeze({ apig: emulator.url, elb: emulator.url, csms: emulator.url }),
      // With AK/SK and no token, requests carry the signature alone: the run then shows the
      // signing works, instead of riding on the emulator's development token.
      auth: Object.freeze(token || !(accessKey && secretKey) ? { ...config.auth, token: token ?? f.token } : { ...config.auth }),
      projectId: f.projectId,
      fixtures: Object.freeze({
        apig: { instanceId: f.apig.instanceId, appId: f.apig.appId },
        elb: { certificateId: f.elb.certificateId },
        csms: { rotatableSecret: f.csms.rotatableSecret, commonSecret: f.csms.commonSecret },
      }),
      knownSecrets: Object.freeze([...config.knownSecrets, ...f.knownSecrets]),
    });
    return await body(embedded, true);
  } finally {
    await emulator.close();
  }
}
