/**
 * Request-start rate limiting: at most `perSecond` starts in any one-second window; below one
 * per second (`0.5`), one start per `1 / perSecond` seconds.
 *
 * A bucket of `perSecond` tokens where each token comes back exactly one window after it was
 * taken. A continuously refilling bucket would not do: it lets N start at t=0 and one more at
 * t=1/N, N+1 inside the first second, and the real services count per window.
 */

export interface RateLimiter {
  /**
   * Resolves when the caller may start one request. Waiters are served in call order. Rejects
   * with `signal.reason` if `signal` aborts first; the place is then given up.
   */
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface RateLimiterOptions {
  /** requests per second: a whole number, or a fraction below one; 0 = unlimited */
  readonly perSecond: number;
}

/** Whether the limiter can keep this rate exactly: a whole number, or a positive fraction below one. */
export function isKeepableRate(perSecond: number): boolean {
  return Number.isInteger(perSecond) ? perSecond >= 0 : Number.isFinite(perSecond) && perSecond > 0 && perSecond < 1;
}

interface Waiter {
  readonly resolve: () => void;
  readonly detach: () => void;
}

const unlimited: RateLimiter = {
  acquire: (signal) => (signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve()),
};

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perSecond } = options;
  if (!isKeepableRate(perSecond)) {
    throw new RangeError(`createRateLimiter: perSecond must be a non-negative integer (0 = unlimited) or a fraction below 1, got ${perSecond}`);
  }
  if (perSecond === 0) return unlimited;
  // N per second: N tokens, each back after a second; r < 1: one token, back after 1/r seconds
  const tokens = perSecond >= 1 ? perSecond : 1;
  const windowMs = perSecond >= 1 ? 1000 : 1000 / perSecond;

  // Monotonic: a wall-clock step must not open or close the window.
  const now = () => performance.now();
  // Ring of the last `tokens` start times; `oldest` indexes the one that frees next.
  const starts = new Array<number>(tokens).fill(-Infinity);
  let oldest = 0;
  const queue: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const drain = (): void => {
    timer = undefined;
    while (queue.length > 0) {
      const t = now();
      const freeAt = starts[oldest] + windowMs;
      if (t < freeAt) {
        // One timer for the head of the queue only; the rest wait behind it without polling.
        timer = setTimeout(drain, Math.ceil(freeAt - t));
        timer.unref?.();
        return;
      }
      starts[oldest] = t;
      oldest = (oldest + 1) % tokens;
      const waiter = queue.shift()!;
      waiter.detach();
      waiter.resolve();
    }
  };

  return {
    acquire(signal?: AbortSignal): Promise<void> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const i = queue.indexOf(waiter);
          if (i !== -1) queue.splice(i, 1);
          // The next start time depends on the ring, not on who waits, so the head's timer stays
          // right; it is only dropped when nobody is left.
          if (queue.length === 0 && timer !== undefined) {
            clearTimeout(timer);
            timer = undefined;
          }
          reject(signal!.reason);
        };
        const waiter: Waiter = { resolve, detach: () => signal?.removeEventListener('abort', onAbort) };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        if (timer === undefined) drain();
      });
    },
  };
}
