/**
 * Rules observed through another operation (`moves-label`, `reads-back`) name that operation and
 * fields of its answer: checked once every operation of the file is built, so a typo fails at
 * load instead of judging nothing.
 */
import { childPointer, parsePointer } from '../json-pointer.ts';
import type { FailAt } from './rules.ts';
import { schemaHasPointer } from './rules.ts';
import type { Binding, JsonSchema, Operation } from './types.ts';

/** The schema a JSON pointer names inside a schema (through `properties` and array `items`). */
function schemaAt(schema: JsonSchema | undefined, pointer: string): JsonSchema | undefined {
  if (!schemaHasPointer(schema, pointer)) return undefined;
  let node: JsonSchema | undefined = schema;
  for (const name of parsePointer(pointer)) {
    node = node?.properties?.[name] as JsonSchema | undefined;
  }
  return node;
}

const itemsOf = (schema: JsonSchema | undefined) => (schema as { items?: JsonSchema } | undefined)?.items;

/** The schema of an operation's success answer. */
export const successSchema = (o: Operation): JsonSchema | undefined => o.responses.find((r) => r.status === o.successStatus)?.schema;

/** The names of an operation's path parameters: what a binding may fill. */
export const pathParamNames = (o: Operation): Set<string> => new Set(o.params.filter((p) => p.in === 'path').map((p) => p.name));

export function checkObservers(operations: readonly Operation[], fail: FailAt): void {
  const byId = new Map(operations.map((o) => [o.id, o] as const));
  for (const op of operations) {
    op.rules.forEach((rule, i) => {
      const at = childPointer('', 'paths', op.path, op.method.toLowerCase(), 'x-hwc-rules', i);
      const observer = (key: string, id: string, bind: Readonly<Record<string, Binding>>): Operation => {
        const found = byId.get(id);
        if (!found) return fail(childPointer(at, ...(key ? [key] : []), 'observer'), `rule ${rule.id}: no operation ${id} in this file`);
        if (found.mutating) fail(childPointer(at, ...(key ? [key] : []), 'observer'), `rule ${rule.id}: ${id} changes state; an observer only reads`);
        const params = pathParamNames(found);
        for (const name of Object.keys(bind)) {
          if (!params.has(name)) fail(childPointer(at, ...(key ? [key] : []), 'bind', name), `rule ${rule.id}: ${name} is not a path parameter of ${id}`);
        }
        return found;
      };
      const need = (schema: JsonSchema | undefined, pointer: string, where: string, what: string) => {
        if (!schemaHasPointer(schema, pointer)) fail(where, `rule ${rule.id}: ${pointer.slice(1)} is not a property of ${what}`);
      };
      if (rule.kind === 'moves-label') {
        const current = observer('current', rule.current.observer, rule.current.bind);
        need(successSchema(current), rule.current.field, childPointer(at, 'current', 'field'), `the answer of ${current.id}`);
        const listing = observer('listing', rule.listing.observer, rule.listing.bind);
        need(successSchema(listing), rule.listing.items, childPointer(at, 'listing', 'items'), `the answer of ${listing.id}`);
        const item = itemsOf(schemaAt(successSchema(listing), rule.listing.items));
        need(item, rule.listing.key, childPointer(at, 'listing', 'key'), `an item of ${rule.listing.items.slice(1)}`);
        need(item, rule.listing.labels, childPointer(at, 'listing', 'labels'), `an item of ${rule.listing.items.slice(1)}`);
      }
      if (rule.kind === 'reads-back') {
        const reader = observer('', rule.observer, rule.bind);
        let record = successSchema(reader);
        if (rule.items !== undefined) {
          need(record, rule.items, childPointer(at, 'items'), `the answer of ${reader.id}`);
          record = itemsOf(schemaAt(record, rule.items));
          need(record, rule.key!, childPointer(at, 'key'), `an item of ${rule.items.slice(1)}`);
        }
        [...rule.fields, ...rule.times].forEach((f) => need(record, f, childPointer(at, 'fields'), `what ${reader.id} answers`));
      }
    });
  }
}
