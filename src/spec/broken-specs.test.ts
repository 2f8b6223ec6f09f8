/**
 * (c) A broken spec is one ConformError with a stable code, a one-line message and a `where`
 * naming the file and the JSON pointer of the mistake. Each case breaks testdata/minimal.yaml
 * in one place and writes it to a temp dir.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConformError, type ErrorCode } from '../errors.ts';
import { loadSpec, loadSpecs } from './index.ts';

const BASE = readFileSync(new URL('./testdata/minimal.yaml', import.meta.url), 'utf8');
const OP = '/paths/~1v1~1{project_id}~1things~1{id}/put';
const REQ = `${OP}/requestBody/content/application~1json/schema`;

const dir = mkdtempSync(path.join(tmpdir(), 'conform-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function write(text: string, name = `spec-${counter++}.yaml`, into = dir): string {
  const file = path.join(into, name);
  writeFileSync(file, text);
  return file;
}

/** The base spec with `from` replaced by `to` (which must occur exactly once). */
function broken(from: string, to: string): string {
  const parts = BASE.split(from);
  if (parts.length !== 2) throw new Error(`test bug: ${JSON.stringify(from)} occurs ${parts.length - 1} times`);
  return parts.join(to);
}

/** `text` with a reading operation, ShowThing (GET, same path, same answer), beside UpdateThing: an observer rules may name. */
function withShowThing(text: string): string {
  const src = '{ doc: 002_268ff6783fb8df08.txt, table: 表 1 }';
  const param = (name: string, fixture: string) =>
    `        - name: ${name}\n          in: path\n          required: true\n          schema: { type: string }\n          x-hwc-fixture: ${fixture}\n          x-hwc-source: ${src}\n`;
  const show =
    '    get:\n      operationId: ShowThing\n      summary: show a thing\n' +
    `      x-hwc-source: ${src}\n      x-hwc-mutating: false\n      x-hwc-auth-failure: [401]\n      x-hwc-not-found: [404]\n` +
    `      parameters:\n${param('project_id', 'projectId')}${param('id', 'elb.certificateId')}` +
    `      responses:\n        "200":\n          description: OK\n          x-hwc-source: ${src}\n` +
    "          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/Thing' }\n" +
    `        "401":\n          description: Unauthorized\n          x-hwc-source: ${src}\n` +
    `        "404":\n          description: Not Found\n          x-hwc-source: ${src}\n`;
  const parts = text.split('    put:\n');
  if (parts.length !== 2) throw new Error('test bug: the base spec has one put');
  return parts.join(`${show}    put:\n`);
}

async function failure(run: () => Promise<unknown>): Promise<ConformError> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(ConformError);
    return e as ConformError;
  }
  throw new Error('expected a ConformError, the spec loaded');
}

interface BrokenCase {
  readonly name: string;
  readonly text: string;
  readonly code: ErrorCode;
  readonly pointer: string;
  readonly message: RegExp;
}

const CASES: readonly BrokenCase[] = [
  // YAML
  { name: 'unclosed flow sequence', text: broken('x-hwc-not-found: [404]', 'x-hwc-not-found: [404'), code: 'CONFORM_SPEC_YAML', pointer: `${OP}/x-hwc-not-found/0`, message: /end with a \]/ },
  { name: 'duplicate key', text: broken('      summary: update a thing\n', '      summary: update a thing\n      summary: again\n'), code: 'CONFORM_SPEC_YAML', pointer: `${OP}/summary`, message: /unique/ },
  { name: 'tab indentation', text: broken('      operationId: UpdateThing', '\toperationId: UpdateThing'), code: 'CONFORM_SPEC_YAML', pointer: expect.any(String) as unknown as string, message: /./ },
  // OpenAPI
  { name: 'not a mapping', text: '- just\n- a list\n', code: 'CONFORM_SPEC_OPENAPI', pointer: '', message: /not a YAML mapping/ },
  { name: 'OpenAPI 3.0', text: broken('openapi: 3.1.0', 'openapi: 3.0.3'), code: 'CONFORM_SPEC_OPENAPI', pointer: '/openapi', message: /3\.1/ },
  { name: 'misspelt responses', text: broken('      responses:', '      respones:'), code: 'CONFORM_SPEC_OPENAPI', pointer: OP, message: /respones/ },
  { name: 'parameter without "in"', text: broken('          in: path\n          required: true\n          schema: { type: string }\n          x-hwc-fixture: projectId', '          required: true\n          schema: { type: string }\n          x-hwc-fixture: projectId'), code: 'CONFORM_SPEC_OPENAPI', pointer: `${OP}/parameters/0`, message: /in/ },
  { name: 'unknown JSON Schema keyword', text: broken('maxLength: 64', 'maxlength: 64'), code: 'CONFORM_SPEC_OPENAPI', pointer: REQ, message: /maxlength/ },
  { name: 'invalid pattern', text: broken('maxLength: 64', "maxLength: 64\n                  pattern: '^[a-z'"), code: 'CONFORM_SPEC_OPENAPI', pointer: REQ, message: /pattern|regular expression/i },
  { name: 'default response', text: broken('"404":', 'default:'), code: 'CONFORM_SPEC_OPENAPI', pointer: `${OP}/responses/default`, message: /concrete status codes/ },
  { name: 'two success statuses', text: broken('        "401":', '        "204":\n          description: No Content\n          x-hwc-source: { doc: 002_268ff6783fb8df08.txt, table: 状态码 }\n        "401":'), code: 'CONFORM_SPEC_OPENAPI', pointer: `${OP}/responses`, message: /exactly one 2xx/ },
  { name: 'undeclared path parameter', text: broken('/v1/{project_id}/things/{id}:', '/v1/{project_id}/things/{id}/{sub}:'), code: 'CONFORM_SPEC_OPENAPI', pointer: '/paths/~1v1~1{project_id}~1things~1{id}~1{sub}/put', message: /\{sub\}/ },
  { name: 'no operationId', text: broken('      operationId: UpdateThing\n', ''), code: 'CONFORM_SPEC_OPENAPI', pointer: OP, message: /operationId/ },
  {
    name: 'duplicate operationId in one file',
    text: `${BASE}  /v1/{project_id}/things:\n    get:\n      operationId: UpdateThing\n      responses:\n        "200": { description: OK }\n`,
    code: 'CONFORM_SPEC_OPENAPI',
    pointer: '/paths/~1v1~1{project_id}~1things/get/operationId',
    message: /duplicate operationId UpdateThing/,
  },
  // $ref
  { name: 'unresolved $ref', text: broken('#/components/schemas/Thing', '#/components/schemas/Nope'), code: 'CONFORM_SPEC_REF', pointer: `${OP}/responses/200/content/application~1json/schema/$ref`, message: /#\/components\/schemas\/Nope/ },
  { name: 'external $ref', text: broken('#/components/schemas/Thing', 'other.yaml#/Thing'), code: 'CONFORM_SPEC_REF', pointer: `${OP}/responses/200/content/application~1json/schema/$ref`, message: /only references inside the file/ },
  { name: 'unresolved $ref inside components', text: broken('        name: { type: string }', "        name: { $ref: '#/components/schemas/Name' }"), code: 'CONFORM_SPEC_REF', pointer: '/components/schemas/Thing/properties/name/$ref', message: /Name/ },
  { name: 'recursive schema', text: broken('        name: { type: string }', "        name: { type: string }\n        child: { $ref: '#/components/schemas/Thing' }"), code: 'CONFORM_SPEC_REF', pointer: expect.stringContaining('/child') as unknown as string, message: /recursive/ },
  // extensions
  { name: 'no x-hwc-service', text: broken('x-hwc-service: elb\n', ''), code: 'CONFORM_SPEC_EXTENSION', pointer: '/x-hwc-service', message: /x-hwc-service/ },
  { name: 'malformed service name', text: broken('x-hwc-service: elb', 'x-hwc-service: Classic ELB'), code: 'CONFORM_SPEC_EXTENSION', pointer: '/x-hwc-service', message: /lower-case name/ },
  { name: 'endpoint without {region}', text: broken('x-hwc-endpoint: https://elb.{region}.myhuaweicloud.com', 'x-hwc-endpoint: https://elb.myhuaweicloud.com'), code: 'CONFORM_SPEC_EXTENSION', pointer: '/x-hwc-endpoint', message: /\{region\} placeholder/ },
  { name: 'unknown extension', text: broken('x-hwc-fixture: elb.certificateId', 'x-hwc-fixtur: elb.certificateId'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/parameters/1/x-hwc-fixtur`, message: /unknown extension x-hwc-fixtur; known: .*x-hwc-fixture/ },
  { name: 'malformed fixture', text: broken('x-hwc-fixture: elb.certificateId', 'x-hwc-fixture: certificateId'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/parameters/1/x-hwc-fixture`, message: /projectId or service\.name/ },
  { name: 'path parameter without fixture', text: broken('          x-hwc-fixture: projectId\n', ''), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/parameters/0/x-hwc-fixture`, message: /project_id has no x-hwc-fixture/ },
  { name: 'misplaced extension', text: broken('      x-hwc-mutating: true\n', '      x-hwc-mutating: true\n      x-hwc-fixture: projectId\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-fixture`, message: /not allowed here/ },
  { name: 'mutating not boolean', text: broken('x-hwc-mutating: true', 'x-hwc-mutating: yes'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-mutating`, message: /boolean/ },
  { name: 'operation without x-hwc-not-found', text: broken('      x-hwc-not-found: [404]\n', ''), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-not-found`, message: /has no x-hwc-not-found/ },
  { name: 'undocumented auth-failure status', text: broken('x-hwc-auth-failure: [401]', 'x-hwc-auth-failure: [401, 403]'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-auth-failure/1`, message: /403 is not a documented/ },
  { name: 'bad source doc', text: broken('x-hwc-source: { doc: 002_268ff6783fb8df08.txt, table: URI }', 'x-hwc-source: { doc: docs/elb.md, table: URI }'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-source/doc`, message: /pattern/ },
  { name: 'operation without source', text: broken('      x-hwc-source: { doc: 002_268ff6783fb8df08.txt, table: URI }\n', ''), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-source`, message: /operation UpdateThing has no x-hwc-source/ },
  { name: 'request property without source', text: broken('                  x-hwc-source: { doc: 002_268ff6783fb8df08.txt, table: 表 1 }\n', ''), code: 'CONFORM_SPEC_EXTENSION', pointer: `${REQ}/properties/name/x-hwc-source`, message: /request property name has no x-hwc-source/ },
  { name: 'response without source', text: broken('          description: Unauthorized\n          x-hwc-source: { doc: 002_268ff6783fb8df08.txt, table: 状态码 }\n', '          description: Unauthorized\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/responses/401/x-hwc-source`, message: /response 401/ },
  { name: 'bad charset class', text: broken('allowed: [latin, digit]', 'allowed: [latn, digit]'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${REQ}/properties/name/x-hwc-charset/allowed/0`, message: /latin, digit, han or one literal character/ },
  { name: 'unknown rule kind', text: broken('kind: only-changes', 'kind: only-change'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-rules/0/kind`, message: /only-changes/ },
  { name: 'rule with a stray property', text: broken('          immutable: [id]\n', '          immutable: [id]\n          field: /id\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-rules/0`, message: /unevaluated properties \(field\)/ },
  { name: 'rule without its fields', text: broken('          mutable: [name]\n', ''), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-rules/0`, message: /mutable/ },
  { name: 'rule naming an unknown response field', text: broken('immutable: [id]', 'immutable: [ident]'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-rules/0/immutable/0`, message: /ident is not a property of the 200 response/ },
  { name: 'rule naming an unknown request field', text: broken('mutable: [name]', 'mutable: [id]'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-rules/0/mutable/0`, message: /id is not a request body property/ },
  {
    name: 'duplicate rule id',
    text: broken('      requestBody:', '        - id: thing-only-name\n          kind: new-version\n          field: /id\n          x-hwc-source: { doc: 002_268ff6783fb8df08.txt, table: 功能介绍 }\n      requestBody:'),
    code: 'CONFORM_SPEC_EXTENSION',
    pointer: `${OP}/x-hwc-rules/1/id`,
    message: /duplicate rule id thing-only-name/,
  },
  // what an operation creates and how the run deletes it
  ...(() => {
    const creates = (body: string) => broken('      x-hwc-mutating: true\n', `      x-hwc-mutating: true\n      x-hwc-creates:\n${body}        x-hwc-source: { doc: 002_268ff6783fb8df08.txt, table: 功能介绍 }\n`);
    const C = `${OP}/x-hwc-creates`;
    return [
      { name: 'creates without a delete', text: creates('        id: /id\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: C, message: /delete/ },
      { name: 'deleted by an operation the file lacks', text: creates('        id: /id\n        delete: { operation: DeleteThing }\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${C}/delete/operation`, message: /no operation DeleteThing in this file/ },
      { name: 'created id the answer lacks', text: creates('        id: /label\n        delete: { operation: UpdateThing }\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${C}/id`, message: /label is not a property of the answer of UpdateThing/ },
      { name: 'delete binding a parameter the deleter lacks', text: creates('        id: /id\n        delete: { operation: UpdateThing, bind: { thing: { field: /id } } }\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${C}/delete/bind/thing`, message: /thing is not a path parameter of UpdateThing/ },
      { name: 'throwaway for a fixture nothing needs', text: creates('        id: /id\n        delete: { operation: UpdateThing }\n        throwaway: [{ fixture: elb.other }]\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${C}/throwaway/0/fixture`, message: /no operation of this file needs the fixture elb.other/ },
      { name: 'creates on a call that changes nothing', text: creates('        id: /id\n        delete: { operation: UpdateThing }\n').replace('x-hwc-mutating: true', 'x-hwc-mutating: false'), code: 'CONFORM_SPEC_EXTENSION', pointer: C, message: /UpdateThing creates a resource but is not x-hwc-mutating/ },
      { name: 'deleted by an operation that changes nothing', text: withShowThing(creates('        id: /id\n        delete: { operation: ShowThing }\n')), code: 'CONFORM_SPEC_EXTENSION', pointer: `${C}/delete/operation`, message: /ShowThing does not change state; it cannot delete/ },
      { name: 'delete binding a parameter the creating call lacks', text: creates('        id: /id\n        delete: { operation: UpdateThing, bind: { id: { param: thing } } }\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${C}/delete/bind/id`, message: /thing is not a path parameter of UpdateThing/ },
      { name: 'delete binding a field the answer lacks', text: creates('        id: /id\n        delete: { operation: UpdateThing, bind: { id: { field: /label } } }\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${C}/delete/bind/id`, message: /label is not a property of the answer of UpdateThing/ },
      { name: 'throwaway body naming no request property', text: creates('        id: /id\n        delete: { operation: UpdateThing }\n        throwaway: [{ fixture: elb.certificateId, body: { kind: COMMON } }]\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${C}/throwaway/0/body/kind`, message: /kind is not a request body property of UpdateThing/ },
    ] satisfies BrokenCase[];
  })(),
  // supporting operations and observed rules
  { name: 'unknown role', text: broken('      x-hwc-mutating: true\n', '      x-hwc-mutating: true\n      x-hwc-role: helper\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-role`, message: /support/ },
  { name: 'role off an operation', text: broken('          x-hwc-fixture: projectId\n', '          x-hwc-fixture: projectId\n          x-hwc-role: support\n'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/parameters/0/x-hwc-role`, message: /operations/ },
  {
    name: 'read-back through an operation the file lacks',
    text: broken('kind: only-changes\n          mutable: [name]\n          immutable: [id]', 'kind: reads-back\n          observer: ShowThing\n          fields: [/name]'),
    code: 'CONFORM_SPEC_EXTENSION',
    pointer: `${OP}/x-hwc-rules/0/observer`,
    message: /no operation ShowThing in this file/,
  },
  {
    name: 'read-back of a field the call does not answer',
    text: broken('kind: only-changes\n          mutable: [name]\n          immutable: [id]', 'kind: reads-back\n          observer: UpdateThing\n          fields: [/label]'),
    code: 'CONFORM_SPEC_EXTENSION',
    pointer: `${OP}/x-hwc-rules/0/fields/0`,
    message: /label is not a property of the 200 response/,
  },
  {
    name: 'read-back through an operation that changes state',
    text: broken('kind: only-changes\n          mutable: [name]\n          immutable: [id]', 'kind: reads-back\n          observer: UpdateThing\n          fields: [/name]'),
    code: 'CONFORM_SPEC_EXTENSION',
    pointer: `${OP}/x-hwc-rules/0/observer`,
    message: /UpdateThing changes state; an observer only reads/,
  },
  {
    name: 'label rule observed through an operation that changes state',
    text: broken(
      'kind: only-changes\n          mutable: [name]\n          immutable: [id]',
      'kind: moves-label\n          label: CURRENT\n          version: /id\n          current: { observer: UpdateThing, bind: { stage: { value: CURRENT } }, field: /id }\n          listing: { observer: UpdateThing, items: /id, key: /id, labels: /id }',
    ),
    code: 'CONFORM_SPEC_EXTENSION',
    pointer: `${OP}/x-hwc-rules/0/current/observer`,
    message: /changes state/,
  },
  {
    name: 'label rule binding a parameter its observer lacks',
    text: withShowThing(
      broken(
        'kind: only-changes\n          mutable: [name]\n          immutable: [id]',
        'kind: moves-label\n          label: CURRENT\n          version: /id\n          current: { observer: ShowThing, bind: { stage: { value: CURRENT } }, field: /id }\n          listing: { observer: ShowThing, items: /id, key: /id, labels: /id }',
      ),
    ),
    code: 'CONFORM_SPEC_EXTENSION',
    pointer: `${OP}/x-hwc-rules/0/current/bind/stage`,
    message: /rule thing-only-name: stage is not a path parameter of ShowThing/,
  },
  { name: 'mask pointer that is not a JSON pointer', text: broken('kind: only-changes\n          mutable: [name]\n          immutable: [id]', 'kind: mask\n          field: id\n          mask: "***"'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-rules/0/field`, message: /pattern/ },
  { name: 'unchanged with both fields and allBut', text: broken('kind: only-changes\n          mutable: [name]\n          immutable: [id]', 'kind: unchanged\n          fields: [id]\n          allBut: [name]'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-rules/0`, message: /./ },
  { name: 'unchanged with neither fields nor allBut', text: broken('kind: only-changes\n          mutable: [name]\n          immutable: [id]', 'kind: unchanged'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-rules/0`, message: /./ },
  { name: 'unchanged naming a field the answer does not have', text: broken('kind: only-changes\n          mutable: [name]\n          immutable: [id]', 'kind: unchanged\n          allBut: [nme]'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-rules/0/allBut/0`, message: /nme is not a property/ },
  { name: 'reflects naming a field the request does not have', text: broken('kind: only-changes\n          mutable: [name]\n          immutable: [id]', 'kind: reflects\n          fields: [id]'), code: 'CONFORM_SPEC_EXTENSION', pointer: `${OP}/x-hwc-rules/0/fields/0`, message: /id is not a request body property/ },
];

describe('broken specs', () => {
  it('an unchanged rule written as allBut lists every other declared field', async () => {
    const spec = await loadSpec(write(broken('kind: only-changes\n          mutable: [name]\n          immutable: [id]', 'kind: unchanged\n          allBut: [name]')));
    expect(spec.operations[0]!.rules[0]).toMatchObject({ kind: 'unchanged', fields: ['id'], allBut: ['name'] });
  });

  it('the base spec itself loads', async () => {
    const spec = await loadSpec(write(BASE));
    expect(spec.operations.map((o) => o.id)).toEqual(['UpdateThing']);
  });

  it('an x-hwc-creates loads as what the run creates, deletes and may stand in for', async () => {
    const text = broken(
      '      x-hwc-mutating: true\n',
      '      x-hwc-mutating: true\n      x-hwc-creates:\n        id: /id\n        delete: { operation: UpdateThing, bind: { id: { field: /id } } }\n        throwaway: [{ fixture: elb.certificateId, body: { name: conform } }]\n        x-hwc-source: { doc: 002_268ff6783fb8df08.txt, table: 功能介绍 }\n',
    );
    const spec = await loadSpec(write(text));
    expect(spec.operations[0]!.creates).toEqual({
      id: '/id',
      delete: { observer: 'UpdateThing', bind: { id: { field: '/id' } } },
      throwaway: [{ fixture: 'elb.certificateId', body: { name: 'conform' } }],
      source: { doc: '002_268ff6783fb8df08.txt', table: '功能介绍' },
    });
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const file = write(c.text);
    const e = await failure(() => loadSpec(file));
    expect(e.code).toBe(c.code);
    const [where, pointer] = [e.where!.slice(0, e.where!.indexOf('#')), e.where!.slice(e.where!.indexOf('#') + 1)];
    expect(path.resolve(where)).toBe(file);
    expect(pointer).toEqual(c.pointer);
    expect(e.message).toMatch(c.message);
    expect(e.message).not.toMatch(/\n/);
    expect(e.oneLine()).toBe(`${c.code}: ${e.where}: ${e.message}`);
    expect(e.exitCode).toBe(2);
  });

  it('gives the line of the mistake in the message', async () => {
    const e = await failure(() => loadSpec(write(broken('x-hwc-mutating: true', 'x-hwc-mutating: yes'))));
    const line = BASE.split('\n').findIndex((l) => l.includes('x-hwc-mutating')) + 1;
    expect(e.message).toMatch(new RegExp(`\\(line ${line}\\)$`));
  });

  it('a missing file', async () => {
    const file = path.join(dir, 'missing.yaml');
    const e = await failure(() => loadSpec(file));
    expect([e.code, e.where]).toEqual(['CONFORM_SPEC_YAML', `${file}#`]);
  });

  it('duplicate operationId across files of a directory', async () => {
    const specsDir = path.join(dir, 'two');
    mkdirSync(specsDir);
    write(BASE, 'a.yaml', specsDir);
    const second = write(BASE, 'b.yaml', specsDir);
    const e = await failure(() => loadSpecs(specsDir));
    expect(e.code).toBe('CONFORM_SPEC_OPENAPI');
    expect(e.where).toBe(`${second}#${OP}/operationId`);
    expect(e.message).toMatch(/duplicate operationId UpdateThing \(also in .*a\.yaml\)/);
  });

  it('a directory without specs, and a missing directory', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    expect((await failure(() => loadSpecs(empty))).code).toBe('CONFORM_SPEC_YAML');
    expect((await failure(() => loadSpecs(path.join(dir, 'nope')))).code).toBe('CONFORM_SPEC_YAML');
  });

  it('loads concurrently without one spec leaking into another', async () => {
    const other = broken('operationId: UpdateThing', 'operationId: OtherThing');
    const files = Array.from({ length: 6 }, (_, i) => write(i % 2 ? BASE : other));
    const specs = await Promise.all(files.map((f) => loadSpec(f)));
    expect(specs.map((s) => s.operations[0]!.id)).toEqual(files.map((_, i) => (i % 2 ? 'UpdateThing' : 'OtherThing')));
  });
});
