/** --record FILE: every exchange of the run, redacted, one JSON object per line. */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Failure } from '../checks/types.ts';
import type { Outcome } from '../execute/types.ts';
import { createRedactor } from '../redact/index.ts';

export async function createRecorder(file: string, secrets: readonly string[]) {
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file, { encoding: 'utf8' });
  const redactor = createRedactor([...secrets]);
  return {
    write(outcome: Outcome, failures: readonly Failure[]): void {
      const line = outcome.ok
        ? {
            case: outcome.exchange.case,
            request: { ...outcome.exchange.request, headers: redactor.headers(outcome.exchange.request.headers) },
            response: { status: outcome.exchange.response.status, headers: redactor.headers(outcome.exchange.response.headers), body: outcome.exchange.response.text },
            failures: failures.map((f) => f.check),
          }
        : { case: outcome.error.case, request: { ...outcome.error.request, headers: redactor.headers(outcome.error.request.headers) }, error: { code: outcome.error.code, message: outcome.error.message } };
      out.write(`${redactor.text(JSON.stringify(line))}\n`);
    },
    close: () => new Promise<void>((resolve) => out.end(resolve)),
  };
}
