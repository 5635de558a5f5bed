// One lab per mocha process: useLab() starts it on first use (memoised), the root
// hook stops it after the whole run. Register in .mocharc as
//   "require": ["test/e2e/lab-hooks.ts"]
// A lab left running by a crashed run is killed by lab.ts's exit handler and, at
// the latest, reaped by PID by the next startLab() (see test/lab/lock.ts).
import { startLab, type Lab } from '../lab/lab.ts';

let pending: Promise<Lab> | null = null;

/**
 * Starts the lab once per process; later calls get the same lab. `timeoutMs`
 * bounds the start-up of the caller that starts it (default: $LAB_START_TIMEOUT_MS,
 * then startLab's 20 s; a loaded machine may need more).
 */
export function useLab(timeoutMs?: number): Promise<Lab> {
  // LAB_LOCK_WAIT_MS: wait for another process's lab (a parallel e2e run) to finish.
  const startTimeout = timeoutMs ?? (Number(process.env.LAB_START_TIMEOUT_MS) || undefined);
  pending ??= startLab({ lockWaitMs: Number(process.env.LAB_LOCK_WAIT_MS ?? 0) || 0, timeoutMs: startTimeout }).catch((error: unknown) => {
    pending = null; // let a later suite retry (and fail with its own clear error)
    throw error;
  });
  return pending;
}

/**
 * Stops this process's lab, if one runs, so that a child process can start its
 * own (the addresses are fixed); the next useLab() starts a fresh one.
 */
export async function releaseLab(): Promise<void> {
  if (!pending) return;
  const lab = await pending.catch(() => null);
  pending = null;
  await lab?.stop();
}

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    if (!pending) return;
    this.timeout(15_000);
    const lab = await pending.catch(() => null);
    pending = null;
    await lab?.stop();
  },
};
