// The SMTP evidence of one address. A temporary refusal (a 4xx before TLS,
// RFC 5321 §4.2.5: "try again later") is tried once more after a short pause,
// when the run's deadline leaves room for a whole session; the server's second
// answer is the evidence, and `attempts` says there were two.
import type { Deps, SmtpProbeRequest } from '../ports.ts';
import type { SmtpEvidence } from '../evidence/smtp.ts';

/** How long to wait before asking again: long enough for one of our own sessions to end. */
export const RETRY_PAUSE_MS = 1000;
/** Time a second session must have after the pause (its connect, replies and handshake on a slow link). */
export const RETRY_ROOM_MS = 2000;

export interface RetryBudget {
  /** When the run ends, in the clock's milliseconds (Deps.clock). */
  deadlineAt: number;
}

export async function probeAddress(deps: Deps, request: SmtpProbeRequest, budget: RetryBudget): Promise<SmtpEvidence> {
  const first = await deps.smtp.probe(request);
  if (first.failure?.kind !== 'temporary') return first;
  const room = budget.deadlineAt - deps.clock.now().getTime() - RETRY_PAUSE_MS;
  if (room < RETRY_ROOM_MS || !(await pause(RETRY_PAUSE_MS, request.signal))) return first;
  const second = await deps.smtp.probe(request);
  // Cut by the deadline after all: the refusal says more than "unfinished".
  if (second.failure?.kind === 'cancelled') return first;
  return { ...second, attempts: 2 };
}

/** Waits; false when the run was cancelled meanwhile. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (waited: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(waited);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
