// Runs checks for the API, /probe and the scheduler, with the load rules in one
// place: a fresh cached result answers at once; an identical check in flight is
// joined (single-flight); otherwise a slot is taken from the limiter. Each run
// gets its own Deps (the resolver remembers answers for the life of a run).
// Every finished attempt is reported to `onAttempt`, which feeds /metrics.
import type { Deps } from '../ports.ts';
import { runCheck, type CheckOutcome } from '../app/run-check.ts';
import { checkRequest, jobKey, marginMs, type CheckContext, type CheckJob } from './check-request.ts';
import { Limiter, LimiterRejection, type Overflow } from './limiter.ts';
import { ResultCache } from './result-cache.ts';
import { SingleFlight } from './single-flight.ts';

export interface FinishedCheck {
  outcome: CheckOutcome;
  finishedAt: Date;
  durationSeconds: number;
  /** No probe was cut off by the deadline. */
  complete: boolean;
}

/** One attempt as /metrics records it: no outcome when the run failed internally. */
export interface CheckAttempt {
  outcome: CheckOutcome | null;
  finishedAt: Date;
  durationSeconds: number;
  complete: boolean;
}

export type CheckSource = 'cache' | 'run' | 'joined';

export interface CheckAnswer {
  check: FinishedCheck;
  source: CheckSource;
  ageSeconds: number;
}

export interface CheckOptions {
  /** Time for the check itself. */
  budgetMs: number;
  /** How long to wait for a free slot. */
  queueTimeoutMs: number;
  /** The caller cannot wait past budgetMs in all (a /probe): queueing eats into the check's time. */
  hardEnd: boolean;
  useCache: boolean;
  overflow: Overflow;
}

/** A joined check did not finish within the caller's budget. */
export class CheckWaitTimeout extends Error {
  override name = 'CheckWaitTimeout';
}

export interface CheckServiceOptions {
  makeDeps: () => Deps;
  context: CheckContext;
  maxChecks: number;
  maxQueue: number;
  cacheTtlMs: number;
  /** Wall clock in ms (timestamps, cache ages); injectable for tests. */
  nowMs?: () => number;
  onAttempt?: (job: CheckJob, attempt: CheckAttempt) => void;
}

export class CheckService {
  readonly limiter: Limiter;
  readonly #cache: ResultCache<FinishedCheck>;
  readonly #flight = new SingleFlight<FinishedCheck>();
  readonly #stop = new AbortController();
  readonly #now: () => number;

  constructor(readonly options: CheckServiceOptions) {
    this.limiter = new Limiter(options.maxChecks, options.maxQueue);
    this.#cache = new ResultCache(options.cacheTtlMs);
    this.#now = options.nowMs ?? Date.now;
  }

  get inFlight(): number {
    return this.#flight.size;
  }

  async check(job: CheckJob, options: CheckOptions): Promise<CheckAnswer> {
    const key = jobKey(job);
    const started = this.#now();
    if (options.useCache) {
      const hit = this.#cache.get(key, started);
      if (hit) return { check: hit.value, source: 'cache', ageSeconds: Math.floor(hit.ageMs / 1000) };
    }
    const hardEnd = options.hardEnd ? started + options.budgetMs - marginMs(options.budgetMs) : null;
    const waitUntil = started + options.budgetMs + (options.hardEnd ? 0 : options.queueTimeoutMs);
    const { promise, joined } = this.#flight.run(key, () => this.#run(job, key, hardEnd, options));
    const check = joined ? await raceUntil(promise, waitUntil - this.#now()) : await promise;
    return { check, source: joined ? 'joined' : 'run', ageSeconds: 0 };
  }

  /** Refuses new checks and cancels the running ones (they finish at once, their probes marked unfinished). */
  stop(): void {
    this.limiter.stop();
    this.#stop.abort();
  }

  async #run(job: CheckJob, key: string, hardEnd: number | null, options: CheckOptions): Promise<FinishedCheck> {
    const queueTimeout = hardEnd === null ? options.queueTimeoutMs : hardEnd - this.#now();
    const release = await this.limiter.acquire(options.overflow, Math.max(0, queueTimeout));
    const begun = performance.now();
    try {
      const deadlineAt = hardEnd ?? this.#now() + options.budgetMs - marginMs(options.budgetMs);
      const deadlineMs = deadlineAt - this.#now();
      // Queued so long that no useful check fits any more.
      if (deadlineMs < 250) throw new LimiterRejection('queue-timeout');
      const outcome = await runCheck(this.options.makeDeps(), checkRequest(job, deadlineMs, this.options.context), this.#stop.signal);
      const finished: FinishedCheck = {
        outcome,
        finishedAt: new Date(this.#now()),
        durationSeconds: (performance.now() - begun) / 1000,
        complete: outcome.run.unfinished.length === 0,
      };
      // A cut-off run is an answer for its caller, not one to hand to the next.
      if (finished.complete) this.#cache.set(key, finished, this.#now());
      this.options.onAttempt?.(job, finished);
      return finished;
    } catch (error) {
      if (!(error instanceof LimiterRejection)) {
        this.options.onAttempt?.(job, {
          outcome: null,
          finishedAt: new Date(this.#now()),
          durationSeconds: (performance.now() - begun) / 1000,
          complete: false,
        });
      }
      throw error;
    } finally {
      release();
    }
  }
}

function raceUntil<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CheckWaitTimeout('the shared check did not finish in time')), Math.max(0, ms));
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
