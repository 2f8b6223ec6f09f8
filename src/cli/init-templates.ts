/**
 * The conform.yaml files `conform init` writes, one per kind of target. Embedded in the code
 * (not files beside it) so that they travel inside the prebuilt bundle of the package.
 * Each is valid as written: the embedded one runs at once; the others name every value the
 * user must supply as a `${VAR}`, so a missing one is one line naming the variable.
 */
import { DEFAULTS } from '../config/index.ts';

export type InitKind = 'embedded' | 'emulator' | 'live';

const HEADER = `# conform.yaml: configuration of hwcloud-conformance (\`conform run\`), written by \`conform init\`.
# Flags override this file, which overrides the defaults. \${VAR} and \${VAR:-default} are read
# from the environment; unknown keys are an error. Reference: the README, "Running against another target".
`;

function common(): string {
  const r = DEFAULTS.run;
  return `
# operations: [ShowSecret, RotateSecret]   # run only these (default: all five)
run:
  seed: ${r.seed}                               # the same seed sends the same cases
  cases: ${r.cases}                            # random cases per operation, after the boundary cases
  concurrency: ${r.concurrency}
  timeoutMs: ${r.timeoutMs}
report:
  dir: ${DEFAULTS.report.dir}
  formats: [${DEFAULTS.report.formats.join(', ')}]
# checks: { content-type: false }          # turn single checks off
# baseline: known-deviations.yaml          # accepted deviations: [{ operation, check, reason, expires: YYYY-MM-DD }]
`;
}

/** The resources a run against a target of the user's reads and changes, the same for an emulator and a region. */
const FIXTURES = `fixtures:
  apig: { instanceId: \${CONFORM_APIG_INSTANCE_ID} }
  csms: { rotatableSecret: \${CONFORM_CSMS_ROTATABLE_SECRET} }
# A run that may create (an emulator, or --allow-mutations) makes its own app, certificate and
# COMMON secret for the fixtures not named here, and deletes them (and all else it created) at
# the end. Name one to have the run use, and change, your own:
#   apig: { appId: … }   elb: { certificateId: … }   csms: { commonSecret: … }
`;

const EMBEDDED = `${HEADER}
# No target: \`conform run\` starts the reference emulator in-process on 127.0.0.1 and uses
# its resources, so nothing else needs to run. To test your own emulator: \`conform init --emulator URL\`;
# a Huawei Cloud region: \`conform init --region REGION\`.
# target: http://127.0.0.1:4010
`;

function emulator(url: string): string {
  return `${HEADER}
# Your emulator. The ids below name resources it already holds: the run reads them and
# changes them (rotates the secret, resets the app secret, renames the certificate).
target: ${url}                  # or per service: { apig: URL, elb: URL, csms: URL }
auth:
  token: \${HWC_AUTH_TOKEN}              # sent as X-Auth-Token
projectId: \${CONFORM_PROJECT_ID}
${FIXTURES}# Values that must never appear in any response (secret values your emulator holds):
# knownSecrets: [\${CONFORM_SECRET_VALUE}]
`;
}

function live(region: string): string {
  return `${HEADER}
# A Huawei Cloud region: https://{apig,elb,kms}.${region}.myhuaweicloud.com. Requests are
# signed with AK/SK (SDK-HMAC-SHA256). The mutating operations (CreateApp, ResetAppSecret,
# UpdateCertificate, RotateSecret) run only with --allow-mutations, and change only the
# resources named below; the apps the run creates are listed in the report.
region: ${region}
auth:
  accessKey: \${HWC_ACCESS_KEY}
  secretKey: \${HWC_SECRET_KEY}
  # securityToken: \${HWC_SECURITY_TOKEN}  # temporary AK/SK
projectId: \${HWC_PROJECT_ID}
${FIXTURES}# The values of those secrets, which no response may carry (ShowSecret returns metadata only):
# knownSecrets: [\${CONFORM_SECRET_VALUE}]
`;
}

/** The commented conform.yaml for `kind`; `value` is the emulator's URL or the region. */
export function configTemplate(kind: InitKind, value = ''): string {
  const head = kind === 'embedded' ? EMBEDDED : kind === 'emulator' ? emulator(value) : live(value);
  return `${head}${common()}`;
}
