// NSEC3 proofs on the example zone of RFC 5155 Appendix A (salt aabbccdd, 12
// iterations; its hashes are checked in published-vectors.test.ts), with the
// cases of its Appendix B, opt-out (§6, §8.6) and the RFC 9276 iteration limit.
import { expect } from 'chai';
import { type DnsName, isBelow, parseName } from '../../../src/dns/name.ts';
import {
  type Nsec3Record,
  nsec3Delegation,
  nsec3ProvesNoCloserMatch,
  nsec3ProvesNodata,
  nsec3ProvesNxdomain,
  usableNsec3,
} from '../../../src/dnssec/core/nsec3-denial.ts';
import { base32hexEncode, nsec3Hash } from '../../../src/dnssec/core/nsec3-hash.ts';
import { RR_TYPE, typeCode } from '../../../src/dns/rr-types.ts';

const ZONE = parseName('example');
const SALT = Buffer.from('aabbccdd', 'hex');

/** The zone's NSEC3 chain, computed: [name, types] for every name that gets one. */
function chain(entries: [string, string[]][], options: { flags?: number; iterations?: number; hashAlgorithm?: number } = {}): Nsec3Record[] {
  const iterations = options.iterations ?? 12;
  const hashed = entries
    .map(([name, types]) => ({ hash: nsec3Hash(parseName(name), SALT, iterations), types }))
    .sort((a, b) => Buffer.compare(a.hash, b.hash));
  return hashed.map((h, i) => ({
    owner: [Buffer.from(base32hexEncode(h.hash)), ...ZONE],
    data: {
      hashAlgorithm: options.hashAlgorithm ?? 1,
      flags: options.flags ?? 0,
      iterations,
      salt: SALT,
      nextHash: hashed[(i + 1) % hashed.length]!.hash,
      types: new Set(h.types.map((t) => (t === 'HINFO' ? 13 : typeCode(t)))),
    },
  }));
}

// RFC 5155 Appendix A; c.example is an unsigned delegation left out by opt-out,
// b.example an unsigned delegation that does get an NSEC3 (for the non-opt-out cases).
const NAMES: [string, string[]][] = [
  ['example', ['NS', 'SOA', 'MX', 'RRSIG', 'DNSKEY', 'NSEC3PARAM']],
  ['a.example', ['NS', 'DS', 'RRSIG']],
  ['ai.example', ['A', 'HINFO', 'AAAA', 'RRSIG']],
  ['b.example', ['NS']],
  ['ns1.example', ['A', 'RRSIG']],
  ['ns2.example', ['A', 'RRSIG']],
  ['w.example', []],
  ['*.w.example', ['MX', 'RRSIG']],
  ['x.w.example', ['MX', 'RRSIG']],
  ['y.w.example', []],
  ['x.y.w.example', ['MX', 'RRSIG']],
  ['xx.example', ['A', 'HINFO', 'AAAA', 'RRSIG']],
];

function usable(records: Nsec3Record[]) {
  const set = usableNsec3(ZONE, records);
  if (set.kind !== 'usable') throw new Error(`not usable: ${JSON.stringify(set)}`);
  return set;
}

const n = (name: string): DnsName => parseName(name);

describe('dnssec/nsec3-denial (RFC 5155 Appendix B cases)', () => {
  const plain = usable(chain(NAMES));
  const optOut = usable(chain(NAMES, { flags: 1 }));

  it('B.1 name error: a.c.x.w.example (closest encloser x.w.example, next closer and wildcard covered)', () => {
    expect(nsec3ProvesNxdomain(plain, n('a.c.x.w.example'))).to.deep.equal({ kind: 'proven' });
    expect(nsec3ProvesNxdomain(plain, n('x.w.example')).kind).to.equal('unproven');
  });

  it('B.1 with opt-out: the next closer name may hide an unsigned delegation, so insecure (as unbound and BIND)', () => {
    const proof = nsec3ProvesNxdomain(optOut, n('a.c.x.w.example'));
    expect(proof.kind).to.equal('insecure');
    expect(proof.kind === 'insecure' && proof.finding.code).to.equal('DNSSEC_NSEC3_OPT_OUT');
  });

  it('B.2 no data: ns1.example MX; and an empty non-terminal (B.2.1: y.w.example A)', () => {
    expect(nsec3ProvesNodata(plain, n('ns1.example'), RR_TYPE.MX)).to.deep.equal({ kind: 'proven' });
    expect(nsec3ProvesNodata(plain, n('ns1.example'), RR_TYPE.A).kind).to.equal('unproven');
    expect(nsec3ProvesNodata(plain, n('y.w.example'), RR_TYPE.A)).to.deep.equal({ kind: 'proven' });
  });

  it('B.3 referral into an opt-out span (c.example has no NSEC3): insecure', () => {
    const proof = nsec3Delegation(optOut, n('c.example'));
    expect(proof.kind === 'insecure' && proof.finding.code).to.equal('DNSSEC_NSEC3_OPT_OUT');
    expect(nsec3Delegation(plain, n('c.example'))).to.deep.equal({ kind: 'nonexistent' });
  });

  it('DS denial: an unsigned delegation with its own NSEC3, a signed one, a name that is no cut', () => {
    expect(nsec3Delegation(plain, n('b.example'))).to.deep.equal({ kind: 'insecure-delegation' });
    expect(nsec3Delegation(plain, n('a.example')).kind).to.equal('unproven');
    expect(nsec3Delegation(plain, n('ns1.example'))).to.deep.equal({ kind: 'no-cut' });
    expect(nsec3Delegation(plain, n('w.example'))).to.deep.equal({ kind: 'no-cut' });
  });

  it('B.4 wildcard expansion: a.z.w.example needs z.w.example covered', () => {
    expect(nsec3ProvesNoCloserMatch(plain, n('a.z.w.example'), n('w.example'))).to.deep.equal({ kind: 'proven' });
    expect(nsec3ProvesNoCloserMatch(plain, n('a.x.w.example'), n('w.example')).kind).to.equal('unproven');
  });

  it('B.5 wildcard no data: a.z.w.example AAAA (the wildcard has MX only)', () => {
    expect(nsec3ProvesNodata(plain, n('a.z.w.example'), RR_TYPE.AAAA)).to.deep.equal({ kind: 'proven' });
    expect(nsec3ProvesNodata(plain, n('a.z.w.example'), RR_TYPE.MX).kind).to.equal('unproven');
  });

  it('a delegation proves nothing below it (RFC 5155 §8.3): names under b.example', () => {
    expect(nsec3ProvesNxdomain(plain, n('x.b.example')).kind).to.equal('unproven');
    expect(nsec3ProvesNodata(plain, n('b.example'), RR_TYPE.A).kind).to.equal('unproven');
  });

  it('RFC 9276 §3.2: more than 150 iterations make the denial insecure', () => {
    expect(usableNsec3(ZONE, chain(NAMES, { iterations: 150 })).kind).to.equal('usable');
    const set = usableNsec3(ZONE, chain(NAMES.slice(0, 2), { iterations: 151 }));
    expect(set.kind === 'insecure' && set.finding.code).to.equal('DNSSEC_NSEC3_ITERATIONS_TOO_HIGH');
  });

  it('RFC 5155 §8.1–§8.2: unknown hash algorithms and flags, and records of other zones, are ignored', () => {
    const unknown = usableNsec3(ZONE, chain(NAMES, { hashAlgorithm: 2 }));
    expect(unknown.kind === 'insecure' && unknown.finding.code).to.equal('DNSSEC_UNSUPPORTED_ALGORITHM');
    expect(usableNsec3(ZONE, chain(NAMES, { flags: 2 })).kind).to.equal('insecure');
    const elsewhere = chain(NAMES).map((r) => ({ ...r, owner: [r.owner[0]!, ...parseName('other')] }));
    expect(usableNsec3(ZONE, elsewhere).kind).to.equal('insecure');
    expect(elsewhere.every((r) => !isBelow(r.owner, ZONE))).to.equal(true);
  });
});
