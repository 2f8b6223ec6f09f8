/**
 * Two cases per operation that test authentication itself: no X-Auth-Token, and a wrong one,
 * each with an otherwise valid request so that only the credentials are at fault.
 */
import type { Case } from './types.ts';
import type { Operation } from '../spec/types.ts';

export function authCases(op: Operation, cases: readonly Case[]): Case[] {
  const valid = cases.find((c) => c.expect === 'accept' && !c.regionOptional?.length);
  const body: Case['body'] = valid?.body ?? { kind: 'none' };
  return (['none', 'wrong'] as const).map((auth, i) => ({
    id: `${op.id}.auth.${i}`,
    operationId: op.id,
    expect: 'reject',
    origin: 'boundary',
    body,
    auth,
    note: auth === 'none' ? 'valid request without X-Auth-Token' : 'valid request with a wrong X-Auth-Token',
  }));
}
