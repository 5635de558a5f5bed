// The service under load, on loopback only: `dist/smtp-dane-verify serve` on
// 127.0.0.1 and a free port, GET /metrics hammered by wrk (or, without wrk, a
// small keep-alive generator in this process), and N identical POST /verify/
// at once, counted three independent ways: the service's access log (`source`:
// run | joined | cache), the SMTP sessions the slow fixtures accepted, and the
// MX questions the counting DNS forwarder saw.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { median, runOnce } from './measure.ts';

export const WRK = '/usr/bin/wrk';

export interface ServeProcess {
  port: number;
  key: string;
  /** Access-log records (event "request") of the routes we care about. */
  requests: Record<string, unknown>[];
  /** Lines of output that were not JSON (should stay empty). */
  stray: string[];
  stop(): Promise<number | null>;
}

export async function serveAvailable(dist: string): Promise<boolean> {
  const r = await runOnce(dist, ['serve', '--help']);
  return /--api-key/.test(r.stdout);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startServe(dist: string, extraArgs: readonly string[]): Promise<ServeProcess> {
  const key = randomBytes(24).toString('hex'); // a throwaway key for this run only (hex: a base64url key may start with '-', which the command line reads as an option)
  const port = await freePort();
  const child: ChildProcess = spawn(dist, ['serve', '--api-key', key, '--listen', '127.0.0.1', '--port', String(port), ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] },
  });
  const requests: Record<string, unknown>[] = [];
  const stray: string[] = [];
  let buffered = '';
  // The access log must be read as fast as it comes, or the service blocks on a full pipe.
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        const rec = JSON.parse(line) as Record<string, unknown>;
        if (rec['event'] === 'request' && typeof rec['path'] === 'string' && (rec['path'] as string).startsWith('/verify')) requests.push(rec);
      } catch {
        if (line.trim()) stray.push(line);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stray.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const svc: ServeProcess = {
    port,
    key,
    requests,
    stray,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode} at start: ${stray.join('').slice(0, 2000)}`);
    const ok = await get(port, '/healthz', {}).then((r) => r.status === 200, () => false);
    if (ok) return svc;
    if (Date.now() > deadline) {
      await svc.stop();
      throw new Error('serve did not answer /healthz within 15 s');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface HttpResult {
  status: number;
  body: string;
  ms: number;
}

function call(port: number, method: string, path: string, headers: Record<string, string>, body?: string, agent?: Agent): Promise<HttpResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

export const get = (port: number, path: string, headers: Record<string, string>, agent?: Agent): Promise<HttpResult> => call(port, 'GET', path, headers, undefined, agent);

export const post = (port: number, path: string, headers: Record<string, string>, body: string): Promise<HttpResult> =>
  call(port, 'POST', path, { 'Content-Type': 'application/json', ...headers }, body);

export interface LoadResult {
  tool: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

/** Milliseconds from wrk's "1.23ms" / "456.00us" / "1.20s". */
function wrkMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 'ms' ? v : m[2] === 's' ? v * 1000 : v * 60_000;
}

async function wrk(port: number, path: string, key: string, seconds: number, connections: number): Promise<LoadResult> {
  // The key travels as an argument of a loopback-only tool; it is a throwaway key of this run.
  const r = await runOnce(WRK, ['-t', '2', '-c', String(connections), '-d', `${seconds}s`, '--latency', '-H', `x-apikey: ${key}`, `http://127.0.0.1:${port}${path}`]);
  if (r.code !== 0) throw new Error(`wrk exited ${r.code}: ${r.stderr}${r.stdout}`);
  const pct = (p: string) => wrkMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(r.stdout)?.[1] ?? '');
  const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1] ?? Number.NaN);
  const errors =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1] ?? 0) +
    [...r.stdout.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  return { tool: 'wrk', requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1] ?? Number.NaN), p50Ms: pct('50'), p99Ms: pct('99'), requests, errors };
}

/** Without wrk: `connections` keep-alive loops in this process (it then measures us too; wrk is better). */
async function nodeLoad(port: number, path: string, key: string, seconds: number, connections: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const r = await get(port, path, { 'x-apikey': key }, agent).catch(() => null);
        if (!r || r.status !== 200) errors++;
        if (r) latencies.push(r.ms);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    tool: 'node keep-alive loop (no wrk)',
    requestsPerSecond: sorted.length / elapsed,
    p50Ms: median(sorted),
    p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? Number.NaN,
    requests: sorted.length,
    errors,
  };
}

export function loadTest(port: number, path: string, key: string, seconds: number, connections: number): Promise<LoadResult> {
  return existsSync(WRK) ? wrk(port, path, key, seconds, connections) : nodeLoad(port, path, key, seconds, connections);
}
