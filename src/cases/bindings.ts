/**
 * The path of a call that follows another (an observer reading what a call stored, the delete of
 * what a call created): each parameter from its binding, else the earlier call's parameter of the
 * same name, else its fixture.
 */
import { at } from '../json-pointer.ts';
import type { Binding, Operation } from '../spec/types.ts';

/** What the path is filled from: the earlier call's path values and its answer. */
export interface EarlierCall {
  readonly pathParams: Readonly<Record<string, string>>;
  readonly response: { readonly json?: unknown };
}

/** The path values, or the name of what is missing (the call answered no id, say). */
export function boundPath(
  next: Operation,
  bind: Readonly<Record<string, Binding>>,
  call: EarlierCall,
  fixtures: Readonly<Record<string, string>>,
): { values: Record<string, string> } | { missing: string } {
  const values: Record<string, string> = {};
  for (const p of next.params.filter((x) => x.in === 'path')) {
    const b = bind[p.name];
    const value = b === undefined ? call.pathParams[p.name] : 'value' in b ? b.value : 'param' in b ? call.pathParams[b.param] : at(call.response.json, b.field);
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') values[p.name] = String(value);
    else if (b !== undefined || !p.fixture || !fixtures[p.fixture]) return { missing: b && 'field' in b ? `${b.field.slice(1)} in the answer` : p.name };
  }
  return { values };
}
