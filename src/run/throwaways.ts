/**
 * Throwaway resources: a fixture the run needs and nobody named is made by the run itself, with
 * the operation whose `x-hwc-creates` says it may stand in, when the run may create (a loopback
 * target, or --allow-mutations). The user's own resources are then only touched when named.
 */
import fc from 'fast-check';
import { caseArbitrary } from '../cases/index.ts';
import type { Case } from '../cases/types.ts';
import { fixturesOf } from '../spec/catalog.ts';
import { compileSchema } from '../spec/compile.ts';
import type { JsonSchema, Operation } from '../spec/types.ts';

export interface Throwaway {
  readonly fixture: string;
  readonly creator: Operation;
  /** values the throwaway must send (a COMMON secret's type) */
  readonly body: Readonly<Record<string, unknown>>;
}

/** The throwaways a run needs: fixtures of the operations it runs that nobody named and a creator it may run can make. */
export function throwawaysNeeded(
  runnable: readonly Operation[],
  all: readonly Operation[],
  named: Readonly<Record<string, string>>,
  mayCreate: (creator: Operation) => boolean,
): Throwaway[] {
  const keys = [...new Set(runnable.flatMap(fixturesOf))].filter((k) => !named[k]);
  const out: Throwaway[] = [];
  for (const fixture of keys) {
    for (const creator of all) {
      const t = creator.creates?.throwaway.find((x) => x.fixture === fixture);
      if (!t) continue;
      if (mayCreate(creator)) out.push({ fixture, creator, body: t.body });
      break;
    }
  }
  return out;
}

/**
 * The case that creates a throwaway: the plainest valid body the creator's generator draws (the
 * fewest fields, then the shortest; none a region may refuse), with the values the throwaway must send, named
 * `conform_<tag>` where the name's schema allows it so a person can tell it apart.
 */
export function throwawayCase(t: Throwaway, seed: number, tag: string): Case {
  const op = t.creator;
  const base: Case = {
    id: `${op.id}.throwaway.${t.fixture}`,
    operationId: op.id,
    expect: 'accept',
    origin: 'boundary',
    body: op.requestBody ? { kind: 'json', value: {} } : { kind: 'none' },
    note: `a throwaway for ${t.fixture}`,
  };
  if (!op.requestBody) return base;
  const drawn = fc
    .sample(caseArbitrary(op, 'accept'), { seed, numRuns: 32 })
    .filter((c) => c.auth === undefined && !c.regionOptional?.length && c.body.kind === 'json' && isRecord(c.body.value));
  const plainest = drawn.reduce<Case | undefined>((best, c) => (best === undefined || size(c) < size(best) ? c : best), undefined);
  const body: Record<string, unknown> = { ...(plainest?.body.kind === 'json' ? (plainest.body.value as Record<string, unknown>) : {}), ...t.body };
  const nameSchema = op.requestBody.schema.properties?.['name'] as JsonSchema | undefined;
  const name = `conform_${tag}`;
  if (nameSchema && compileSchema(nameSchema)(name).length === 0) body['name'] = name;
  return { ...base, body: { kind: 'json', value: body } };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The fewest fields, then the shortest text: a throwaway needs nothing beyond what makes it valid. */
const size = (c: Case) => (c.body.kind === 'json' ? Object.keys(c.body.value as object).length * 1e6 + JSON.stringify(c.body.value).length : 0);
