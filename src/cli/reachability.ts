/**
 * Before a run, each distinct target origin must accept a TCP connection: an unreachable
 * target is one clear line and exit 3, not hundreds of per-case errors.
 */
import { connect } from 'node:net';
import type { Config } from '../config/types.ts';
import { ConformError } from '../errors.ts';

export async function assertReachable(config: Config, timeoutMs = Math.min(config.run.timeoutMs, 5000)): Promise<void> {
  const origins = [...new Set(Object.values(config.target ?? {}).map((u) => new URL(u).origin))];
  await Promise.all(origins.map((o) => probe(o, timeoutMs)));
}

function probe(origin: string, timeoutMs: number): Promise<void> {
  const url = new URL(origin);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (why: string) => {
      socket.destroy();
      reject(new ConformError('CONFORM_TARGET_UNREACHABLE', `cannot reach ${origin} (${why}); is the target running?`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no connection within ${timeoutMs} ms`));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'ECONNREFUSED' ? 'connection refused' : e.code ?? e.message));
  });
}
