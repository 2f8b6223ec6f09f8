/** --record FILE: every exchange of the run, redacted, one JSON object per line. */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Failure } from '../checks/types.ts';
import type { Outcome } from '../execute/types.ts';
import type { RunPhase } from '../run/engine.ts';
import { ConformError } from '../errors.ts';
import { createRedactor } from '../redact/index.ts';
import type { Operation } from '../spec/types.ts';
import { requestSecrets, responseSecrets } from '../run/run-secrets.ts';

export async function createRecorder(file: string, secrets: readonly string[], operations: readonly Operation[]) {
  const cannot = (e: unknown) =>
    new ConformError('CONFORM_USAGE', `--record ${file}: cannot write the recording (${(e as NodeJS.ErrnoException).code ?? String(e)}); choose another file`);
  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (e) {
    throw cannot(e);
  }
  const out = createWriteStream(file, { encoding: 'utf8' });
  // Opening fails asynchronously (a directory, no permission): wait for it, so the run never starts.
  await new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', (e) => reject(cannot(e)));
  });
  let failed: ConformError | undefined;
  out.on('error', (e) => (failed ??= cannot(e)));
  const ops = new Map(operations.map((o) => [o.id, o] as const));
  const redactor = createRedactor([...secrets]);
  return {
    write(outcome: Outcome, failures: readonly Failure[], phase: RunPhase): void {
      const c = outcome.ok ? outcome.exchange.case : outcome.error.case;
      const op = ops.get(c.operationId);
      const request = outcome.ok ? outcome.exchange.request : outcome.error.request;
      // The app_secret this case sent (or a value the target showed unmasked) is a secret too.
      const own = [...requestSecrets(op, c, request.body), ...(outcome.ok ? responseSecrets(op, outcome.exchange.response.text) : [])];
      const r = own.length > 0 ? createRedactor([...secrets, ...own]) : redactor;
      const line = outcome.ok
        ? {
            phase,
            case: c,
            request: { ...request, headers: r.headers(request.headers) },
            response: { status: outcome.exchange.response.status, headers: r.headers(outcome.exchange.response.headers), body: outcome.exchange.response.text },
            failures: failures.map((f) => f.check),
          }
        : { phase, case: c, request: { ...request, headers: r.headers(request.headers) }, error: { code: outcome.error.code, message: outcome.error.message } };
      out.write(`${r.text(JSON.stringify(line))}\n`);
    },
    /** Rejects with the first write error, if any. */
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (failed || out.destroyed) return failed ? reject(failed) : resolve();
        out.end(() => (failed ? reject(failed) : resolve()));
      }),
  };
}
