// A small HTTP/1.1 client for the service tests: real sockets on loopback,
// nothing hidden (status, headers and the raw body as sent), a raw-socket
// sender for requests no client library would produce, and the built service
// as a process to talk to.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: any;
}

export interface HttpCall {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as is; an object as JSON. */
  body?: string | Buffer | object;
  timeoutMs?: number;
}

export function httpCall(base: { host: string; port: number }, call: HttpCall): Promise<HttpAnswer> {
  const body =
    call.body === undefined ? undefined : typeof call.body === 'string' || Buffer.isBuffer(call.body) ? call.body : JSON.stringify(call.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: base.host,
        port: base.port,
        method: call.method ?? 'GET',
        path: call.path,
        headers: { ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...call.headers },
        agent: false,
        timeout: call.timeoutMs ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`HTTP ${call.method ?? 'GET'} ${call.path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes raw bytes and returns whatever comes back until the server closes (or the timeout). */
export function rawExchange(base: { host: string; port: number }, bytes: string | Buffer, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: base.host, port: base.port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      if (chunks.length) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(e);
    });
  });
}

// ---------------------------------------------------------------------------
// The built service as a process, for the e2e tests: `dist/smtp-dane-verify serve`
// on 127.0.0.1 and an ephemeral port (read from its "listening" log record),
// started with an argument array and stopped by PID.


export interface ServeProcess {
  child: ChildProcess;
  base: { host: string; port: number };
  /** Every stdout line so far (JSON log records). */
  lines: string[];
  stderr(): string;
  /** SIGTERM, then the exit code (null when it took more than timeoutMs and was killed). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startServeProcess(executable: string, args: readonly string[], env: NodeJS.ProcessEnv, startTimeoutMs = 15_000): Promise<ServeProcess> {
  const child = spawn(executable, ['serve', '--listen', '127.0.0.1', '--port', '0', ...args], {
    env: { PATH: process.env['PATH'], ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let errText = '';
  child.stderr!.on('data', (c: Buffer) => (errText += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not report listening in ${startTimeoutMs} ms\nstdout:\n${lines.join('\n')}${partial}\nstderr:\n${errText}`));
    }, startTimeoutMs);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before listening\nstdout:\n${lines.join('\n')}${partial}\nstderr:\n${errText}`));
    });
    child.stdout!.on('data', (c: Buffer) => {
      partial += c.toString();
      const parts = partial.split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        let record: any;
        try {
          record = JSON.parse(line);
        } catch {
          continue;
        }
        if (record.event !== 'listening') continue;
        clearTimeout(timer);
        resolve({
          child,
          base: { host: '127.0.0.1', port: record.port },
          lines,
          stderr: () => errText,
          exited,
          stop: async (timeoutMs = 10_000) => {
            const started = Date.now();
            if (child.exitCode !== null || child.signalCode !== null) return { ...(await exited), ms: 0 };
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
            const result = await exited;
            clearTimeout(killer);
            return { ...result, code: Date.now() - started >= timeoutMs ? null : result.code, ms: Date.now() - started };
          },
        });
      }
    });
  });
}
