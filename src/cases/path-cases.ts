/**
 * Every path parameter probed, not only the resource the path ends in: each gets values that name
 * nothing — one shaped like the real value, and malformed ones holding '.', '%', a space,
 * non-ASCII text, and a very long value — each with an otherwise valid request. Each must get a
 * documented 4xx: never a 2xx about a resource that does not exist, never a 5xx or a dropped
 * connection. (The last resource parameter's well-formed unknown value is already a boundary
 * case, src/cases/generators/unknown-resource.ts.)
 */
import type { Case } from './types.ts';
import { resourceParam } from './fields.ts';
import type { FixtureKey, Operation } from '../spec/types.ts';

/** Characters long enough to pass any sane limit of a name or id, short enough for any URL limit. */
const LONG = 1000;

/** Each hex digit and letter moved along its alphabet: the same shape, a value that names nothing. */
export function shifted(value: string): string {
  return value.replace(/[0-9a-zA-Z]/g, (ch) => {
    if (/[0-9a-f]/.test(ch)) return '0123456789abcdef'[(parseInt(ch, 16) + 7) % 16]!;
    if (/[A-F]/.test(ch)) return '0123456789ABCDEF'[(parseInt(ch, 16) + 7) % 16]!;
    const base = ch <= 'Z' ? 65 : 97;
    return String.fromCharCode(((ch.charCodeAt(0) - base + 11) % 26) + base);
  });
}

/** The probe values of one path parameter, by kind, from `base` (its fixture shifted). */
function probeValues(base: string, last: boolean): [string, string][] {
  return [
    ...(last ? [] : ([['unknown', base]] as [string, string][])),
    ['dot', `${base}.conform`],
    ['percent', `${base}%conform`],
    ['space', `${base} conform`],
    ['non-ascii', `${base}凭据证书`],
    ['long', (base + 'x'.repeat(LONG)).slice(0, LONG)],
  ];
}

export function pathCases(op: Operation, valid: Case | undefined, fixtures: Readonly<Record<FixtureKey, string>>): Case[] {
  const body: Case['body'] = valid?.body ?? { kind: 'none' };
  const last = resourceParam(op);
  const out: Case[] = [];
  for (const p of op.params) {
    if (p.in !== 'path' || !p.fixture) continue;
    const base = shifted(fixtures[p.fixture]) || 'conform';
    for (const [kind, value] of probeValues(base, p === last)) {
      const shown = value.length > 40 ? `a ${[...value].length}-character value` : JSON.stringify(value);
      out.push({
        id: `${op.id}.path.${p.name}.${kind}`,
        operationId: op.id,
        expect: 'reject',
        origin: 'boundary',
        body,
        pathOverrides: { [p.name]: value },
        note: `${p.name} ${kind === 'unknown' ? 'that names nothing' : `malformed (${kind})`}: ${shown}`,
        violation: {
          constraint: 'unknown-resource',
          param: p.name,
          rule: `${p.name}: an existing one; an unknown or malformed one gets a documented 4xx`,
          detail: `sent ${p.name} ${shown}, which names nothing`,
          source: p.source,
        },
      });
    }
  }
  return out;
}

/** How many path cases an operation gets (progress totals are known before the values). */
export function pathCaseCount(op: Operation): number {
  const last = resourceParam(op);
  return op.params.filter((p) => p.in === 'path' && p.fixture).reduce((n, p) => n + probeValues('', p === last).length, 0);
}
