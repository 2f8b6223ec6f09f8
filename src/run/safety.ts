/**
 * Safety on a live account: against a target that is not loopback, operations that change
 * state run only with an explicit --allow-mutations; otherwise they are skipped, and the report
 * says why.
 */
import { isLoopback } from '../auth/endpoints.ts';
import type { Config } from '../config/types.ts';
import type { Operation } from '../spec/types.ts';

export function liveSafety(config: Config): (op: Operation) => string | undefined {
  return (op) => {
    if (!op.mutating || config.run.allowMutations) return undefined;
    const url = config.target?.[op.service];
    if (url === undefined || isLoopback(url)) return undefined;
    return `mutating operation against a non-loopback target (${new URL(url).host}); pass --allow-mutations to run it`;
  };
}
