// Background checks of METRICS_DOMAINS: each domain first at start (spread over
// a few seconds), then every interval measured start to start, with jitter so
// that domains do not fall into step. A domain's next run is only planned once
// its current one has finished, so one domain never runs twice at once; a run
// that fails is logged and the loop goes on.

export interface SchedulerOptions {
  domains: readonly string[];
  intervalMs: number;
  /** Runs one domain's check; a rejection is reported to onError and otherwise ignored. */
  run: (domain: string) => Promise<void>;
  onError: (domain: string, error: unknown) => void;
  /** In [0, 1); injectable for tests. */
  random?: () => number;
}

/** Jitter: ±10 % of the interval, at most 30 s either way. */
export function jitterMs(intervalMs: number): number {
  return Math.min(30_000, intervalMs * 0.1);
}

/** The first runs are spread over at most 5 s (and never more than a tenth of the interval). */
export function initialSpreadMs(intervalMs: number): number {
  return Math.min(5000, intervalMs * 0.1);
}

/** Delay before a domain's first run; `random` in [0, 1). */
export function firstDelayMs(intervalMs: number, random: number): number {
  return random * initialSpreadMs(intervalMs);
}

/** Delay before the next run: the interval from the last start, ± jitter, never negative. */
export function nextDelayMs(intervalMs: number, elapsedMs: number, random: number): number {
  return Math.max(0, intervalMs - elapsedMs + (random * 2 - 1) * jitterMs(intervalMs));
}

export class Scheduler {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #running = new Map<string, Promise<void>>();
  #stopped = false;
  readonly #random: () => number;

  constructor(readonly options: SchedulerOptions) {
    this.#random = options.random ?? Math.random;
  }

  start(): void {
    for (const domain of this.options.domains) this.#plan(domain, firstDelayMs(this.options.intervalMs, this.#random()));
  }

  /** Cancels every planned run and waits for the running ones to settle. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    await Promise.allSettled([...this.#running.values()]);
  }

  #plan(domain: string, delayMs: number): void {
    if (this.#stopped) return;
    const timer = setTimeout(() => {
      this.#timers.delete(domain);
      void this.#runOnce(domain);
    }, delayMs);
    this.#timers.set(domain, timer);
  }

  async #runOnce(domain: string): Promise<void> {
    const started = Date.now();
    const running = (async () => {
      try {
        await this.options.run(domain);
      } catch (error) {
        this.options.onError(domain, error);
      }
    })();
    this.#running.set(domain, running);
    await running;
    this.#running.delete(domain);
    this.#plan(domain, nextDelayMs(this.options.intervalMs, Date.now() - started, this.#random()));
  }
}
