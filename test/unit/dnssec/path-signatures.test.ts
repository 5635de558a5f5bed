// The validator's account of which RRSIGs an answer rested on (validation
// .signatures): the answer's own RRset, CNAME links, denial records, and each
// zone's DNSKEY and DS up to the anchor — with the times and TTLs the verdict
// needs for days left (src/verdict/signature-expiry.ts).
import { expect } from 'chai';
import type { Clock } from '../../../src/ports.ts';
import type { QueryType } from '../../../src/evidence/dns.ts';
import { createValidatingResolver } from '../../../src/probe/dns/validating-resolver.ts';
import { memoisedFetcher } from '../../../src/probe/dns/dnssec-fetcher.ts';
import { parseName } from '../../../src/dns/name.ts';
import { RR_TYPE } from '../../../src/dns/rr-types.ts';
import { type FetchHooks, T0, type Zone, mxRdata, rrsig, standardWorld, worldFetcher } from './signed-world.ts';

const DAY = 86_400_000;
const at = (date: Date): Clock => ({ now: () => date });

const world = standardWorld();

async function signaturesOf(zones: Zone[], name: string, type: QueryType, hooks: FetchHooks = {}) {
  const fetch = worldFetcher({ zones }, hooks);
  const fetcher = memoisedFetcher(fetch.server, (n, t) => fetch.fetch(n, t));
  const resolver = createValidatingResolver({ server: fetch.server, timeoutMs: 100, retries: 0, anchors: world.anchors, clock: at(T0), fetcher });
  const evidence = await resolver.query(name, type);
  return { security: evidence.validation?.security, signatures: evidence.validation?.signatures ?? [] };
}

describe('dnssec/path signatures', () => {

  it('an MX answer rests on its own RRSIG, the zone\'s DNSKEY, the DS in the parent and the root\'s DNSKEY', async () => {
    const v = await signaturesOf(world.zones, 'example', 'MX');
    expect(v.security).to.equal('secure');
    expect(v.signatures.map((s) => `${s.rrset} by ${s.signer}`)).to.deep.equal(['example/MX by example', 'example/DNSKEY by example', 'example/DS by .', './DNSKEY by .']);
    expect(v.signatures[0]).to.deep.include({
      keyTag: world.keys.example.tag,
      algorithm: 'ED25519',
      inception: '2030-05-31T00:00:00Z',
      expiration: '2030-07-01T00:00:00Z',
      originalTtl: 300,
      ttl: 300,
    });
  });

  it('a CNAME into another zone adds the link\'s RRSIG and the other zone\'s chain, each RRset once', async () => {
    const v = await signaturesOf(world.zones, 'alias.example', 'A');
    expect(v.signatures.map((s) => s.rrset)).to.deep.equal([
      'alias.example/CNAME',
      'example/DNSKEY',
      'example/DS',
      './DNSKEY',
      'mx.sub.example/A',
      'sub.example/DNSKEY',
      'sub.example/DS',
    ]);
  });

  it('a NODATA answer rests on the NSEC that proves it', async () => {
    const v = await signaturesOf(world.zones, 'mx.example', 'AAAA');
    expect(v.signatures.map((s) => s.rrset)).to.deep.equal(['mx.example/NSEC', 'example/DNSKEY', 'example/DS', './DNSKEY']);
    expect(v.signatures[0]?.originalTtl).to.equal(60);
  });

  it('of two valid RRSIGs over one RRset, the later-expiring one counts (either keeps it valid, RFC 4035 §5.3.3)', async () => {
    const mx = { owner: parseName('example'), type: RR_TYPE.MX, class: 1, ttl: 300, rdatas: [mxRdata(10, 'mx.example')] };
    const later = rrsig(mx, world.keys.example, { expiration: new Date(T0.getTime() + 40 * DAY) });
    const earlier = rrsig(mx, world.keys.example, { expiration: new Date(T0.getTime() + 2 * DAY) });
    const hooks: FetchHooks = {
      tamper: (_n, type, m) => (type === RR_TYPE.MX ? { ...m, answer: [...m.answer.filter((r) => r.type !== RR_TYPE.RRSIG), earlier, later] } : m),
    };
    const v = await signaturesOf(world.zones, 'example', 'MX', hooks);
    expect(v.signatures[0]).to.deep.include({ rrset: 'example/MX', expiration: '2030-07-11T00:00:00Z' });
  });

  it('an insecure or bogus answer has no signatures to report', async () => {
    expect((await signaturesOf(world.zones, 'mx.insecure.example', 'A')).signatures).to.deep.equal([]);
    const broken: FetchHooks = { tamper: (_n, type, m) => (type === RR_TYPE.MX ? { ...m, answer: m.answer.filter((r) => r.type !== RR_TYPE.RRSIG) } : m) };
    const bogus = await signaturesOf(world.zones, 'example', 'MX', broken);
    expect([bogus.security, bogus.signatures]).to.deep.equal(['bogus', []]);
  });
});
