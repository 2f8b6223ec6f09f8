/**
 * A draft is a case before it has an id: what generators produce. `boundary.ts` and `random.ts`
 * number drafts into cases.
 */
import type { Operation } from '../spec/types.ts';
import type { BodySpec } from './fields.ts';
import type { Case, CaseBody, Expectation, Violation } from './types.ts';

export interface Draft {
  readonly expect: Expectation;
  readonly body: CaseBody;
  readonly violation?: Violation;
  readonly regionOptional?: readonly string[];
  readonly pathOverrides?: Readonly<Record<string, string>>;
  readonly note: string;
}

/** Region-optional fields a JSON body sets. */
function regionOptionalIn(spec: BodySpec | undefined, value: unknown): string[] {
  if (!spec || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return spec.fields.filter((f) => f.regionOptional && Object.hasOwn(value, f.name)).map((f) => f.name);
}

/** A draft with a JSON body; `regionOptional` filled from the body. */
export function jsonDraft(
  spec: BodySpec,
  value: unknown,
  rest: { expect: Expectation; note: string; violation?: Violation },
): Draft {
  const regionOptional = regionOptionalIn(spec, value);
  return {
    expect: rest.expect,
    body: { kind: 'json', value },
    ...(rest.violation ? { violation: rest.violation } : {}),
    ...(regionOptional.length ? { regionOptional } : {}),
    note: rest.note,
  };
}

export function toCase(
  operation: Operation,
  draft: Draft,
  origin: Case['origin'],
  n: number,
  replay?: Case['replay'],
): Case {
  return {
    id: `${operation.id}.${origin}.${n}`,
    operationId: operation.id,
    expect: draft.expect,
    origin,
    body: draft.body,
    ...(draft.pathOverrides ? { pathOverrides: draft.pathOverrides } : {}),
    ...(draft.violation ? { violation: draft.violation } : {}),
    ...(draft.regionOptional ? { regionOptional: draft.regionOptional } : {}),
    note: draft.note,
    ...(replay ? { replay } : {}),
  };
}
