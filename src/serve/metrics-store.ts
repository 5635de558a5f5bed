// What GET /metrics answers from: the latest attempt for each METRICS_DOMAINS
// domain, kept in memory. A run that failed internally keeps the previous
// verdict (its series stay, check_success drops to 0 and the timestamps tell
// its age), so one bad run neither blanks a dashboard nor breaks the scrape.
// `revision` counts the changes, so /metrics can render once per change.
import type { MetricsTarget } from '../render/metrics-samples.ts';
import type { CheckAttempt } from './check-service.ts';

export class MetricsStore {
  readonly #targets = new Map<string, MetricsTarget>();
  #revision = 0;

  constructor(domains: readonly string[]) {
    for (const name of domains) {
      this.#targets.set(name, {
        kind: 'domain',
        name,
        outcome: null,
        lastAttemptAt: null,
        lastSuccessAt: null,
        lastDurationSeconds: null,
        lastAttemptComplete: null,
      });
    }
  }

  /** Records an attempt for a configured domain; others are not this store's business. */
  record(name: string, attempt: CheckAttempt): void {
    const t = this.#targets.get(name);
    if (!t) return;
    this.#targets.set(name, {
      ...t,
      outcome: attempt.outcome ?? t.outcome,
      lastAttemptAt: attempt.finishedAt,
      lastSuccessAt: attempt.complete ? attempt.finishedAt : t.lastSuccessAt,
      lastDurationSeconds: attempt.durationSeconds,
      lastAttemptComplete: attempt.complete,
    });
    this.#revision += 1;
  }

  /** Changes with every record(): the same revision means the same snapshot. */
  get revision(): number {
    return this.#revision;
  }

  snapshot(): MetricsTarget[] {
    return [...this.#targets.values()];
  }
}
