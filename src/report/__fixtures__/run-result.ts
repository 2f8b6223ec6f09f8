/**
 * A RunResult with every kind of verdict, for reporter tests. `leak` plants a value in every
 * free-text place (bodies, headers, messages, URLs, case bodies) to test defence in depth.
 */
import type { Case } from '../../cases/types.ts';
import type { FailureRecord, RunResult } from '../../run/types.ts';

const src = (doc: string, table: string, quote?: string) => ({ doc, table, ...(quote ? { quote } : {}) });

export function sampleRun(options: { leak?: string } = {}): RunResult {
  const leak = options.leak ?? 'no-leak';
  const base = 'http://127.0.0.1:4010';
  const long = 'x'.repeat(5000);

  const tooLong: Case = {
    id: 'CreateApp.boundary.3',
    operationId: 'CreateApp',
    expect: 'reject',
    origin: 'boundary',
    body: { kind: 'json', value: { name: 'a'.repeat(65), remark: `pipe | and <b>tag</b> ${leak}` } },
    violation: {
      constraint: 'maxLength',
      field: 'name',
      rule: 'name: 3–64 characters',
      detail: 'sent a 65-character name',
      source: src('001_91e26b5751280585.txt', '表 3', '3 ~ 64个字符'),
    },
    note: 'name of 65 characters',
  };

  const chinese: Case = {
    id: 'CreateApp.random.17',
    operationId: 'CreateApp',
    expect: 'accept',
    origin: 'random',
    body: { kind: 'json', value: { name: '应用_app', remark: `备注 ${JSON.stringify(leak)}` } },
    note: 'name of 6 characters, Chinese and Latin',
    replay: { seed: 42, path: '17:0', index: 17 },
  };

  const failure = (c: Case, extra: Partial<FailureRecord>): FailureRecord => ({
    check: 'status-code',
    operationId: 'CreateApp',
    caseId: c.id,
    message: 'the target accepted a request the documents reject',
    rule: 'name: 3–64 characters',
    source: src('001_91e26b5751280585.txt', '表 3'),
    received: '201 Created',
    documented: '400 (表 5)',
    case: c,
    request: {
      method: 'POST',
      url: `${base}/v2/9f2c0d4e5a6b4c1d8e7f0a1b2c3d4e5f/apigw/instances/inst-1/apps?token=${encodeURIComponent(leak)}`,
      headers: { 'content-type': 'application/json', 'x-auth-token': leak, 'x-trace': `t ${leak}` },
      body: JSON.stringify(c.body.kind === 'json' ? c.body.value : null),
    },
    response: {
      status: 201,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
      body: JSON.stringify({ id: 'app-1', name: 'a'.repeat(65), app_secret: leak, blob: Buffer.from(`k=${leak}`).toString('base64') }),
    },
    replay: {
      seed: 42,
      caseId: c.id,
      command: `conform replay reports/conformance.json --case ${c.id} --target ${base}`,
      curl: `curl -X POST '${base}/v2/.../apps' -H 'X-Auth-Token: $HWC_AUTH_TOKEN' -H 'Content-Type: application/json' --data '{"name":"${'a'.repeat(65)}"}'`,
    },
    ...extra,
  });

  const failures: FailureRecord[] = [
    failure(tooLong, { message: `the target accepted a 65-character name (${leak})` }),
    failure(chinese, {
      check: 'schema',
      caseId: chinese.id,
      message: 'response body does not match the documented schema',
      rule: 'response 201: app_key is a string',
      received: '/app_key: must be string (got 123)',
      documented: 'app_key: String (表 6)',
      source: src('001_91e26b5751280585.txt', '表 6'),
      response: { status: 201, headers: { 'content-type': 'application/json' }, body: `{"app_key":123,"long":"${long}"}` },
    }),
    failure(chinese, {
      check: 'masking',
      message: 'app_secret is not masked',
      rule: 'app_secret is shown as ******',
      received: 'app_secret: "abc…"',
      documented: '******',
      source: src('001_91e26b5751280585.txt', '表 6', '以******显示'),
      known: { reason: 'APIG-1234: the emulator shows secrets in full', expires: '2099-12-31' },
    }),
  ];

  return {
    tool: { name: 'hwcloud-conformance', version: '0.1.0' },
    startedAt: '2025-03-01T10:00:00.000Z',
    finishedAt: '2025-03-01T10:00:12.345Z',
    durationMs: 12345,
    target: { apig: base, elb: base, csms: base },
    embedded: true,
    seed: 42,
    settings: { cases: 100, concurrency: 8, timeoutMs: 10000 },
    operations: [
      {
        operationId: 'CreateApp',
        service: 'apig',
        method: 'POST',
        path: '/v2/{project_id}/apigw/instances/{instance_id}/apps',
        cases: 120,
        requests: 120,
        transportErrors: 0,
        authRefused: 0,
        checks: [
          { check: 'status-code', title: 'Documented status code', verdict: 'failed', judged: 120, failures: 1, errors: 0 },
          { check: 'schema', title: 'Response matches the schema', verdict: 'failed', judged: 118, failures: 1, errors: 0 },
          { check: 'masking', title: 'Secrets are masked', verdict: 'known', judged: 40, failures: 1, errors: 0 },
          { check: 'content-type', title: 'JSON content type', verdict: 'skipped', judged: 0, failures: 0, errors: 0, reason: 'disabled in conform.yaml' },
        ],
      },
      {
        operationId: 'ResetAppSecret',
        service: 'apig',
        method: 'PUT',
        path: '/v2/{project_id}/apigw/instances/{instance_id}/apps/secret/{app_id}',
        cases: 0,
        requests: 0,
        transportErrors: 0,
        authRefused: 0,
        skipped: 'mutating operation on a live target; pass --allow-mutations',
        checks: [
          { check: 'status-code', title: 'Documented status code', verdict: 'skipped', judged: 0, failures: 0, errors: 0, reason: 'mutation not allowed' },
        ],
      },
      {
        operationId: 'ShowSecret',
        service: 'csms',
        method: 'GET',
        path: '/v1/{project_id}/secrets/{secret_name}',
        cases: 30,
        requests: 28,
        transportErrors: 2,
        authRefused: 0,
        checks: [
          { check: 'status-code', title: 'Documented status code', verdict: 'passed', judged: 28, failures: 0, errors: 2 },
          { check: 'metadata-only', title: 'Metadata only', verdict: 'errored', judged: 27, failures: 0, errors: 2 },
        ],
      },
    ],
    completion: { complete: true, casesRun: 150, casesPlanned: 150 },
    failures,
    failureCount: 3,
    errors: [
      {
        operationId: 'ShowSecret',
        caseId: 'ShowSecret.random.4',
        code: 'check-threw',
        check: 'metadata-only',
        message: `TypeError: cannot read 'x' of undefined near ${leak}`,
      },
      {
        operationId: 'ShowSecret',
        caseId: 'ShowSecret.random.9',
        code: 'timeout',
        message: 'no response within 10000 ms',
        request: { method: 'GET', url: `${base}/v1/p/secrets/s1`, headers: { 'x-auth-token': leak } },
      },
      { operationId: 'ShowSecret', caseId: 'ShowSecret.random.11', code: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:4010' },
    ],
    errorCount: 3,
    createdResources: [
      { operationId: 'CreateApp', id: 'app-1', name: `conform-${leak}`, state: 'deleted', note: 'deleted by DeleteApp' },
      { operationId: 'CreateDedicatedApp', id: 'app-2', name: 'conform_t_0', state: 'left', throwaway: 'apig.appId', note: 'DeleteDedicatedApp answered 500 APIG.9999' },
    ],
    cleanup: { requests: 2, retries: 0, unanswered: 1, untracked: 0 },
    summary: {
      requests: 148,
      retries: 0,
      checksPassed: 1,
      checksFailed: 2,
      checksKnown: 1,
      checksNotApplicable: 0,
      checksNotExercised: 0,
      checksSkipped: 2,
      checksErrored: 1,
      outcome: 'deviates',
    },
  };
}

/** A run where everything passed. */
export function cleanRun(): RunResult {
  const r = sampleRun();
  return {
    ...r,
    operations: [{ ...r.operations[2], checks: [r.operations[2].checks[0]] }],
    failures: [],
    failureCount: 0,
    errors: [],
    errorCount: 0,
    createdResources: [],
    summary: { requests: 28, retries: 0, checksPassed: 1, checksFailed: 0, checksKnown: 0, checksNotApplicable: 0, checksNotExercised: 0, checksSkipped: 0, checksErrored: 0, outcome: 'conforms' },
  };
}
