// How a check that could not run becomes an API error: too many checks → 503
// with Retry-After; shutdown → 503 as well (the next instance will answer).
import { ApiError } from './api-error.ts';
import { CheckWaitTimeout } from './check-service.ts';
import { LimiterRejection } from './limiter.ts';

export function checkError(error: unknown, retryAfterSeconds: number): ApiError | null {
  const retry = { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) };
  if (error instanceof LimiterRejection) {
    if (error.reason === 'stopped') return new ApiError('shutting-down', 'the service is shutting down', retry);
    return new ApiError('busy', 'too many checks are running; try again later', retry);
  }
  if (error instanceof CheckWaitTimeout) return new ApiError('busy', 'the check did not finish in time; try again later', retry);
  return null;
}
