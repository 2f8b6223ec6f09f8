/**
 * `x-hwc-creates`: what an operation's success creates and how the run deletes it. Checked once
 * every operation of the file is built, so a typo fails at load instead of leaving resources
 * behind on a live account.
 */
import { childPointer } from '../json-pointer.ts';
import { fixturesOf } from './catalog.ts';
import { pathParamNames, successSchema } from './observers.ts';
import type { FailAt } from './rules.ts';
import { schemaHasPointer } from './rules.ts';
import type { Binding, Creates, FixtureKey, Operation, Source } from './types.ts';

type Json = Record<string, unknown>;

/** The typed form of a validated `x-hwc-creates` value. */
export function createsOf(raw: Json): Creates {
  const del = raw.delete as { operation: string; bind?: Record<string, Binding> };
  const throwaway = (raw.throwaway as { fixture: FixtureKey; body?: Json }[] | undefined) ?? [];
  return {
    id: raw.id as string,
    delete: { observer: del.operation, bind: del.bind ?? {} },
    throwaway: throwaway.map((t) => ({ fixture: t.fixture, body: t.body ?? {} })),
    source: raw['x-hwc-source'] as Source,
  };
}

export function checkCreates(operations: readonly Operation[], fail: FailAt): void {
  const byId = new Map(operations.map((o) => [o.id, o] as const));
  const named = new Set(operations.flatMap(fixturesOf));
  for (const op of operations) {
    const creates = op.creates;
    if (!creates) continue;
    const at = childPointer('', 'paths', op.path, op.method.toLowerCase(), 'x-hwc-creates');
    if (!op.mutating) fail(at, `${op.id} creates a resource but is not x-hwc-mutating`);
    if (!schemaHasPointer(successSchema(op), creates.id)) fail(childPointer(at, 'id'), `${creates.id.slice(1)} is not a property of the answer of ${op.id}`);
    const deleter = byId.get(creates.delete.observer);
    if (!deleter) {
      fail(childPointer(at, 'delete', 'operation'), `no operation ${creates.delete.observer} in this file`);
    } else {
      if (!deleter.mutating) fail(childPointer(at, 'delete', 'operation'), `${deleter.id} does not change state; it cannot delete`);
      const params = pathParamNames(deleter);
      const ownParams = pathParamNames(op);
      for (const [name, b] of Object.entries(creates.delete.bind)) {
        const where = childPointer(at, 'delete', 'bind', name);
        if (!params.has(name)) fail(where, `${name} is not a path parameter of ${deleter.id}`);
        if ('param' in b && !ownParams.has(b.param)) fail(where, `${b.param} is not a path parameter of ${op.id}`);
        if ('field' in b && !schemaHasPointer(successSchema(op), b.field)) fail(where, `${b.field.slice(1)} is not a property of the answer of ${op.id}`);
      }
    }
    const properties = op.requestBody?.schema.properties ?? {};
    creates.throwaway.forEach((t, i) => {
      const where = childPointer(at, 'throwaway', i);
      if (!named.has(t.fixture)) fail(childPointer(where, 'fixture'), `no operation of this file needs the fixture ${t.fixture}`);
      for (const key of Object.keys(t.body)) {
        if (!(key in properties)) fail(childPointer(where, 'body', key), `${key} is not a request body property of ${op.id}`);
      }
    });
  }
}
