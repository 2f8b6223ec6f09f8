/**
 * APIG: CreateApp (shared gateway, 001_91e26b5751280585.txt) and ResetAppSecret (dedicated
 * gateway, 000_27988a3245157b16.txt); the supporting ViewApp and DeleteApp (shared gateway) and
 * CreateDedicatedApp, ViewDedicatedApp, DeleteDedicatedApp (dedicated gateway, seeds/extra/).
 * Errors are flat {"error_code":"APIG.xxxx","error_msg"}.
 */
import { formatUuid, nextSerial, type AppRecord, type EmulatorState } from './fixtures.ts';
import type { FaultName, OperationName } from './faults.ts';
import { charLength, field, parseJsonObject } from './json-body.ts';
import { fail, ok, type Operation, type Refusal, type Reply, type ServiceCodes } from './operation.ts';

const CODES: ServiceCodes = {
  badRequest: 'APIG.2012',
  unauthorized: 'APIG.1002',
  notFound: 'APIG.3004',
  internal: 'APIG.9999',
};
const MISSING_PARAMETER = 'APIG.2001';
const INSTANCE_NOT_FOUND = 'APIG.3030';
// APIG's error code table (huaweicloudDocs/apig, API参考/APIG错误码.md): "APIG.3103 The number of
// apps exceeds the maximum allowed limit. 应用数量超过限额"; see README.md, "APIG quota".
const APP_QUOTA = 'APIG.3103';

/** "******": how every response example shows app_secret. */
export const MASK = '******';

// "汉字" is read as U+4E00–U+9FA5, the range every reading agrees is Chinese; all allowed
// characters are in the BMP, so a UTF-16 regex sees one unit per character.
const HAN = '\\u4E00-\\u9FA5';
const NAME_CHARS = new RegExp(`^[A-Za-z0-9_${HAN}]*$`);
const NAME_FIRST = new RegExp(`^[A-Za-z${HAN}]`);
const APP_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;
const APP_SECRET = /^[A-Za-z0-9][A-Za-z0-9_!@#$%-]{7,63}$/;
const HAS_HAN = new RegExp(`[${HAN}]`);

const NAME_RULE = "name: 3 ~ 64 characters; Chinese characters, letters, digits and '_'; starting with a letter or a Chinese character";
const REMARK_RULE = 'remark: at most 255 characters';
const APP_KEY_RULE = "app_key: 8 ~ 64 characters; letters, digits, '_' and '-'; starting with a letter or a digit";
const APP_SECRET_RULE = "app_secret: 8 ~ 64 characters; letters, digits and _ - ! @ # $ %; starting with a letter or a digit";

function errorBody(code: string, message: string): unknown {
  return { error_code: code, error_msg: message };
}

export const createApp: Operation = {
  name: 'CreateApp',
  service: 'apig',
  method: 'POST',
  pattern: ['v1.0', 'apigw', 'apps'],
  codes: CODES,
  errorBody,
  run({ state, fault, body: raw, now }): Reply {
    const made = makeApp(state, fault, raw, now, 'shared');
    if ('error' in made) return made;
    const { app, request } = made;

    const view: Record<string, unknown> = {
      ...appView(app, fault === 'create-app-unmasked-secret', fault === 'create-app-bad-time-format'),
      app_type: 'apig',
    };
    // answers the remark sent, stores none
    if (fault === 'create-app-remark-not-stored') app.remark = '';
    if (fault === 'create-app-missing-id') delete view.id;
    if (fault === 'create-app-status-string') view.status = String(app.status);
    if (fault === 'create-app-echo-secret') view.request = request;
    if (fault === 'create-app-secret-in-trace') view.trace = Buffer.from(JSON.stringify(request)).toString('base64');
    if (fault === 'create-app-last-secret') {
      if (state.lastAppSecret !== undefined) view.last_app_secret = state.lastAppSecret;
      if (typeof request.app_secret === 'string') state.lastAppSecret = request.app_secret;
    }
    return ok(fault === 'create-app-wrong-status' ? 200 : 201, view);
  },
};

type Made = { readonly app: AppRecord; readonly request: Record<string, unknown> };

/** Validates a create body (the same table on both gateways) and stores the app; a 400 otherwise. */
function makeApp(state: EmulatorState, fault: FaultName | undefined, raw: Uint8Array | null, now: number, gateway: AppRecord['gateway']): Made | Refusal {
  const parsed = parseJsonObject(raw, false);
  if (!parsed.ok) return fail(400, CODES.badRequest, parsed.message);
  const body = parsed.value;
  const refuse = (code: string, message: string) => fail(400, code, message);

  const name = field(body, 'name');
  if (name === undefined) return refuse(MISSING_PARAMETER, 'the request parameters must be specified, parameterName:name');
  if (typeof name !== 'string') return refuse(CODES.badRequest, 'name must be a string');
  if (!nameIsValid(name, fault)) return refuse(CODES.badRequest, `invalid parameter value, ${NAME_RULE}`);

  const remark = field(body, 'remark');
  if (remark !== undefined) {
    if (typeof remark !== 'string') return refuse(CODES.badRequest, 'remark must be a string');
    if (fault !== 'create-app-skip-remark-length' && charLength(remark) > 255) {
      return refuse(CODES.badRequest, `invalid parameter value, ${REMARK_RULE}`);
    }
  }
  const appKey = field(body, 'app_key');
  if (appKey !== undefined) {
    if (typeof appKey !== 'string') return refuse(CODES.badRequest, 'app_key must be a string');
    if (fault !== 'create-app-skip-app-key-rule' && !APP_KEY.test(appKey)) {
      return refuse(CODES.badRequest, `invalid parameter value, ${APP_KEY_RULE}`);
    }
    if (fault === 'create-app-key-max-refused' && appKey.length === 64) return refuse(CODES.badRequest, 'app_key is too long');
  }
  const appSecret = field(body, 'app_secret');
  if (appSecret !== undefined) {
    const leak = fault === 'create-app-echo-secret' ? ` (received '${String(appSecret)}')` : '';
    if (typeof appSecret !== 'string') return refuse(CODES.badRequest, `app_secret must be a string${leak}`);
    if (!APP_SECRET.test(appSecret)) return refuse(CODES.badRequest, `invalid parameter value, ${APP_SECRET_RULE}${leak}`);
  }

  if (fault === 'create-app-chinese-name-500' && HAS_HAN.test(name)) {
    return fail(500, CODES.internal, 'system error');
  }
  if (state.createdApps >= state.appQuota) {
    return refuse(APP_QUOTA, `The number of apps exceeds the maximum allowed limit (quota: ${state.appQuota} apps)`);
  }
  state.createdApps += 1;
  const serial = nextSerial(state, 'app');
  const app: AppRecord = {
    id: formatUuid(serial),
    name: fault === 'create-app-name-latin1' && HAS_HAN.test(name) ? Buffer.from(name, 'utf8').toString('latin1') : name,
    remark: fault === 'create-app-remark-cut' && remark !== undefined ? [...remark].slice(0, 100).join('') : (remark ?? ''),
    appKey: appKey ?? formatUuid(nextSerial(state, 'app-key')),
    appSecret: appSecret ?? nextSerial(state, 'app-secret'),
    creator: 'USER',
    status: 1,
    gateway,
    registerMs: now,
    updateMs: now,
  };
  state.apps.set(app.id, app);
  return { app, request: { name, remark, app_key: appKey, app_secret: appSecret } };
}

export const resetAppSecret: Operation = {
  name: 'ResetAppSecret',
  service: 'apig',
  method: 'PUT',
  pattern: ['v1', null, 'apigw', 'instances', null, 'apps', 'secret', null],
  codes: CODES,
  errorBody,
  run({ state, fault, params, body: raw, now }): Reply {
    const [projectId, instanceId, appId] = params;
    if (projectId !== state.projectId) return fail(404, CODES.notFound, 'the project does not exist');
    if (instanceId !== state.apigInstanceId && fault !== 'reset-secret-any-instance') return fail(404, INSTANCE_NOT_FOUND, 'the instance does not exist');
    const app = state.apps.get(appId);
    if (!app) return fail(404, CODES.notFound, 'the APP does not exist');

    // "app_secret 否": the body may be absent, empty or {}.
    const parsed = parseJsonObject(raw, true);
    if (!parsed.ok) return fail(400, CODES.badRequest, parsed.message);
    const appSecret = field(parsed.value, 'app_secret');
    if (appSecret !== undefined) {
      if (typeof appSecret !== 'string') return fail(400, CODES.badRequest, 'app_secret must be a string');
      if (fault !== 'reset-secret-skip-validation' && !APP_SECRET.test(appSecret)) {
        return fail(400, CODES.badRequest, `invalid parameter value, ${APP_SECRET_RULE}`);
      }
    }
    if (fault === 'reset-secret-server-error') return fail(500, CODES.internal, 'system error');

    app.appSecret = appSecret ?? nextSerial(state, 'app-secret');
    const before = app.updateMs;
    // Strictly later than before, even for resets within one millisecond.
    if (fault !== 'reset-secret-no-advance') app.updateMs = Math.max(now, app.updateMs + 1);
    if (fault === 'reset-secret-new-app-key') app.appKey = formatUuid(nextSerial(state, 'app-key'));
    if (fault === 'reset-secret-register-time') app.registerMs = app.updateMs;
    const view = appView(app, fault === 'reset-secret-unmasked', false);
    if (fault === 'reset-secret-clock-skew' && ++state.resets % 3 === 0) view.update_time = new Date(app.updateMs - 3_600_000).toISOString();
    // answers the new update_time, keeps the old one
    if (fault === 'reset-secret-time-not-stored') app.updateMs = before;
    if (fault === 'reset-secret-partial-mask' && typeof appSecret === 'string') {
      return ok(200, view, { 'x-app-secret-hint': `${appSecret.slice(0, 3)}******${appSecret.slice(-3)}` });
    }
    return ok(200, view);
  },
};

/** The app a path names on one gateway: the dedicated one checks project and instance first. */
function findApp(state: EmulatorState, gateway: AppRecord['gateway'], [first, second, third]: readonly string[]): AppRecord | Refusal {
  const id = gateway === 'shared' ? first : third;
  if (gateway === 'dedicated') {
    if (first !== state.projectId) return fail(404, CODES.notFound, 'the project does not exist');
    if (second !== state.apigInstanceId) return fail(404, INSTANCE_NOT_FOUND, 'the instance does not exist');
  }
  const app = state.apps.get(id ?? '');
  if (!app || app.gateway !== gateway) return fail(404, CODES.notFound, 'the APP does not exist');
  return app;
}

/** An operation on one app a path names on one gateway: finds the app, then `act` answers. */
function appOperation(
  name: OperationName,
  method: 'GET' | 'DELETE',
  gateway: AppRecord['gateway'],
  pattern: readonly (string | null)[],
  act: (state: EmulatorState, app: AppRecord) => Reply,
): Operation {
  return {
    name,
    service: 'apig',
    method,
    pattern,
    codes: CODES,
    errorBody,
    run({ state, params }): Reply {
      const app = findApp(state, gateway, params);
      if ('error' in app) return app;
      return act(state, app);
    },
  };
}

/** ViewApp, ViewDedicatedApp */
function answerView(_state: EmulatorState, app: AppRecord): Reply {
  return ok(200, { ...appView(app, false, false), app_type: 'apig' });
}

/** DeleteApp, DeleteDedicatedApp */
function answerDelete(state: EmulatorState, app: AppRecord): Reply {
  // "云市场自动创建的APP无法被删除"
  if (app.creator === 'MARKET') return fail(409, CODES.badRequest, 'an APP the marketplace created cannot be deleted');
  state.apps.delete(app.id);
  return ok(204, undefined);
}

const SHARED_APP = ['v1.0', 'apigw', 'apps', null];
const DEDICATED_APPS = ['v1', null, 'apigw', 'instances', null, 'apps'];

export const viewApp = appOperation('ViewApp', 'GET', 'shared', SHARED_APP, answerView);
export const deleteApp = appOperation('DeleteApp', 'DELETE', 'shared', SHARED_APP, answerDelete);
export const viewDedicatedApp = appOperation('ViewDedicatedApp', 'GET', 'dedicated', [...DEDICATED_APPS, null], answerView);
export const deleteDedicatedApp = appOperation('DeleteDedicatedApp', 'DELETE', 'dedicated', [...DEDICATED_APPS, null], answerDelete);

/** The same create table as CreateApp, on an instance of the dedicated gateway. */
export const createDedicatedApp: Operation = {
  name: 'CreateDedicatedApp',
  service: 'apig',
  method: 'POST',
  pattern: DEDICATED_APPS,
  codes: CODES,
  errorBody,
  run({ state, params, body, now }): Reply {
    const [projectId, instanceId] = params;
    if (projectId !== state.projectId) return fail(400, CODES.badRequest, 'the project does not exist');
    if (instanceId !== state.apigInstanceId) return fail(400, INSTANCE_NOT_FOUND, 'the instance does not exist');
    const made = makeApp(state, undefined, body, now, 'dedicated');
    if ('error' in made) return made;
    return ok(201, { ...appView(made.app, false, false), app_type: 'apig' });
  },
};

function nameIsValid(name: string, fault: FaultName | undefined): boolean {
  if (fault !== 'create-app-skip-name-length') {
    const length = charLength(name);
    if (length < 3 || length > 64) return false;
  }
  if (fault !== 'create-app-skip-first-char' && !NAME_FIRST.test(name)) return false;
  if (fault !== 'create-app-skip-name-charset' && !NAME_CHARS.test(name)) return false;
  // Even a fault that skips one rule keeps a name non-empty: a name is still required.
  return name.length > 0;
}

function appView(app: AppRecord, unmasked: boolean, httpDates: boolean): Record<string, unknown> {
  const time = httpDates ? (ms: number) => new Date(ms).toUTCString() : (ms: number) => new Date(ms).toISOString();
  return {
    id: app.id,
    name: app.name,
    status: app.status,
    app_key: app.appKey,
    app_secret: unmasked ? app.appSecret : MASK,
    creator: app.creator,
    register_time: time(app.registerMs),
    remark: app.remark,
    update_time: time(app.updateMs),
  };
}

