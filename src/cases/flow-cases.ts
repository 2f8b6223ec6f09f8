/**
 * The few main-phase cases the fixed flows can draw from (flows.ts `fixedFlows`), kept while
 * the cases stream past so that a run does not hold every case until the flows start.
 *
 * fixedFlows takes, among accept cases with credentials and no region-optional field, the first,
 * the second, and the first whose JSON body sets every field of a list. A later case whose set
 * fields are a subset of an earlier kept case's can never be that first one, so it is dropped:
 * what is kept is an antichain of field sets, a handful of cases whatever the case count.
 */
import type { Case } from './types.ts';

/** a safety bound: an operation with many optional fields could keep more, never unboundedly */
const MAX_KEPT = 64;

export class FlowCases {
  private readonly kept = new Map<string, { cases: Case[]; fields: Set<string>[]; eligible: number }>();

  /** Offers one case of the main phase, in the order the engine generated it. */
  offer(operationId: string, c: Case): void {
    if (c.expect !== 'accept' || c.auth || c.regionOptional?.length) return;
    let k = this.kept.get(operationId);
    if (!k) this.kept.set(operationId, (k = { cases: [], fields: [], eligible: 0 }));
    const fields = stringFields(c);
    const covered = k.fields.some((f) => isSubset(fields, f));
    if (k.eligible++ >= 2 && (covered || k.cases.length >= MAX_KEPT)) return;
    k.cases.push(c);
    k.fields.push(fields);
  }

  /** The kept cases by operation, in generation order: what fixedFlows needs of them. */
  byOperation(): Map<string, readonly Case[]> {
    return new Map([...this.kept].map(([op, k]) => [op, k.cases] as const));
  }
}

function stringFields(c: Case): Set<string> {
  const out = new Set<string>();
  if (c.body.kind !== 'json') return out;
  const value = c.body.value as Record<string, unknown> | null;
  if (value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out.add(k);
  return out;
}

function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
