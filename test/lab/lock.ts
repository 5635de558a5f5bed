// One lab per machine: its addresses are fixed, so a second lab (another mocha
// process, a `lab up` in another terminal) must fail clearly instead of fighting
// over ports. The lock file names the owner process, the lab directory and the
// daemon PIDs, so a lab left behind by a killed process can be cleaned up by PID.
import { existsSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = join(tmpdir(), 'smtp-dane-verify-lab.lock');

interface LockContent {
  pid: number;
  dir: string;
  started: string;
  daemons: { name: string; pid: number }[];
}

export class LabLockedError extends Error {
  constructor(readonly holderPid: number, readonly holderDir: string) {
    super(
      `address in use: another smtp-dane-verify lab is running (process ${holderPid}, dir ${holderDir}); ` +
        `127.0.53.1/127.0.53.2:53 and 127.0.25.x:25 are taken. Stop it first (Ctrl-C in its terminal, or let its test run finish), ` +
        `or share one lab per process through test/e2e/lab-hooks.ts useLab().`,
    );
    this.name = 'LabLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(): LockContent | null {
  try {
    return JSON.parse(readFileSync(LOCK_FILE, 'utf8')) as LockContent;
  } catch {
    return null;
  }
}

/** Kills what a dead lab left behind: only PIDs whose command line names its directory. */
function reapStale(stale: LockContent): void {
  for (const daemon of stale.daemons ?? []) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${daemon.pid}/cmdline`, 'utf8');
    } catch {
      continue; // gone
    }
    if (!stale.dir || !cmdline.includes(stale.dir)) continue; // PID reused by something else
    try {
      process.kill(-daemon.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (stale.dir && stale.dir.includes('smtp-dane-lab-') && existsSync(stale.dir)) rmSync(stale.dir, { recursive: true, force: true });
}

export interface LabLock {
  setDaemons(daemons: { name: string; pid: number }[]): void;
  release(): void;
}

/**
 * Takes the machine-wide lab lock. With waitMs > 0, waits (polling) for a lab held
 * by another live process to stop; a lab held by this very process fails at once.
 */
export async function acquireLabLock(dir: string, waitMs = 0): Promise<LabLock> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return tryAcquire(dir);
    } catch (error) {
      if (!(error instanceof LabLockedError) || error.holderPid === process.pid || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function tryAcquire(dir: string): LabLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(LOCK_FILE, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = read();
      if (holder && alive(holder.pid)) throw new LabLockedError(holder.pid, holder.dir);
      if (holder) reapStale(holder);
      try {
        unlinkSync(LOCK_FILE);
      } catch {
        /* someone else reaped it */
      }
      continue;
    }
    const content: LockContent = { pid: process.pid, dir, started: new Date().toISOString(), daemons: [] };
    writeFileSync(fd, JSON.stringify(content));
    closeSync(fd);
    let released = false;
    return {
      setDaemons(daemons) {
        if (released) return;
        content.daemons = daemons;
        writeFileSync(LOCK_FILE, JSON.stringify(content));
      },
      release() {
        if (released) return;
        released = true;
        const current = read();
        if (current && current.pid === process.pid && current.dir === dir) {
          try {
            unlinkSync(LOCK_FILE);
          } catch {
            /* already gone */
          }
        }
      },
    };
  }
  throw new Error(`could not acquire ${LOCK_FILE}`);
}
