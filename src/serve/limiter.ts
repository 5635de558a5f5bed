// At most `maxActive` checks run at once. Requests beyond that wait in a queue
// of at most `maxQueue`; past it they are refused at once ('busy' → 503 with
// Retry-After) rather than piling up. The scheduler's runs always queue: there
// is at most one per configured domain.

export type Overflow = 'reject' | 'wait';
export type LimiterRefusal = 'busy' | 'queue-timeout' | 'stopped';

export class LimiterRejection extends Error {
  override name = 'LimiterRejection';
  constructor(readonly reason: LimiterRefusal) {
    super(`check slot refused: ${reason}`);
  }
}

interface Waiter {
  grant: () => void;
  refuse: (reason: LimiterRefusal) => void;
}

export type Release = () => void;

export class Limiter {
  #active = 0;
  #stopped = false;
  readonly #queue: Waiter[] = [];

  constructor(
    readonly maxActive: number,
    readonly maxQueue: number,
  ) {}

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** Resolves with a release function once a slot is free; rejects with LimiterRejection. */
  acquire(overflow: Overflow, timeoutMs: number): Promise<Release> {
    if (this.#stopped) return Promise.reject(new LimiterRejection('stopped'));
    if (this.#active < this.maxActive) return Promise.resolve(this.#take());
    if (overflow === 'reject' && this.#queue.length >= this.maxQueue) return Promise.reject(new LimiterRejection('busy'));
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.#take());
        },
        refuse: (reason) => {
          clearTimeout(timer);
          reject(new LimiterRejection(reason));
        },
      };
      const timer = setTimeout(() => {
        const i = this.#queue.indexOf(waiter);
        if (i >= 0) this.#queue.splice(i, 1);
        waiter.refuse('queue-timeout');
      }, timeoutMs);
      this.#queue.push(waiter);
    });
  }

  /** Refuses every waiter and every later acquire (shutdown). */
  stop(): void {
    this.#stopped = true;
    for (const w of this.#queue.splice(0)) w.refuse('stopped');
  }

  #take(): Release {
    this.#active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      const next = this.#queue.shift();
      if (next) next.grant();
    };
  }
}
