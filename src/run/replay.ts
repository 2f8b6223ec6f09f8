/** How to reproduce a case by hand: a curl line (credentials as an env var) and a replay command. */
import type { SentRequest } from '../execute/types.ts';

const CREDENTIAL_HEADERS = new Set(['x-auth-token', 'authorization', 'x-security-token', 'x-sdk-date']);

export function curlLine(req: SentRequest): string {
  const parts = [`curl -sS -X ${req.method} ${shellQuote(req.url)}`];
  for (const [k, v] of Object.entries(req.headers)) {
    if (CREDENTIAL_HEADERS.has(k)) continue;
    parts.push(`-H ${shellQuote(`${k}: ${v}`)}`);
  }
  if ('x-auth-token' in req.headers) parts.push(`-H "X-Auth-Token: $HWC_AUTH_TOKEN"`);
  if (req.body !== undefined) parts.push(`--data-raw ${shellQuote(req.body)}`);
  return parts.join(' ');
}

/** The command that re-sends one case of a report to the target the run used (`args`: `--config FILE`, `--target URL`, …). */
export function replayCommand(reportDir: string, caseId: string, args: readonly string[] = []): string {
  return [`npx conform replay ${shellQuote(`${reportDir}/conformance.json`)} --case ${shellQuote(caseId)}`, ...args.map(shellQuote)].join(' ');
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
