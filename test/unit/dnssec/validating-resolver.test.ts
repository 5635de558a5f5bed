// The validating resolver over an in-memory signed world (signed-world.ts):
// the chain of trust, CNAMEs across zones, insecure delegations, what the
// evidence looks like for each verdict, the injected clock, resolvers that
// strip DNSSEC data or refer instead of answering, and one fetch per RRset.
import { expect } from 'chai';
import type { Clock } from '../../../src/ports.ts';
import type { QueryType } from '../../../src/evidence/dns.ts';
import { createValidatingResolver } from '../../../src/probe/dns/validating-resolver.ts';
import { memoisedFetcher } from '../../../src/probe/dns/dnssec-fetcher.ts';
import type { ReadMessage } from '../../../src/dns/message-reader.ts';
import { classifyAnswer } from '../../../src/dane/dns-classification.ts';
import { nameEquals, parseName } from '../../../src/dns/name.ts';
import { RR_TYPE } from '../../../src/dns/rr-types.ts';
import type { TrustAnchor } from '../../../src/dnssec/trust-anchors.ts';
import { type FetchHooks, T0, type Zone, dsAnchor, makeKey, nameRdata, record, standardWorld, worldFetcher } from './signed-world.ts';

const at = (date: Date): Clock => ({ now: () => date });

function resolverFor(zones: Zone[], anchors: readonly TrustAnchor[], hooks: FetchHooks = {}, clock: Clock = at(T0)) {
  const world = worldFetcher({ zones }, hooks);
  const fetcher = memoisedFetcher(world.server, (n, t) => world.fetch(n, t));
  const resolver = createValidatingResolver({ server: world.server, timeoutMs: 100, retries: 0, anchors, clock, fetcher });
  return { resolver, world, fetcher };
}

async function verdict(zones: Zone[], anchors: readonly TrustAnchor[], name: string, type: QueryType, hooks: FetchHooks = {}, clock?: Clock) {
  const { resolver } = resolverFor(zones, anchors, hooks, clock);
  const evidence = await resolver.query(name, type);
  return { evidence, ...classifyAnswer(evidence), code: evidence.validation?.findings[0]?.code ?? null };
}

describe('validating resolver (in-memory signed world)', () => {
  const { zones, anchors, keys } = standardWorld();

  it('validates an answer from the root down and says so in `validation`; the AD bit stays the server\'s', async () => {
    const v = await verdict(zones, anchors, 'example', 'MX');
    expect([v.security, v.existence]).to.deep.equal(['secure', 'records']);
    expect(v.evidence.ad).to.equal(false);
    expect(v.evidence.records).to.deep.equal([{ name: 'example', ttl: 300, data: { type: 'MX', preference: 10, exchange: 'mx.example' } }]);
    expect(v.evidence.validation).to.deep.include({ security: 'secure', upstreamRcode: 'NOERROR', zones: ['example'], findings: [] });
    expect(v.detail).to.equal('NOERROR, secure, validated here');
  });

  it('proves NXDOMAIN and NODATA with NSEC', async () => {
    expect((await verdict(zones, anchors, 'nothing.example', 'A'))).to.deep.include({ security: 'secure', existence: 'nxdomain' });
    expect((await verdict(zones, anchors, 'mx.example', 'AAAA'))).to.deep.include({ security: 'secure', existence: 'nodata' });
  });

  it('follows a CNAME into a child zone signed with another algorithm', async () => {
    const v = await verdict(zones, anchors, 'alias.example', 'A');
    expect(v.security).to.equal('secure');
    expect(v.evidence.cnameChain).to.deep.equal(['alias.example', 'mx.sub.example']);
    expect(v.evidence.validation?.zones).to.deep.equal(['example', 'sub.example']);
  });

  it('an unsigned child (no DS, proven by NSEC) is insecure, also at the end of a signed CNAME', async () => {
    const direct = await verdict(zones, anchors, 'mx.insecure.example', 'A');
    expect([direct.security, direct.code]).to.deep.equal(['insecure', 'DNSSEC_INSECURE_DELEGATION']);
    expect(direct.evidence.ad).to.equal(false);
    const viaAlias = await verdict(zones, anchors, 'toinsecure.example', 'A');
    expect([viaAlias.security, viaAlias.existence]).to.deep.equal(['insecure', 'records']);
  });

  it('bogus evidence keeps what the server sent (NOERROR, no SERVFAIL made up), the records as unvalidated, the finding in the detail', async () => {
    const corrupt: FetchHooks = {
      tamper: (name, type, message) =>
        type === RR_TYPE.MX ? { ...message, answer: message.answer.map((r) => (r.type === RR_TYPE.RRSIG ? { ...r, rdata: Buffer.concat([r.rdata.subarray(0, -1), Buffer.from([r.rdata.at(-1)! ^ 1])]) } : r)) } : message,
    };
    const v = await verdict(zones, anchors, 'example', 'MX', corrupt);
    expect(v.security).to.equal('bogus');
    expect(v.code).to.equal('DNSSEC_SIGNATURE_INVALID');
    expect(v.evidence).to.deep.include({ rcode: 'NOERROR', checkingDisabledRcode: null, ad: false, records: [] });
    expect(v.evidence.validation?.security).to.equal('bogus');
    expect(v.evidence.unvalidated?.records).to.have.length(1);
    expect(v.detail).to.match(/^NOERROR, bogus, validated here: DNSSEC_SIGNATURE_INVALID at example \(example\/MX\)/);
  });

  it('judges validity windows by the injected clock', async () => {
    const later = await verdict(zones, anchors, 'example', 'MX', {}, at(new Date(T0.getTime() + 31 * 86_400_000)));
    expect([later.security, later.code]).to.deep.equal(['bogus', 'DNSSEC_SIGNATURE_EXPIRED']);
    const earlier = await verdict(zones, anchors, 'example', 'MX', {}, at(new Date(T0.getTime() - 2 * 86_400_000)));
    expect([earlier.security, earlier.code]).to.deep.equal(['bogus', 'DNSSEC_SIGNATURE_NOT_YET_VALID']);
  });

  it('an RRset stripped of its RRSIG in a signed zone is bogus, not insecure', async () => {
    const strip: FetchHooks = { tamper: (n, t, m) => (t === RR_TYPE.A ? { ...m, answer: m.answer.filter((r) => r.type !== RR_TYPE.RRSIG) } : m) };
    const v = await verdict(zones, anchors, 'mx.example', 'A', strip);
    expect([v.security, v.code]).to.deep.equal(['bogus', 'DNSSEC_RRSIG_MISSING']);
  });

  it('a denial without NSEC in a signed zone is bogus', async () => {
    const strip: FetchHooks = { tamper: (n, t, m) => (t === RR_TYPE.A ? { ...m, authority: m.authority.filter((r) => r.type === RR_TYPE.SOA) } : m) };
    const v = await verdict(zones, anchors, 'nothing.example', 'A', strip);
    expect([v.security, v.code]).to.deep.equal(['bogus', 'DNSSEC_NXDOMAIN_UNPROVEN']);
  });

  it('a wildcard answer needs the NSEC proving the name itself absent (RFC 4035 §5.3.4)', async () => {
    const v = await verdict(zones, anchors, 'a.wild.example', 'A');
    expect([v.security, v.existence]).to.deep.equal(['secure', 'records']);
    const strip: FetchHooks = { tamper: (n, t, m) => (t === RR_TYPE.A ? { ...m, authority: [] } : m) };
    const unproven = await verdict(zones, anchors, 'a.wild.example', 'A', strip);
    expect([unproven.security, unproven.code]).to.deep.equal(['bogus', 'DNSSEC_WILDCARD_UNPROVEN']);
  });

  it('a DS that matches no DNSKEY makes the child bogus', async () => {
    const other = makeKey('example');
    const world = zones.map((z) => (nameEquals(z.apex, parseName('example')) ? { ...z, keys: [other] } : z));
    // The parent publishes the DS of `other`, the child serves (and signs with) keys.example.
    const served = worldFetcher({ zones: world });
    const realChild = worldFetcher({ zones });
    const fetcher = memoisedFetcher(served.server, (n, t) => (t === RR_TYPE.DS ? served.fetch(n, t) : realChild.fetch(n, t)));
    const resolver = createValidatingResolver({ server: served.server, timeoutMs: 100, retries: 0, anchors, clock: at(T0), fetcher });
    const e = await resolver.query('example', 'MX');
    expect(classifyAnswer(e).security).to.equal('bogus');
    expect(e.validation?.findings[0]?.code).to.equal('DNSSEC_DS_NO_MATCHING_DNSKEY');
  });

  it('trust anchors that match no root key: bogus with DNSSEC_TRUST_ANCHOR_MISMATCH', async () => {
    const v = await verdict(zones, [dsAnchor(makeKey('.'))], 'example', 'MX');
    expect([v.security, v.code]).to.deep.equal(['bogus', 'DNSSEC_TRUST_ANCHOR_MISMATCH']);
  });

  it('a DNSKEY trust anchor works as well as a DS one', async () => {
    const v = await verdict(zones, [{ owner: [], type: RR_TYPE.DNSKEY, rdata: keys.root.rdata }], 'example', 'MX');
    expect(v.security).to.equal('secure');
  });

  it('a name below no trust anchor is insecure', async () => {
    const v = await verdict(zones, [dsAnchor(keys.sub)], 'example', 'MX');
    expect([v.security, v.code]).to.deep.equal(['insecure', 'DNSSEC_OUTSIDE_TRUST_ANCHORS']);
    expect((await verdict(zones, [dsAnchor(keys.sub)], 'mx.sub.example', 'A')).security).to.equal('secure');
  });

  it('a resolver that drops RRSIGs makes answers indeterminate (DNSSEC_NO_DNSSEC_DATA), not bogus', async () => {
    const strip: FetchHooks = { tamper: (n, t, m) => ({ ...m, answer: m.answer.filter((r) => r.type !== RR_TYPE.RRSIG), authority: m.authority.filter((r) => r.type !== RR_TYPE.RRSIG) }) };
    const v = await verdict(zones, anchors, 'example', 'MX', strip);
    expect([v.security, v.code]).to.deep.equal(['indeterminate', 'DNSSEC_NO_DNSSEC_DATA']);
  });

  it('a failed DNSKEY lookup is indeterminate; a failed first lookup keeps its transport outcome', async () => {
    const dnskeyTimeout: FetchHooks = { fail: (n, t) => (t === RR_TYPE.DNSKEY && n.length === 1 ? 'timeout' : null) };
    const v = await verdict(zones, anchors, 'example', 'MX', dnskeyTimeout);
    expect([v.security, v.code]).to.deep.equal(['indeterminate', 'DNSSEC_LOOKUP_FAILED']);
    expect(v.evidence.rcode).to.equal('NOERROR');
    expect(v.evidence.checkingDisabledRcode).to.equal(null);
    expect(v.detail).to.match(/^NOERROR, indeterminate, validated here: DNSSEC_LOOKUP_FAILED/);
    const first = await verdict(zones, anchors, 'example', 'MX', { fail: (n, t) => (t === RR_TYPE.MX ? 'timeout' : null) });
    expect([first.evidence.outcome, first.evidence.rcode, first.security]).to.deep.equal(['timeout', null, 'indeterminate']);
  });

  it('a referral (a server that does not recurse) is no answer', async () => {
    const referral: FetchHooks = {
      tamper: (n, t, m) => (t === RR_TYPE.MX ? { ...m, rcode: 0, answer: [], authority: [record('example', RR_TYPE.NS, nameRdata('ns.test'))] } : m),
    };
    const v = await verdict(zones, anchors, 'example', 'MX', referral);
    expect([v.security, v.code]).to.deep.equal(['indeterminate', 'DNSSEC_ANSWER_UNUSABLE']);
  });

  it('a CNAME loop is no answer', async () => {
    const loopKey = makeKey('loop');
    const loop: Zone = {
      apex: parseName('loop'),
      keys: [loopKey],
      records: [record('a.loop', RR_TYPE.CNAME, nameRdata('b.loop')), record('b.loop', RR_TYPE.CNAME, nameRdata('a.loop'))],
    };
    const world = [...zones, loop];
    const { resolver } = resolverFor(world, anchors, {
      // The world fetcher would chase forever; answer each name with its own CNAME only.
      tamper: (n, t, m) => ({ ...m, answer: m.answer.slice(0, 2) }),
    });
    const e = await resolver.query('a.loop', 'A');
    expect(classifyAnswer(e).security).to.equal('indeterminate');
    expect(e.validation?.findings.map((f) => f.code)).to.include('DNSSEC_ANSWER_UNUSABLE');
  });

  it('asks for every DS and DNSKEY RRset once, however many names share it', async () => {
    const { resolver, world } = resolverFor(zones, anchors);
    await Promise.all(
      (['example/MX', 'mx.example/A', 'mx.example/AAAA', 'nothing.example/A', 'alias.example/A', 'mx.sub.example/A', 'mx.insecure.example/A'] as const).map((q) => {
        const [n, t] = q.split('/') as [string, QueryType];
        return resolver.query(n, t);
      }),
    );
    const counts = new Map<string, number>();
    for (const q of world.asked) counts.set(q, (counts.get(q) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).to.deep.equal([]);
    expect(world.asked.filter((q) => q.endsWith('/DNSKEY')).sort()).to.deep.equal(['./DNSKEY', 'example/DNSKEY', 'sub.example/DNSKEY']);
    // The insecure child is found by its DS denial; its keys are never asked for.
    expect(world.asked).to.include('insecure.example/DS');
  });

  it('drops the resolver’s own DNSSEC verdict (EDE 6–12) from the evidence, keeps other EDEs', async () => {
    const withEde: FetchHooks = {
      tamper: (n, t, m: ReadMessage) =>
        t === RR_TYPE.MX
          ? { ...m, ednsOptions: [{ code: 15, data: Buffer.from([0, 6]) }, { code: 15, data: Buffer.concat([Buffer.from([0, 3]), Buffer.from('stale')]) }] }
          : m,
    };
    const v = await verdict(zones, anchors, 'example', 'MX', withEde);
    expect(v.security).to.equal('secure');
    expect(v.evidence.ede).to.deep.equal([{ code: 3, text: 'stale' }]);
  });
});
