/** A bounded-concurrency gate: at most `n` tasks run at once, the rest wait in FIFO order. */
export interface Limit {
  <T>(task: () => Promise<T>): Promise<T>;
}

export function createLimit(n: number): Limit {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`createLimit: concurrency must be a positive integer, got ${n}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a caller arriving in
  // between can never push the count past n.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < n) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      release();
    }
  };
}
