/**
 * CSMS: RotateSecret (003_233e8622fff67305.txt) and ShowSecret (004_99938a42c99dfbac.txt); the
 * supporting CreateSecret, ShowSecretStage, ListSecretVersions, DeleteSecret (seeds/extra/),
 * whose pages document the flat error shape.
 * The two pages document different error shapes: RotateSecret nests {"error":{"error_code",
 * "error_msg"}}, ShowSecret is flat {"error_code","error_msg"}; each operation answers its own.
 * Times are integer epoch milliseconds, as in ShowSecret's example (its table says seconds).
 */
import { hexId, nextSerial, uuidId, type EmulatorState, type SecretRecord } from './fixtures.ts';
import { field, parseJsonObject } from './json-body.ts';
import { fail, HANG, ok, type Operation, type Refusal, type Reply, type ServiceCodes } from './operation.ts';

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
      secret.versions.push({ id: `v${secret.version}`, createMs: now });
      // "同时将新创建的凭据版本标记为SYSCURRENT状态"
      if (fault !== 'rotate-keeps-syscurrent') {
        secret.sysprevious = secret.syscurrent;
        secret.syscurrent = `v${secret.version}`;
        secret.stageMs = now;
      }
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

function flatError(code: string, message: string): unknown {
  return { error_code: code, error_msg: message };
}

const SECRET_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const ROTATION_PERIOD = /^([0-9]+)([dhms])$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { d: 86_400, h: 3_600, m: 60, s: 1 };
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');
/** The seconds of an `Integer[d|h|m|s]` rotation period; NaN when it is not one. */
function periodSeconds(period: string): number {
  const m = ROTATION_PERIOD.exec(period);
  return m ? Number(m[1]) * UNIT_SECONDS[m[2]!]! : NaN;
}
/** "最大32K" */
const MAX_VALUE_BYTES = 32 * 1024;
/** "base64编码的二进制数据对象": RFC 4648 §4, standard alphabet, `=` padding (java.util.Base64's strict decoder) */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Validates a CreateSecret body; the message of the first broken rule, or the fields. */
function createFields(body: Readonly<Record<string, unknown>>): string | Record<string, unknown> {
  const text = (key: string) => {
    const v = field(body, key);
    return v === undefined || typeof v === 'string' ? v : null;
  };
  const out: Record<string, unknown> = {};
  for (const key of ['name', 'kms_key_id', 'description', 'secret_string', 'secret_binary', 'secret_type', 'rotation_period', 'rotation_config', 'enterprise_project_id']) {
    const v = text(key);
    if (v === null) return `${key} must be a string`;
    out[key] = v;
  }
  const name = out.name as string | undefined;
  if (name === undefined) return 'name is required';
  if (!SECRET_NAME.test(name)) return 'name: 1 to 64 characters matching ^[a-zA-Z0-9_-]{1,64}$';
  if (typeof out.description === 'string' && byteLength(out.description) > 2048) return 'description: at most 2048 bytes';
  const values = ['secret_string', 'secret_binary'].filter((k) => out[k] !== undefined);
  // "secret_binary和secret_string必须且只能设置一个，最大32K"
  if (values.length !== 1) return 'exactly one of secret_string and secret_binary must be set';
  // secret_binary is "base64编码的二进制数据对象": refused unless base64; its text is stored as sent (see README.md)
  if (typeof out.secret_binary === 'string' && !BASE64.test(out.secret_binary)) return 'secret_binary: base64 (standard alphabet, = padding)';
  if (byteLength(out[values[0]!] as string) > MAX_VALUE_BYTES) return `${values[0]}: at most 32K`;
  const type = out.secret_type ?? 'COMMON';
  if (type !== 'COMMON' && type !== 'RDS') return 'secret_type: COMMON or RDS';
  const rotation = field(body, 'auto_rotation');
  if (rotation !== undefined && typeof rotation !== 'boolean') return 'auto_rotation must be a boolean';
  const period = out.rotation_period as string | undefined;
  if (period !== undefined) {
    const seconds = periodSeconds(period);
    if (!(seconds >= 6 * 3600 && seconds <= 8760 * 3600)) return 'rotation_period: 6 hours to 8,760 hours, as Integer[d|h|m|s]';
  }
  if (rotation === true && period === undefined) return 'rotation_period is required when auto_rotation is true';
  if (typeof out.rotation_config === 'string' && out.rotation_config.length > 1024) return 'rotation_config: at most 1024 characters';
  if (type === 'RDS' && out.rotation_config === undefined) return 'rotation_config is required for an RDS secret';
  const events = field(body, 'event_subscriptions');
  if (events !== undefined && (!Array.isArray(events) || events.length > 1 || events.some((e) => typeof e !== 'string'))) {
    return 'event_subscriptions: at most one event name';
  }
  return { ...out, secret_type: type, auto_rotation: rotation ?? false, event_subscriptions: events };
}

export const createSecret: Operation = {
  name: 'CreateSecret',
  service: 'csms',
  method: 'POST',
  pattern: ['v1', null, 'secrets'],
  codes: CODES,
  errorBody: flatError,
  run({ state, params, body: raw, now }): Reply {
    if (params[0] !== state.projectId) return fail(404, CODES.notFound, 'the project does not exist');
    const parsed = parseJsonObject(raw, false);
    if (!parsed.ok) return fail(400, CODES.badRequest, parsed.message);
    const f = createFields(parsed.value);
    if (typeof f === 'string') return fail(400, CODES.badRequest, f);
    const name = f.name as string;
    if (state.secrets.has(name)) return fail(400, CODES.badRequest, `a secret named ${name} exists`);
    const serial = nextSerial(state, 'secret');
    const period = f.rotation_period as string | undefined;
    const secret: SecretRecord = {
      id: uuidId(state.seed, `secret:${serial}`),
      name,
      type: f.secret_type as SecretRecord['type'],
      state: 'ENABLED',
      kmsKeyId: (f.kms_key_id as string | undefined) ?? hexId(state.seed, 'kms-key'),
      description: (f.description as string | undefined) ?? '',
      createMs: now,
      updateMs: now,
      autoRotation: f.auto_rotation as boolean,
      ...(period !== undefined ? { rotationPeriod: period, rotationPeriodMs: periodSeconds(period) * 1000 } : {}),
      ...(f.rotation_config !== undefined ? { rotationConfig: f.rotation_config as string } : {}),
      version: 1,
      value: (f.secret_string ?? f.secret_binary) as string,
      // "初始版本的状态被标记为SYSCURRENT"
      versions: [{ id: 'v1', createMs: now }],
      syscurrent: 'v1',
      stageMs: now,
    };
    state.secrets.set(name, secret);
    return ok(200, { secret: secretView(secret, false) });
  },
};


function secretAt(state: EmulatorState, params: readonly string[]): SecretRecord | Refusal {
  return findSecret(state.projectId, state.secrets, params) ?? fail(404, CODES.notFound, 'the secret does not exist');
}

export const showSecretStage: Operation = {
  name: 'ShowSecretStage',
  service: 'csms',
  method: 'GET',
  pattern: ['v1', null, 'secrets', null, 'stages', null],
  codes: CODES,
  errorBody: flatError,
  run({ state, params }): Reply {
    const secret = secretAt(state, params);
    if ('error' in secret) return secret;
    const stage = params[2];
    const version = stage === 'SYSCURRENT' ? secret.syscurrent : stage === 'SYSPREVIOUS' ? secret.sysprevious : undefined;
    if (version === undefined) return fail(404, CODES.notFound, `the secret has no version marked ${stage}`);
    return ok(200, { stage: { name: stage, version_id: version, update_time: secret.stageMs, secret_name: secret.name } });
  },
};

const DEFAULT_LIMIT = 50;

export const listSecretVersions: Operation = {
  name: 'ListSecretVersions',
  service: 'csms',
  method: 'GET',
  pattern: ['v1', null, 'secrets', null, 'versions'],
  codes: CODES,
  errorBody: flatError,
  run({ state, fault, params, query }): Reply {
    const secret = secretAt(state, params);
    if ('error' in secret) return secret;
    const q = new URLSearchParams(query);
    const limitText = q.get('limit');
    const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1) return fail(400, CODES.badRequest, 'limit must be a positive integer');
    // newest first: a fresh version is on the first page
    const all = [...secret.versions].reverse();
    const marker = q.get('marker');
    const start = marker === null ? 0 : all.findIndex((v) => v.id === marker) + 1;
    if (marker !== null && start === 0) return fail(400, CODES.badRequest, `unknown marker ${marker}`);
    const page = all.slice(start, start + limit);
    const stages = (id: string): string[] => {
      if (id === secret.syscurrent) return ['SYSCURRENT'];
      // the label is not taken off the previous version
      if (fault === 'rotate-syscurrent-twice' && id === secret.sysprevious) return ['SYSCURRENT', 'SYSPREVIOUS'];
      return id === secret.sysprevious ? ['SYSPREVIOUS'] : [];
    };
    return ok(200, {
      version_metadatas: page.map((v) => ({
        id: v.id,
        create_time: v.createMs,
        kms_key_id: secret.kmsKeyId,
        secret_name: secret.name,
        version_stages: stages(v.id),
      })),
      page_info: {
        next_marker: start + limit < all.length ? page[page.length - 1]!.id : null,
        previous_marker: page[0]?.id ?? null,
        current_count: page.length,
      },
    });
  },
};

export const deleteSecret: Operation = {
  name: 'DeleteSecret',
  service: 'csms',
  method: 'DELETE',
  pattern: ['v1', null, 'secrets', null],
  codes: CODES,
  errorBody: flatError,
  run({ state, params }): Reply {
    const secret = secretAt(state, params);
    if ('error' in secret) return secret;
    state.secrets.delete(secret.name);
    // 200 "请求已成功", 响应示例 "无"
    return ok(200, undefined);
  },
};
