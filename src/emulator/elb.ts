/**
 * Classic ELB: UpdateCertificate (002_268ff6783fb8df08.txt). "仅支持修改证书的名称和描述": only
 * name and description change; certificate, private_key, domain or anything else in the body is
 * ignored. Times are "YYYY-MM-DD HH:MM:SS" (UTC). Errors are {"error":{"message","code"}}.
 * The supporting CreateCertificate, ListCertificates, DeleteCertificate (seeds/extra/) share them.
 */
import { nextSerial, type CertificateRecord, type EmulatorState } from './fixtures.ts';
import { charLength, field, parseJsonObject } from './json-body.ts';
import { fail, ok, type Operation, type Reply, type ServiceCodes } from './operation.ts';

const CODES: ServiceCodes = {
  badRequest: 'ELB.8902',
  unauthorized: 'ELB.1101',
  notFound: 'ELB.8904',
  internal: 'ELB.9000',
};

// "中英文、数字、下划线、中划线", 0–64 characters; Chinese read as U+4E00–U+9FA5 (see apig.ts).
const NAME = /^[A-Za-z0-9_\-\u4E00-\u9FA5]{0,64}$/;
const NAME_RULE = "name: 0 ~ 64 characters; Chinese characters, letters, digits, '_' and '-'";
const DESCRIPTION_RULE = "description: at most 128 characters, without '<' or '>'";

export const updateCertificate: Operation = {
  name: 'UpdateCertificate',
  service: 'elb',
  method: 'PUT',
  pattern: ['v1.0', null, 'elbaas', 'certificate', null],
  codes: CODES,
  errorBody(code, message) {
    return { error: { message, code } };
  },
  run({ state, fault, params, body: raw, now }): Reply {
    const [projectId, certificateId] = params;
    if (projectId !== state.projectId) return fail(404, CODES.notFound, 'the project does not exist');
    const certificate = state.certificates.get(certificateId);
    if (!certificate) return fail(404, CODES.notFound, 'the certificate does not exist');

    // Both fields are optional, so an absent or empty body changes nothing.
    const parsed = parseJsonObject(raw, true);
    if (!parsed.ok) return fail(400, CODES.badRequest, parsed.message);
    const body = parsed.value;

    const name = field(body, 'name');
    if (name !== undefined) {
      if (typeof name !== 'string') return fail(400, CODES.badRequest, 'name must be a string');
      if (!NAME.test(name)) return fail(400, CODES.badRequest, `invalid parameter, ${NAME_RULE}`);
    }
    const description = field(body, 'description');
    // the fault: the name is stored before the description is validated
    if (fault === 'elb-partial-update' && typeof name === 'string') certificate.name = name;
    if (description !== undefined) {
      if (typeof description !== 'string') return fail(400, CODES.badRequest, 'description must be a string');
      const brackets = fault !== 'elb-allows-angle-brackets' && /[<>]/.test(description);
      if (brackets || charLength(description) > 128) {
        return fail(400, CODES.badRequest, `invalid parameter, ${DESCRIPTION_RULE}`);
      }
    }

    if (name !== undefined && fault !== 'elb-name-not-reflected') certificate.name = name;
    const storedDescription = certificate.description;
    if (description !== undefined) certificate.description = description;
    if (fault === 'elb-changes-certificate') {
      const pem = field(body, 'certificate');
      const key = field(body, 'private_key');
      const domain = field(body, 'domain');
      if (typeof pem === 'string') certificate.certificate = pem;
      if (typeof key === 'string') certificate.privateKey = key;
      if (typeof domain === 'string' || domain === null) certificate.domain = domain;
    }
    certificate.updateMs = now;
    const view = certificateView(certificate, fault === 'elb-bad-time-format');
    // answers the description sent, keeps the old one
    if (fault === 'elb-update-not-stored') certificate.description = storedDescription;
    return ok(fault === 'undocumented-status' ? 202 : 200, view);
  },
};

const DOMAIN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/;
const PEM = (label: string) => new RegExp(`^-----BEGIN ${label}-----\\n[A-Za-z0-9+/=\\n]+\\n-----END ${label}-----\\n?$`);
const CERTIFICATE_PEM = PEM('CERTIFICATE');
const KEY_PEM = PEM('(?:RSA |EC )?PRIVATE KEY');

function projectOf(state: EmulatorState, projectId: string | undefined): Reply | undefined {
  return projectId === state.projectId ? undefined : fail(404, CODES.notFound, 'the project does not exist');
}

export const createCertificate: Operation = {
  name: 'CreateCertificate',
  service: 'elb',
  method: 'POST',
  pattern: ['v1.0', null, 'elbaas', 'certificate'],
  codes: CODES,
  errorBody(code, message) {
    return { error: { message, code } };
  },
  run({ state, params, body: raw, now }): Reply {
    const unknown = projectOf(state, params[0]);
    if (unknown) return unknown;
    const parsed = parseJsonObject(raw, false);
    if (!parsed.ok) return fail(400, CODES.badRequest, parsed.message);
    const body = parsed.value;
    const values: Record<string, string | undefined> = {};
    for (const key of ['name', 'description', 'domain', 'certificate', 'private_key']) {
      const v = field(body, key);
      if (v !== undefined && typeof v !== 'string') return fail(400, CODES.badRequest, `${key} must be a string`);
      values[key] = v;
    }
    const { name, description, domain, certificate, private_key: privateKey } = values;
    if (name !== undefined && !NAME.test(name)) return fail(400, CODES.badRequest, `invalid parameter, ${NAME_RULE}`);
    if (description !== undefined && (/[<>]/.test(description) || charLength(description) > 128)) {
      return fail(400, CODES.badRequest, `invalid parameter, ${DESCRIPTION_RULE}`);
    }
    if (domain !== undefined && !DOMAIN.test(domain)) {
      return fail(400, CODES.badRequest, "invalid parameter, domain: at most 254 characters of letters, digits, '-' and '.', starting with a letter or a digit");
    }
    if (certificate === undefined || !CERTIFICATE_PEM.test(certificate)) return fail(400, CODES.badRequest, 'certificate: a PEM-encoded certificate is required');
    if (privateKey === undefined || !KEY_PEM.test(privateKey)) return fail(400, CODES.badRequest, 'private_key: a PEM-encoded private key is required');
    const record: CertificateRecord = {
      id: nextSerial(state, 'certificate'),
      name: name ?? '',
      description: description ?? '',
      domain: domain ?? null,
      certificate,
      privateKey,
      createMs: now,
      updateMs: now,
    };
    state.certificates.set(record.id, record);
    return ok(200, { tenant_id: state.projectId, ...certificateView(record, false) });
  },
};

export const listCertificates: Operation = {
  ...createCertificate,
  name: 'ListCertificates',
  method: 'GET',
  run({ state, params }): Reply {
    const unknown = projectOf(state, params[0]);
    if (unknown) return unknown;
    const certificates = [...state.certificates.values()].map((c) => certificateView(c, false));
    // "String" in 表 2, "1" in the example
    return ok(200, { certificates, instance_num: String(certificates.length) });
  },
};

export const deleteCertificate: Operation = {
  ...updateCertificate,
  name: 'DeleteCertificate',
  method: 'DELETE',
  run({ state, params }): Reply {
    const unknown = projectOf(state, params[0]);
    if (unknown) return unknown;
    if (!state.certificates.delete(params[1] ?? '')) return fail(404, CODES.notFound, 'the certificate does not exist');
    return ok(204, undefined);
  },
};

function certificateView(c: CertificateRecord, iso: boolean): Record<string, unknown> {
  const time = iso ? (ms: number) => new Date(ms).toISOString() : elbTime;
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    domain: c.domain,
    certificate: c.certificate,
    private_key: c.privateKey,
    create_time: time(c.createMs),
    update_time: time(c.updateMs),
  };
}

/** "2016-06-27 08:14:42" */
function elbTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
