/**
 * The operation's resource path parameter replaced by a well-formed id that names nothing:
 * `reject` with one of the documented not-found statuses (`x-hwc-not-found`). The id has the
 * shape real ids have (32 hex digits for APIG apps and ELB certificates, as in the documents'
 * examples; a secret-name-like string for CSMS) so a service cannot refuse it as malformed instead.
 */
import fc from 'fast-check';
import type { Operation, ParamSpec } from '../../spec/types.ts';
import type { Draft } from '../draft.ts';
import { resourceParam } from '../fields.ts';

const HEX = '0123456789abcdef';

function hex(n: number): fc.Arbitrary<string> {
  return fc.array(fc.noBias(fc.nat({ max: 15 })), { minLength: n, maxLength: n }).map((ds) => ds.map((d) => HEX[d]).join(''));
}

/**
 * Candidate shapes, best first for the parameter (an `…_id` takes an id, a `…_name` a name);
 * the first that fits the parameter's schema wins.
 */
function candidates(param: ParamSpec): fc.Arbitrary<string>[] {
  const hex32 = hex(28).map((h) => `c0f0${h}`);
  const uuid = hex(32).map((h) => `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`);
  const name = hex(8).map((h) => `conform-no-such-secret-${h}`);
  return /(^|[_-])id$/i.test(param.name) ? [hex32, uuid, name] : [name, hex32, uuid];
}

function fits(param: ParamSpec, example: string): boolean {
  const s = param.schema;
  if (s.minLength !== undefined && example.length < s.minLength) return false;
  if (s.maxLength !== undefined && example.length > s.maxLength) return false;
  if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(example)) return false;
  if (s.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(example)) return false;
  return true;
}

function idFor(param: ParamSpec): fc.Arbitrary<string> {
  const all = candidates(param);
  const fitting = all.filter((arb) => fits(param, fc.sample(arb, { seed: 1, numRuns: 1 })[0]));
  return fitting[0] ?? all[0];
}

/**
 * `body`: a valid body for the operation (so the unknown id is the only problem), or none.
 * `undefined` when the operation has no resource parameter.
 */
export function unknownResource(operation: Operation, body: fc.Arbitrary<Draft['body']>): fc.Arbitrary<Draft> | undefined {
  const param = resourceParam(operation);
  if (!param) return undefined;
  const statuses = operation.notFoundStatuses.length ? operation.notFoundStatuses.join(' or ') : 'a documented 4xx';
  return fc.tuple(idFor(param), body).map(([id, b]) => ({
    expect: 'reject',
    body: b,
    pathOverrides: { [param.name]: id },
    note: `unknown ${param.name} ${id} (unknown-resource)`,
    violation: {
      constraint: 'unknown-resource',
      param: param.name,
      rule: `${param.name}: an existing resource; an unknown one is answered ${statuses}`,
      detail: `sent ${param.name}=${id}, which names no resource`,
      source: param.source,
    },
  }));
}
