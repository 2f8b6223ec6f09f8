/**
 * The fault catalogue: named, realistic deviations from the documents, one enabled at a time
 * (`startEmulator({ fault })`, `conform emulator --fault NAME`). Each says which operation it
 * breaks and which check of the suite is expected to catch it; the emulator's own tests prove
 * that each fault changes what the wire shows (faults.test.ts).
 */
import { ConformError } from '../errors.ts';

/** The check names of the engine's registry a fault can claim. */
export type CheckName =
  | 'no-server-error'
  | 'status-documented'
  | 'accepts-valid'
  | 'rejects-invalid'
  | 'response-schema'
  | 'content-type'
  | 'error-shape'
  | 'masking'
  | 'secret-leak'
  | 'metadata-only'
  | 'auth-required'
  | 'state-rotation'
  | 'state-common-not-rotatable'
  | 'state-reset-advances'
  | 'state-certificate-immutable'
  | 'state-unchanged'
  | 'reflects-request'
  | 'state-refusal-changes-nothing'
  | 'optional-feature-consistent'
  | 'reads-back'
  | 'moves-label'
  | 'transport';

export type OperationName = 'CreateApp' | 'ResetAppSecret' | 'UpdateCertificate' | 'RotateSecret' | 'ShowSecret' | SupportingOperationName;

/** The operations around the five (specs' `x-hwc-role: support`): the suite observes through them. */
type SupportingOperationName =
  | 'ViewApp'
  | 'DeleteApp'
  | 'CreateDedicatedApp'
  | 'ViewDedicatedApp'
  | 'DeleteDedicatedApp'
  | 'CreateCertificate'
  | 'ListCertificates'
  | 'DeleteCertificate'
  | 'CreateSecret'
  | 'ShowSecretStage'
  | 'ListSecretVersions'
  | 'DeleteSecret';

export interface Fault {
  readonly name: string;
  readonly description: string;
  /** the operation it breaks, or '*' when it breaks more than one (listed in `operations`) */
  readonly operation: OperationName | '*';
  /** exactly the operations whose behaviour changes */
  readonly operations: readonly OperationName[];
  /** the check expected to catch it */
  readonly check: CheckName;
}

// A fault of every operation is judged on the five (the supporting operations answer the same way).
const ALL_OPERATIONS: readonly OperationName[] = ['CreateApp', 'ResetAppSecret', 'UpdateCertificate', 'RotateSecret', 'ShowSecret'];

export const FAULTS = [
  fault('create-app-wrong-status', 'CreateApp', 'accepts-valid', 'a valid CreateApp answers 200 instead of the documented 201'),
  fault('create-app-unmasked-secret', 'CreateApp', 'masking', 'CreateApp shows app_secret in clear instead of "******"'),
  fault('create-app-echo-secret', 'CreateApp', 'secret-leak', 'CreateApp echoes the request, app_secret included, under "request" (and quotes a bad app_secret in its 400 message)'),
  fault('create-app-skip-name-charset', 'CreateApp', 'rejects-invalid', 'CreateApp accepts name characters outside Chinese, letters, digits and "_" (e.g. "app-1", "app 1")'),
  fault('create-app-skip-name-length', 'CreateApp', 'rejects-invalid', 'CreateApp accepts a name shorter than 3 or longer than 64 characters'),
  fault('create-app-skip-first-char', 'CreateApp', 'rejects-invalid', 'CreateApp accepts a name starting with a digit or "_"'),
  fault('create-app-skip-remark-length', 'CreateApp', 'rejects-invalid', 'CreateApp accepts a remark longer than 255 characters'),
  fault('create-app-skip-app-key-rule', 'CreateApp', 'rejects-invalid', 'CreateApp accepts a custom app_key breaking its rule (length 8–64, [A-Za-z0-9_-], first letter or digit)'),
  fault('create-app-missing-id', 'CreateApp', 'response-schema', 'the 201 body of CreateApp has no "id"'),
  fault('create-app-status-string', 'CreateApp', 'response-schema', 'CreateApp returns status as the string "1" instead of the Integer 1'),
  fault('create-app-bad-time-format', 'CreateApp', 'response-schema', 'CreateApp returns register_time/update_time as an HTTP date ("Thu, 28 Dec 2017 12:26:54 GMT"), not ISO-8601'),
  fault('create-app-chinese-name-500', 'CreateApp', 'no-server-error', 'CreateApp answers 500 to a valid name holding Chinese characters (an encoding bug)'),
  fault('create-app-remark-not-stored', 'CreateApp', 'reads-back', 'CreateApp answers the remark sent but stores none: ViewApp shows an empty remark'),
  fault('reset-secret-no-advance', 'ResetAppSecret', 'state-reset-advances', 'ResetAppSecret stores the new secret but leaves update_time frozen'),
  fault('reset-secret-unmasked', 'ResetAppSecret', 'masking', 'ResetAppSecret shows the new app_secret in clear'),
  fault('reset-secret-server-error', 'ResetAppSecret', 'no-server-error', 'ResetAppSecret answers 500 to every valid request'),
  fault('reset-secret-skip-validation', 'ResetAppSecret', 'rejects-invalid', 'ResetAppSecret accepts an app_secret breaking its rule (length 8–64, allowed characters, first letter or digit)'),
  fault('reset-secret-time-not-stored', 'ResetAppSecret', 'reads-back', 'ResetAppSecret answers a new update_time but keeps the old one: ViewDedicatedApp shows it'),
  fault('elb-changes-certificate', 'UpdateCertificate', 'state-certificate-immutable', 'UpdateCertificate applies certificate, private_key and domain from the body (only name and description may change)'),
  fault('elb-allows-angle-brackets', 'UpdateCertificate', 'rejects-invalid', 'UpdateCertificate accepts a description containing "<" or ">"'),
  fault('elb-name-not-reflected', 'UpdateCertificate', 'state-certificate-immutable', 'UpdateCertificate answers 200 but keeps the old name'),
  fault('elb-bad-time-format', 'UpdateCertificate', 'response-schema', 'UpdateCertificate returns ISO-8601 times instead of "YYYY-MM-DD HH:MM:SS"'),
  fault('elb-update-not-stored', 'UpdateCertificate', 'reads-back', 'UpdateCertificate answers the description sent but stores the old one: ListCertificates shows it'),
  fault('undocumented-status', 'UpdateCertificate', 'status-documented', 'a valid UpdateCertificate answers 202, a status the document does not list'),
  fault('rotate-common-allowed', 'RotateSecret', 'state-common-not-rotatable', 'RotateSecret rotates a COMMON secret instead of refusing it'),
  fault('rotate-same-version', 'RotateSecret', 'state-rotation', 'RotateSecret answers 200 with the current version_id and creates no new version'),
  fault('rotate-keeps-syscurrent', 'RotateSecret', 'moves-label', 'RotateSecret creates the new version but leaves SYSCURRENT on the old one (ShowSecretStage and ListSecretVersions name it)'),
  fault('rotate-syscurrent-twice', 'RotateSecret', 'moves-label', 'RotateSecret marks the new version SYSCURRENT without taking the label off the previous one (ListSecretVersions shows two)'),
  fault('show-secret-leaks-value', 'ShowSecret', 'metadata-only', 'ShowSecret includes the secret value as "secret_string"'),
  fault('show-secret-bad-state', 'ShowSecret', 'response-schema', 'ShowSecret returns state in lower case ("enabled"), outside the documented values'),
  fault('show-secret-iso-times', 'ShowSecret', 'response-schema', 'ShowSecret returns its times as ISO-8601 strings instead of integer epoch (Long)'),
  fault('csms-error-shape', ['RotateSecret', 'ShowSecret'], 'error-shape', 'CSMS errors (RotateSecret and ShowSecret) are {"message": …} instead of the documented shapes'),
  fault('auth-skipped', '*', 'auth-required', 'no operation checks X-Auth-Token (or the AK/SK signature): a request without credentials succeeds'),
  fault('wrong-content-type', '*', 'content-type', 'every response says Content-Type: text/plain (the body is still JSON)'),
  fault('token-in-error', '*', 'secret-leak', 'every error message quotes the request\'s X-Auth-Token'),
  // Depth (issue 12): each visible only to a check that looks past the easy path.
  fault('create-app-remark-cut', 'CreateApp', 'reflects-request', 'CreateApp stores a remark over 100 characters cut to its first 100 (and answers it so)'),
  fault('create-app-name-latin1', 'CreateApp', 'reflects-request', 'CreateApp answers a name holding Chinese characters as its UTF-8 bytes read as Latin-1 (mojibake)'),
  fault('reset-secret-new-app-key', 'ResetAppSecret', 'state-unchanged', 'ResetAppSecret also generates a new app_key (only the secret may change)'),
  fault('reset-secret-register-time', 'ResetAppSecret', 'state-unchanged', 'ResetAppSecret also sets register_time to the time of the reset'),
  fault('reset-secret-clock-skew', 'ResetAppSecret', 'state-reset-advances', 'every third ResetAppSecret answers an update_time an hour earlier (a second node with a skewed clock)'),
  fault('rotate-version-cycles', 'RotateSecret', 'state-rotation', 'RotateSecret numbers versions in a ring of three: each differs from the previous, the fourth repeats the first'),
  fault('rotate-common-once', 'RotateSecret', 'state-common-not-rotatable', 'RotateSecret refuses a COMMON secret only the first time; later rotations of it succeed'),
  fault('show-secret-delete-time-zero', 'ShowSecret', 'response-schema', 'ShowSecret answers scheduled_delete_time 0, not null, for a secret not scheduled for deletion'),
  fault('create-app-secret-in-trace', 'CreateApp', 'secret-leak', 'CreateApp adds a "trace" field: the request body as base64 JSON, app_secret included'),
  fault('reset-secret-partial-mask', 'ResetAppSecret', 'secret-leak', 'ResetAppSecret adds an X-App-Secret-Hint header with the first and last 3 characters of a custom secret'),
  fault('create-app-last-secret', 'CreateApp', 'secret-leak', 'CreateApp answers "last_app_secret": the custom app_secret the previous CreateApp request set, in clear'),
  fault('auth-error-quotes-token', '*', 'secret-leak', 'a 401 answer quotes the X-Auth-Token that failed'),
  fault('reset-secret-any-instance', 'ResetAppSecret', 'rejects-invalid', 'ResetAppSecret finds the APP whatever instance_id the path names'),
  fault('show-secret-long-name-500', 'ShowSecret', 'no-server-error', 'ShowSecret answers 500 to a secret_name longer than 255 characters'),
  fault('elb-partial-update', 'UpdateCertificate', 'state-refusal-changes-nothing', 'UpdateCertificate stores the name of a request it then refuses for a bad description'),
  // the refused call's own answer is unchanged; what changes on the wire is what ShowSecret shows
  fault('rotate-common-touches', 'ShowSecret', 'state-refusal-changes-nothing', 'a refused RotateSecret of a COMMON secret still moves its update_time (ShowSecret shows it)'),
  fault('create-app-key-max-refused', 'CreateApp', 'optional-feature-consistent', 'CreateApp accepts custom app_keys but refuses one of the documented maximum of 64 characters'),
  fault('hang', 'ShowSecret', 'transport', 'ShowSecret never answers (the connection stays open until the client gives up or the emulator closes)'),
] as const satisfies readonly Fault[];

export type FaultName = (typeof FAULTS)[number]['name'];

const BY_NAME: ReadonlyMap<string, Fault> = new Map(FAULTS.map((f) => [f.name, f]));

export function faultNames(): readonly FaultName[] {
  return FAULTS.map((f) => f.name);
}

export function isFaultName(name: string): name is FaultName {
  return BY_NAME.has(name);
}

/** Looks a fault up by name; an unknown name is a usage error listing the known ones. */
export function findFault(name: string, api = 'emulator'): Fault {
  const found = BY_NAME.get(name);
  if (!found) {
    throw new ConformError('CONFORM_USAGE', `${api}: unknown fault '${name}'; known: ${faultNames().join(', ')}`);
  }
  return found;
}

function fault<N extends string, C extends CheckName>(
  name: N,
  affects: OperationName | '*' | readonly OperationName[],
  check: C,
  description: string,
): Fault & { readonly name: N; readonly check: C } {
  const operations = affects === '*' ? ALL_OPERATIONS : typeof affects === 'string' ? [affects] : affects;
  const operation = operations.length === 1 ? operations[0] : '*';
  return Object.freeze({ name, description, operation, operations: Object.freeze([...operations]), check });
}
