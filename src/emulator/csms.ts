/**
 * CSMS: RotateSecret (003_233e8622fff67305.txt) and ShowSecret (004_99938a42c99dfbac.txt).
 * The two pages document different error shapes: RotateSecret nests {"error":{"error_code",
 * "error_msg"}}, ShowSecret is flat {"error_code","error_msg"}; each operation answers its own.
 * Times are integer epoch milliseconds, as in ShowSecret's example (its table says seconds).
 */
import { nextSerial, type SecretRecord } from './fixtures.ts';
import { fail, HANG, ok, type Operation, type Reply, type ServiceCodes } from './operation.ts';

const CODES: ServiceCodes = {
  badRequest: 'CSMS.0001',
  unauthorized: 'CSMS.0002',
  notFound: 'CSMS.0005',
  internal: 'CSMS.0500',
};
const NOT_ROTATABLE = 'CSMS.0106';

export const rotateSecret: Operation = {
  name: 'RotateSecret',
  service: 'csms',
  method: 'POST',
  pattern: ['v1', null, 'secrets', null, 'rotate'],
  codes: CODES,
  errorBody(code, message) {
    return { error: { error_code: code, error_msg: message } };
  },
  // The document has no request body ("请求示例 无"); whatever is sent is ignored.
  run({ state, fault, params, now }): Reply {
    const secret = findSecret(state.projectId, state.secrets, params);
    if (!secret) return fail(404, CODES.notFound, 'the secret does not exist');
    // "RotateSecret接口不支持轮转通用凭据"
    const refuseCommon = fault === 'rotate-common-once' ? state.commonRefusals++ === 0 : fault !== 'rotate-common-allowed';
    // the fault: the bookkeeping of a rotation happens before the COMMON check
    if (fault === 'rotate-common-touches') secret.updateMs = Math.max(now, secret.updateMs + 1);
    if (secret.type === 'COMMON' && refuseCommon) {
      return fail(400, NOT_ROTATABLE, 'RotateSecret does not rotate COMMON secrets');
    }
    if (fault !== 'rotate-same-version') {
      // One synchronous step: concurrent rotations get contiguous, unique versions.
      secret.version += 1;
      secret.value = `Rotated${nextSerial(state, 'secret-value')}`;
      secret.rotationMs = Math.max(now, secret.rotationMs ?? 0);
      secret.updateMs = Math.max(now, secret.updateMs);
    }
    const version = fault === 'rotate-version-cycles' ? ((secret.version - 1) % 3) + 1 : secret.version;
    return ok(200, { version_id: `v${version}`, secret_name: secret.name });
  },
};

export const showSecret: Operation = {
  name: 'ShowSecret',
  service: 'csms',
  method: 'GET',
  pattern: ['v1', null, 'secrets', null],
  codes: CODES,
  errorBody(code, message) {
    return { error_code: code, error_msg: message };
  },
  run({ state, fault, params }): Reply {
    const secret = findSecret(state.projectId, state.secrets, params);
    if (fault === 'show-secret-long-name-500' && [...(params[1] ?? '')].length > 255) return fail(500, CODES.internal, 'internal error');
    if (!secret) return fail(404, CODES.notFound, 'the secret does not exist');
    if (fault === 'hang') return HANG;
    const view = secretView(secret, fault === 'show-secret-iso-times');
    if (fault === 'show-secret-bad-state') view.state = secret.state.toLowerCase();
    if (fault === 'show-secret-leaks-value') view.secret_string = secret.value;
    if (fault === 'show-secret-delete-time-zero') view.scheduled_delete_time = 0;
    return ok(200, { secret: view });
  },
};

function findSecret(
  projectId: string,
  secrets: ReadonlyMap<string, SecretRecord>,
  [project, name]: readonly string[],
): SecretRecord | undefined {
  return project === projectId ? secrets.get(name) : undefined;
}

/** Metadata only: "此接口返回的信息为凭据的元数据信息，不包含凭据值". */
function secretView(s: SecretRecord, iso: boolean): Record<string, unknown> {
  const time = iso ? (ms: number) => new Date(ms).toISOString() : (ms: number) => ms;
  const view: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    state: s.state,
    kms_key_id: s.kmsKeyId,
    description: s.description,
    create_time: time(s.createMs),
    update_time: time(s.updateMs),
    // "凭据不在删除计划中时，本项值为null"
    scheduled_delete_time: null,
    secret_type: s.type,
    auto_rotation: s.autoRotation,
    enterprise_project_id: '0',
    event_subscriptions: [],
  };
  // Rotation fields only mean something for a rotatable secret; a COMMON one leaves them out.
  if (s.rotationPeriod !== undefined) view.rotation_period = s.rotationPeriod;
  if (s.rotationConfig !== undefined) view.rotation_config = s.rotationConfig;
  if (s.rotationMs !== undefined) {
    view.rotation_time = time(s.rotationMs);
    if (s.rotationPeriodMs !== undefined) view.next_rotation_time = time(s.rotationMs + s.rotationPeriodMs);
  }
  return view;
}
