import { expect } from 'chai';
import { hasIpv6Loopback, skipOrFail } from '../../support/require-tool.ts';
import { createResolver, type ResolverOptions } from '../../../src/probe/dns/resolver.ts';
import {
  type DnsFixture,
  type FixtureAction,
  type FixtureHandler,
  type FixtureQuery,
  RCODE,
  delay,
  reply,
  rr,
  startDnsFixture,
} from '../../support/dns-fixture-server.ts';

const TLSA_NAME = '_25._tcp.mx.example.org';
const TLSA_HEX = '0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6';

/** A small signed zone: MX and TLSA secure, everything else NXDOMAIN. */
const zone = (q: FixtureQuery): FixtureAction[] => {
  if (q.type === 'MX' && q.name === 'example.org') return [reply(q, { ad: true, answers: [rr.mx('example.org', 10, 'mx.example.org')] })];
  if (q.type === 'TLSA' && q.name === TLSA_NAME) return [reply(q, { ad: true, answers: [rr.tlsa(TLSA_NAME, 3, 1, 1, TLSA_HEX)] })];
  return [reply(q, { rcode: RCODE.NXDOMAIN, ad: true })];
};

describe('dns/resolver', () => {
  let fixture: DnsFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  async function resolverFor(handler: FixtureHandler, options: Partial<ResolverOptions> = {}) {
    fixture = await startDnsFixture(handler);
    return createResolver({ server: { address: fixture.address, port: fixture.port }, timeoutMs: 150, retries: 0, ...options });
  }

  it('returns the evidence of one question', async () => {
    const resolver = await resolverFor(zone);
    const { elapsedMs, ...evidence } = await resolver.query('_25._TCP.MX.Example.ORG.', 'TLSA');
    expect(elapsedMs).to.be.a('number').and.at.least(0);
    expect(evidence).to.deep.equal({
      question: { name: TLSA_NAME, type: 'TLSA' },
      server: `127.0.0.1:${fixture!.port}`,
      outcome: 'answer',
      error: null,
      rcode: 'NOERROR',
      ad: true,
      transport: 'udp',
      ede: [],
      cnameChain: [TLSA_NAME],
      records: [{ name: TLSA_NAME, ttl: 300, data: { type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: TLSA_HEX } }],
      checkingDisabledRcode: null,
      unvalidated: null,
      attempts: 1,
    });
    expect(JSON.parse(JSON.stringify(evidence))).to.deep.equal(evidence);
  });

  it('returns failure evidence instead of throwing', async () => {
    const resolver = await resolverFor(() => [], { retries: 1, timeoutMs: 60 });
    const evidence = await resolver.query('example.org', 'MX');
    expect(evidence).to.deep.include({
      outcome: 'timeout',
      rcode: null,
      ad: false,
      transport: null,
      ede: [],
      cnameChain: ['example.org'],
      records: [],
      checkingDisabledRcode: null,
      unvalidated: null,
      attempts: 2,
    });
    expect(evidence.error).to.match(/no answer from 127\.0\.0\.1:\d+ within 60 ms/);
  });

  it('asks each (name, type) once, however often and however spelled', async () => {
    const resolver = await resolverFor(zone);
    const asked = await Promise.all([
      resolver.query('example.org', 'MX'),
      resolver.query('EXAMPLE.org.', 'MX'),
      resolver.query('example.org', 'MX'),
    ]);
    const again = await resolver.query('Example.Org', 'MX');
    await resolver.query('example.org', 'A');
    expect(asked[1]).to.equal(asked[0]);
    expect(again).to.equal(asked[0]);
    expect(fixture!.queries.map((q) => `${q.name}/${q.type}`)).to.deep.equal(['example.org/MX', 'example.org/A']);
    expect(resolver.stats()).to.deep.equal({ queries: 2, byType: { MX: 1, A: 1 } });
  });

  it('does not share answers between resolver instances', async () => {
    fixture = await startDnsFixture(zone);
    const options = { server: { address: fixture.address, port: fixture.port }, timeoutMs: 150, retries: 0 };
    await createResolver(options).query('example.org', 'MX');
    await createResolver(options).query('example.org', 'MX');
    expect(fixture.queries).to.have.length(2);
  });

  it('asks again with CD=1 after a SERVFAIL without EDE, and records the rcode', async () => {
    const resolver = await resolverFor((q) =>
      q.cd ? [reply(q, { answers: [rr.tlsa(TLSA_NAME, 3, 1, 1, TLSA_HEX)] })] : [reply(q, { rcode: RCODE.SERVFAIL })],
    );
    const evidence = await resolver.query(TLSA_NAME, 'TLSA');
    expect(evidence).to.deep.include({ outcome: 'answer', rcode: 'SERVFAIL', checkingDisabledRcode: 'NOERROR', records: [] });
    expect(fixture!.queries.map((q) => q.cd)).to.deep.equal([false, true]);
    expect(resolver.stats()).to.deep.equal({ queries: 2, byType: { TLSA: 1, 'TLSA+CD': 1 } });
  });

  it('asks again with CD=1 when the EDE is not about DNSSEC', async () => {
    const resolver = await resolverFor((q) => [reply(q, { rcode: RCODE.SERVFAIL, ede: [{ code: 22 }] })]);
    const evidence = await resolver.query('example.org', 'MX');
    expect(evidence.checkingDisabledRcode).to.equal('SERVFAIL');
    expect(evidence.ede).to.deep.equal([{ code: 22, text: '' }]);
    expect(resolver.stats().byType).to.deep.equal({ MX: 1, 'MX+CD': 1 });
  });

  it('after a DNSSEC EDE, asks with CD=1 only for the unvalidated records', async () => {
    const resolver = await resolverFor((q) =>
      q.cd
        ? [reply(q, { answers: [rr.tlsa(TLSA_NAME, 3, 1, 1, TLSA_HEX)] })]
        : [reply(q, { rcode: RCODE.SERVFAIL, ede: [{ code: 7, text: 'expired' }] })],
    );
    const evidence = await resolver.query(TLSA_NAME, 'TLSA');
    // The EDE already proves bogus: the CD rcode is not needed for that.
    expect(evidence).to.deep.include({ rcode: 'SERVFAIL', checkingDisabledRcode: null, records: [], ede: [{ code: 7, text: 'expired' }] });
    expect(evidence.unvalidated?.records.map((r) => r.data.type)).to.deep.equal(['TLSA']);
    expect(fixture!.queries.map((q) => q.cd)).to.deep.equal([false, true]);
  });

  it('leaves checkingDisabledRcode null when the CD query gets no answer', async () => {
    const resolver = await resolverFor((q) => (q.cd ? [] : [reply(q, { rcode: RCODE.SERVFAIL })]), { timeoutMs: 60 });
    const evidence = await resolver.query('example.org', 'MX');
    expect(evidence).to.deep.include({ outcome: 'answer', rcode: 'SERVFAIL', checkingDisabledRcode: null,
      unvalidated: null, attempts: 1 });
    expect(fixture!.queries).to.have.length(2);
  });

  it('does not ask with CD=1 after other rcodes', async () => {
    const resolver = await resolverFor((q) => [reply(q, { rcode: RCODE.REFUSED })]);
    expect((await resolver.query('example.org', 'MX')).checkingDisabledRcode).to.equal(null);
    expect(fixture!.queries).to.have.length(1);
  });

  it('forgets a cancelled question so that a later caller asks again', async () => {
    const resolver = await resolverFor((q) => [delay(100), ...zone(q)], { timeoutMs: 1000 });
    const controller = new AbortController();
    const first = resolver.query('example.org', 'MX', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await first).outcome).to.equal('cancelled');
    const second = await resolver.query('example.org', 'MX');
    expect(second.outcome).to.equal('answer');
    expect(resolver.stats().queries).to.equal(2);
  });

  it('sends nothing for a name that cannot be encoded', async () => {
    const resolver = await resolverFor(zone);
    const evidence = await resolver.query(`${'x'.repeat(64)}.example.org`, 'A');
    expect(evidence).to.deep.include({ outcome: 'malformed', attempts: 0, rcode: null });
    expect(evidence.error).to.match(/63 octets/);
    expect(fixture!.queries).to.have.length(0);
    expect(resolver.stats().queries).to.equal(0);
  });

  it('follows a CNAME and reports the chain', async () => {
    const resolver = await resolverFor((q) => [
      reply(q, { ad: true, answers: [rr.cname('mail.example.org', 'mx.example.net'), rr.a('mx.example.net', '192.0.2.25')] }),
    ]);
    const evidence = await resolver.query('mail.example.org', 'A');
    expect(evidence.cnameChain).to.deep.equal(['mail.example.org', 'mx.example.net']);
    expect(evidence.records.map((r) => r.name)).to.deep.equal(['mx.example.net']);
  });

  it('uses TCP only when configured so', async () => {
    const resolver = await resolverFor(zone, { tcp: true });
    expect((await resolver.query('example.org', 'MX')).transport).to.equal('tcp');
    expect(fixture!.queries.map((q) => q.transport)).to.deep.equal(['tcp']);
  });

  it('talks to a resolver on ::1', async function () {
    if (!(await hasIpv6Loopback())) skipOrFail(this, 'this host has no IPv6 loopback ::1');
    fixture = await startDnsFixture(zone, { host: '::1' });
    const resolver = createResolver({ server: { address: '::1', port: fixture.port }, timeoutMs: 300, retries: 0 });
    const udp = await resolver.query('example.org', 'MX');
    expect(udp).to.deep.include({ outcome: 'answer', server: `[::1]:${fixture.port}`, transport: 'udp' });
    const tcp = await createResolver({ server: { address: '::1', port: fixture.port }, timeoutMs: 300, retries: 0, tcp: true }).query(
      'example.org',
      'MX',
    );
    expect(tcp).to.deep.include({ outcome: 'answer', transport: 'tcp' });
  });
});
