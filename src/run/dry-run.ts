/**
 * --dry-run: every request the main phase would send, as curl lines with credentials
 * redacted (the token as `$HWC_AUTH_TOKEN`; an AK/SK signature is made at sending time and
 * not shown), after the throwaways the run would create (their ids shown as `<fixture>`), and
 * with what it would delete at the end. Sends nothing. Stateful flows reuse these bodies and are
 * not listed.
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
import { throwawayCase, throwawaysNeeded } from './throwaways.ts';

/** `all`: every operation of the specs (the creators of throwaways and the deletes are among them) */
export function plannedRequests(
  operations: readonly Operation[],
  config: Config,
  skip: (op: Operation) => string | undefined,
  all: readonly Operation[] = operations,
): string[] {
  const redactor = createRedactor(secretsOf(config));
  const named = fixtureValues(config);
  const signed = config.auth.accessKey !== undefined && config.auth.secretKey !== undefined;
  const lines: string[] = [];
  if (signed) lines.push('# every request with configured credentials is signed with AK/SK when sent (Authorization, X-Sdk-Date)');
  const throwaways = throwawaysNeeded(operations.filter((o) => !skip(o)), all, named, (creator) => !skip(creator));
  const fixtures = { ...named };
  for (const t of throwaways) {
    const c = throwawayCase(t, config.run.seed, 'dryrun');
    const { request } = planRequest(t.creator, c, config.target![t.creator.service], named);
    lines.push(`${redactor.text(`# setup: a throwaway for ${t.fixture} (named conform_<run> when sent), deleted at the end`)}\n${curl(request, c, config)}`);
    fixtures[t.fixture] = `<${t.fixture}>`;
  }
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
  const creating = [...new Set([...operations.filter((o) => o.creates && !skip(o)), ...throwaways.map((t) => t.creator)])];
  for (const op of creating) lines.push(`# cleanup: every resource ${op.id} creates is deleted at the end with ${op.creates!.delete.observer}`);
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
