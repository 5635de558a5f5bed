// One finished check as a metrics target (for /probe and /verify/?format=openmetrics).
import type { MetricsTarget } from '../render/metrics-samples.ts';
import type { CheckJob } from './check-request.ts';
import type { FinishedCheck } from './check-service.ts';

export function targetOf(job: CheckJob, check: FinishedCheck): MetricsTarget {
  return {
    kind: job.kind,
    name: job.name,
    outcome: check.outcome,
    lastAttemptAt: check.finishedAt,
    lastSuccessAt: check.complete ? check.finishedAt : null,
    lastDurationSeconds: check.durationSeconds,
    lastAttemptComplete: check.complete,
  };
}
