// Another SMTP client from the monitoring host's own address, keeping one
// session open: what a busy outbound MTA on the same machine looks like to a
// server that limits connections per client. The matrix holds the throttling
// listener's only slot with it, so every check in the run meets the server's
// temporary refusal (see test/matrix/expected-states.ts, throttle.test).
import { connect, type Socket } from 'node:net';

export interface HeldSession {
  /** False once the server (or anything else) ended the session. */
  open(): boolean;
  /** Ends the session with QUIT and waits for the socket to close. */
  release(): Promise<void>;
}

/** Below Postfix's smtpd_timeout (300 s); a NOOP each keeps it far under smtpd_junk_command_limit (100) for an hour. */
const KEEPALIVE_MS = 30_000;

/** Connects, waits for the 220 banner and keeps the session alive until released. */
export function holdSmtpSession(address: string, port = 25, timeoutMs = 10_000): Promise<HeldSession> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: address, port });
    let greeted = false;
    let buffer = '';
    const timer = setTimeout(() => fail(new Error(`SMTP ${address}:${port}: no banner within ${timeoutMs} ms`)), timeoutMs);
    let keepalive: NodeJS.Timeout | undefined;
    function fail(error: Error): void {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    }
    socket.setEncoding('latin1');
    socket.on('error', (error) => (greeted ? undefined : fail(new Error(`SMTP ${address}:${port}: ${error.message}`))));
    socket.on('data', (chunk: string) => {
      if (greeted) return; // NOOP replies
      buffer += chunk;
      const lines = buffer.split('\r\n').filter(Boolean);
      const last = lines.at(-1);
      if (!buffer.endsWith('\r\n') || !last || last[3] === '-') return; // a multi-line banner is not finished
      if (!last.startsWith('220')) return fail(new Error(`SMTP ${address}:${port}: banner ${JSON.stringify(lines)}`));
      greeted = true;
      clearTimeout(timer);
      keepalive = setInterval(() => socket.write('NOOP\r\n'), KEEPALIVE_MS);
      resolve({
        open: () => !socket.destroyed && !socket.readableEnded,
        release: () =>
          new Promise<void>((done) => {
            clearInterval(keepalive);
            if (socket.destroyed) return done();
            socket.once('close', () => done());
            socket.end('QUIT\r\n');
            setTimeout(() => socket.destroy(), 2000).unref();
          }),
      });
    });
  });
}
