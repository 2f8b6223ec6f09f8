/**
 * What the rest of the tool needs to know about a set of specs besides their operations: the
 * services they name (each needs an endpoint), where each service lives per region, and which
 * fixtures each operation needs. The configuration is checked against it, so a run on some
 * operations asks only for their fixtures, and a user's own specs bring their own services.
 */
import type { Operation, Spec } from './types.ts';

export interface SpecCatalog {
  /** every operation, supporting ones included: the names --operations may select */
  readonly operations: readonly string[];
  /** what a run without --operations selects: all but the supporting operations (`x-hwc-role: support`) */
  readonly defaults?: readonly string[];
  readonly services: readonly string[];
  /** `x-hwc-endpoint` per service: a base URL with a `{region}` placeholder */
  readonly endpoints: Readonly<Record<string, string>>;
  /** operationId → the fixture keys it needs (path parameters, rule fixtures) */
  readonly fixtures: Readonly<Record<string, readonly string[]>>;
  /** fixture key → the operation whose throwaway resource may stand in for it (`x-hwc-creates`) */
  readonly throwaways?: Readonly<Record<string, string>>;
  /** operationId → its service and whether it changes state (a live run skips it without --allow-mutations) */
  readonly operationInfo: Readonly<Record<string, { readonly service: string; readonly mutating: boolean }>>;
}

/** The fixture keys an operation needs: its path parameters' and its rules'. */
export function fixturesOf(op: Operation): string[] {
  const keys = op.params.flatMap((p) => (p.fixture ? [p.fixture] : []));
  for (const r of op.rules) if ('fixture' in r) keys.push(r.fixture);
  return [...new Set(keys)];
}

export function catalogOf(specs: readonly Spec[]): SpecCatalog {
  const ops = specs.flatMap((s) => s.operations);
  const endpoints: Record<string, string> = {};
  for (const s of specs) if (s.endpoint && !endpoints[s.service]) endpoints[s.service] = s.endpoint;
  return {
    operations: ops.map((o) => o.id),
    defaults: selectOperations(ops).map((o) => o.id),
    services: [...new Set(specs.map((s) => s.service))],
    endpoints,
    fixtures: Object.fromEntries(ops.map((o) => [o.id, fixturesOf(o)])),
    throwaways: throwawaysOf(ops),
    operationInfo: Object.fromEntries(ops.map((o) => [o.id, { service: o.service, mutating: o.mutating }])),
  };
}

/**
 * The operations a run judges: those named, else every operation but the supporting ones,
 * which run only when named (or to observe another operation's rules).
 */
export function selectOperations<T extends Pick<Operation, 'id' | 'role'>>(ops: readonly T[], names?: readonly string[]): T[] {
  return names ? ops.filter((o) => names.includes(o.id)) : ops.filter((o) => o.role !== 'support');
}

/** Fixture key → the first operation whose created resource may stand in for it (`x-hwc-creates`). */
function throwawaysOf(ops: readonly Operation[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const op of ops) for (const t of op.creates?.throwaway ?? []) out[t.fixture] ??= op.id;
  return out;
}
