/**
 * Body drafts for the request properties that are not plain strings, and for the body's own
 * "exactly one of" / "at least one of" requirements: each value case (value-entries.ts) placed
 * into an otherwise valid body.
 */
import fc from 'fast-check';
import { jsonDraft, type Draft } from './draft.ts';
import type { ValueField } from './fields.ts';
import { restBody, type GenContext } from './generators/context.ts';
import { missingRequired } from './generators/missing-required.ts';
import { fieldValue, withField, type JsonObject } from './generators/valid-body.ts';
import type { Entry } from './string-entries.ts';
import { nodeBads, nodeGoods, type Bad } from './value-entries.ts';
import { describeBody, groupRule } from './wording.ts';

function badDraft(ctx: GenContext, field: ValueField, b: Bad, rest: JsonObject): Draft {
  return jsonDraft(ctx.spec, withField(ctx.spec, rest, field.name, b.value), {
    expect: b.expect,
    note: b.note,
    violation: { constraint: b.constraint, field: b.at, rule: b.rule, detail: b.detail, source: b.source },
  });
}

/** Each broken constraint of one non-string property (`nodeBads`), placed into a valid body drawn from `rest`. */
function badDrafts(ctx: GenContext, field: ValueField, rest: fc.Arbitrary<JsonObject>, phase: 'boundary' | 'random'): { label: string; arbitrary: fc.Arbitrary<Draft> }[] {
  return nodeBads(field.node, { operation: ctx.operation, required: field.required, phase }).map((b) => ({
    label: b.label,
    arbitrary: fc.tuple(rest, b.arbitrary).map(([r, v]) => badDraft(ctx, field, v, r)),
  }));
}

/** Boundary entries of one non-string property: its valid edges, each broken constraint, its absence. */
export function valueFieldEntries(ctx: GenContext, field: ValueField): Entry[] {
  const rest = restBody(ctx, [field.name]);
  const goods: Entry[] = nodeGoods(field.node, ctx.operation).map((g) => ({
    label: g.label,
    accept: true,
    arbitrary: fc.tuple(rest, g.arbitrary).map(([r, v]) => {
      const body = withField(ctx.spec, r, field.name, v.value);
      return jsonDraft(ctx.spec, body, { expect: 'accept', note: `${describeBody(body)} (${v.why})` });
    }),
  }));
  const bads: Entry[] = badDrafts(ctx, field, rest, 'boundary');
  return [...goods, ...bads, { label: `${field.name}/missing`, arbitrary: missingRequired(ctx, field) }];
}

/** Random-phase arms of one non-string property: each breaks one documented constraint (`reject`). */
export function valueFieldArms(ctx: GenContext, field: ValueField): fc.Arbitrary<Draft>[] {
  const rest = restBody(ctx, [field.name]);
  const arms = badDrafts(ctx, field, rest, 'random').map((b) => b.arbitrary);
  const missing = missingRequired(ctx, field);
  return missing ? [...arms, missing] : arms;
}

/**
 * The body's groups: each member chosen on its own (accept, boundary only), none of them and,
 * for "exactly one of", two at once (reject).
 */
export function groupEntries(ctx: GenContext, phase: 'boundary' | 'random'): Entry[] {
  const byName = new Map(ctx.spec.fields.map((f) => [f.name, f] as const));
  const out: Entry[] = [];
  ctx.spec.groups.forEach((g, gi) => {
    const rule = `request body: ${groupRule(g)}`;
    const others = restBody(ctx, g.names);
    const violation = (detail: string) => ({ constraint: g.mode, rule, detail, source: g.source });
    if (phase === 'boundary') {
      for (const name of g.names) {
        out.push({
          label: `group-${gi}/${name}`,
          accept: true,
          arbitrary: fc.tuple(restBody(ctx, [name]), fieldValue(byName.get(name)!)).map(([r, v]) => {
            const body = withField(ctx.spec, r, name, v);
            return jsonDraft(ctx.spec, body, { expect: 'accept', note: `${describeBody(body)} (${name} alone of ${g.names.join(', ')})` });
          }),
        });
      }
    }
    const none = `none of ${g.names.join(', ')}`;
    out.push({
      label: `group-${gi}/none`,
      arbitrary: others.map((body) => jsonDraft(ctx.spec, body, { expect: 'reject', note: `${describeBody(body)} (${g.mode}: ${none})`, violation: violation(`sent ${none}`) })),
    });
    if (g.mode === 'exactly-one') {
      const [a, b] = g.names as [string, string];
      out.push({
        label: `group-${gi}/both`,
        arbitrary: fc.tuple(others, fieldValue(byName.get(a)!), fieldValue(byName.get(b)!)).map(([r, va, vb]) => {
          const body = withField(ctx.spec, withField(ctx.spec, r, a, va), b, vb);
          return jsonDraft(ctx.spec, body, { expect: 'reject', note: `${describeBody(body)} (${g.mode}: both ${a} and ${b})`, violation: violation(`sent both ${a} and ${b}`) });
        }),
      });
    }
  });
  return out;
}
