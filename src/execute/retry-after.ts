/**
 * How long to wait before retrying: the server's `Retry-After` when it sends one, otherwise an
 * exponential backoff with jitter. The randomness is injected so a seeded run waits the same way
 * every time it is replayed.
 */

export interface RetryAfterOptions {
  /** upper bound on the returned delay; a server asking for an hour must not stall the run */
  readonly capMs?: number;
  /** "now" for HTTP-dates, ms since the epoch */
  readonly now?: number;
}

const DEFAULT_CAP_MS = 60_000;

const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;
// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept.
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850 = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2}) (\d{2}:\d{2}:\d{2}) GMT$/;
const ASCTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]\d) (\d{2}:\d{2}:\d{2}) (\d{4})$/;

function parseHttpDate(text: string, now: number): number | undefined {
  let iso: string | undefined;
  if (IMF_FIXDATE.test(text)) {
    iso = text;
  } else {
    const rfc850 = RFC850.exec(text);
    if (rfc850) {
      const [, day, month, yy, time] = rfc850;
      // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
      const thisYear = new Date(now).getUTCFullYear();
      let year = Math.floor(thisYear / 100) * 100 + Number(yy);
      if (year > thisYear + 50) year -= 100;
      iso = `${day} ${month} ${year} ${time} GMT`;
    }
    const asctime = ASCTIME.exec(text);
    // asctime carries no zone; it is GMT by definition, while Date.parse would read it as local
    if (asctime) iso = `${asctime[2].trim()} ${asctime[1]} ${asctime[4]} ${asctime[3]} GMT`;
  }
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * `Retry-After` (delay-seconds or HTTP-date) in ms, at most `capMs`; a date in the past is 0.
 * `undefined` when the header is absent or unreadable, so the caller falls back to backoff.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, options: RetryAfterOptions = {}): number | undefined {
  const capMs = options.capMs ?? DEFAULT_CAP_MS;
  if (!(capMs >= 0)) throw new RangeError(`parseRetryAfter: capMs must be a non-negative number, got ${capMs}`);
  // a repeated header: the first one counts (undici hands repeated headers over as an array)
  const raw = typeof value === 'string' ? value : value?.[0];
  if (raw === undefined) return undefined;
  const text = raw.trim();
  let ms: number | undefined;
  if (DELAY_SECONDS.test(text)) {
    // decimals are outside RFC 9110 but some gateways send them; the meaning is plain
    ms = Math.ceil(Number(text) * 1000);
  } else {
    const now = options.now ?? Date.now();
    const at = parseHttpDate(text, now);
    if (at !== undefined) ms = Math.max(0, at - now);
  }
  return ms === undefined || !Number.isFinite(ms) ? undefined : Math.min(ms, capMs);
}

export interface BackoffOptions {
  /** ceiling of the first retry's delay */
  readonly baseMs?: number;
  /** ceiling of any delay, Retry-After included */
  readonly capMs?: number;
  /** uniform in [0, 1); inject a seeded one (see `seededRandom`) for replayable runs */
  readonly random: () => number;
}

/** The delay before retry number `attempt` (1 = the first retry). */
export type BackoffDelay = (attempt: number, retryAfterMs?: number) => number;

function checkBackoff(api: string, options: BackoffOptions): { baseMs: number; capMs: number } {
  const baseMs = options.baseMs ?? 200;
  const capMs = options.capMs ?? 30_000;
  if (!(baseMs > 0) || !Number.isFinite(baseMs)) throw new RangeError(`${api}: baseMs must be a positive number, got ${baseMs}`);
  if (!(capMs >= baseMs) || !Number.isFinite(capMs)) throw new RangeError(`${api}: capMs must be a number >= baseMs (${baseMs}), got ${capMs}`);
  if (typeof options.random !== 'function') throw new TypeError(`${api}: random must be a function returning [0, 1)`);
  return { baseMs, capMs };
}

/**
 * "Equal jitter" exponential backoff: for retry `attempt` the ceiling is
 * `min(capMs, baseMs · 2^(attempt-1))` and the delay is uniform in [ceiling/2, ceiling], so
 * delays grow yet concurrent retriers spread out. A server's Retry-After is a floor: the delay is
 * never shorter than what the server asked for (up to `capMs`).
 */
export function backoffDelay(attempt: number, retryAfterMs: number | undefined, options: BackoffOptions): number {
  const { baseMs, capMs } = checkBackoff('backoffDelay', options);
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`backoffDelay: attempt must be an integer >= 1, got ${attempt}`);
  // 2^(attempt-1) overflows to Infinity for huge attempts; min() keeps it at the cap
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  const jittered = Math.floor(ceiling / 2 + options.random() * (ceiling / 2));
  const floor = retryAfterMs !== undefined && retryAfterMs > 0 ? Math.min(retryAfterMs, capMs) : 0;
  return Math.max(jittered, floor);
}

/** `backoffDelay` with its options bound once (validated here, not on the first retry). */
export function createBackoff(options: BackoffOptions): BackoffDelay {
  checkBackoff('createBackoff', options);
  const bound = { ...options };
  return (attempt, retryAfterMs) => backoffDelay(attempt, retryAfterMs, bound);
}

/** A small seeded PRNG (mulberry32) returning uniform values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
