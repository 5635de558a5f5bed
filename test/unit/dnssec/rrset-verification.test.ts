// The RRSIG rules of RFC 4035 §5.3.1 one by one, with keys made here
// (Ed25519 and ECDSA P-256): signer, labels, key tag and algorithm, validity
// window, the signature itself; a wildcard expansion is reported with its
// closest encloser.
import { expect } from 'chai';
import { nameText, parseName } from '../../../src/dns/name.ts';
import { readRrsig } from '../../../src/dnssec/core/dnssec-rdata.ts';
import { RR_TYPE } from '../../../src/dns/rr-types.ts';
import { type TrustedZone, verifyRrset } from '../../../src/dnssec/core/rrset-verification.ts';
import type { Rrset } from '../../../src/dns/wire-record.ts';
import { readDnskey } from '../../../src/dnssec/core/dnssec-rdata.ts';
import { T0, type TestKey, aRdata, makeKey, rrsig } from './signed-world.ts';

const zoneOf = (...keys: TestKey[]): TrustedZone => ({ name: keys[0]!.owner, keys: keys.map((k) => ({ rdata: k.rdata, data: readDnskey(k.rdata), tag: k.tag })) });
const rrset = (owner: string): Rrset => ({ owner: parseName(owner), type: RR_TYPE.A, class: 1, ttl: 300, rdatas: [aRdata('192.0.2.1')] });
const sigOf = (set: Rrset, key: TestKey, options = {}) => readRrsig(rrsig(set, key, options).rdata);

describe('dnssec/rrset-verification', () => {
  for (const algorithm of [15, 13] as const) {
    const key = makeKey('example', algorithm);
    const zone = zoneOf(key);
    const set = rrset('www.example');

    it(`accepts a valid RRSIG (algorithm ${algorithm})`, () => {
      expect(verifyRrset(set, [sigOf(set, key)], zone, T0)).to.deep.include({ security: 'secure', wildcardEncloser: null });
    });

    it(`rejects a changed RRset or signature (algorithm ${algorithm})`, () => {
      const other = { ...set, rdatas: [aRdata('192.0.2.99')] };
      expect(verifyRrset(other, [sigOf(set, key)], zone, T0)).to.deep.nested.include({ 'finding.code': 'DNSSEC_SIGNATURE_INVALID' });
    });
  }

  const key = makeKey('example');
  const zone = zoneOf(key);
  const set = rrset('www.example');

  it('no RRSIG for the type: missing', () => {
    expect(verifyRrset(set, [], zone, T0)).to.deep.nested.include({ 'finding.code': 'DNSSEC_RRSIG_MISSING', 'finding.rrset': 'www.example/A', 'finding.zone': 'example' });
  });

  it('outside the validity window: expired or not yet valid, by the clock passed in', () => {
    const sig = sigOf(set, key, { inception: new Date('2030-01-01Z'), expiration: new Date('2030-02-01Z') });
    expect(verifyRrset(set, [sig], zone, new Date('2030-03-01Z'))).to.deep.nested.include({ 'finding.code': 'DNSSEC_SIGNATURE_EXPIRED' });
    expect(verifyRrset(set, [sig], zone, new Date('2029-12-01Z'))).to.deep.nested.include({ 'finding.code': 'DNSSEC_SIGNATURE_NOT_YET_VALID' });
    expect(verifyRrset(set, [sig], zone, new Date('2030-01-15Z')).security).to.equal('secure');
  });

  it('a signer that is not the zone, more labels than the owner has, an unknown key: each refused', () => {
    expect(verifyRrset(set, [sigOf(set, key, { signer: parseName('www.example') })], zone, T0)).to.deep.nested.include({ 'finding.code': 'DNSSEC_RRSIG_SIGNER_MISMATCH' });
    expect(verifyRrset(set, [sigOf(set, key, { labels: 3 })], zone, T0)).to.deep.nested.include({ 'finding.code': 'DNSSEC_RRSIG_LABELS_MISMATCH' });
    expect(verifyRrset(set, [sigOf(set, makeKey('example'))], zone, T0)).to.deep.nested.include({ 'finding.code': 'DNSSEC_DNSKEY_MISSING' });
  });

  it('a key without the Zone Key flag cannot sign zone data (RFC 4035 §5.3.1)', () => {
    const notZone = makeKey('example', 15, 0);
    expect(verifyRrset(set, [sigOf(set, notZone)], zoneOf(notZone), T0)).to.deep.nested.include({ 'finding.code': 'DNSSEC_DNSKEY_MISSING' });
  });

  it('one good RRSIG among bad ones is enough (RFC 4035 §5.3.3)', () => {
    const expired = sigOf(set, key, { inception: new Date('2020-01-01Z'), expiration: new Date('2020-02-01Z') });
    expect(verifyRrset(set, [expired, sigOf(set, key)], zone, T0).security).to.equal('secure');
  });

  it('prefers the most telling failure: a bad signature over an expired one', () => {
    const expired = sigOf(set, key, { inception: new Date('2020-01-01Z'), expiration: new Date('2020-02-01Z') });
    const bad = { ...sigOf(set, key), signature: Buffer.alloc(64, 1) };
    expect(verifyRrset(set, [expired, bad], zone, T0)).to.deep.nested.include({ 'finding.code': 'DNSSEC_SIGNATURE_INVALID' });
  });

  it('a wildcard expansion verifies against *.<encloser> and reports the encloser', () => {
    const source = rrset('*.example');
    const expanded = rrset('a.b.example');
    const verdict = verifyRrset(expanded, [sigOf(source, key)], zone, T0);
    expect(verdict.security).to.equal('secure');
    expect(verdict.security === 'secure' && nameText(verdict.wildcardEncloser!)).to.equal('example');
  });
});
