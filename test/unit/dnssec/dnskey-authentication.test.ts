// From DS (or a trust anchor) to an authenticated DNSKEY RRset (RFC 4035 §5.2):
// digest matching, SHA-1 ignored beside SHA-256 (RFC 4509 §3), only
// unsupported algorithms or digests → insecure, nothing matching → bogus.
import { expect } from 'chai';
import { type KeyAuthority, authenticateDnskeys, usableDs } from '../../../src/dnssec/core/dnskey-authentication.ts';
import { readDs } from '../../../src/dnssec/core/dnssec-rdata.ts';
import { RR_TYPE } from '../../../src/dns/rr-types.ts';
import { readRrsig } from '../../../src/dnssec/core/dnssec-rdata.ts';
import type { Rrset } from '../../../src/dns/wire-record.ts';
import { T0, type TestKey, dsRdata, makeKey, rrsig } from './signed-world.ts';

const ksk = makeKey('example', 15, 257);
const zsk = makeKey('example', 13, 256);
const dnskeys: Rrset = { owner: ksk.owner, type: RR_TYPE.DNSKEY, class: 1, ttl: 300, rdatas: [ksk.rdata, zsk.rdata] };
const signedBy = (...keys: TestKey[]) => keys.map((k) => readRrsig(rrsig(dnskeys, k).rdata));
const parentDs = (...ds: Buffer[]): KeyAuthority => ({ kind: 'parent-ds', ds: ds.map(readDs) });
const withAlgorithm = (ds: Buffer, algorithm: number) => Buffer.concat([ds.subarray(0, 2), Buffer.from([algorithm]), ds.subarray(3)]);
const withDigestType = (ds: Buffer, type: number) => Buffer.concat([ds.subarray(0, 3), Buffer.from([type]), ds.subarray(4)]);

describe('dnssec/dnskey-authentication', () => {
  it('a DS naming the KSK that signed the DNSKEY RRset: every zone key becomes trusted', () => {
    const verdict = authenticateDnskeys(ksk.owner, parentDs(dsRdata(ksk)), dnskeys, signedBy(ksk), T0);
    expect(verdict.security).to.equal('secure');
    expect(verdict.security === 'secure' && verdict.zone.keys.map((k) => k.tag).sort()).to.deep.equal([ksk.tag, zsk.tag].sort());
  });

  it('SHA-1 and SHA-384 digests work too', () => {
    expect(authenticateDnskeys(ksk.owner, parentDs(dsRdata(ksk, 1)), dnskeys, signedBy(ksk), T0).security).to.equal('secure');
    expect(authenticateDnskeys(ksk.owner, parentDs(dsRdata(ksk, 4)), dnskeys, signedBy(ksk), T0).security).to.equal('secure');
  });

  it('RFC 4509 §3: a SHA-1 DS is ignored when a SHA-256 one is there', () => {
    const other = makeKey('example');
    expect(usableDs([readDs(dsRdata(ksk, 1)), readDs(dsRdata(other, 2))]).map((d) => d.digestType)).to.deep.equal([2]);
    // The SHA-1 DS names the real key, the SHA-256 one another key: bogus, not secure.
    const verdict = authenticateDnskeys(ksk.owner, parentDs(dsRdata(ksk, 1), dsRdata(other, 2)), dnskeys, signedBy(ksk), T0);
    expect(verdict.security === 'bogus' && verdict.finding.code).to.equal('DNSSEC_DS_NO_MATCHING_DNSKEY');
  });

  it('a DS whose digest matches no key: bogus; a DNSKEY RRset signed only by a key no DS names: bogus', () => {
    const verdict = authenticateDnskeys(ksk.owner, parentDs(dsRdata(makeKey('example'))), dnskeys, signedBy(ksk), T0);
    expect(verdict.security === 'bogus' && verdict.finding.code).to.equal('DNSSEC_DS_NO_MATCHING_DNSKEY');
    const zskOnly = authenticateDnskeys(ksk.owner, parentDs(dsRdata(ksk)), dnskeys, signedBy(zsk), T0);
    expect(zskOnly.security === 'bogus' && zskOnly.finding.code).to.equal('DNSSEC_DNSKEY_MISSING');
    expect(authenticateDnskeys(ksk.owner, parentDs(dsRdata(ksk)), null, [], T0)).to.deep.nested.include({ 'finding.code': 'DNSSEC_DNSKEY_MISSING' });
  });

  it('only unsupported algorithms or digest types in the DS: insecure, with the reason', () => {
    const gost = authenticateDnskeys(ksk.owner, parentDs(withAlgorithm(dsRdata(ksk), 23)), dnskeys, signedBy(ksk), T0);
    expect(gost.security === 'insecure' && gost.finding.code).to.equal('DNSSEC_UNSUPPORTED_ALGORITHM');
    const rsasha1 = authenticateDnskeys(ksk.owner, parentDs(withAlgorithm(dsRdata(ksk), 5)), dnskeys, signedBy(ksk), T0);
    expect(rsasha1.security).to.equal('insecure');
    const digest = authenticateDnskeys(ksk.owner, parentDs(withDigestType(dsRdata(ksk), 3)), dnskeys, signedBy(ksk), T0);
    expect(digest.security === 'insecure' && digest.finding.code).to.equal('DNSSEC_UNSUPPORTED_DIGEST');
  });

  it('one supported DS among unsupported ones must then be honoured (not insecure)', () => {
    const verdict = authenticateDnskeys(ksk.owner, parentDs(withAlgorithm(dsRdata(ksk), 23), dsRdata(makeKey('example'))), dnskeys, signedBy(ksk), T0);
    expect(verdict.security).to.equal('bogus');
  });

  it('trust anchors: a DNSKEY anchor must be in the RRset as is; none matching is a trust anchor mismatch', () => {
    expect(authenticateDnskeys(ksk.owner, { kind: 'trust-anchor', ds: [], dnskeys: [ksk.rdata] }, dnskeys, signedBy(ksk), T0).security).to.equal('secure');
    const wrong = authenticateDnskeys(ksk.owner, { kind: 'trust-anchor', ds: [readDs(dsRdata(makeKey('example')))], dnskeys: [] }, dnskeys, signedBy(ksk), T0);
    expect(wrong.security === 'bogus' && wrong.finding.code).to.equal('DNSSEC_TRUST_ANCHOR_MISMATCH');
  });
});
