// NSEC proofs on the example zone of RFC 4035 Appendix A, with the cases of
// its Appendix B (name error, no data, referral to an unsigned zone, wildcard
// expansion and wildcard no data), an empty non-terminal, and the RFC 6840
// §4.1 rule that a delegation's NSEC proves nothing below it.
import { expect } from 'chai';
import { parseName } from '../../../src/dns/name.ts';
import { type NsecRecord, nsecDelegation, nsecProvesNoCloserMatch, nsecProvesNodata, nsecProvesNxdomain } from '../../../src/dnssec/core/nsec-denial.ts';
import { RR_TYPE, typeCode } from '../../../src/dns/rr-types.ts';

const nsec = (owner: string, next: string, ...types: string[]): NsecRecord => ({
  owner: parseName(owner),
  data: { next: parseName(next), types: new Set(types.map((t) => (t === 'HINFO' ? 13 : typeCode(t)))) },
});

// RFC 4035 Appendix A
const CHAIN = {
  apex: nsec('example', 'a.example', 'NS', 'SOA', 'MX', 'RRSIG', 'NSEC', 'DNSKEY'),
  a: nsec('a.example', 'ai.example', 'NS', 'DS', 'RRSIG', 'NSEC'),
  ai: nsec('ai.example', 'b.example', 'A', 'HINFO', 'AAAA', 'RRSIG', 'NSEC'),
  b: nsec('b.example', 'ns1.example', 'NS', 'RRSIG', 'NSEC'),
  ns1: nsec('ns1.example', 'ns2.example', 'A', 'RRSIG', 'NSEC'),
  ns2: nsec('ns2.example', '*.w.example', 'A', 'RRSIG', 'NSEC'),
  wildcard: nsec('*.w.example', 'x.w.example', 'MX', 'RRSIG', 'NSEC'),
  xw: nsec('x.w.example', 'x.y.w.example', 'MX', 'RRSIG', 'NSEC'),
  xyw: nsec('x.y.w.example', 'xx.example', 'MX', 'RRSIG', 'NSEC'),
  xx: nsec('xx.example', 'example', 'A', 'HINFO', 'AAAA', 'RRSIG', 'NSEC'),
};
const n = parseName;

describe('dnssec/nsec-denial (RFC 4035 Appendix B cases)', () => {
  it('B.2 name error: ml.example needs the covering NSEC and the one denying *.example', () => {
    expect(nsecProvesNxdomain([CHAIN.b, CHAIN.apex], n('ml.example'))).to.deep.equal({ kind: 'proven' });
    expect(nsecProvesNxdomain([CHAIN.b], n('ml.example')).kind).to.equal('unproven');
    expect(nsecProvesNxdomain([CHAIN.ns1], n('ns1.example')).kind).to.equal('unproven');
  });

  it('the last NSEC wraps around to the apex', () => {
    expect(nsecProvesNxdomain([CHAIN.xx, CHAIN.apex], n('zz.example'))).to.deep.equal({ kind: 'proven' });
  });

  it('B.3 no data: ns1.example has no MX, but does have A', () => {
    expect(nsecProvesNodata([CHAIN.ns1], n('ns1.example'), RR_TYPE.MX)).to.deep.equal({ kind: 'proven' });
    expect(nsecProvesNodata([CHAIN.ns1], n('ns1.example'), RR_TYPE.A).kind).to.equal('unproven');
  });

  it('B.5 referral to the unsigned b.example: NS without DS is an insecure delegation', () => {
    expect(nsecDelegation([CHAIN.b], n('b.example'))).to.deep.equal({ kind: 'insecure-delegation' });
    expect(nsecDelegation([CHAIN.a], n('a.example')).kind).to.equal('unproven'); // it lists DS
    expect(nsecDelegation([CHAIN.ns1], n('ns1.example'))).to.deep.equal({ kind: 'no-cut' });
    expect(nsecDelegation([CHAIN.b, CHAIN.apex], n('ml.example'))).to.deep.equal({ kind: 'nonexistent' });
  });

  it('RFC 6840 §4.1: the NSEC of a delegation proves nothing below it, nor NODATA for other types', () => {
    expect(nsecProvesNxdomain([CHAIN.b, CHAIN.apex], n('mc.b.example')).kind).to.equal('unproven');
    expect(nsecProvesNodata([CHAIN.b], n('b.example'), RR_TYPE.MX).kind).to.equal('unproven');
    expect(nsecProvesNodata([CHAIN.b], n('b.example'), RR_TYPE.DS)).to.deep.equal({ kind: 'proven' });
  });

  it('the child apex NSEC cannot deny the DS the parent holds', () => {
    expect(nsecProvesNodata([CHAIN.apex], n('example'), RR_TYPE.DS).kind).to.equal('unproven');
  });

  it('B.6 wildcard expansion: a.z.w.example from *.w.example needs z.w.example covered', () => {
    expect(nsecProvesNoCloserMatch([CHAIN.xyw], n('a.z.w.example'), n('w.example'))).to.deep.equal({ kind: 'proven' });
    expect(nsecProvesNoCloserMatch([CHAIN.apex], n('a.z.w.example'), n('w.example')).kind).to.equal('unproven');
    // x.w.example exists: a wildcard at w.example cannot have produced a.x.w.example.
    expect(nsecProvesNoCloserMatch([CHAIN.xw], n('a.x.w.example'), n('w.example')).kind).to.equal('unproven');
  });

  it('B.7 wildcard no data: a.z.w.example AAAA', () => {
    expect(nsecProvesNodata([CHAIN.xyw, CHAIN.wildcard], n('a.z.w.example'), RR_TYPE.AAAA)).to.deep.equal({ kind: 'proven' });
    expect(nsecProvesNodata([CHAIN.xyw, CHAIN.wildcard], n('a.z.w.example'), RR_TYPE.MX).kind).to.equal('unproven');
    expect(nsecProvesNodata([CHAIN.xyw], n('a.z.w.example'), RR_TYPE.AAAA).kind).to.equal('unproven');
  });

  it('an empty non-terminal (y.w.example) has no data of any type and is no zone cut', () => {
    expect(nsecProvesNodata([CHAIN.xw], n('y.w.example'), RR_TYPE.A)).to.deep.equal({ kind: 'proven' });
    expect(nsecDelegation([CHAIN.xw], n('y.w.example'))).to.deep.equal({ kind: 'no-cut' });
    expect(nsecProvesNxdomain([CHAIN.xw], n('y.w.example')).kind).to.equal('unproven');
  });
});
