/**
 * Turns a validated, dereferenced document into typed Operations, checking what JSON Schema
 * cannot: each operation carries its extensions, names its sources and documents exactly one
 * success status; its status lists name documented statuses. Each response schema compiles once.
 */
import type { OpenAPIV3_1 } from 'openapi-types';
import { isConformError } from '../errors.ts';
import { compileSchema, compileSchemaLazily, type Validate } from './compile.ts';
import type { SpecSource } from './load.ts';
import { childPointer } from '../json-pointer.ts';
import { checkCreates, createsOf } from './creates.ts';
import { checkObservers } from './observers.ts';
import { buildRules } from './rules.ts';
import { specError, type SpecErrorCode } from './spec-error.ts';
import type {
  FixtureKey,
  HttpMethod,
  JsonSchema,
  Operation,
  ParamSpec,
  ResponseSpec,
  ServiceName,
  Source,
} from './types.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const METHODS: ReadonlySet<string> = new Set(['get', 'put', 'post', 'delete', 'patch']);
const UNSUPPORTED_METHODS: ReadonlySet<string> = new Set(['head', 'options', 'trace']);
const JSON_MEDIA = 'application/json';

class Builder {
  constructor(
    private readonly source: SpecSource,
    private readonly lazy: boolean,
  ) {}

  fail(code: SpecErrorCode, pointer: string, message: string): never {
    throw specError(code, this.source.file, pointer, message, { line: this.source.lineOf(pointer) });
  }

  /** The `x-hwc-source` a node must carry. */
  sourceOf(node: Json, pointer: string, what: string): Source {
    const s = node['x-hwc-source'];
    if (!isObject(s)) {
      this.fail('CONFORM_SPEC_EXTENSION', childPointer(pointer, 'x-hwc-source'), `${what} has no x-hwc-source`);
    }
    return s as unknown as Source;
  }

  compile(schema: unknown, pointer: string): Validate {
    // a spec from the validated cache compiled without error before
    if (this.lazy) return compileSchemaLazily(schema as JsonSchema);
    try {
      return compileSchema(schema as JsonSchema);
    } catch (e) {
      if (isConformError(e)) this.fail('CONFORM_SPEC_OPENAPI', pointer, e.message);
      throw e;
    }
  }

  operation(path: string, item: Json, method: string, op: Json, service: ServiceName): Operation {
    const at = childPointer('', 'paths', path, method);
    const id = op.operationId;
    if (typeof id !== 'string') {
      this.fail('CONFORM_SPEC_OPENAPI', at, `${method.toUpperCase()} ${path} has no operationId`);
    }
    const what = `operation ${id}`;
    const source = this.sourceOf(op, at, what);
    for (const ext of ['x-hwc-mutating', 'x-hwc-auth-failure', 'x-hwc-not-found']) {
      if (op[ext] === undefined) this.fail('CONFORM_SPEC_EXTENSION', childPointer(at, ext), `${what} has no ${ext}`);
    }

    const params = this.params(path, item, op, at);
    const requestBody = this.requestBody(op, at, what);
    const responses = this.responses(op, at, what);

    const success = responses.filter((r) => r.status >= 200 && r.status < 300);
    if (success.length !== 1) {
      this.fail(
        'CONFORM_SPEC_OPENAPI',
        childPointer(at, 'responses'),
        `${what} must document exactly one 2xx status, found ${success.length}`,
      );
    }
    const documented = new Set(responses.map((r) => r.status));
    const statusList = (ext: string): number[] => {
      const list = op[ext] as number[];
      list.forEach((status, i) => {
        if (!documented.has(status)) {
          this.fail('CONFORM_SPEC_EXTENSION', childPointer(at, ext, i), `${ext}: ${status} is not a documented status of ${id}`);
        }
      });
      return list;
    };

    const pathParamNames = params.filter((p) => p.in === 'path').map((p) => p.name);
    const rules = buildRules(op['x-hwc-rules'], at, success[0]!, requestBody?.schema, pathParamNames, (pointer, message) =>
      this.fail('CONFORM_SPEC_EXTENSION', pointer, message),
    );
    return {
      id,
      service,
      method: method.toUpperCase() as HttpMethod,
      path,
      summary: typeof op.summary === 'string' ? op.summary : id,
      params,
      ...(requestBody ? { requestBody } : {}),
      responses,
      successStatus: success[0]!.status,
      authFailureStatuses: statusList('x-hwc-auth-failure'),
      notFoundStatuses: statusList('x-hwc-not-found'),
      mutating: op['x-hwc-mutating'] as boolean,
      ...(op['x-hwc-role'] === 'support' ? { role: 'support' as const } : {}),
      ...(isObject(op['x-hwc-creates']) ? { creates: createsOf(op['x-hwc-creates']) } : {}),
      rules,
      source,
      raw: op as unknown as OpenAPIV3_1.OperationObject,
    };
  }

  params(path: string, item: Json, op: Json, at: string): ParamSpec[] {
    // operation-level parameters override path-level ones with the same name and location
    const merged = new Map<string, { param: Json; pointer: string }>();
    const add = (list: unknown, base: string) => {
      if (!Array.isArray(list)) return;
      list.forEach((param: Json, i) => {
        merged.set(`${param.in}:${param.name}`, { param, pointer: childPointer(base, 'parameters', i) });
      });
    };
    add(item.parameters, childPointer('', 'paths', path));
    add(op.parameters, at);

    const result = [...merged.values()].map(({ param, pointer }) => this.param(param, pointer));

    const templated = new Set([...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!));
    const declared = new Set(result.filter((p) => p.in === 'path').map((p) => p.name));
    for (const name of templated) {
      if (!declared.has(name)) this.fail('CONFORM_SPEC_OPENAPI', at, `path parameter {${name}} of ${path} is not declared`);
    }
    for (const name of declared) {
      if (!templated.has(name)) this.fail('CONFORM_SPEC_OPENAPI', at, `path parameter ${name} does not appear in ${path}`);
    }
    return result;
  }

  param(param: Json, pointer: string): ParamSpec {
    const name = String(param.name);
    const location = param.in;
    if (location !== 'path' && location !== 'header' && location !== 'query') {
      this.fail('CONFORM_SPEC_OPENAPI', childPointer(pointer, 'in'), `parameter ${name}: location ${String(location)} is not supported`);
    }
    if (!isObject(param.schema)) this.fail('CONFORM_SPEC_OPENAPI', pointer, `parameter ${name} needs a schema`);
    const source = this.sourceOf(param, pointer, `parameter ${name}`);
    const fixture = param['x-hwc-fixture'] as FixtureKey | undefined;
    const fixtureAt = childPointer(pointer, 'x-hwc-fixture');
    if (location === 'path' && fixture === undefined) {
      this.fail('CONFORM_SPEC_EXTENSION', fixtureAt, `path parameter ${name} has no x-hwc-fixture`);
    }
    if (location !== 'path' && fixture !== undefined) {
      this.fail('CONFORM_SPEC_EXTENSION', fixtureAt, `x-hwc-fixture belongs on path parameters only (${name} is in ${location})`);
    }
    return {
      name,
      in: location,
      required: param.required === true,
      schema: param.schema as JsonSchema,
      ...(fixture ? { fixture } : {}),
      source,
    };
  }

  requestBody(op: Json, at: string, what: string): Operation['requestBody'] {
    const body = op.requestBody;
    if (!isObject(body)) return undefined;
    const pointer = childPointer(at, 'requestBody');
    const source = this.sourceOf(body, pointer, `request body of ${what}`);
    const schemaAt = childPointer(pointer, 'content', JSON_MEDIA, 'schema');
    const schema = ((body.content as Json | undefined)?.[JSON_MEDIA] as Json | undefined)?.schema;
    if (!isObject(schema)) this.fail('CONFORM_SPEC_OPENAPI', schemaAt, `request body of ${what} needs an ${JSON_MEDIA} schema`);
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const [name, prop] of Object.entries(properties)) {
      if (isObject(prop)) this.sourceOf(prop, childPointer(schemaAt, 'properties', name), `request property ${name}`);
    }
    // compiled now so that a broken request schema fails at load, not in the middle of a run
    if (!this.lazy) this.compile(schema, schemaAt);
    return { required: body.required === true, schema: schema as JsonSchema, source };
  }

  responses(op: Json, at: string, what: string): ResponseSpec[] {
    const responses = isObject(op.responses) ? op.responses : {};
    return Object.entries(responses).map(([key, response]): ResponseSpec => {
      const pointer = childPointer(at, 'responses', key);
      if (!/^[1-5][0-9][0-9]$/.test(key)) {
        this.fail('CONFORM_SPEC_OPENAPI', pointer, `response ${key}: the specs list concrete status codes, as the documents do`);
      }
      const r = response as Json;
      const source = this.sourceOf(r, pointer, `response ${key} of ${what}`);
      const media = (r.content as Json | undefined)?.[JSON_MEDIA] as Json | undefined;
      const schema = media?.schema as JsonSchema | undefined;
      const schemaAt = childPointer(pointer, 'content', JSON_MEDIA, 'schema');
      return {
        status: Number(key),
        description: String(r.description ?? ''),
        ...(schema !== undefined ? { schema, validate: this.compile(schema, schemaAt) } : {}),
        source,
      };
    });
  }
}

/**
 * `compile: 'lazy'` is for specs from the validated cache, which compiled before: their
 * validators compile on first use, so a run pays only for the operations it exercises.
 */
export function buildOperations(source: SpecSource, doc: Json, service: ServiceName, compile: 'eager' | 'lazy' = 'eager'): Operation[] {
  const builder = new Builder(source, compile === 'lazy');
  const found: { path: string; item: Json; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!isObject(op)) continue;
      if (UNSUPPORTED_METHODS.has(method)) {
        builder.fail('CONFORM_SPEC_OPENAPI', childPointer('', 'paths', path, method), `method ${method.toUpperCase()} is not supported`);
      }
      if (METHODS.has(method)) found.push({ path, item, method, op });
    }
  }

  // OpenAPI requires unique operationIds; checked before anything else about the operations
  const seen = new Map<unknown, string>();
  for (const { path, method, op } of found) {
    const at = childPointer('', 'paths', path, method);
    const before = seen.get(op.operationId);
    if (before !== undefined && op.operationId !== undefined) {
      builder.fail(
        'CONFORM_SPEC_OPENAPI',
        childPointer(at, 'operationId'),
        `duplicate operationId ${String(op.operationId)} (first at ${before})`,
      );
    }
    seen.set(op.operationId, at);
  }

  const operations = found.map(({ path, item, method, op }) => builder.operation(path, item, method, op, service));
  checkObservers(operations, (pointer, message) => builder.fail('CONFORM_SPEC_EXTENSION', pointer, message));
  checkCreates(operations, (pointer, message) => builder.fail('CONFORM_SPEC_EXTENSION', pointer, message));
  return operations;
}
