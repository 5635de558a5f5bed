// A small hostile world on loopback for end-to-end tests of the built
// executable: a DNS fixture playing a validating resolver (AD set) for one test
// name pointing at 127.0.0.1, with a TLSA 3 1 1 that matches the fixture's leaf,
// and an SMTP fixture on an ephemeral port that misbehaves as scripted. The
// executable runs under /usr/bin/time, so every run also reports its peak RSS.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Answer } from 'dns-packet';
import { expect } from 'chai';
import { type DnsFixture, type FixtureHandler, type FixtureOptions, rr, staticZone, startDnsFixture } from '../support/dns-fixture-server.ts';
import { DIST, runFile } from '../support/run-dist.ts';
import { type FixtureScript, type FixtureServer, startFixtureServer } from '../support/smtp-fixture-server.ts';
import { testPki } from '../support/pki.ts';
import { createLimiter } from '../../src/probe/limit.ts';

export const TIME = '/usr/bin/time';

export interface MeasuredRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time of the child, spawn to exit. */
  ms: number;
  /** Peak resident set size of the child in KiB (GNU time %M); null without /usr/bin/time. */
  maxRssKb: number | null;
}

const scratch = mkdtempSync(join(tmpdir(), 'smtp-dane-verify-hostile-'));
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
let runs = 0;

/**
 * Runs at once, over all hostile suites: enough to overlap the waits, few enough
 * that start-up (0.2-0.6 s of CPU each) does not eat the -t under test on a 2-CPU box.
 */
export const PARALLEL_RUNS = Math.max(1, Number(process.env['HOSTILE_PARALLEL'] ?? 3) || 3);
const limit = createLimiter(PARALLEL_RUNS);

/** Runs dist/smtp-dane-verify with an argument array (no shell), measuring its peak RSS. */
export function runMeasured(args: string[], env: NodeJS.ProcessEnv = {}): Promise<MeasuredRun> {
  return limit(() => runMeasuredNow(args, env));
}

/** Peak RSS of every measured run so far, for the suites' summaries. */
export const measuredRss: number[] = [];

async function runMeasuredNow(args: string[], env: NodeJS.ProcessEnv): Promise<MeasuredRun> {
  const withTime = existsSync(TIME);
  const rssFile = join(scratch, `rss-${process.pid}-${runs++}`);
  const [file, argv] = withTime ? [TIME, ['-o', rssFile, '-f', '%M', DIST, ...args]] : [DIST, args];
  const run = await runFile(file, argv, { env: { PATH: process.env['PATH'], ...env }, timeoutMs: 30_000 });
  let maxRssKb: number | null = null;
  if (withTime && existsSync(rssFile)) {
    // GNU time may put "Command exited with non-zero status 3" before the number.
    const last = readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? '';
    maxRssKb = /^\d+$/.test(last) ? Number(last) : null;
    if (maxRssKb !== null) measuredRss.push(maxRssKb);
  }
  return { ...run, maxRssKb };
}

/** The peak RSS any hostile run may reach: a node process is ~65 MB; a leak of what the peer sent would show. */
export const MAX_RSS_KB = 160 * 1024;

/** What every hostile run must show whatever the peer did: on time, one result, nothing on stderr, bounded memory. */
export function expectContained(run: MeasuredRun, timeoutSeconds: number): void {
  const context = `exit ${run.code}, ${run.ms} ms, stdout: ${run.stdout.slice(0, 600)} stderr: ${run.stderr.slice(0, 600)}`;
  expect(run.stderr, context).to.equal('');
  expect(run.ms, context).to.be.below(timeoutSeconds * 1000);
  expect(run.stdout, context).to.not.match(/^\s+at /m);
  expect(run.stdout, context).to.not.match(/internal error/i);
  if (run.maxRssKb !== null) expect(run.maxRssKb, context).to.be.below(MAX_RSS_KB);
}

/** stdout as the one JSON document it must be (JSON.parse refuses two). */
export function jsonOf(run: MeasuredRun): any {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${run.code}): ${run.stdout.slice(0, 600)}`);
  }
}

export const NAME = 'mx.hostile.test';

export interface HostileWorld {
  name: string;
  smtp: FixtureServer;
  dns: DnsFixture;
  /** The executable's arguments for a host check of NAME in this world, before the format. */
  hostArgs(timeoutSeconds?: number): string[];
  /** The same for a domain check of DOMAIN. */
  domainArgs(timeoutSeconds?: number): string[];
  close(): Promise<void>;
}

export const DOMAIN = 'hostile.test';

/** The SHA-256 of a key no fixture serves (a next key, published ahead). */
export const NEXT_KEY_SPKI_SHA256 = createHash('sha256').update('hostile.test: the next key').digest('hex');

export interface WorldOptions {
  /** The command line after the executable, before the format; default: a host check of NAME. */
  args?: (world: HostileWorld) => string[];
  /** The TLSA 3 1 1 data; default: the test PKI leaf's SPKI digest. */
  tlsaSpkiSha256?: string;
  /** Replaces the DNS side altogether (given the SMTP fixture's port). */
  dns?: (port: number) => FixtureHandler;
  /** How the DNS fixture listens (e.g. refusing TCP). */
  dnsOptions?: FixtureOptions;
}

/** Starts the DNS and SMTP fixtures for one hostile scenario. */
export async function startWorld(script: FixtureScript, options: WorldOptions = {}): Promise<HostileWorld> {
  const pki = await testPki();
  const smtp = await startFixtureServer({ tls: { cert: pki.leaf.pem + pki.intermediate.pem, key: pki.leaf.keyPem }, ...script });
  const tlsa = options.tlsaSpkiSha256 ?? pki.leaf.spkiSha256;
  const records: Answer[] = [
    rr.a(NAME, '127.0.0.1'),
    // The name owns an A record only: AAAA is a secure NODATA.
    rr.tlsa(`_${smtp.port}._tcp.${NAME}`, 3, 1, 1, tlsa),
    // A next key published ahead, as on a healthy host: the world is ready for a rollover.
    rr.tlsa(`_${smtp.port}._tcp.${NAME}`, 3, 1, 1, NEXT_KEY_SPKI_SHA256),
  ];
  const dns = await startDnsFixture(options.dns ? options.dns(smtp.port) : staticZone(records), options.dnsOptions);
  const common = (timeoutSeconds: number) => [
    '--resolver',
    `127.0.0.1:${dns.port}`,
    // The fixture plays a validating resolver: it sets AD on unsigned data, which only this mode reads.
    '--dnssec',
    'resolver',
    '--port',
    String(smtp.port),
    '-t',
    String(timeoutSeconds),
    '--helo',
    'probe.hostile.test',
  ];
  return {
    name: NAME,
    smtp,
    dns,
    hostArgs: (timeoutSeconds = 3) => ['host', NAME, ...common(timeoutSeconds)],
    domainArgs: (timeoutSeconds = 3) => ['domain', DOMAIN, ...common(timeoutSeconds)],
    close: async () => {
      await Promise.all([smtp.close(), dns.close()]);
    },
  };
}

/** Runs one scenario in JSON and in Nagios mode at once, then tears the world down. */
export async function runBoth(
  script: FixtureScript,
  timeoutSeconds = 3,
  options: WorldOptions = {},
): Promise<{ json: any; jsonRun: MeasuredRun; nagios: MeasuredRun; world: HostileWorld }> {
  const world = await startWorld(script, options);
  try {
    const args = options.args ? options.args(world) : world.hostArgs(timeoutSeconds);
    const [jsonRun, nagios] = await Promise.all([runMeasured([...args, '--format', 'json']), runMeasured(args)]);
    expectContained(jsonRun, timeoutSeconds);
    expectContained(nagios, timeoutSeconds);
    return { json: jsonOf(jsonRun), jsonRun, nagios, world };
  } finally {
    await world.close();
  }
}

/** A UDP and TCP port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedDnsPort(): Promise<number> {
  const fixture = await startDnsFixture(() => []);
  const { port } = fixture;
  await fixture.close();
  return port;
}

export interface RawAnswer {
  /** 0 when no status line arrived. */
  status: number;
  headers: Record<string, string>;
  body: string;
  json: any;
  /** The server closed the connection (after or instead of answering). */
  closed: boolean;
  ms: number;
}

/**
 * Writes raw bytes (requests no client library would send) and reads one HTTP
 * response: done when its Content-Length is in, when the server closes, or at
 * timeoutMs (then status 0 unless something came); with untilClose, only at the
 * close. `drip.then` is written after the first bytes, every `everyMs` (a slow
 * client), until the answer or the close.
 */
export function rawHttp(
  base: { host: string; port: number },
  bytes: string | Buffer,
  options: { timeoutMs?: number; drip?: { then: string | Buffer; everyMs: number }; untilClose?: boolean } = {},
): Promise<RawAnswer> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect({ host: base.host, port: base.port });
    let data = Buffer.alloc(0);
    let settled = false;
    let closed = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (drip) clearInterval(drip);
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const head = end >= 0 ? text.slice(0, end) : text;
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const body = end >= 0 ? data.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString('utf8') : '';
      let json: any;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      socket.destroy();
      resolve({ status, headers, body, json, closed, ms: Date.now() - started });
    };
    const complete = () => {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const length = /\r\ncontent-length: *(\d+)/i.exec(data.subarray(0, end).toString('latin1'))?.[1];
      return length !== undefined && data.length >= end + 4 + Number(length);
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 5000);
    let drip: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.drip) {
        const { then, everyMs } = options.drip;
        drip = setInterval(() => {
          if (!socket.destroyed && socket.writable) socket.write(then);
        }, everyMs);
      }
    });
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (complete() && !options.untilClose) finish();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
  });
}

/** VmRSS (KiB) and open file descriptors of a live process, from /proc. */
export function processFootprint(pid: number): { rssKb: number; fds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return { rssKb, fds: readdirSync(`/proc/${pid}/fd`).length };
}
