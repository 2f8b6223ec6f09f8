/**
 * `--shard i/n`: one run spread over n machines. Every shard generates every case (generation
 * is deterministic and cheap) and sends a fixed 1/n of them, so the n shards together send
 * exactly the cases of the unsharded run, each once; `conform merge` joins their reports.
 *
 * What depends on other answers stays whole on one shard: each stateful flow, the model-based
 * sequences, and, per service, the cases whose verdict depends on whether the region supports
 * a region-optional field (phases/main.ts `learnSupport`, checks/rejects-invalid.ts `mayIgnore`):
 * every invalid value of such a field (a target that refuses some shows it supports the
 * field, so accepting others is then a deviation) and the first valid case of each operation
 * that sets one (a target that echoes it shows support the same way). The other valid cases
 * setting one are dealt like the rest: a target echoes all of them or none.
 */
import { createHash } from 'node:crypto';
import type { Case } from '../cases/types.ts';
import type { Shard } from '../config/shard-flag.ts';
import type { Spec } from '../spec/types.ts';

export type { Shard };

/**
 * Whether the unit `key` belongs to `shard`: a number is dealt round-robin (the n-th case of
 * the run, the n-th flow), a string (a service, for its region-optional cases) by its hash.
 * Without a shard every unit is taken.
 */
export function inShard(shard: Shard | undefined, key: number | string): boolean {
  if (!shard || shard.count === 1) return true;
  return (typeof key === 'number' ? key % shard.count : keyShard(key, shard.count)) === shard.index - 1;
}

/**
 * Decides, case by case in the order of the main phase, which cases this shard sends. Every
 * shard sees the same stream and makes the same choices, so each case goes to exactly one
 * shard: the cases that decide region support go to their service's shard (above), every
 * other case to the shard that has the fewest cases so far, so the shares stay equal even
 * though one shard holds a service's region-optional cases.
 */
export function caseDealer(shard: Shard | undefined): (c: Case, service: string) => boolean {
  if (!shard || shard.count === 1) return () => true;
  const held = new Array<number>(shard.count).fill(0);
  const firstValid = new Set<string>();
  return (c, service) => {
    const field = c.violation?.field;
    const invalidOptional = c.expect === 'reject' && field !== undefined && c.regionOptional?.includes(field) === true;
    const firstEcho = c.expect === 'accept' && (c.regionOptional?.length ?? 0) > 0 && !firstValid.has(c.operationId);
    if (firstEcho) firstValid.add(c.operationId);
    const owner = invalidOptional || firstEcho ? keyShard(service, shard.count) : held.indexOf(Math.min(...held));
    held[owner]!++;
    return owner === shard.index - 1;
  };
}

function keyShard(key: string, count: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % count;
}

/** A digest of the specs a run judged by: shards of one run must share it. */
export function specsDigest(specs: readonly Spec[]): string {
  const hash = createHash('sha256');
  for (const s of [...specs].sort((a, b) => (a.service < b.service ? -1 : 1))) hash.update(JSON.stringify(s.document)).update('\0');
  return hash.digest('hex').slice(0, 16);
}
