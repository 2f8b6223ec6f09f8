/**
 * --dry-run: every request the main phase would send, as curl lines with credentials
 * redacted (the token as `$HWC_AUTH_TOKEN`; an AK/SK signature is made at sending time and
 * not shown). Sends nothing. Stateful flows reuse these bodies and are not listed.
 */
import { buildCases } from '../cases/index.ts';
import type { Case } from '../cases/types.ts';
import type { Config } from '../config/types.ts';
import { planRequest } from '../execute/request.ts';
import type { SentRequest } from '../execute/types.ts';
import { createRedactor } from '../redact/index.ts';
import type { Operation } from '../spec/types.ts';
import { authCases } from '../cases/auth-cases.ts';
import { Probes } from '../cases/probes.ts';
import { WRONG_TOKEN } from '../execute/credentials.ts';
import { fixtureValues, secretsOf } from './engine.ts';
import { curlLine } from './replay.ts';

export function plannedRequests(operations: readonly Operation[], config: Config, skip: (op: Operation) => string | undefined): string[] {
  const redactor = createRedactor(secretsOf(config));
  const fixtures = fixtureValues(config);
  const signed = config.auth.accessKey !== undefined && config.auth.secretKey !== undefined;
  const lines: string[] = [];
  if (signed) lines.push('# every request with configured credentials is signed with AK/SK when sent (Authorization, X-Sdk-Date)');
  for (const op of operations) {
    const reason = skip(op);
    if (reason) {
      lines.push(`# ${op.id}: skipped — ${reason}`);
      continue;
    }
    const cases = buildCases(op, { seed: config.run.seed, count: config.run.cases });
    const probes = new Probes(op, fixtures);
    for (const c of cases) probes.offer(c);
    for (const c of [...cases, ...authCases(op, cases), ...probes.cases()]) {
      const { request } = planRequest(op, c, config.target![op.service], fixtures);
      lines.push(`${redactor.text(`# ${c.id}: ${c.note}`)}\n${curl(request, c, config)}`);
    }
  }
  return lines;
}

/** The curl line of one case, with the credentials that case sends. */
function curl(request: SentRequest, c: Case, config: Config): string {
  const redactor = createRedactor(secretsOf(config));
  if (c.auth === 'none') return redactor.text(curlLine(request));
  if (c.auth === 'wrong') {
    // The wrong token is a public constant, and the case is about it: shown as sent (after
    // redaction, which would hide any X-Auth-Token value).
    const line = redactor.text(curlLine(request));
    const header = ` -H 'X-Auth-Token: ${WRONG_TOKEN}'`;
    const at = line.indexOf(' --data-raw ');
    return at < 0 ? `${line}${header}` : `${line.slice(0, at)}${header}${line.slice(at)}`;
  }
  const headers = config.auth.token ? { ...request.headers, 'x-auth-token': '$HWC_AUTH_TOKEN' } : request.headers;
  return redactor.text(curlLine({ ...request, headers }));
}
