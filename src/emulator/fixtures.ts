/**
 * The emulator's seeded world: one project holding an APIG instance with one app, a classic-ELB
 * certificate and two CSMS secrets (one RDS, rotatable; one COMMON); besides them an app of the
 * shared gateway, and one app, certificate and secret that the supporting Delete* operations may
 * delete. Everything is derived from
 * the seed, so the same seed gives the same ids and secret values on every start.
 */
import { createHash } from 'node:crypto';

/** The fixed development token the emulator accepts when none is configured. */
export const DEFAULT_TOKEN = 'conform-emulator-dev-token';

/** What a run needs to know about the emulator's seeded resources. */
export interface EmulatorFixtures {
  readonly projectId: string;
  /** the X-Auth-Token the emulator accepts */
  readonly token: string;
  readonly apig: {
    readonly instanceId: string;
    readonly appId: string;
    /** an app of the shared gateway (ViewApp) */
    readonly sharedAppId: string;
    /** apps and resources a selected Delete* may delete: their own, never the ones above */
    readonly deletableSharedAppId: string;
    readonly deletableAppId: string;
  };
  readonly elb: { readonly certificateId: string; readonly deletableCertificateId: string };
  readonly csms: {
    readonly rotatableSecret: string;
    readonly commonSecret: string;
    readonly deletableSecret: string;
    /** the version stage ShowSecretStage names: SYSCURRENT */
    readonly stageName: string;
  };
  /**
   * Values that must never appear in a response: the seeded app's secret, both CSMS secret
   * values and the token. Not the ELB private key, which UpdateCertificate documents returning.
   */
  readonly knownSecrets: readonly string[];
}

export interface AppRecord {
  readonly id: string;
  name: string;
  remark: string;
  appKey: string;
  appSecret: string;
  readonly creator: 'USER' | 'MARKET';
  readonly status: number;
  /** the gateway holding it: CreateApp makes shared-gateway apps, the v1 pages dedicated ones */
  readonly gateway: 'shared' | 'dedicated';
  // mutable: a planted fault moves it (reset-secret-register-time)
  registerMs: number;
  updateMs: number;
}

export interface CertificateRecord {
  readonly id: string;
  name: string;
  description: string;
  domain: string | null;
  certificate: string;
  privateKey: string;
  readonly createMs: number;
  updateMs: number;
}

export interface SecretRecord {
  readonly id: string;
  readonly name: string;
  readonly type: 'RDS' | 'COMMON';
  readonly state: 'ENABLED';
  readonly kmsKeyId: string;
  readonly description: string;
  readonly createMs: number;
  updateMs: number;
  readonly autoRotation: boolean;
  readonly rotationPeriod?: string;
  readonly rotationPeriodMs?: number;
  readonly rotationConfig?: string;
  rotationMs?: number;
  /** number of the newest version */
  version: number;
  value: string;
  /** every version, oldest first ("v1", "v2", …) */
  readonly versions: VersionRecord[];
  /** the version carrying SYSCURRENT */
  syscurrent: string;
  /** the version that carried SYSCURRENT before the last rotation (SYSPREVIOUS) */
  sysprevious?: string;
  /** when SYSCURRENT last moved */
  stageMs: number;
}

export interface VersionRecord {
  readonly id: string;
  readonly createMs: number;
}

export interface EmulatorState {
  readonly projectId: string;
  readonly apigInstanceId: string;
  /** every app the instance holds, by id: the seeded one and those CreateApp made */
  readonly apps: Map<string, AppRecord>;
  readonly certificates: Map<string, CertificateRecord>;
  readonly secrets: Map<string, SecretRecord>;
  /** the only state that grows per request, up to `appQuota` */
  createdApps: number;
  /** CreateApp is refused (APIG.3103) once this many apps were created */
  readonly appQuota: number;
  /** counter behind generated ids and secrets */
  serial: number;
  /** successful resets and refused COMMON rotations so far (faults that act on the n-th call) */
  resets: number;
  commonRefusals: number;
  /** the custom app_secret of the latest CreateApp that set one (fault create-app-last-secret) */
  lastAppSecret?: string;
  readonly seed: number;
}

/**
 * The default app quota: CreateApp answers 400 APIG.3103 once this many apps were created, so
 * memory stays bounded (`appQuota` / `--app-quota` sets another).
 */
export const MAX_CREATED_APPS = 10_000;

export const DEFAULT_SEED = 0;

/** A 32-hex id derived from the seed and a label. */
export function hexId(seed: number, label: string): string {
  return createHash('sha256').update(`${seed}:${label}`).digest('hex').slice(0, 32);
}

/** An RFC 4122 version-4-shaped UUID derived from the seed and a label. */
export function uuidId(seed: number, label: string): string {
  return formatUuid(hexId(seed, label));
}

/** Formats 32 hex digits as a version-4-shaped UUID. */
export function formatUuid(h: string): string {
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A fresh id or secret for the n-th thing the emulator makes. */
export function nextSerial(state: EmulatorState, label: string): string {
  state.serial += 1;
  return hexId(state.seed, `${label}:${state.serial}`);
}

export function createState(seed: number, token: string, appQuota = MAX_CREATED_APPS): { state: EmulatorState; fixtures: EmulatorFixtures } {
  const projectId = hexId(seed, 'project');
  const instanceId = hexId(seed, 'apig-instance');
  const appSecret = `Emu${hexId(seed, 'apig-app-secret')}`;
  const app: AppRecord = {
    id: uuidId(seed, 'apig-app'),
    name: 'app_001',
    remark: '第一个APP',
    appKey: uuidId(seed, 'apig-app-key'),
    appSecret,
    creator: 'USER',
    status: 1,
    gateway: 'dedicated',
    registerMs: Date.UTC(2017, 11, 28, 12, 26, 54, 234),
    updateMs: Date.UTC(2017, 11, 28, 12, 29, 35, 571),
  };
  const extraApp = (label: string, gateway: AppRecord['gateway'], name: string): AppRecord => ({
    id: uuidId(seed, label),
    name,
    remark: '',
    appKey: uuidId(seed, `${label}-key`),
    appSecret: `Emu${hexId(seed, `${label}-secret`)}`,
    creator: 'USER',
    status: 1,
    gateway,
    registerMs: Date.UTC(2017, 11, 28, 12, 26, 54),
    updateMs: Date.UTC(2017, 11, 28, 12, 28, 7, 296),
  });
  const sharedApp = extraApp('apig-shared-app', 'shared', 'app_shared');
  const deletableSharedApp = extraApp('apig-deletable-shared-app', 'shared', 'app_deletable_shared');
  const deletableApp = extraApp('apig-deletable-app', 'dedicated', 'app_deletable');
  const certificate: CertificateRecord = {
    id: hexId(seed, 'elb-certificate'),
    name: 'cert-bky',
    description: 'certificate',
    domain: null,
    certificate: EXAMPLE_CERTIFICATE,
    privateKey: EXAMPLE_PRIVATE_KEY,
    createMs: Date.UTC(2016, 5, 27, 8, 14, 42),
    updateMs: Date.UTC(2016, 5, 27, 8, 14, 42),
  };
  const deletableCertificate: CertificateRecord = { ...certificate, id: hexId(seed, 'elb-deletable-certificate'), name: 'cert-deletable' };
  const rdsValue = `Rds${hexId(seed, 'csms-rds-value')}`;
  const commonValue = `Common${hexId(seed, 'csms-common-value')}`;
  const created = Date.UTC(2020, 1, 12, 11, 39, 40);
  const rds: SecretRecord = {
    id: uuidId(seed, 'csms-rds'),
    name: `emu-rds-secret-${hexId(seed, 'csms-rds-name').slice(0, 6)}`,
    type: 'RDS',
    state: 'ENABLED',
    kmsKeyId: hexId(seed, 'kms-key'),
    description: 'RDS credentials of the emulator',
    createMs: created,
    updateMs: created,
    autoRotation: true,
    rotationPeriod: '30d',
    rotationPeriodMs: 30 * 24 * 3600 * 1000,
    rotationConfig: JSON.stringify({
      RDSInstanceId: `${hexId(seed, 'rds-instance')}in03`,
      SecretSubType: 'SingleUser',
    }),
    rotationMs: created,
    version: 1,
    value: rdsValue,
    versions: [{ id: 'v1', createMs: created }],
    syscurrent: 'v1',
    stageMs: created,
  };
  const common: SecretRecord = {
    id: uuidId(seed, 'csms-common'),
    name: `emu-common-secret-${hexId(seed, 'csms-common-name').slice(0, 6)}`,
    type: 'COMMON',
    state: 'ENABLED',
    kmsKeyId: hexId(seed, 'kms-key'),
    description: 'a common secret of the emulator',
    createMs: created,
    updateMs: created,
    autoRotation: false,
    version: 1,
    value: commonValue,
    versions: [{ id: 'v1', createMs: created }],
    syscurrent: 'v1',
    stageMs: created,
  };
  const deletableValue = `Deletable${hexId(seed, 'csms-deletable-value')}`;
  const deletable: SecretRecord = {
    ...common,
    id: uuidId(seed, 'csms-deletable'),
    name: `emu-deletable-secret-${hexId(seed, 'csms-deletable-name').slice(0, 6)}`,
    description: 'a secret DeleteSecret may delete',
    value: deletableValue,
    versions: [{ id: 'v1', createMs: created }],
  };
  const state: EmulatorState = {
    projectId,
    apigInstanceId: instanceId,
    apps: new Map([app, sharedApp, deletableSharedApp, deletableApp].map((a) => [a.id, a])),
    certificates: new Map([certificate, deletableCertificate].map((c) => [c.id, c])),
    secrets: new Map([rds, common, deletable].map((x) => [x.name, x])),
    createdApps: 0,
    appQuota,
    serial: 0,
    resets: 0,
    commonRefusals: 0,
    seed,
  };
  const fixtures: EmulatorFixtures = deepFreeze({
    projectId,
    token,
    apig: { instanceId, appId: app.id, sharedAppId: sharedApp.id, deletableSharedAppId: deletableSharedApp.id, deletableAppId: deletableApp.id },
    elb: { certificateId: certificate.id, deletableCertificateId: deletableCertificate.id },
    csms: { rotatableSecret: rds.name, commonSecret: common.name, deletableSecret: deletable.name, stageName: 'SYSCURRENT' },
    knownSecrets: [appSecret, sharedApp.appSecret, deletableSharedApp.appSecret, deletableApp.appSecret, rdsValue, commonValue, deletableValue, token],
  });
  return { state, fixtures };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

// The certificate and key of UpdateCertificate's response example (002_268ff6783fb8df08.txt):
// a real self-signed pair, so the seeded certificate looks like one a user uploaded.
const EXAMPLE_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIDXTCCAkWgAwIBAgIJANoPUy2NktS6MA0GCSqGSIb3DQEBBQUAMEUxCzAJBgNV
BAYTAkFVMRMwEQYDVQQIDApTb21lLVN0YXRlMSEwHwYDVQQKDBhJbnRlcm5ldCBX
aWRnaXRzIFB0eSBMdGQwHhcNMTYwNjIyMDMyOTU5WhcNMTkwNjIyMDMyOTU5WjBF
MQswCQYDVQQGEwJBVTETMBEGA1UECAwKU29tZS1TdGF0ZTEhMB8GA1UECgwYSW50
ZXJuZXQgV2lkZ2l0cyBQdHkgTHRkMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIB
CgKCAQEArmUUhzm5sxxVr/ku4+6cKqnKgZvDl+e/6CNCAq8YMZXTpJP64DjDPny9
+8s9MbFabEG3HqjHSKh3b/Ew3FXr8LFa9YuWuAi3W9ii29sZsOwmzIfQhIOIaP1Y
NR50DDjbAGTaxzRhV40ZKSOCkaUTvl3do5d8ttD1VlF2r0w0DfclrVcsS5v3kw88
9gJ3s3hNkatfQiSt4qLNMehZ8Xofx58DIAOk/f3Vusj3372PsJwKX39cHX/NpIHC
HKE8qaGCpDqv0daH766eJ065dqO9DuorXPaPT/nxw4PAccb9fByLrTams0ThvSlZ
o6V3yvHR4KN7mmvbViEmWRy+9oiJEwIDAQABo1AwTjAdBgNVHQ4EFgQUlXhcABza
2SdXPYpp8RkWvKblCNIwHwYDVR0jBBgwFoAUlXhcABza2SdXPYpp8RkWvKblCNIw
DAYDVR0TBAUwAwEB/zANBgkqhkiG9w0BAQUFAAOCAQEAHmsFDOwbkD45PF4oYdX+
cCoEGNjsLfi0spJ6b1CHQMEy2tPqYZJh8nGuUtB9Zd7+rbwm6NS38eGQVA5vbWZH
Mk+uq5un7YFwkM+fdjgCxbe/3PMkk/ZDYPHhpc1W8e/+aZVUBB2EpfzBC6tcP/DV
Ssjq+tG+JZIVADMxvEqVIF94JMpuY7o6U74SnUUrAi0h9GkWmeYh/Ucb3PLMe5sF
oZriRdAKc96KB0eUphfWZNtptOCqV6qtYqZZ/UCotp99xzrDkf8jGkm/iBljxb+v
0NTg8JwfmykCj63YhTKpHf0+N/EK5yX1KUYtlkLaf8OPlsp/1lqAL6CdnydGEd/s
AA==
-----END CERTIFICATE-----`;

const EXAMPLE_PRIVATE_KEY = `-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEArmUUhzm5sxxVr/ku4+6cKqnKgZvDl+e/6CNCAq8YMZXTpJP6
4DjDPny9+8s9MbFabEG3HqjHSKh3b/Ew3FXr8LFa9YuWuAi3W9ii29sZsOwmzIfQ
hIOIaP1YNR50DDjbAGTaxzRhV40ZKSOCkaUTvl3do5d8ttD1VlF2r0w0DfclrVcs
S5v3kw889gJ3s3hNkatfQiSt4qLNMehZ8Xofx58DIAOk/f3Vusj3372PsJwKX39c
HX/NpIHCHKE8qaGCpDqv0daH766eJ065dqO9DuorXPaPT/nxw4PAccb9fByLrTam
s0ThvSlZo6V3yvHR4KN7mmvbViEmWRy+9oiJEwIDAQABAoIBACV47rpHuxEza24O
evbbFI9OQIcs8xA26dN1j/+HpAkzinB4o5V+XOWWZDQwbYu58hYE4NYjqf6AxHk3
OCqAA9yKH2NXhSEyLkP7/rKDF7geZg/YtwNiR/NXTJbNXl4p8VTaVvAq3yey188x
JCMrd1yWSsOWD2Qw7iaIBpqQIzdEovPE4CG6GmaIRSuqYuoCfbVTFa6YST7jmOTv
EpG+x6yJZzJ4o0vvfKbKfvPmQizjL+3nAW9g+kgXJmA1xTujiky7bzm2sLK2Slrx
5rY73mXMElseSlhkYzWwyRmC6M+rWALXqOhVDgIGbaBV4IOzuyH/CUt0wy3ZMIpv
MOWMNoECgYEA1LHsepCmwjlDF3yf/OztCr/DYqM4HjAY6FTmH+xz1Zjd5R1XOq60
YFRkhs/e2D6M/gSX6hMqS9sCkg25yRJk3CsPeoS9v5MoiZQA8XlQNovcpWUI2DCm
aZRIsdovFgIqMHYh/Y4CYouee7Nz7foICzO9svrYrbOIVmMwDVJ8vzMCgYEA0ebg
m0lCuOunyxaSBqOv4Q4sk7Ix0702dIrW0tsUJyU+xuXYH1P/0m+t4/KUU2cNwsg3
jiNzQR9QKvF8yTB5TB4Ye/9dKlu+BEOskvCpuErxc6iVJ+TZOrQDDPNcq56qez5b
vv9EDdgzpjkjO+hS1j3kYOuG11hrP4Pox4PijqECgYEAz6RTZORKqFoWsZss5VK3
p0LGkEkfw/jYmBgqAQhpnSD7n20hd1yPI2vAKAxPVXTbWDFLzWygYiWRQNy9fxrB
9F7lYYqtY5VagdVHhnYUZOvtoFoeZFA6ZeAph9elGCtM3Lq3PD2i/mmncsQibTUn
HSiKDWzuk8UtWIjEpHze5BkCgYEAifD9eG+bzqTnn1qU2pIl2nQTLXj0r97v84Tu
iqF4zAT5DYMtFeGBBI1qLJxVh7342CH2CI4ZhxmJ+L68sAcQH8rDcnGui1DBPlIv
Dl3kW3280bJfW1lUvPRh8NfZ9dsO1HF1n75nveVwg/OWyR7zmWIRPPRrqAeua45H
ox5z/CECgYBqwlEBjue8oOkVVu/lKi6fo6jr+0u25K9dp9azHYwE0KNHX0MwRALw
WbPgcjge23sfhbeqVvHo0JYBdRsk/OBuW73/9Sb5E+6auDoubCjC0cAIvs23MPju
sMvKak4mQkI19foRXBydB/DDkK26iei/l0xoygrw50v2HErsQ7JcHw==
-----END RSA PRIVATE KEY-----`;
