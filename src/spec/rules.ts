/**
 * `x-hwc-rules` → typed Rules. Shapes were checked by extensions.ts; here each field a rule names
 * must exist, so a typo (`/app_secrett`) fails at load instead of silently judging nothing.
 */
import { childPointer, parsePointer } from '../json-pointer.ts';
import type { Binding, FixtureKey, JsonSchema, ResponseSpec, Rule, Source } from './types.ts';

type Json = Record<string, unknown>;

/** Reports a rule problem at a JSON pointer; never returns. */
export type FailAt = (pointer: string, message: string) => never;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a JSON pointer into a body names a declared property of the schema. */
export function schemaHasPointer(schema: JsonSchema | undefined, pointer: string): boolean {
  let node: unknown = schema;
  for (const name of parsePointer(pointer)) {
    const props = isObject(node) ? node.properties : undefined;
    if (!isObject(props) || !(name in props)) return false;
    node = props[name];
  }
  return true;
}

export function buildRules(
  raw: unknown,
  at: string,
  success: ResponseSpec,
  requestSchema: JsonSchema | undefined,
  pathParamNames: readonly string[],
  fail: FailAt,
): Rule[] {
  const rules = Array.isArray(raw) ? (raw as Json[]) : [];
  const pathParams = new Set(pathParamNames);
  const requestProps = new Set(Object.keys(requestSchema?.properties ?? {}));

  return rules.map((r, i): Rule => {
    const pointer = childPointer(at, 'x-hwc-rules', i);
    const id = r.id as string;
    const source = r['x-hwc-source'] as Source;
    const inResponse = (key: string, field: string, where = childPointer(pointer, key)) => {
      if (!schemaHasPointer(success.schema, field)) {
        fail(where, `rule ${id}: ${field.replace(/^\//, '')} is not a property of the ${success.status} response`);
      }
    };
    const inResponseProps = (key: string, names: readonly string[]) =>
      names.forEach((n, j) => inResponse(key, childPointer('', n), childPointer(pointer, key, j)));
    const inRequest = (key: string, names: readonly string[]) =>
      names.forEach((n, j) => {
        if (!requestProps.has(n)) fail(childPointer(pointer, key, j), `rule ${id}: ${n} is not a request body property`);
      });

    // a binding reads the observed call: its path parameters, its success body
    const checkBindings = (bind: unknown, where: string) => {
      for (const [name, b] of Object.entries(isObject(bind) ? bind : {})) {
        const binding = b as Json;
        if (typeof binding.param === 'string' && !pathParams.has(binding.param)) {
          fail(childPointer(where, name, 'param'), `rule ${id}: ${binding.param} is not a path parameter`);
        }
        if (typeof binding.field === 'string') inResponse('bind', binding.field, childPointer(where, name, 'field'));
      }
    };

    switch (r.kind) {
      case 'mask':
        inResponse('field', r.field as string);
        return { kind: 'mask', id, field: r.field as string, mask: r.mask as string, source };
      case 'never-echo':
        inRequest('fields', r.fields as string[]);
        return { kind: 'never-echo', id, fields: r.fields as string[], source };
      case 'metadata-only':
        return { kind: 'metadata-only', id, forbiddenProperties: r.forbiddenProperties as string[], source };
      case 'only-changes':
        inRequest('mutable', r.mutable as string[]);
        inResponseProps('mutable', r.mutable as string[]);
        inResponseProps('immutable', r.immutable as string[]);
        return { kind: 'only-changes', id, mutable: r.mutable as string[], immutable: r.immutable as string[], source };
      case 'new-version':
        inResponse('field', r.field as string);
        return { kind: 'new-version', id, field: r.field as string, source };
      case 'refuse-secret-type':
        return {
          kind: 'refuse-secret-type',
          id,
          secretType: r.secretType as string,
          fixture: r.fixture as FixtureKey,
          source,
        };
      case 'advances':
        inResponse('field', r.field as string);
        if (r.after !== undefined) inResponse('after', r.after as string);
        return { kind: 'advances', id, field: r.field as string, ...(r.after !== undefined ? { after: r.after as string } : {}), source };
      case 'identifies': {
        inResponse('field', r.field as string);
        const param = r.param as string;
        if (!pathParams.has(param)) fail(childPointer(pointer, 'param'), `rule ${id}: ${param} is not a path parameter`);
        return { kind: 'identifies', id, param, field: r.field as string, source };
      }
      case 'unchanged': {
        const declared = Object.keys(success.schema?.properties ?? {});
        if (r.allBut) {
          inResponseProps('allBut', r.allBut as string[]);
          const but = new Set(r.allBut as string[]);
          return { kind: 'unchanged', id, fields: declared.filter((f) => !but.has(f)), allBut: r.allBut as string[], source };
        }
        inResponseProps('fields', r.fields as string[]);
        return { kind: 'unchanged', id, fields: r.fields as string[], source };
      }
      case 'reflects':
        inRequest('fields', r.fields as string[]);
        inResponseProps('fields', r.fields as string[]);
        return { kind: 'reflects', id, fields: r.fields as string[], source };
      case 'moves-label': {
        inResponse('version', r.version as string);
        const current = r.current as Json;
        const listing = r.listing as Json;
        // the observers' own fields are checked once every operation of the file is built (observers.ts)
        for (const [key, b] of [['current', current], ['listing', listing]] as const) checkBindings(b.bind, childPointer(pointer, key, 'bind'));
        return {
          kind: 'moves-label',
          id,
          label: r.label as string,
          version: r.version as string,
          current: { observer: current.observer as string, bind: (current.bind ?? {}) as Record<string, Binding>, field: current.field as string },
          listing: {
            observer: listing.observer as string,
            bind: (listing.bind ?? {}) as Record<string, Binding>,
            items: listing.items as string,
            key: listing.key as string,
            labels: listing.labels as string,
          },
          source,
        };
      }
      case 'reads-back': {
        checkBindings(r.bind, childPointer(pointer, 'bind'));
        (r.fields as string[]).forEach((f, j) => inResponse('fields', f, childPointer(pointer, 'fields', j)));
        ((r.times as string[] | undefined) ?? []).forEach((f, j) => inResponse('times', f, childPointer(pointer, 'times', j)));
        if ((r.items === undefined) !== (r.key === undefined)) fail(pointer, `rule ${id}: items and key go together`);
        if (r.key !== undefined) inResponse('key', r.key as string);
        return {
          kind: 'reads-back',
          id,
          observer: r.observer as string,
          bind: (r.bind ?? {}) as Record<string, Binding>,
          ...(r.items !== undefined ? { items: r.items as string, key: r.key as string } : {}),
          fields: r.fields as string[],
          times: (r.times as string[] | undefined) ?? [],
          source,
        };
      }
      default:
        // extensions.ts admits only the kinds above
        return fail(childPointer(pointer, 'kind'), `unknown rule kind ${String(r.kind)}`);
    }
  });
}
