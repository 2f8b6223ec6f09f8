/**
 * The request limiter (execute/rate-limit.ts) counts whole request starts per one-second
 * window, while --rate and run.rate accept fractions (`--rate 0.5/s`): refuse those before the
 * run, as a usage error, instead of failing inside it.
 */
import type { Config } from '../config/types.ts';
import { ConformError } from '../errors.ts';

export function assertWholeRate(config: Config): void {
  const rate = config.run.rate;
  if (Number.isInteger(rate)) return;
  throw new ConformError(
    'CONFORM_USAGE',
    `--rate / run.rate must be a whole number of requests per second (the limiter counts request starts per 1-second window), got ${rate}; use ${Math.max(1, Math.floor(rate))} or 0 for no limit`,
  );
}
