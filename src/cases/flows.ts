/**
 * Stateful flows: short fixed sequences that exercise each state rule, and the commands of the
 * random sequences of the state-changing operations (fast-check model-based commands; sent,
 * judged and shrunk by run/model-based.ts).
 */
import { ruleOf } from '../spec/rule-lookup.ts';
import fc from 'fast-check';
import type { Case } from './types.ts';
import { caseArbitrary } from './index.ts';
import type { FixtureKey, Operation } from '../spec/types.ts';

/** One step of a flow: which operation, which case. */
export interface Step {
  readonly op: Operation;
  readonly case: Case;
  /** wait before sending (state rules with time resolution need calls ≥ 1 s apart) */
  readonly delayMs?: number;
  /** consecutive steps with the same burst key are sent at the same moment */
  readonly burst?: string;
}

export interface FlowPlan {
  readonly id: string;
  readonly title: string;
  readonly steps: readonly Step[];
}

/** Steps in sending order, consecutive steps of one burst grouped together. */
export function batches(steps: readonly Step[]): Step[][] {
  const out: Step[][] = [];
  for (const step of steps) {
    const last = out[out.length - 1];
    if (last && step.burst !== undefined && last[0]!.burst === step.burst) last.push(step);
    else out.push([step]);
  }
  return out;
}

/** Case ids within one flow: step numbers, so two runs (two targets) name the same steps alike. */
function stepIds() {
  const next = new Map<string, number>();
  return (op: Operation, flowId: string, base: Partial<Case> & Pick<Case, 'body' | 'note'>): Case => {
    const n = next.get(flowId) ?? 0;
    next.set(flowId, n + 1);
    return { id: `${op.id}.flow.${flowId}.${n}`, operationId: op.id, expect: 'accept', origin: 'boundary', ...base };
  };
}

/** An accept case a flow can send as it is: credentials as configured, no region-optional field. */
export function plainAccept(c: Case): boolean {
  return c.expect === 'accept' && !c.auth && !c.regionOptional?.length;
}

/** An accept case of the operation whose body sets every listed field (or any, if none listed). */
function acceptBody(cases: readonly Case[], fields: readonly string[] = []): Case | undefined {
  return cases.find(
    (c) =>
      plainAccept(c) &&
      (fields.length === 0 ||
        (c.body.kind === 'json' && fields.every((f) => typeof (c.body as { value: Record<string, unknown> }).value?.[f] === 'string'))),
  );
}

/** Fixed flows derived from the rules in the specs (not from operation names). */
export function fixedFlows(ops: readonly Operation[], casesByOp: ReadonlyMap<string, readonly Case[]>, fixtures: Readonly<Record<FixtureKey, string>>): FlowPlan[] {
  const flowCase = stepIds();
  const flows: FlowPlan[] = [];
  const metadataOps = ops.filter((o) => ruleOf(o, 'metadata-only'));
  for (const op of ops) {
    const cases = casesByOp.get(op.id) ?? [];
    const plain = acceptBody(cases) ?? flowCase(op, 'x', { body: { kind: 'none' }, note: 'plain request' });
    const newVersion = ruleOf(op, 'new-version');
    if (newVersion) {
      const id = `${op.id}-new-version`;
      const steps: Step[] = [
        { op, case: flowCase(op, id, { body: plain.body, note: 'rotation 1' }) },
        { op, case: flowCase(op, id, { body: plain.body, note: 'rotation 2' }) },
      ];
      // "ShowSecret after a rotation still carries no value"
      for (const m of metadataOps) steps.push({ op: m, case: flowCase(m, id, { body: { kind: 'none' }, note: `${m.id} after rotation` }) });
      flows.push({ id, title: 'two rotations create two new, distinct versions', steps });
    }
    // without the refused resource (no fixture, no throwaway) there is nothing to refuse: the
    // request would fall back to the operation's own fixture
    const refuse = ruleOf(op, 'refuse-secret-type');
    if (refuse && fixtures[refuse.fixture]) {
      const param = op.params.find((p) => p.in === 'path' && p.fixture && p.fixture !== 'projectId');
      if (param) {
        const id = `${op.id}-refuse-${refuse.secretType}`;
        flows.push({
          id,
          title: `a ${refuse.secretType} secret cannot be rotated`,
          steps: [
            {
              op,
              case: flowCase(op, id, {
                expect: 'either',
                body: plain.body,
                pathOverrides: { [param.name]: fixtures[refuse.fixture] },
                note: `rotate the ${refuse.secretType} secret`,
              }),
            },
          ],
        });
      }
    }
    const advances = ruleOf(op, 'advances');
    if (advances) {
      const id = `${op.id}-advances`;
      const first = acceptBody(cases) ?? plain;
      const second = cases.filter(plainAccept)[1] ?? first;
      flows.push({
        id,
        title: `two calls more than 1.1 s apart move ${advances.field.slice(1)} forward`,
        steps: [
          { op, case: flowCase(op, id, { body: first.body, note: 'first call' }) },
          { op, case: flowCase(op, id, { body: second.body, note: 'second call, 1.25 s after the first answer' }), delayMs: 1250 },
        ],
      });
    }
    const only = ruleOf(op, 'only-changes');
    if (only) {
      const id = `${op.id}-only-changes`;
      const first = acceptBody(cases, only.mutable) ?? plain;
      const firstValue = first.body.kind === 'json' ? (first.body.value as Record<string, unknown>) : {};
      const stamp = Date.now().toString(36);
      const intrusion: Record<string, unknown> = {};
      for (const f of only.immutable) intrusion[f] = f === 'domain' ? `conform-${stamp}.example.com` : `conform-${f}-${stamp}`;
      flows.push({
        id,
        title: `only ${only.mutable.join(' and ')} change`,
        steps: [
          { op, case: flowCase(op, id, { body: first.body, note: `update ${only.mutable.join(' and ')}` }) },
          {
            op,
            case: flowCase(op, id, {
              expect: 'either',
              body: { kind: 'json', value: { ...firstValue, ...intrusion } },
              note: `update that also sends ${only.immutable.join(', ')} (must stay unchanged, or be refused)`,
            }),
          },
          { op, case: flowCase(op, id, { body: first.body, note: 'update again: nothing else changed' }) },
        ],
      });
    }
  }
  return flows;
}

/**
 * The commands of the random sequences: every operation with a state rule, with its valid
 * bodies; a refused secret type adds a command aimed at that fixture.
 */
export function commandArbitraries(ops: readonly Operation[], fixtures: Readonly<Record<FixtureKey, string>>): { op: Operation; arb: fc.Arbitrary<Case> }[] {
  const out: { op: Operation; arb: fc.Arbitrary<Case> }[] = [];
  for (const op of ops) {
    if (!op.rules.some((r) => ['new-version', 'advances', 'only-changes', 'unchanged', 'refuse-secret-type', 'metadata-only'].includes(r.kind))) continue;
    const arb: fc.Arbitrary<Case> = op.requestBody
      ? caseArbitrary(op, 'accept')
      : fc.constant<Case>({ id: `${op.id}.model`, operationId: op.id, expect: 'accept', origin: 'random', body: { kind: 'none' }, note: 'plain request' });
    out.push({ op, arb });
    const refuse = ruleOf(op, 'refuse-secret-type');
    const param = op.params.find((p) => p.in === 'path' && p.fixture && p.fixture !== 'projectId');
    if (refuse && param && fixtures[refuse.fixture]) {
      out.push({
        op,
        arb: arb.map((c) => ({ ...c, expect: 'either' as const, pathOverrides: { [param.name]: fixtures[refuse.fixture] }, note: `${c.note} on the ${refuse.secretType} secret` })),
      });
    }
  }
  return out;
}
