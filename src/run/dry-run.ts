/**
 * --dry-run: every request the run would send, as curl lines with credentials redacted.
 * Sends nothing.
 */
import { buildCases } from '../cases/index.ts';
import type { Config } from '../config/types.ts';
import { planRequest } from '../execute/request.ts';
import { createRedactor } from '../redact/index.ts';
import type { Operation } from '../spec/types.ts';
import { authCases } from './auth-cases.ts';
import { fixtureValues, secretsOf } from './engine.ts';
import { curlLine } from './replay.ts';

export function plannedRequests(operations: readonly Operation[], config: Config, skip: (op: Operation) => string | undefined): string[] {
  const redactor = createRedactor(secretsOf(config));
  const fixtures = fixtureValues(config);
  const lines: string[] = [];
  for (const op of operations) {
    const reason = skip(op);
    if (reason) {
      lines.push(`# ${op.id}: skipped — ${reason}`);
      continue;
    }
    const cases = buildCases(op, { seed: config.run.seed, count: config.run.cases });
    for (const c of [...cases, ...authCases(op, cases)]) {
      const { request } = planRequest(op, c, config.target![op.service], fixtures);
      const headers = c.auth === 'wrong' ? { ...request.headers, 'x-auth-token': 'wrong' } : c.auth === 'none' ? request.headers : { ...request.headers, 'x-auth-token': '…' };
      lines.push(redactor.text(`# ${c.id}: ${c.note}\n${curlLine({ ...request, headers })}`));
    }
  }
  return lines;
}
