// A fake mail world for the service's unit tests, and the service itself started
// in-process on 127.0.0.1 with an ephemeral port. The world:
//   good.example    MX mx1.good.example (A + AAAA), DANE-EE matching: verified
//   bad.example     MX mx.bad.example, TLSA names another key: failed
//   broken.example  its MX lookup throws: an internal error in one run
//   a1..a9.example  MX mx1.good.example: verified, distinct checks for load tests
// Every run of makeDeps is counted, and `gate` can hold SMTP probes until released.
import type { AddressInfo } from 'node:net';
import type { Deps } from '../../../src/ports.ts';
import { createServeApp, type ServeApp } from '../../../src/serve/app.ts';
import { createLogger } from '../../../src/serve/log.ts';
import { DEFAULTS, type ServeSettings } from '../../../src/serve/settings.ts';
import { fakeDeps, type Zone } from '../../support/fake-deps.ts';
import type { HttpAnswer, HttpCall } from '../../support/http-client.ts';
import { checkedCall } from '../../support/openapi-check.ts';
import { makeChain, tlsaFor, type TestChain } from '../../support/pki.ts';
import { a, aaaa, mx, tlsa } from '../../support/records.ts';

export const API_KEY = 'test-key-0123456789abcdef';

export interface World {
  chain: TestChain;
  zone: Zone;
  sessions: Record<string, { chain: string[] }>;
}

let cached: World | null = null;

export async function world(): Promise<World> {
  if (cached) return cached;
  const chain = await makeChain({ dnsNames: ['mx1.good.example'] });
  const other = await makeChain({ dnsNames: ['mx.bad.example'] });
  const zone: Zone = {
    'good.example': { MX: { records: [mx(10, 'mx1.good.example')] } },
    'mx1.good.example': { A: { records: [a('192.0.2.1')] }, AAAA: { records: [aaaa('2001:db8::1')] } },
    '_25._tcp.mx1.good.example': { TLSA: { records: [tlsa(tlsaFor(chain.leaf, 3, 1, 1)), tlsa(tlsaFor(chain.intermediate, 2, 1, 1))] } },
    'bad.example': { MX: { records: [mx(10, 'mx.bad.example')] } },
    'mx.bad.example': { A: { records: [a('192.0.2.9')] } },
    '_25._tcp.mx.bad.example': { TLSA: { records: [tlsa(tlsaFor(other.leaf, 3, 1, 1))] } },
    'broken.example': { MX: { records: [mx(10, 'mx1.good.example')] } },
  };
  // More domains served by mx1.good.example, for load tests that need distinct checks.
  for (let i = 1; i <= 9; i++) zone[`a${i}.example`] = { MX: { records: [mx(10, 'mx1.good.example')] } };
  const sessions = { '192.0.2.1': { chain: chain.sent }, '2001:db8::1': { chain: chain.sent }, '192.0.2.9': { chain: chain.sent } };
  cached = { chain, zone, sessions };
  return cached;
}

export interface Harness {
  app: ServeApp;
  base: { host: string; port: number };
  logs: string[];
  /** Parsed log records. */
  records(): any[];
  /** Names checked, one entry per check run. */
  runs: string[];
  /** While set, every SMTP probe waits for it. */
  gate: { hold(): void; release(): void };
  call(call: HttpCall): Promise<HttpAnswer>;
  /** call() with the API key in the x-apikey header. */
  authed(call: HttpCall): Promise<HttpAnswer>;
  stop(): Promise<void>;
}

export function settings(overrides: Partial<ServeSettings> = {}): ServeSettings {
  return {
    apiKey: API_KEY,
    nameserver: null,
    // The fake DNS plays a validating resolver (AD bits); these settings only label the log.
    dnssec: 'resolver',
    trustAnchorFile: null,
    metricsDomains: [],
    metricsIntervalSeconds: DEFAULTS.metricsIntervalSeconds,
    port: 0,
    listen: '127.0.0.1',
    checkTimeoutSeconds: 5,
    cacheTtlSeconds: DEFAULTS.cacheTtlSeconds,
    maxChecks: DEFAULTS.maxChecks,
    maxQueue: DEFAULTS.maxQueue,
    timeoutOffsetSeconds: DEFAULTS.timeoutOffsetSeconds,
    helo: 'monitor.example.net',
    severityPolicy: {},
    horizonDays: 0,
    signatureThresholds: { warningDays: null, criticalDays: null },
    ...overrides,
  };
}

export async function startHarness(overrides: Partial<ServeSettings> = {}, extra: { random?: () => number } = {}): Promise<Harness> {
  const w = await world();
  const logs: string[] = [];
  const runs: string[] = [];
  let held: Promise<void> | null = null;
  let open: () => void = () => undefined;
  const gate = {
    hold() {
      held = new Promise<void>((r) => (open = r));
    },
    release() {
      held = null;
      open();
    },
  };
  const makeDeps = (): Deps => {
    const { deps } = fakeDeps(w.zone, w.sessions);
    const dns = deps.dns;
    const smtp = deps.smtp;
    let first = true;
    return {
      clock: deps.clock,
      dns: {
        query: async (name, type, options) => {
          // The first question of a run names what is checked (the domain's MX, or the host's address).
          if (first) runs.push(name);
          first = false;
          if (name === 'broken.example') throw new Error('resolver exploded');
          return dns.query(name, type, options);
        },
      },
      smtp: {
        probe: async (req) => {
          if (held) {
            // Hangs like a silent server: until released or the run's deadline cancels it.
            const cancelled = await Promise.race([
              held.then(() => false),
              new Promise<boolean>((r) => {
                if (req.signal?.aborted) r(true);
                req.signal?.addEventListener('abort', () => r(true), { once: true });
              }),
            ]);
            if (cancelled) {
              return {
                ...(await smtp.probe(req)),
                stage: 'banner' as const,
                failure: { kind: 'cancelled' as const, message: 'run deadline passed', reply: null },
                tls: null,
                ehloTls: null,
              };
            }
          }
          return smtp.probe(req);
        },
      },
    };
  };
  const app = createServeApp({
    settings: settings(overrides),
    makeDeps,
    context: { helo: 'monitor.example.net', resolverLabel: '127.0.0.1:53', version: '9.9.9-test' },
    log: createLogger((line) => logs.push(line)),
    random: extra.random ?? (() => 0), // first background runs at once
    shutdownGraceMs: 2000,
  });
  const address: AddressInfo = await app.listen();
  const base = { host: '127.0.0.1', port: address.port };
  return {
    app,
    base,
    logs,
    records: () => logs.map((l) => JSON.parse(l)),
    runs,
    gate,
    call: (c) => checkedCall(base, c),
    authed: (c) => checkedCall(base, { ...c, headers: { 'x-apikey': API_KEY, ...c.headers } }),
    stop: async () => {
      gate.release();
      await app.stop('test');
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns true or the time is up. */
export async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
