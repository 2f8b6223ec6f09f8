/**
 * Valid values for any request value other than a top-level string (value-facts.ts): numbers on
 * the grid `multipleOf` draws (each bound drawn on purpose), booleans, enum members, arrays
 * within their item limits (distinct where `uniqueItems`), nested objects with their required
 * properties and "exactly one of" choices, `null` where documented, `oneOf`/`anyOf` alternatives.
 * String leaves are the charset machinery's (valid-string.ts).
 */
import fc from 'fast-check';
import { compileSchema } from '../../spec/compile.ts';
import type { NumberNode, PropNode, RequiredGroup, ValueNode } from '../value-facts.ts';
import { validString } from './valid-string.ts';

/** Steps drawn for a number with no documented bound on that side. */
const UNBOUNDED_STEPS = 1000;
/** Extra items drawn beyond minItems when the document gives no maxItems. */
const UNBOUNDED_ITEMS = 4;

export interface Grid {
  /** every valid value drawn is `k × step`, kLo ≤ k ≤ kHi */
  readonly step: number;
  readonly kLo: number;
  readonly kHi: number;
  /** the bound on each side is documented (else it is a generation cap) */
  readonly lowDocumented: boolean;
  readonly highDocumented: boolean;
}

/** On the grid and exact in floating point: `v / step` is a whole number, the test every reading agrees on. */
export function onGrid(value: number, step: number): boolean {
  return Number.isInteger(value / step);
}

export function gridValue(grid: Grid, k: number): number {
  const v = k * grid.step;
  return Number.isInteger(grid.step) ? v : Number(v.toPrecision(12));
}

/**
 * The valid values of a number as a grid: multiples of `multipleOf` (of 1 for integers, of ½
 * for other numbers, so every value is exact in binary), inside every documented bound.
 * `undefined` when no value fits.
 */
export function numberGrid(n: NumberNode): Grid | undefined {
  const step = n.multipleOf !== undefined && (!n.integer || Number.isInteger(n.multipleOf)) ? n.multipleOf : n.integer ? 1 : 0.5;
  const lowOk = (v: number) => (n.minimum === undefined || v >= n.minimum) && (n.exclusiveMinimum === undefined || v > n.exclusiveMinimum);
  const highOk = (v: number) => (n.maximum === undefined || v <= n.maximum) && (n.exclusiveMaximum === undefined || v < n.exclusiveMaximum);
  const lows = [n.minimum, n.exclusiveMinimum].filter((v): v is number => v !== undefined);
  const highs = [n.maximum, n.exclusiveMaximum].filter((v): v is number => v !== undefined);
  let kLo = lows.length ? Math.ceil(Math.max(...lows) / step) : undefined;
  let kHi = highs.length ? Math.floor(Math.min(...highs) / step) : undefined;
  if (kLo !== undefined) while (!lowOk(kLo * step)) kLo++;
  if (kHi !== undefined) while (!highOk(kHi * step)) kHi--;
  const lo = kLo ?? Math.min(0, kHi ?? 0) - UNBOUNDED_STEPS;
  const hi = kHi ?? Math.max(0, lo) + UNBOUNDED_STEPS;
  if (lo > hi) return undefined;
  return { step, kLo: lo, kHi: hi, lowDocumented: kLo !== undefined, highDocumented: kHi !== undefined };
}

function numberValue(n: NumberNode): fc.Arbitrary<number> {
  const grid = numberGrid(n);
  if (!grid) throw new Error(`numberValue: no valid value for ${n.path}`);
  const range = fc.noBias(fc.integer({ min: grid.kLo, max: grid.kHi }));
  const arms = [{ arbitrary: range, weight: 6 }];
  if (grid.lowDocumented) arms.push({ arbitrary: fc.constant(grid.kLo), weight: 1 });
  if (grid.highDocumented) arms.push({ arbitrary: fc.constant(grid.kHi), weight: 1 });
  return fc
    .oneof(...arms)
    .map((k) => gridValue(grid, k))
    .filter((v) => onGrid(v, grid.step) && (n.multipleOf === undefined || onGrid(v, n.multipleOf)));
}

/** An array of `length` (a number or a range) valid items; distinct when the array says so. */
export function arrayOf(node: Extract<ValueNode, { kind: 'array' }>, length: { min: number; max: number }): fc.Arbitrary<unknown[]> {
  const item = validValue(node.items);
  return node.unique
    ? fc.uniqueArray(item, { minLength: length.min, maxLength: length.max, selector: (v) => JSON.stringify(v) })
    : fc.array(item, { minLength: length.min, maxLength: length.max });
}

export function itemRange(node: Extract<ValueNode, { kind: 'array' }>): { min: number; max: number } {
  return { min: node.minItems, max: node.maxItems ?? node.minItems + UNBOUNDED_ITEMS };
}

/** `values` (by name) in `order`, then anything else. */
export function ordered(order: readonly string[], values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of order) if (Object.hasOwn(values, name) && values[name] !== undefined) out[name] = values[name];
  for (const [k, v] of Object.entries(values)) if (!Object.hasOwn(out, k) && v !== undefined) out[k] = v;
  return out;
}

/**
 * Valid properties for the members of each group: one member of an "exactly one of" group, a
 * non-empty subset of an "at least one of" group. A group with a member in `satisfied` (the
 * property a case sets on purpose) gets nothing more.
 */
export function groupChoices(
  groups: readonly RequiredGroup[],
  valueOf: (name: string) => fc.Arbitrary<unknown>,
  satisfied: readonly string[] = [],
): fc.Arbitrary<Record<string, unknown>> {
  const parts = groups
    .filter((g) => !g.names.some((n) => satisfied.includes(n)))
    .map((g) => {
      const chosen = g.mode === 'exactly-one' ? fc.constantFrom(...g.names).map((n) => [n]) : fc.subarray([...g.names], { minLength: 1 });
      return chosen.chain((names) => fc.tuple(...names.map(valueOf)).map((vs) => Object.fromEntries(names.map((n, i) => [n, vs[i]]))));
    });
  return fc.tuple(...parts).map((objs) => Object.assign({}, ...objs) as Record<string, unknown>);
}

export type Presence = 'never' | 'maybe' | 'always';

/** A valid object: required properties, optional ones per `optional`, every group satisfied; `exclude` left out. */
export function objectOf(
  node: Extract<ValueNode, { kind: 'object' }>,
  options: { optional?: Presence; exclude?: readonly string[] } = {},
): fc.Arbitrary<Record<string, unknown>> {
  const exclude = options.exclude ?? [];
  const grouped = new Set(node.groups.flatMap((g) => g.names));
  const props = node.props.filter((p) => !exclude.includes(p.name) && !grouped.has(p.name) && (p.required || options.optional !== 'never'));
  const byName = new Map(node.props.map((p) => [p.name, p] as const));
  const parts = props.map((p: PropNode) =>
    p.required || options.optional === 'always' ? validValue(p.node) : fc.option(validValue(p.node), { freq: 2, nil: undefined }),
  );
  const order = node.props.map((p) => p.name);
  return fc
    .tuple(fc.tuple(...parts), groupChoices(node.groups, (n) => validValue(byName.get(n)!.node), exclude))
    .map(([values, chosen]) => ordered(order, { ...Object.fromEntries(props.map((p, i) => [p.name, values[i]])), ...chosen }));
}

function alternativesOf(node: Extract<ValueNode, { kind: 'alternatives' }>): fc.Arbitrary<unknown> {
  const arb = fc.oneof(...node.options.map((o) => validValue(o)));
  if (node.mode === 'anyOf') return arb;
  // oneOf: exactly one alternative may match; overlapping alternatives make some values invalid
  const validate = compileSchema(node.schema);
  return arb.filter((v) => validate(v).length === 0);
}

/** Values valid under the node's schema, not `null` even where it is allowed. */
export function presentValue(node: ValueNode): fc.Arbitrary<unknown> {
  switch (node.kind) {
    case 'string':
      return validString(node.leaf);
    case 'number':
      return numberValue(node);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...node.values);
    case 'array':
      return arrayOf(node, itemRange(node));
    case 'object':
      return objectOf(node);
    case 'alternatives':
      return alternativesOf(node);
  }
}

const memo = new WeakMap<ValueNode, fc.Arbitrary<unknown>>();

/** Values valid under the node's schema; `null` now and then where it is documented. */
export function validValue(node: ValueNode): fc.Arbitrary<unknown> {
  let hit = memo.get(node);
  if (!hit) {
    const present = presentValue(node);
    hit = node.nullable ? fc.oneof({ arbitrary: present, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 }) : present;
    memo.set(node, hit);
  }
  return hit;
}
