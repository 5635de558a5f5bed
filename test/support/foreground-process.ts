// A foreground daemon that a test starts in its own process group and stops by
// process id (never by name), its recent output kept for error messages.
import { spawn, type ChildProcess } from 'node:child_process';

export class Foreground {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(readonly label: string, file: string, args: readonly string[], env?: NodeJS.ProcessEnv) {
    this.child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-40_000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((done) => {
      this.child.once('exit', (code) => done(code));
      this.child.once('error', (e) => {
        this.output += `\nspawn failed: ${e.message}`;
        done(null);
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** `signal` to the process group, SIGKILL after 10 s. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || !this.running) return;
    const send = (s: NodeJS.Signals) => {
      try {
        process.kill(-pid, s);
      } catch {
        // already gone
      }
    };
    send(signal);
    const timer = setTimeout(() => send('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
    send('SIGKILL'); // stragglers of the group (e.g. a check still running)
  }
}
