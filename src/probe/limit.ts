// Bounds on how many tasks run at once: overall (createLimiter) and per key
// (createKeyedLimiter, e.g. per server address, so that however many MX names
// share an address and however many handshakes a check wants with it, the
// server never sees more than a couple of our connections at a time).
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `concurrency` tasks at once; the rest wait their turn in order. */
export function createLimiter(concurrency: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async (task) => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

export type KeyedLimiter = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/** At most `perKey` tasks at once for each key; a key's limiter is dropped when it is idle. */
export function createKeyedLimiter(perKey: number): KeyedLimiter {
  const limiters = new Map<string, { limit: Limiter; users: number }>();
  return async (key, task) => {
    let entry = limiters.get(key);
    if (!entry) {
      entry = { limit: createLimiter(perKey), users: 0 };
      limiters.set(key, entry);
    }
    entry.users++;
    try {
      return await entry.limit(task);
    } finally {
      if (--entry.users === 0) limiters.delete(key);
    }
  };
}
