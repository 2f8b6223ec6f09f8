/**
 * Turns failures and transport errors into report records: redacted request and response,
 * the replay command and curl line. Nothing leaves the engine unredacted.
 */
import type { Failure } from '../checks/types.ts';
import type { Exchange, SentRequest, TransportError } from '../execute/types.ts';
import { createRedactor } from '../redact/index.ts';
import { curlLine, replayCommand } from './replay.ts';
import type { ErrorRecord, FailureRecord, RedactedRequest } from './types.ts';

export type Redactor = ReturnType<typeof createRedactor>;

const MAX_BODY = 4096;

function redactRequest(redactor: Redactor, req: SentRequest): RedactedRequest {
  return {
    method: req.method,
    url: redactor.text(req.url),
    headers: redactor.headers(req.headers),
    ...(req.body === undefined ? {} : { body: clip(redactor.text(req.body)) }),
  };
}

export function failureRecord(
  f: Failure,
  exchange: Exchange,
  ctx: {
    redactor: Redactor;
    secrets: readonly string[];
    seed: number;
    reportDir: string;
    /** `--config FILE`, `--target URL`, … as the run was given them (never a secret) */
    replayArgs?: readonly string[];
    known?: { reason: string; expires: string };
    sentSecrets?: readonly string[];
  },
): FailureRecord {
  // Values the case itself sent as secrets (app_secret) are redacted too; short ones stay, since
  // redacting a 3-character value would shred ordinary text.
  const extra = (ctx.sentSecrets ?? []).filter((s) => s.length >= 4);
  const redactor = extra.length > 0 ? createRedactor([...ctx.secrets, ...extra]) : ctx.redactor;
  const request = redactRequest(redactor, exchange.request);
  return {
    check: f.check,
    operationId: f.operationId,
    caseId: f.caseId,
    message: redactor.text(f.message),
    rule: f.rule,
    source: f.source,
    received: redactor.text(f.received),
    documented: redactor.text(f.documented),
    case: redactor.value(exchange.case) as FailureRecord['case'],
    request,
    response: {
      status: exchange.response.status,
      headers: redactor.headers(exchange.response.headers),
      body: clip(redactor.text(exchange.response.text)),
    },
    replay: {
      seed: ctx.seed,
      caseId: f.caseId,
      command: replayCommand(ctx.reportDir, f.caseId, ctx.replayArgs ?? []),
      curl: curlLine({ ...exchange.request, url: request.url, ...(request.body === undefined ? {} : { body: request.body }) }),
    },
    ...(ctx.known ? { known: ctx.known } : {}),
  };
}

export function errorRecord(redactor: Redactor, e: TransportError): ErrorRecord {
  return {
    operationId: e.case.operationId,
    caseId: e.case.id,
    code: e.code,
    message: redactor.text(e.message),
    request: redactRequest(redactor, e.request),
  };
}

function clip(s: string): string {
  return s.length > MAX_BODY ? `${s.slice(0, MAX_BODY)}… (${s.length - MAX_BODY} more characters)` : s;
}
