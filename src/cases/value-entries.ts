/**
 * The cases of a request value that is not a top-level string (value-facts.ts): valid values at
 * each documented edge, and values that break exactly one documented constraint — below a
 * minimum, above a maximum, on an exclusive bound, off a `multipleOf` grid, a fraction for an
 * integer, outside an enum, too few / too many / repeated items, a missing nested property, both
 * or neither of an "exactly one of" pair, a value no alternative accepts, a wrong JSON type,
 * null — each naming the constraint and the path it breaks. Nested values are wrapped into a
 * valid parent, so the one broken constraint stays the only one. String leaves get the charset
 * machinery's cases (string-entries.ts).
 */
import fc from 'fast-check';
import { compileSchema } from '../spec/compile.ts';
import type { Operation, Source } from '../spec/types.ts';
import type { Draft } from './draft.ts';
import type { FieldSpec } from './fields.ts';
import type { GenContext } from './generators/context.ts';
import { arrayOf, gridValue, itemRange, numberGrid, objectOf, onGrid, ordered, presentValue, validValue } from './generators/valid-value.ts';
import { UNKNOWN_FIELD } from './generators/unknown-field.ts';
import { stringEntries, stringRejectArms } from './string-entries.ts';
import type { ConstraintKind, Expectation } from './types.ts';
import type { NumberNode, ValueNode } from './value-facts.ts';
import { describeAt, groupRule, valueRule } from './wording.ts';

/** A value of a node that breaks one documented constraint somewhere inside it. */
export interface Bad {
  readonly value: unknown;
  /** path of the broken value (`config.level`, `tags[]`) */
  readonly at: string;
  /** the broken value in words, with the constraint: `config.level 101 (maximum)` */
  readonly note: string;
  readonly constraint: ConstraintKind;
  readonly rule: string;
  readonly detail: string;
  readonly expect: Expectation;
  readonly source: Source;
}

/** A valid value of a node at one documented edge. */
interface Good {
  readonly value: unknown;
  /** `config.level 100 (maximum)` */
  readonly why: string;
}

interface Labelled<T> {
  /** stable: seeds the boundary value, names the entry in tests */
  readonly label: string;
  readonly arbitrary: fc.Arbitrary<T>;
}

interface NodeContext {
  readonly operation: Operation;
  /** required in its parent: decides whether `null` is refused or undecided */
  readonly required: boolean;
  /** boundary: every case, each expectation; random: the `reject` ones only */
  readonly phase: 'boundary' | 'random';
}

type BadSpec = Omit<Bad, 'value' | 'note' | 'at' | 'source' | 'rule'> & { readonly rule?: string };

function bad(node: ValueNode, label: string, spec: Omit<BadSpec, 'detail'>, values: fc.Arbitrary<unknown>, detail: (v: unknown) => string): Labelled<Bad> {
  return {
    label,
    arbitrary: values.map((value) => ({
      value,
      at: node.path,
      note: `${describeAt(node.path, value)} (${spec.constraint})`,
      constraint: spec.constraint,
      rule: spec.rule ?? valueRule(node),
      detail: detail(value),
      expect: spec.expect,
      source: node.source,
    })),
  };
}

// ---- string leaves: the charset machinery, unwrapped from a one-property body

function leafContext(operation: Operation, leaf: FieldSpec): GenContext {
  return { operation, spec: { required: true, fields: [leaf], groups: [], closed: false, source: leaf.source }, rest: 'required' };
}

function leafValue(leaf: FieldSpec, draft: Draft): unknown {
  return draft.body.kind === 'json' ? (draft.body.value as Record<string, unknown>)[leaf.name] : undefined;
}

function draftToBad(leaf: FieldSpec, draft: Draft): Bad {
  const v = draft.violation!;
  return { value: leafValue(leaf, draft), at: v.field ?? leaf.name, note: draft.note, constraint: v.constraint, rule: v.rule, detail: v.detail, expect: draft.expect, source: v.source };
}

function stringBads(leaf: FieldSpec, ctx: NodeContext): Labelled<Bad>[] {
  const gen = leafContext(ctx.operation, leaf);
  if (ctx.phase === 'random') {
    return stringRejectArms(gen, leaf, { missing: false })
      .filter((a): a is fc.Arbitrary<Draft> => a !== undefined)
      .map((a, i) => ({ label: `${leaf.name}/arm-${i}`, arbitrary: a.map((d) => draftToBad(leaf, d)) }));
  }
  return stringEntries(gen, leaf)
    .filter((e) => e.arbitrary && !e.accept && !e.label.endsWith('/missing'))
    .map((e) => ({ label: e.label, arbitrary: e.arbitrary!.map((d) => draftToBad(leaf, d)) }));
}

function stringGoods(leaf: FieldSpec, operation: Operation): Labelled<Good>[] {
  return stringEntries(leafContext(operation, leaf), leaf)
    .filter((e) => e.arbitrary && e.accept)
    .map((e) => ({ label: e.label, arbitrary: e.arbitrary!.map((d) => ({ value: leafValue(leaf, d), why: d.note })) }));
}

// ---- wrong JSON types and null, for every kind

function wrongTypes(node: ValueNode, ctx: NodeContext): Labelled<Bad>[] {
  const v = presentValue(node);
  const as = (type: string) => (x: unknown) => `sent ${node.path} as ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} (${JSON.stringify(x)})`;
  const out: Labelled<Bad>[] = [];
  const add = (type: string, expect: Expectation, values: fc.Arbitrary<unknown>) => {
    if (ctx.phase === 'random' && expect !== 'reject') return;
    out.push(bad(node, `${node.path}/type-${type}`, { constraint: 'type', expect }, values, as(type)));
  };
  // Scalars in another scalar type: `either`. Jackson, pydantic and other binders coerce "12"
  // to 12 and 1 to true by default, and the documents say nothing about coercion.
  if (node.kind === 'number') {
    add('string', 'either', v.map((x) => String(x)));
    add('boolean', 'either', fc.boolean());
  }
  if (node.kind === 'boolean') {
    add('string', 'either', v.map((x) => String(x)));
    add('number', 'either', v.map((x) => (x ? 1 : 0)));
  }
  if (node.kind !== 'object' && node.kind !== 'alternatives') add('object', 'reject', v.map((x) => ({ value: x })));
  if (node.kind !== 'array' && node.kind !== 'alternatives') add('array', 'reject', v.map((x) => [x]));
  if (node.kind === 'object') add('string', 'reject', v.map((x) => JSON.stringify(x)));
  // one item where an array goes: Jackson's ACCEPT_SINGLE_VALUE_AS_ARRAY reads it as a list of one
  if (node.kind === 'array') add('item', 'either', presentValue(node.items));
  return out;
}

function nullBad(node: ValueNode, ctx: NodeContext): Labelled<Bad>[] {
  if (node.nullable) return [];
  // an optional value sent as null: many binders read it as "not given" (as for strings, null-value.ts)
  const expect: Expectation = ctx.required ? 'reject' : 'either';
  if (ctx.phase === 'random' && expect !== 'reject') return [];
  return [bad(node, `${node.path}/null`, { constraint: 'null', expect, rule: `${valueRule(node)}, not null` }, fc.constant(null), () => `sent ${node.path}: null`)];
}

// ---- numbers

function numberBads(n: NumberNode, ctx: NodeContext): Labelled<Bad>[] {
  const grid = numberGrid(n);
  if (!grid) return [];
  const out: Labelled<Bad>[] = [];
  const random = ctx.phase === 'random';
  const beyond = (edge: number, dir: -1 | 1) =>
    random ? fc.noBias(fc.oneof(fc.constant(edge), fc.integer({ min: Math.min(edge, edge + 9 * dir), max: Math.max(edge, edge + 9 * dir) }))) : fc.constant(edge);
  if (grid.lowDocumented) {
    const edge = gridValue(grid, grid.kLo - 1);
    const constraint = n.minimum !== undefined && edge < n.minimum ? 'minimum' : 'exclusiveMinimum';
    const bound = constraint === 'minimum' ? `minimum ${n.minimum}` : `exclusive minimum ${n.exclusiveMinimum}`;
    out.push(bad(n, `${n.path}/below-min`, { constraint, expect: 'reject' }, beyond(grid.kLo - 1, -1).map((k) => gridValue(grid, k)), (v) => `sent ${n.path} ${v}, below the documented ${bound}`));
  }
  if (grid.highDocumented) {
    const edge = gridValue(grid, grid.kHi + 1);
    const constraint = n.maximum !== undefined && edge > n.maximum ? 'maximum' : 'exclusiveMaximum';
    const bound = constraint === 'maximum' ? `maximum ${n.maximum}` : `exclusive maximum ${n.exclusiveMaximum}`;
    out.push(bad(n, `${n.path}/above-max`, { constraint, expect: 'reject' }, beyond(grid.kHi + 1, 1).map((k) => gridValue(grid, k)), (v) => `sent ${n.path} ${v}, above the documented ${bound}`));
  }
  if (grid.kHi > grid.kLo) {
    const inside = random ? fc.noBias(fc.integer({ min: grid.kLo, max: grid.kHi - 1 })) : fc.constant(grid.kLo);
    const m = n.multipleOf;
    const offset = m === undefined ? undefined : n.integer ? (grid.step >= 2 ? 1 : undefined) : grid.step / 2;
    if (m !== undefined && offset !== undefined) {
      const values = inside.map((k) => gridValue(grid, k) + offset).filter((v) => !onGrid(v, m));
      out.push(bad(n, `${n.path}/off-grid`, { constraint: 'multipleOf', expect: 'reject' }, values, (v) => `sent ${n.path} ${v}, not a multiple of ${m}`));
    }
    // Jackson's ACCEPT_FLOAT_AS_INT (on by default) truncates 2.5 to 2: undecided, like other coercions
    if (n.integer && grid.step === 1 && !random) {
      out.push(bad(n, `${n.path}/fraction`, { constraint: 'type', expect: 'either' }, inside.map((k) => k + 0.5), (v) => `sent ${n.path} ${v}, not a whole number`));
    }
  }
  return out;
}

// ---- enums

function unlisted(values: readonly unknown[]): unknown {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  if (numbers.length === values.length) return Math.floor(Math.max(...numbers)) + 1;
  const booleans = values.filter((v): v is boolean => typeof v === 'boolean');
  if (booleans.length === values.length && booleans.length === 1) return !booleans[0];
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (strings.length === values.length) return strings.includes('CONFORM_UNLISTED') ? `${strings[0]}_X` : 'CONFORM_UNLISTED';
  return { conform: 'unlisted' };
}

// ---- arrays

function domainSize(node: ValueNode): number {
  return node.kind === 'boolean' ? 2 : node.kind === 'enum' ? node.values.length : Number.POSITIVE_INFINITY;
}

function arrayBads(node: Extract<ValueNode, { kind: 'array' }>, ctx: NodeContext): Labelled<Bad>[] {
  const out: Labelled<Bad>[] = [];
  const fits = (n: number) => !node.unique || n <= domainSize(node.items);
  const sized = (n: number) => arrayOf(node, { min: n, max: n });
  if (node.minItems > 0) {
    const n = node.minItems - 1;
    // an empty array in an optional property: "not given" to many services (as "" for strings)
    const expect: Expectation = n === 0 && !ctx.required ? 'either' : 'reject';
    if (ctx.phase === 'boundary' || expect === 'reject') {
      out.push(bad(node, `${node.path}/min-items-1`, { constraint: 'minItems', expect }, sized(n), () => `sent ${n} items in ${node.path}`));
    }
  }
  if (node.maxItems !== undefined && fits(node.maxItems + 1)) {
    const n = node.maxItems + 1;
    out.push(bad(node, `${node.path}/max-items+1`, { constraint: 'maxItems', expect: 'reject' }, sized(n), () => `sent ${n} items in ${node.path}`));
  }
  const pair = Math.max(2, node.minItems);
  if (node.unique && (node.maxItems === undefined || node.maxItems >= pair) && fits(pair - 1)) {
    const values = sized(pair - 1).map((items) => [...items, items[0]]);
    out.push(bad(node, `${node.path}/duplicate`, { constraint: 'uniqueItems', expect: 'reject' }, values, (v) => `sent ${node.path} with ${JSON.stringify((v as unknown[])[0])} twice`));
  }
  if (node.maxItems !== 0) {
    const n = Math.max(1, node.minItems);
    for (const child of nodeBads(node.items, { ...ctx, required: true })) {
      out.push(wrap(child, fc.tuple(sized(n - 1), fc.nat(n - 1)), ([items, i], value) => [...items.slice(0, i), value, ...items.slice(i)]));
    }
  }
  return out;
}

// ---- objects

function objectBads(node: Extract<ValueNode, { kind: 'object' }>, ctx: NodeContext): Labelled<Bad>[] {
  const out: Labelled<Bad>[] = [];
  const order = node.props.map((p) => p.name);
  const byName = new Map(node.props.map((p) => [p.name, p] as const));
  for (const p of node.props.filter((q) => q.required)) {
    const at = `${node.path}.${p.name}`;
    out.push({
      label: `${at}/missing`,
      arbitrary: objectOf(node, { exclude: [p.name], optional: 'never' }).map((value) => ({
        value,
        at,
        note: `no ${at} (required)`,
        constraint: 'required',
        rule: `${at}: required`,
        detail: `omitted ${at}`,
        expect: 'reject',
        source: p.node.source,
      })),
    });
  }
  if (ctx.phase === 'boundary' || node.closed) {
    const at = `${node.path}.${UNKNOWN_FIELD}`;
    out.push({
      label: `${node.path}/unknown-property`,
      arbitrary: objectOf(node, { optional: 'never' }).map((value) => ({
        value: { ...value, [UNKNOWN_FIELD]: 'conform' },
        at,
        note: `${node.path} plus ${UNKNOWN_FIELD} (unknown-field)`,
        constraint: 'unknown-field',
        rule: node.closed ? `${node.path}: no properties beyond those documented` : `${node.path}: the documents list its properties and say nothing of others`,
        detail: `sent an undocumented property ${at}`,
        expect: node.closed ? 'reject' : 'either',
        source: node.source,
      })),
    });
  }
  node.groups.forEach((g, gi) => {
    const prefix = `${node.path}.`;
    const others = objectOf(node, { exclude: g.names, optional: 'never' });
    const groupBad = (label: string, values: fc.Arbitrary<Record<string, unknown>>, detail: string): Labelled<Bad> => ({
      label: `${node.path}/group-${gi}-${label}`,
      arbitrary: values.map((value) => ({
        value: ordered(order, value),
        at: node.path,
        note: `${node.path} with ${detail} (${g.mode})`,
        constraint: g.mode,
        rule: `${node.path}: ${groupRule(g, prefix)}`,
        detail: `sent ${detail}`,
        expect: 'reject',
        source: g.source,
      })),
    });
    out.push(groupBad('none', others, `none of ${g.names.map((n) => prefix + n).join(', ')}`));
    if (g.mode === 'exactly-one') {
      const [a, b] = g.names as [string, string];
      const both = fc.tuple(others, validValue(byName.get(a)!.node), validValue(byName.get(b)!.node)).map(([o, va, vb]) => ({ ...o, [a]: va, [b]: vb }));
      out.push(groupBad('both', both, `both ${prefix}${a} and ${prefix}${b}`));
    }
  });
  for (const p of node.props) {
    const rest = objectOf(node, { exclude: [p.name], optional: 'never' });
    for (const child of nodeBads(p.node, { ...ctx, required: p.required })) {
      out.push(wrap(child, rest, (o, value) => ordered(order, { ...o, [p.name]: value })));
    }
  }
  return out;
}

// ---- alternatives

function alternativesBads(node: Extract<ValueNode, { kind: 'alternatives' }>): Labelled<Bad>[] {
  const validate = compileSchema(node.schema);
  const candidates: [unknown, Expectation][] = [
    [{ conform: 'none of the alternatives' }, 'reject'],
    [['conform'], 'reject'],
  ];
  const found = candidates.find(([v]) => validate(v).length > 0);
  if (!found) return [];
  return [bad(node, `${node.path}/no-alternative`, { constraint: node.mode, expect: found[1] }, fc.constant(found[0]), (v) => `sent ${node.path} ${JSON.stringify(v)}, which no alternative accepts`)];
}

/** A child's broken value placed into a valid parent drawn from `around`. */
function wrap<P>(child: Labelled<Bad>, around: fc.Arbitrary<P>, place: (parent: P, value: unknown) => unknown): Labelled<Bad> {
  return { label: child.label, arbitrary: fc.tuple(around, child.arbitrary).map(([p, c]) => ({ ...c, value: place(p, c.value) })) };
}

/** Every value of `node` that breaks one documented constraint (random phase: the `reject` ones). */
export function nodeBads(node: ValueNode, ctx: NodeContext): Labelled<Bad>[] {
  const own = (): Labelled<Bad>[] => {
    switch (node.kind) {
      case 'string':
        return stringBads(node.leaf, ctx);
      case 'number':
        return numberBads(node, ctx);
      case 'boolean':
        return [];
      case 'enum': {
        const value = unlisted(node.values);
        return [bad(node, `${node.path}/unlisted`, { constraint: 'enum', expect: 'reject' }, fc.constant(value), (v) => `sent ${node.path} ${JSON.stringify(v)}, not a documented value`)];
      }
      case 'array':
        return arrayBads(node, ctx);
      case 'object':
        return objectBads(node, ctx);
      case 'alternatives':
        return alternativesBads(node);
    }
  };
  // a string leaf's own entries already cover its type and null
  if (node.kind === 'string') return own();
  return [...own(), ...wrongTypes(node, ctx), ...nullBad(node, ctx)];
}

/** Valid values of `node` at each documented edge, for the boundary phase. */
export function nodeGoods(node: ValueNode, operation: Operation): Labelled<Good>[] {
  const good = (label: string, values: fc.Arbitrary<unknown>, why: string): Labelled<Good> => ({
    label: `${node.path}/${label}`,
    arbitrary: values.map((value) => ({ value, why: `${describeAt(node.path, value)} (${why})` })),
  });
  const out: Labelled<Good>[] = [];
  if (node.nullable) out.push(good('null', fc.constant(null), 'null is documented'));
  switch (node.kind) {
    case 'string':
      return [...out, ...stringGoods(node.leaf, operation)];
    case 'number': {
      const grid = numberGrid(node);
      if (grid?.lowDocumented) out.push(good('min', fc.constant(gridValue(grid, grid.kLo)), 'lowest valid value'));
      if (grid?.highDocumented) out.push(good('max', fc.constant(gridValue(grid, grid.kHi)), 'highest valid value'));
      return out;
    }
    case 'boolean':
      return [...out, good('true', fc.constant(true), 'true'), good('false', fc.constant(false), 'false')];
    case 'enum':
      return [...out, ...node.values.map((v, i) => good(`enum-${i}`, fc.constant(v), 'a documented value'))];
    case 'array': {
      const range = itemRange(node);
      out.push(good('min-items', arrayOf(node, { min: range.min, max: range.min }), `${range.min} items, the fewest allowed`));
      if (node.maxItems !== undefined) out.push(good('max-items', arrayOf(node, { min: node.maxItems, max: node.maxItems }), `${node.maxItems} items, the most allowed`));
      if (node.maxItems !== 0) {
        const n = Math.max(1, node.minItems);
        const distinct = (items: unknown[]) => !node.unique || new Set(items.map((x) => JSON.stringify(x))).size === items.length;
        for (const child of nodeGoods(node.items, operation)) {
          const arbitrary = fc
            .tuple(arrayOf(node, { min: n - 1, max: n - 1 }), child.arbitrary)
            .map(([items, c]) => ({ value: [c.value, ...items], why: c.why }))
            .filter((g) => distinct(g.value));
          out.push({ label: child.label, arbitrary });
        }
      }
      return out;
    }
    case 'object': {
      const order = node.props.map((p) => p.name);
      out.push(good('required-only', objectOf(node, { optional: 'never' }), 'required properties only'));
      out.push(good('every-property', objectOf(node, { optional: 'always' }), 'every documented property'));
      for (const p of node.props) {
        const rest = objectOf(node, { exclude: [p.name], optional: 'never' });
        for (const child of nodeGoods(p.node, operation)) {
          out.push({ label: child.label, arbitrary: fc.tuple(rest, child.arbitrary).map(([o, c]) => ({ value: ordered(order, { ...o, [p.name]: c.value }), why: c.why })) });
        }
      }
      return out;
    }
    case 'alternatives': {
      const validate = compileSchema(node.schema);
      node.options.forEach((o, i) => out.push(good(`option-${i}`, presentValue(o).filter((v) => validate(v).length === 0), `alternative ${i + 1}`)));
      return out;
    }
  }
}
