// What monitoring meets outside the lab, over fake Deps: a monitoring host that
// cannot reach one address family (the address is "not tested", which is a
// WARNING and no finding against the server), and a server that throttles (a
// 4xx before TLS is a temporary refusal, tried once more, never more than two
// sessions at a time with one address).
import { expect } from 'chai';
import type { SmtpConnector, SmtpProbeRequest } from '../../../src/ports.ts';
import { SESSIONS_PER_ADDRESS } from '../../../src/probe/walk.ts';
import { runCheck, type CheckOutcome } from '../../../src/app/run-check.ts';
import { combineStates } from '../../../src/verdict/dane-state.ts';
import { judgeCheck } from '../../../src/verdict/exit-status.ts';
import { catalogueSeverity, locatedMessage, type SeverityPolicy } from '../../../src/verdict/diagnostics.ts';
import { fixedClock, scriptedSmtp, zoneResolver, type SmtpScript, type Zone } from '../../support/fake-deps.ts';
import { makeChain, tlsaFor, type TestChain } from '../../support/pki.ts';
import { checkRequest } from '../../support/check-request.ts';
import { a, aaaa, mx, tlsa } from '../../support/records.ts';

/** Each address answers with the next script of its list (the last one repeats), and the sessions are counted. */
function sequenced(sessions: Record<string, SmtpScript[]>, holdMs = 0): SmtpConnector & { requests: SmtpProbeRequest[]; peak: Map<string, number> } {
  const requests: SmtpProbeRequest[] = [];
  const open = new Map<string, number>();
  const peak = new Map<string, number>();
  return {
    requests,
    peak,
    async probe(req) {
      const list = sessions[req.address] ?? [];
      const n = requests.filter((r) => r.address === req.address).length;
      requests.push(req);
      open.set(req.address, (open.get(req.address) ?? 0) + 1);
      peak.set(req.address, Math.max(peak.get(req.address) ?? 0, open.get(req.address)!));
      try {
        if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
        const script = list[Math.min(n, list.length - 1)];
        return await scriptedSmtp(script ? { [req.address]: script } : {}).probe(req);
      } finally {
        open.set(req.address, open.get(req.address)! - 1);
      }
    },
  };
}

const noRoute = (address: string): SmtpScript => ({
  stage: 'connect',
  failure: { kind: 'local-network', message: `cannot connect: connect ENETUNREACH ${address}:25 - Local (:::0)`, reply: null },
  banner: null,
  ehlo: null,
  starttlsOffered: false,
  ehloTls: null,
});

const tooMany: SmtpScript = {
  stage: 'banner',
  failure: {
    kind: 'temporary',
    message: 'the server refused the session for now: 421 4.7.0 mx.example.org Error: too many connections from 192.0.2.200',
    reply: { code: 421, lines: ['4.7.0 mx.example.org Error: too many connections from 192.0.2.200'] },
  },
  banner: { code: 421, lines: ['4.7.0 mx.example.org Error: too many connections from 192.0.2.200'] },
  ehlo: null,
  starttlsOffered: false,
  ehloTls: null,
};

function exitOf(outcome: CheckOutcome, policy: SeverityPolicy = {}) {
  // No -w/-c here: these cases are about reachability, not certificate expiry.
  const thresholds = { warning: null, critical: null };
  return judgeCheck(outcome.result, outcome.run.unfinished, { thresholds, severityPolicy: policy }, new Date('2026-06-01T00:00:00Z'));
}

describe('outside the lab: hosts without IPv6, throttling servers', () => {
  let chain: TestChain;
  let zone: Zone;
  before(async () => {
    chain = await makeChain({ dnsNames: ['mx1.example.org'] });
    zone = {
      'example.org': { MX: { records: [mx(10, 'mx1.example.org'), mx(20, 'mx2.example.org')] } },
      'mx1.example.org': { A: { records: [a('192.0.2.1')] }, AAAA: { records: [aaaa('2001:db8::1')] } },
      '_25._tcp.mx1.example.org': { TLSA: { records: [tlsa(tlsaFor(chain.leaf, 3, 1, 1)), tlsa(tlsaFor(chain.intermediate, 2, 1, 1))] } },
      'mx2.example.org': { AAAA: { records: [aaaa('2001:db8::2')] } },
      '_25._tcp.mx2.example.org': { TLSA: { records: [tlsa(tlsaFor(chain.leaf, 3, 1, 1)), tlsa(tlsaFor(chain.intermediate, 2, 1, 1))] } },
    };
  });

  it('combineStates leaves not-tested children out, unless no child was tested', () => {
    expect(combineStates(['verified', 'not-tested'])).to.equal('verified');
    expect(combineStates(['failed', 'not-tested'])).to.equal('failed');
    expect(combineStates(['verified', 'failed', 'not-tested'])).to.equal('partial');
    expect(combineStates(['not-tested', 'not-tested'])).to.equal('not-tested');
  });

  it('an IPv6 address this host cannot reach is not-tested: WARNING, the host stays verified, the hint names -4', async () => {
    const smtp = sequenced({ '192.0.2.1': [{ chain: chain.sent }], '2001:db8::1': [noRoute('2001:db8::1')], '2001:db8::2': [noRoute('2001:db8::2')] });
    const outcome = await runCheck({ dns: zoneResolver(zone), smtp, clock: fixedClock('2026-06-01T00:00:00Z') }, checkRequest('domain', 'example.org'));
    if (outcome.kind !== 'domain') throw new Error('domain expected');
    const [mx1, mx2] = outcome.result.hosts;
    expect(mx1!.addresses.map((x) => [x.address, x.dane_state])).to.deep.equal([
      ['192.0.2.1', 'verified'],
      ['2001:db8::1', 'not-tested'],
    ]);
    expect(mx1!.dane_state, 'an address not tested does not make the host partial').to.equal('verified');
    expect(mx2!.dane_state, 'a host with only untestable addresses').to.equal('not-tested');
    expect(outcome.result.dane_state).to.equal('verified');
    const d = mx1!.diagnostics.find((x) => x.code === 'ADDRESS_NOT_TESTED_HERE')!;
    expect(catalogueSeverity(d.code)).to.equal('warning');
    expect(locatedMessage(d)).to.equal(
      'mx1.example.org 2001:db8::1: not tested: this monitoring host cannot reach IPv6 addresses ' +
        '(cannot connect: connect ENETUNREACH 2001:db8::1:25 - Local (:::0)); check with -4, or give this host (or its container) IPv6',
    );
    expect(exitOf(outcome).state).to.equal('WARNING');
    expect(exitOf(outcome, { ADDRESS_NOT_TESTED_HERE: 'info' }).state, '--severity demotes it').to.equal('OK');
    expect(smtp.requests.filter((r) => r.address === '2001:db8::1'), 'never retried').to.have.length(1);
  });

  it('a 421 at the banner is a temporary refusal, tried once more after a pause; the second answer counts', async () => {
    const smtp = sequenced({ '192.0.2.1': [tooMany, { chain: chain.sent }], '2001:db8::1': [{ chain: chain.sent }], '2001:db8::2': [{ chain: chain.sent }] });
    const started = Date.now();
    const outcome = await runCheck({ dns: zoneResolver(zone), smtp, clock: fixedClock('2026-06-01T00:00:00Z') }, checkRequest('domain', 'example.org'));
    expect(Date.now() - started).to.be.at.least(900);
    expect(smtp.requests.filter((r) => r.address === '192.0.2.1')).to.have.length(2);
    expect(outcome.result.dane_state).to.equal('verified');
    expect(exitOf(outcome).state).to.equal('OK');
  });

  it('refused twice: indeterminate with SMTP_TEMPORARY_REFUSAL (WARNING), the stage and the server\'s text', async () => {
    const smtp = sequenced({ '192.0.2.1': [tooMany], '2001:db8::1': [{ chain: chain.sent }], '2001:db8::2': [{ chain: chain.sent }] });
    const outcome = await runCheck({ dns: zoneResolver(zone), smtp, clock: fixedClock('2026-06-01T00:00:00Z') }, checkRequest('domain', 'example.org'));
    if (outcome.kind !== 'domain') throw new Error('domain expected');
    expect(smtp.requests.filter((r) => r.address === '192.0.2.1')).to.have.length(2);
    const mx1 = outcome.result.hosts[0]!;
    expect(mx1.addresses[0]!.dane_state).to.equal('indeterminate');
    const d = mx1.diagnostics.find((x) => x.code === 'SMTP_TEMPORARY_REFUSAL')!;
    expect(catalogueSeverity(d.code)).to.equal('warning');
    expect(locatedMessage(d)).to.equal(
      'mx1.example.org 192.0.2.1: temporary refusal, DANE not tested: the server refused the session for now: ' +
        '421 4.7.0 mx.example.org Error: too many connections from 192.0.2.200 (stage banner, also when tried again)',
    );
    const exit = exitOf(outcome);
    expect(exit.state, 'a throttling server is no outage').to.equal('WARNING');
    // The host and the domain are partial; their roll-ups count no more than the refusal (WARNING).
    expect(exit.findings.map((f) => [f.diagnostic.code, f.state])).to.deep.equal([
      ['SMTP_TEMPORARY_REFUSAL', 'WARNING'],
      ['ADDRESSES_PARTIAL', 'WARNING'],
      ['MX_HOSTS_PARTIAL', 'WARNING'],
    ]);
  });

  it('without room left in -t there is no second attempt', async () => {
    const smtp = sequenced({ '192.0.2.1': [tooMany], '2001:db8::1': [{ chain: chain.sent }], '2001:db8::2': [{ chain: chain.sent }] });
    const outcome = await runCheck({ dns: zoneResolver(zone), smtp, clock: fixedClock('2026-06-01T00:00:00Z') }, checkRequest('domain', 'example.org', { deadlineMs: 2500 }));
    if (outcome.kind !== 'domain') throw new Error('domain expected');
    expect(smtp.requests.filter((r) => r.address === '192.0.2.1')).to.have.length(1);
    expect(locatedMessage(outcome.result.hosts[0]!.diagnostics.find((x) => x.code === 'SMTP_TEMPORARY_REFUSAL')!)).to.match(/\(stage banner\)$/);
  });

  it(`never more than ${SESSIONS_PER_ADDRESS} sessions at a time with one address, however many MX names share it`, async () => {
    const names = Array.from({ length: 8 }, (_, i) => `mx${i}.shared.example`);
    const shared: Zone = { 'shared.example': { MX: { records: names.map((n, i) => mx(i, n)) } } };
    for (const n of names) {
      shared[n] = { A: { records: [a('192.0.2.7')] }, AAAA: { records: [aaaa('2001:db8::7')] } };
      shared[`_25._tcp.${n}`] = { TLSA: { records: [tlsa(tlsaFor(chain.leaf, 3, 1, 1)), tlsa(tlsaFor(chain.intermediate, 2, 1, 1))] } };
    }
    const smtp = sequenced({ '192.0.2.7': [{ chain: chain.sent }], '2001:db8::7': [{ chain: chain.sent }] }, 30);
    const outcome = await runCheck({ dns: zoneResolver(shared), smtp, clock: fixedClock('2026-06-01T00:00:00Z') }, checkRequest('domain', 'shared.example'));
    expect(outcome.result.dane_state).to.equal('verified');
    // Each MX name: its default session, then RSA and Ed25519 asked for alone, with each address.
    expect(smtp.requests).to.have.length(16 * 3);
    expect(Object.fromEntries(smtp.peak)).to.deep.equal({ '192.0.2.7': SESSIONS_PER_ADDRESS, '2001:db8::7': SESSIONS_PER_ADDRESS });
  });
});
