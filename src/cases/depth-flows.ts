/**
 * Fixed flows that look past the easy path (issue 12), derived from the rules in the specs like
 * flows.ts's, never from operation names:
 * - history: four calls of a `new-version` or `advances` operation in a row (a version id must
 *   differ from *every* earlier one, a time never go back), and a refused secret type asked
 *   again after a successful call (it stays refused whatever came before);
 * - a burst: a few calls of a `new-version` operation at the same moment (each success its own
 *   version, or a documented 4xx) — small and bounded, sent through the same sender, so they
 *   count against the request budget and the rate;
 * - a refused request changes nothing: a valid call sets the `reflects` fields, calls that each
 *   break one of them (with fresh valid values in the others) are refused, then a call that sets
 *   none of them shows what is stored.
 */
import fc from 'fast-check';
import type { Case } from './types.ts';
import { caseArbitrary } from './index.ts';
import { ruleOf } from '../spec/rule-lookup.ts';
import type { FixtureKey, Operation, Source } from '../spec/types.ts';
import { plainAccept, type FlowPlan, type Step } from './flows.ts';

/** Calls in a history flow, and in a burst: small, fixed, bounded. */
export const HISTORY_CALLS = 4;
export const BURST_SIZE = 4;

type Body = Case['body'];

function stepCase(op: Operation, flowId: string, n: number, base: Partial<Case> & Pick<Case, 'body' | 'note'>): Case {
  return { id: `${op.id}.flow.${flowId}.${n}`, operationId: op.id, expect: 'accept', origin: 'boundary', ...base };
}

function plainBody(cases: readonly Case[]): Body {
  return cases.find(plainAccept)?.body ?? { kind: 'none' };
}

export function depthFlows(
  ops: readonly Operation[],
  casesByOp: ReadonlyMap<string, readonly Case[]>,
  fixtures: Readonly<Record<FixtureKey, string>>,
  seed: number,
): FlowPlan[] {
  const flows: FlowPlan[] = [];
  for (const op of ops) {
    const body = plainBody(casesByOp.get(op.id) ?? []);
    const newVersion = ruleOf(op, 'new-version');
    if (newVersion) {
      const id = `${op.id}-history`;
      flows.push({
        id,
        title: `${HISTORY_CALLS} calls in a row: every ${newVersion.field.slice(1)} differs from every earlier one`,
        steps: Array.from({ length: HISTORY_CALLS }, (_, i) => ({ op, case: stepCase(op, id, i, { body, note: `call ${i + 1} of ${HISTORY_CALLS}` }) })),
      });
      const burst = `${op.id}-burst`;
      flows.push({
        id: burst,
        title: `${BURST_SIZE} calls at the same moment: each success has its own ${newVersion.field.slice(1)}`,
        steps: Array.from({ length: BURST_SIZE }, (_, i) => ({
          op,
          // a service may refuse a concurrent call with a documented 4xx
          case: stepCase(op, burst, i, { expect: 'either', body, note: `call ${i + 1} of ${BURST_SIZE} sent together` }),
          burst,
        })),
      });
    }
    const advances = ruleOf(op, 'advances');
    if (advances) {
      const id = `${op.id}-history`;
      flows.push({
        id,
        title: `${HISTORY_CALLS} calls in a row: ${advances.field.slice(1)} never goes back`,
        steps: Array.from({ length: HISTORY_CALLS }, (_, i) => ({ op, case: stepCase(op, id, i, { body, note: `call ${i + 1} of ${HISTORY_CALLS}` }) })),
      });
    }
    const refuse = ruleOf(op, 'refuse-secret-type');
    const param = op.params.find((p) => p.in === 'path' && p.fixture && p.fixture !== 'projectId');
    if (refuse && param && fixtures[refuse.fixture]) {
      const id = `${op.id}-refuse-after-success`;
      const refused = (n: number, note: string): Step => ({
        op,
        case: stepCase(op, id, n, { expect: 'either', body, pathOverrides: { [param.name]: fixtures[refuse.fixture] }, note }),
      });
      // a read of the same resource before and after the refused call: the refusal changed nothing
      const read = ops.find((r) => !r.mutating && coversPath(r, op));
      if (read) {
        const readId = `${op.id}-refusal-read`;
        const shown = (n: number, note: string): Step => ({
          op: read,
          case: stepCase(read, readId, n, { body: { kind: 'none' }, pathOverrides: { [param.name]: fixtures[refuse.fixture] }, note }),
        });
        flows.push({
          id: readId,
          title: `a refused ${op.id} of the ${refuse.secretType} secret changes nothing ${read.id} shows`,
          steps: [
            shown(0, `${read.id} before`),
            { op, case: stepCase(op, readId, 1, { expect: 'either', body, pathOverrides: { [param.name]: fixtures[refuse.fixture] }, note: `${op.id} of the ${refuse.secretType} secret (refused)` }) },
            shown(2, `${read.id} after the refused call`),
          ],
        });
      }
      flows.push({
        id,
        title: `a ${refuse.secretType} secret stays refused after other calls succeeded`,
        steps: [
          refused(0, `the ${refuse.secretType} secret`),
          { op, case: stepCase(op, id, 1, { body, note: 'the resource of the fixture' }) },
          refused(2, `the ${refuse.secretType} secret again`),
        ],
      });
    }
    const refusal = refusalFlow(op, seed);
    if (refusal) flows.push(refusal);
  }
  return flows;
}

/** Whether `read` names, among its path parameters, every one `op` names (so it shows op's resource). */
function coversPath(read: Operation, op: Operation): boolean {
  const names = new Set(read.params.filter((p) => p.in === 'path').map((p) => p.name));
  const needed = op.params.filter((p) => p.in === 'path');
  return read.id !== op.id && needed.length > 0 && needed.every((p) => names.has(p.name));
}

/** The `reflects` fields, set, then refused one at a time, then read with a body that sets none. */
function refusalFlow(op: Operation, seed: number): FlowPlan | undefined {
  const rule = ruleOf(op, 'reflects');
  const schema = op.requestBody?.schema;
  const hasResource = op.params.some((p) => p.in === 'path' && p.fixture && p.fixture !== 'projectId');
  if (!rule || !schema || !hasResource || (schema.required?.length ?? 0) > 0) return undefined;
  const fields = rule.fields;
  const setsAll = (c: Case) =>
    c.body.kind === 'json' && !c.regionOptional?.length && fields.every((f) => [...String((c.body as { value: Record<string, unknown> }).value?.[f] ?? '')].length >= 2);
  const drawn = fc.sample(caseArbitrary(op, 'accept'), { seed, numRuns: 60 }).filter(setsAll);
  const first = drawn[0];
  const valueOf = (c: Case) => (c.body as { value: Record<string, string> }).value;
  const fresh = first && drawn.find((c) => fields.every((f) => valueOf(c)[f] !== valueOf(first)[f]));
  if (!first || !fresh) return undefined;
  const id = `${op.id}-refusal-changes-nothing`;
  const steps: Step[] = [{ op, case: stepCase(op, id, 0, { body: first.body, note: `set ${fields.join(' and ')}` }) }];
  for (const broken of fields) {
    const max = (schema.properties?.[broken] as { maxLength?: number } | undefined)?.maxLength;
    if (max === undefined) continue;
    const valid = [...valueOf(fresh)[broken]!];
    // padded with its own last visible character: only the length is wrong, under both readings
    // (never with spaces, which a service might trim before it counts)
    const pad = [...valid].reverse().find((ch) => ch.trim() !== '') ?? valid[0]!;
    const tooLong = [...valid, ...Array(max + 1 - valid.length).fill(pad)].join('');
    const prop = schema.properties?.[broken] as { 'x-hwc-source'?: Source } | undefined;
    steps.push({
      op,
      case: stepCase(op, id, steps.length, {
        expect: 'reject',
        body: { kind: 'json', value: { ...valueOf(fresh), [broken]: tooLong } },
        note: `new ${fields.filter((f) => f !== broken).join(' and ')} with a ${max + 1}-character ${broken} (refused: nothing may be stored)`,
        violation: {
          constraint: 'maxLength',
          field: broken,
          rule: `${broken}: at most ${max} characters`,
          detail: `sent a ${max + 1}-character ${broken}`,
          source: prop?.['x-hwc-source'] ?? op.requestBody!.source,
        },
      }),
    });
  }
  if (steps.length === 1) return undefined;
  steps.push({ op, case: stepCase(op, id, steps.length, { body: { kind: 'json', value: {} }, note: `a body that sets nothing: shows what is stored` }) });
  return { id, title: 'a refused request changes nothing', steps };
}
