// One foreground daemon of the lab: spawned with an argument array, output into a
// log file, stopped by its PID. Each daemon gets its own process group (detached),
// so a terminal's Ctrl-C reaches only the lab's controller, which then tears the
// lab down in order; stopping signals the daemon and, as a last resort, its group.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

export interface Daemon {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** SIGTERM, wait up to graceMs, then SIGKILL the process group. */
  stop(graceMs?: number): Promise<void>;
  /** Synchronous last-resort kill (process 'exit' handler). */
  killNow(): void;
  logTail(lines?: number): string;
}

export function spawnDaemon(name: string, command: string, args: string[], logFile: string, cwd?: string): Daemon {
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { stdio: ['ignore', fd, fd], detached: true, cwd });
  } finally {
    closeSync(fd);
  }
  let exitedFlag = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      resolve({ code, signal });
    });
    child.once('error', () => {
      exitedFlag = true;
      resolve({ code: null, signal: null });
    });
  });
  // The lab must not keep a test runner alive; lab.ts kills leftovers on 'exit'.
  child.unref();
  const pid = child.pid ?? -1;

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (pid <= 0) return;
    try {
      process.kill(-pid, signal); // the group whose leader is the child we spawned
    } catch {
      /* already gone */
    }
  };

  return {
    name,
    pid,
    logFile,
    exited,
    hasExited: () => exitedFlag,
    async stop(graceMs = 3000) {
      if (pid <= 0) return;
      if (!exitedFlag) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        if ((await within(exited, graceMs)) === 'timeout') {
          signalGroup('SIGKILL');
          await within(exited, 1000);
        }
      }
      // Children that outlived their leader (e.g. Postfix smtpd processes).
      signalGroup('SIGKILL');
    },
    killNow() {
      signalGroup('SIGKILL');
    },
    logTail(lines = 25) {
      return tailOf(logFile, lines);
    },
  };
}

/** Races a promise against a timer that is always cleared (so it never keeps the process alive). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function tailOf(file: string, lines = 25): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  const text = readFileSync(file, 'utf8').trimEnd();
  if (!text) return '(log empty)';
  return text.split('\n').slice(-lines).join('\n');
}

/** Polls `check` until it resolves true, the daemon exits, or the deadline passes. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; daemon?: Daemon },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    if (options.daemon?.hasExited()) {
      const { code, signal } = await options.daemon.exited;
      throw new Error(`${options.daemon.name} exited (code ${code}, signal ${signal}) before ${what}`);
    }
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      if (process.env.LAB_DEBUG) console.error(`[lab] ${what}: ${lastError}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 30));
  }
}
