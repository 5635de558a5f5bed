// Many probes under one run's signal: a domain with many MX hosts, a host with
// many addresses. Each pending probe listens for the abort; more than Node's
// default of 10 listeners is normal here and must not print a
// MaxListenersExceededWarning (it goes to stderr, into the plugin output).
import { expect } from 'chai';
import type { Deps, DnsResolver, SmtpConnector } from '../../../src/ports.ts';
import { walkDomain, walkHost, type WalkOptions } from '../../../src/probe/walk.ts';
import { answer, fixedClock, scriptedSmtp, zoneResolver, type Zone } from '../../support/fake-deps.ts';

/** Wraps a resolver and a connector so that each call listens for the abort while it is pending, as the real ones do. */
function listening(deps: { dns: DnsResolver; smtp: SmtpConnector }): Deps & { peak: () => number } {
  let pending = 0;
  let peak = 0;
  const hold = async <T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> => {
    const onAbort = () => {};
    signal?.addEventListener('abort', onAbort);
    pending++;
    peak = Math.max(peak, pending);
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return await work();
    } finally {
      pending--;
      signal?.removeEventListener('abort', onAbort);
    }
  };
  return {
    dns: { query: (name, type, options) => hold(options?.signal, () => deps.dns.query(name, type, options)) },
    smtp: { probe: (request) => hold(request.signal, () => deps.smtp.probe(request)) },
    clock: fixedClock('2026-06-01T00:00:00Z'),
    peak: () => peak,
  };
}

function options(signal: AbortSignal): WalkOptions {
  return { port: 25, helo: 'probe.example', ipv4: true, ipv6: true, stageTimeoutMs: 1000, maxMxHosts: 40, smtpConcurrency: 16, deadlineAt: Date.parse('2026-06-01T00:00:10Z'), signal };
}

/** Collects process warnings while `work` runs (they are emitted on a later tick). */
async function warningsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const onWarning = (warning: Error) => seen.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off('warning', onWarning);
  }
  return seen;
}

describe('hostile: many probes at once under one signal', () => {
  it('a domain with 30 MX hosts: no MaxListenersExceededWarning', async () => {
    const zone: Zone = { 'many.example': { MX: { records: Array.from({ length: 30 }, (_, i) => ({ type: 'MX' as const, preference: i, exchange: `mx${i}.many.example` })) } } };
    for (let i = 0; i < 30; i++) zone[`mx${i}.many.example`] = { A: { records: [{ type: 'A', address: `192.0.2.${i + 1}` }] } };
    const deps = listening({ dns: zoneResolver(zone), smtp: scriptedSmtp({}) });
    const signal = AbortSignal.any([AbortSignal.timeout(10_000)]);
    let hosts = 0;
    const warnings = await warningsDuring(async () => {
      hosts = (await walkDomain(deps, 'many.example', options(signal))).hosts.length;
    });
    expect(hosts).to.equal(30);
    expect(deps.peak(), 'more than 10 listeners at once, or the test proves nothing').to.be.above(10);
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).to.deep.equal([]);
  });

  it('a host with 40 addresses: no MaxListenersExceededWarning', async () => {
    const records = Array.from({ length: 40 }, (_, i) => ({ type: 'A' as const, address: `192.0.2.${i + 1}` }));
    const dns: DnsResolver = { query: async (name, type) => answer(name, type, type === 'A' ? { records } : { records: [] }) };
    const deps = listening({ dns, smtp: scriptedSmtp({}) });
    const signal = AbortSignal.any([AbortSignal.timeout(10_000)]);
    let probed = 0;
    const warnings = await warningsDuring(async () => {
      probed = (await walkHost(deps, 'mx.example', options(signal))).smtp.length;
    });
    expect(probed).to.equal(40);
    expect(deps.peak()).to.be.above(10);
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).to.deep.equal([]);
  });
});
