// The lab's DNSSEC cases, beside the scenario table of scenarios.ts: one mail
// domain per case, each zone broken in exactly one way (or showing one feature:
// an algorithm, a digest, a denial form, a wildcard, a CNAME or DNAME chain).
// Every host is on the 'ee' listener (127.0.25.1) with TLSA 3 1 1 L1, so where
// DNSSEC holds the domain is verified. dnssec-zones.ts builds the zones;
// e2e tests compare this program's validator with unbound's and delv's verdict
// on every `checks` row and the dane_state of every domain.
import type { DnsSecurity } from '../../src/dns/security.ts';
import type { DaneState } from '../../src/verdict/dane-state.ts';
import type { DnssecFindingCode } from '../../src/dnssec/findings.ts';
import type { RecordSpec } from './scenarios.ts';

export type LabAlgorithm = 'RSASHA256' | 'RSASHA512' | 'ECDSAP256SHA256' | 'ECDSAP384SHA384' | 'ED25519' | 'ED448';

/** How the zone is broken after signing, if at all. */
export type DnssecBreakage =
  | { kind: 'none' }
  /** Signatures valid only from 30 days ahead. */
  | { kind: 'not-yet-valid' }
  /** The RRSIGs over one RRset removed. */
  | { kind: 'strip-rrsig'; owner: string; type: string }
  /** One character of every RRSIG over a type flipped (still valid base64). */
  | { kind: 'corrupt-rrsig'; type: string }
  /** Every NSEC record and its RRSIG removed. */
  | { kind: 'strip-nsec' }
  /** DNSKEY, RRSIG and DS algorithm field rewritten to 23 (ECC-GOST12), which nobody here implements. */
  | { kind: 'unknown-algorithm' }
  /** The parent's DS digest type rewritten to 200 (unassigned). */
  | { kind: 'unknown-digest' };

export type LabDenial =
  | { kind: 'nsec' }
  | { kind: 'nsec3'; salt?: string; iterations?: number; optOut?: boolean }
  /** Knot signs the zone itself (dnssec-signzone refuses more than 150 NSEC3 iterations). */
  | { kind: 'nsec3-by-knot'; iterations: number };

export interface DnssecZoneSpec {
  /** Apex without trailing dot. */
  name: string;
  /** The lab zone that delegates it; default 'test'. */
  parent?: string;
  signed: boolean;
  algorithm?: LabAlgorithm;
  /** 'csk' (default): one key signs all; 'ksk-zsk': a KSK signs the DNSKEY RRset, a ZSK the rest. */
  keys?: 'csk' | 'ksk-zsk';
  /** Digest types of the DS in the parent (default SHA-256). */
  ds?: ('SHA-1' | 'SHA-256' | 'SHA-384')[];
  denial?: LabDenial;
  breakage?: DnssecBreakage;
  records: RecordSpec[];
  /** Zone-file lines for types RecordSpec lacks (DNAME). */
  extraLines?: string[];
}

export interface DnssecCheck {
  name: string;
  type: 'MX' | 'A' | 'AAAA' | 'TLSA' | 'CNAME';
  /** The verdict this validator, unbound and delv must all reach. */
  security: DnsSecurity;
  /** The finding this validator must report (its first one). */
  finding?: DnssecFindingCode;
}

export interface DnssecScenario {
  domain: string;
  expected: DaneState;
  hosts: { name: string; expected: DaneState }[];
  comment: string;
  zones: DnssecZoneSpec[];
  checks: DnssecCheck[];
}

const L1 = '127.0.25.1';
const mx = (owner: string, exchange: string): RecordSpec => ({ owner, type: 'MX', preference: 10, exchange });
const a = (owner: string): RecordSpec => ({ owner, type: 'A', address: L1 });
const tlsa = (owner: string): RecordSpec => ({ owner, type: 'TLSA', usage: 3, selector: 1, matchingType: 1, cert: 'L1' });
/** A pre-published next key (RFC 7671 §8.1), so a host that verifies is also ready for rollover. */
const nextKey = (owner: string): RecordSpec => ({ owner, type: 'TLSA', usage: 3, selector: 1, matchingType: 1, cert: 'other-leaf' });
const txt = (owner: string, text: string): RecordSpec => ({ owner, type: 'TXT', text });
const cname = (owner: string, target: string): RecordSpec => ({ owner, type: 'CNAME', target });

/** MX → mx.<zone> with A and TLSA 3 1 1 L1: verified when DNSSEC holds. */
const mailZone = (zone: string): RecordSpec[] => [mx(zone, `mx.${zone}`), a(`mx.${zone}`), tlsa(`_25._tcp.mx.${zone}`), nextKey(`_25._tcp.mx.${zone}`)];
const one = (domain: string, expected: DaneState) => [{ name: `mx.${domain}`, expected }];
const c = (name: string, type: DnssecCheck['type'], security: DnsSecurity, finding?: DnssecFindingCode): DnssecCheck => ({ name, type, security, finding });

/** The usual checks of a mailZone: MX, A, TLSA all with one verdict. */
const mailChecks = (zone: string, security: DnsSecurity, finding?: DnssecFindingCode) => [
  c(zone, 'MX', security, finding),
  c(`mx.${zone}`, 'A', security, finding),
  c(`_25._tcp.mx.${zone}`, 'TLSA', security, finding),
];

export const DNSSEC_SCENARIOS: readonly DnssecScenario[] = [
  // --- algorithms and digests (all verified) ---------------------------------
  {
    domain: 'rsasha512.test',
    expected: 'verified',
    comment: 'RSASHA512 (RFC 5702), 2048-bit key',
    zones: [{ name: 'rsasha512.test', signed: true, algorithm: 'RSASHA512', records: mailZone('rsasha512.test') }],
    hosts: one('rsasha512.test', 'verified'),
    checks: mailChecks('rsasha512.test', 'secure'),
  },
  {
    domain: 'p384.test',
    expected: 'verified',
    comment: 'ECDSAP384SHA384 (RFC 6605) with only a SHA-384 DS',
    zones: [{ name: 'p384.test', signed: true, algorithm: 'ECDSAP384SHA384', ds: ['SHA-384'], records: mailZone('p384.test') }],
    hosts: one('p384.test', 'verified'),
    checks: mailChecks('p384.test', 'secure'),
  },
  {
    domain: 'ed448.test',
    expected: 'verified',
    comment: 'ED448 (RFC 8080)',
    zones: [{ name: 'ed448.test', signed: true, algorithm: 'ED448', records: mailZone('ed448.test') }],
    hosts: one('ed448.test', 'verified'),
    checks: mailChecks('ed448.test', 'secure'),
  },
  {
    domain: 'dssha1.test',
    expected: 'verified',
    comment: 'only a SHA-1 DS in the parent (RFC 4034; still allowed to validate)',
    zones: [{ name: 'dssha1.test', signed: true, ds: ['SHA-1'], records: mailZone('dssha1.test') }],
    hosts: one('dssha1.test', 'verified'),
    checks: mailChecks('dssha1.test', 'secure'),
  },
  {
    domain: 'kskzsk.test',
    expected: 'verified',
    comment: 'separate KSK (signs the DNSKEY RRset, named by the DS) and ZSK (signs the data)',
    zones: [{ name: 'kskzsk.test', signed: true, keys: 'ksk-zsk', records: mailZone('kskzsk.test') }],
    hosts: one('kskzsk.test', 'verified'),
    checks: mailChecks('kskzsk.test', 'secure'),
  },
  // --- denial of existence ----------------------------------------------------
  {
    domain: 'nsecnotlsa.test',
    expected: 'no-tlsa',
    comment: 'NSEC proves the TLSA name absent (NXDOMAIN) and the AAAA absent (NODATA)',
    zones: [{ name: 'nsecnotlsa.test', signed: true, records: [mx('nsecnotlsa.test', 'mx.nsecnotlsa.test'), a('mx.nsecnotlsa.test')] }],
    hosts: one('nsecnotlsa.test', 'no-tlsa'),
    checks: [c('_25._tcp.mx.nsecnotlsa.test', 'TLSA', 'secure'), c('mx.nsecnotlsa.test', 'AAAA', 'secure')],
  },
  {
    domain: 'nsec3salt.test',
    expected: 'no-tlsa',
    comment: 'NSEC3 with a salt and 10 iterations proves the TLSA name absent',
    zones: [
      { name: 'nsec3salt.test', signed: true, denial: { kind: 'nsec3', salt: 'ab12cd34', iterations: 10 }, records: [mx('nsec3salt.test', 'mx.nsec3salt.test'), a('mx.nsec3salt.test')] },
    ],
    hosts: one('nsec3salt.test', 'no-tlsa'),
    checks: [c('_25._tcp.mx.nsec3salt.test', 'TLSA', 'secure'), c('mx.nsec3salt.test', 'AAAA', 'secure')],
  },
  {
    domain: 'nodata.test',
    expected: 'no-tlsa',
    comment: 'a TXT record at the TLSA name: NSEC proves NODATA for TLSA; _tcp is an empty non-terminal',
    zones: [{ name: 'nodata.test', signed: true, records: [mx('nodata.test', 'mx.nodata.test'), a('mx.nodata.test'), txt('_25._tcp.mx.nodata.test', 'no TLSA here')] }],
    hosts: one('nodata.test', 'no-tlsa'),
    checks: [c('_25._tcp.mx.nodata.test', 'TLSA', 'secure'), c('_tcp.mx.nodata.test', 'TLSA', 'secure')],
  },
  {
    domain: 'nodata3.test',
    expected: 'no-tlsa',
    comment: 'the same with NSEC3: a matching NSEC3 without TLSA; the empty non-terminal has its own NSEC3',
    zones: [
      { name: 'nodata3.test', signed: true, denial: { kind: 'nsec3' }, records: [mx('nodata3.test', 'mx.nodata3.test'), a('mx.nodata3.test'), txt('_25._tcp.mx.nodata3.test', 'no TLSA here')] },
    ],
    hosts: one('nodata3.test', 'no-tlsa'),
    checks: [c('_25._tcp.mx.nodata3.test', 'TLSA', 'secure'), c('_tcp.mx.nodata3.test', 'TLSA', 'secure')],
  },
  {
    domain: 'nsec3iter.test',
    expected: 'insecure',
    comment: 'NSEC3 with 200 iterations (signed by Knot): RFC 9276 lets validators call the denial insecure, and all three do above 150',
    zones: [{ name: 'nsec3iter.test', signed: true, denial: { kind: 'nsec3-by-knot', iterations: 200 }, records: [mx('nsec3iter.test', 'mx.nsec3iter.test'), a('mx.nsec3iter.test')] }],
    hosts: one('nsec3iter.test', 'insecure'),
    checks: [c('nsec3iter.test', 'MX', 'secure'), c('mx.nsec3iter.test', 'A', 'secure'), c('_25._tcp.mx.nsec3iter.test', 'TLSA', 'insecure', 'DNSSEC_NSEC3_ITERATIONS_TOO_HIGH')],
  },
  {
    domain: 'optout.test',
    expected: 'insecure',
    comment: 'NSEC3 opt-out zone delegating sub.optout.test without DS; the MX host lives there',
    zones: [
      { name: 'optout.test', signed: true, denial: { kind: 'nsec3', optOut: true }, records: [mx('optout.test', 'mx.sub.optout.test')] },
      { name: 'sub.optout.test', parent: 'optout.test', signed: false, records: [a('mx.sub.optout.test'), tlsa('_25._tcp.mx.sub.optout.test'), nextKey('_25._tcp.mx.sub.optout.test')] },
    ],
    hosts: [{ name: 'mx.sub.optout.test', expected: 'insecure' }],
    checks: [
      c('optout.test', 'MX', 'secure'),
      c('mx.sub.optout.test', 'A', 'insecure', 'DNSSEC_NSEC3_OPT_OUT'),
      c('_25._tcp.mx.sub.optout.test', 'TLSA', 'insecure', 'DNSSEC_NSEC3_OPT_OUT'),
    ],
  },
  {
    domain: 'nsecdeleg.test',
    expected: 'insecure',
    comment: 'NSEC zone delegating sub.nsecdeleg.test without DS (an insecure delegation below a signed child)',
    zones: [
      { name: 'nsecdeleg.test', signed: true, records: [mx('nsecdeleg.test', 'mx.sub.nsecdeleg.test')] },
      { name: 'sub.nsecdeleg.test', parent: 'nsecdeleg.test', signed: false, records: [a('mx.sub.nsecdeleg.test'), tlsa('_25._tcp.mx.sub.nsecdeleg.test'), nextKey('_25._tcp.mx.sub.nsecdeleg.test')] },
    ],
    hosts: [{ name: 'mx.sub.nsecdeleg.test', expected: 'insecure' }],
    checks: [c('nsecdeleg.test', 'MX', 'secure'), c('mx.sub.nsecdeleg.test', 'A', 'insecure', 'DNSSEC_INSECURE_DELEGATION')],
  },
  {
    domain: 'signedsub.test',
    expected: 'verified',
    comment: 'a signed child two levels down (signedsub.test → deep.signedsub.test), NSEC3 in the parent',
    zones: [
      { name: 'signedsub.test', signed: true, denial: { kind: 'nsec3' }, records: [mx('signedsub.test', 'mx.deep.signedsub.test')] },
      { name: 'deep.signedsub.test', parent: 'signedsub.test', signed: true, algorithm: 'ED25519', records: [a('mx.deep.signedsub.test'), tlsa('_25._tcp.mx.deep.signedsub.test'), nextKey('_25._tcp.mx.deep.signedsub.test')] },
    ],
    hosts: [{ name: 'mx.deep.signedsub.test', expected: 'verified' }],
    checks: [c('mx.deep.signedsub.test', 'A', 'secure'), c('_25._tcp.mx.deep.signedsub.test', 'TLSA', 'secure')],
  },
  // --- wildcards ----------------------------------------------------------------
  {
    domain: 'wild.test',
    expected: 'verified',
    comment: 'the TLSA RRset comes from *._tcp.mx.wild.test; NSEC proves the expansion',
    zones: [{ name: 'wild.test', signed: true, records: [mx('wild.test', 'mx.wild.test'), a('mx.wild.test'), tlsa('*._tcp.mx.wild.test'), nextKey('*._tcp.mx.wild.test')] }],
    hosts: one('wild.test', 'verified'),
    checks: [c('_25._tcp.mx.wild.test', 'TLSA', 'secure')],
  },
  {
    domain: 'wild3.test',
    expected: 'verified',
    comment: 'the same with NSEC3: the next closer name is covered',
    zones: [{ name: 'wild3.test', signed: true, denial: { kind: 'nsec3' }, records: [mx('wild3.test', 'mx.wild3.test'), a('mx.wild3.test'), tlsa('*._tcp.mx.wild3.test'), nextKey('*._tcp.mx.wild3.test')] }],
    hosts: one('wild3.test', 'verified'),
    checks: [c('_25._tcp.mx.wild3.test', 'TLSA', 'secure')],
  },
  {
    domain: 'wildnodata.test',
    expected: 'no-tlsa',
    comment: 'the MX host exists only through *.wildnodata.test (A); the wildcard has no TLSA: wildcard NODATA (NSEC)',
    zones: [{ name: 'wildnodata.test', signed: true, records: [mx('wildnodata.test', 'host.wildnodata.test'), a('*.wildnodata.test')] }],
    hosts: [{ name: 'host.wildnodata.test', expected: 'no-tlsa' }],
    checks: [c('host.wildnodata.test', 'A', 'secure'), c('_25._tcp.host.wildnodata.test', 'TLSA', 'secure'), c('host.wildnodata.test', 'AAAA', 'secure')],
  },
  {
    domain: 'wildnodata3.test',
    expected: 'no-tlsa',
    comment: 'the same with NSEC3 (RFC 5155 §8.7)',
    zones: [{ name: 'wildnodata3.test', signed: true, denial: { kind: 'nsec3' }, records: [mx('wildnodata3.test', 'host.wildnodata3.test'), a('*.wildnodata3.test')] }],
    hosts: [{ name: 'host.wildnodata3.test', expected: 'no-tlsa' }],
    checks: [c('host.wildnodata3.test', 'A', 'secure'), c('_25._tcp.host.wildnodata3.test', 'TLSA', 'secure')],
  },
  {
    domain: 'wildnoproof.test',
    expected: 'bogus',
    comment: 'wild.test with every NSEC removed: the TLSA RRset says it comes from a wildcard, but nothing proves the name absent',
    zones: [{ name: 'wildnoproof.test', signed: true, breakage: { kind: 'strip-nsec' }, records: [mx('wildnoproof.test', 'mx.wildnoproof.test'), a('mx.wildnoproof.test'), tlsa('*._tcp.mx.wildnoproof.test'), nextKey('*._tcp.mx.wildnoproof.test')] }],
    hosts: one('wildnoproof.test', 'bogus'),
    checks: [c('mx.wildnoproof.test', 'A', 'secure'), c('_25._tcp.mx.wildnoproof.test', 'TLSA', 'bogus', 'DNSSEC_WILDCARD_UNPROVEN')],
  },
  // --- CNAME and DNAME chains across zones -------------------------------------
  {
    domain: 'cnameinsecure.test',
    expected: 'insecure',
    comment: 'a signed CNAME into the unsigned zone unsigned.test',
    zones: [{ name: 'cnameinsecure.test', signed: true, records: [mx('cnameinsecure.test', 'mail.cnameinsecure.test'), cname('mail.cnameinsecure.test', 'mx.unsigned.test')] }],
    hosts: [{ name: 'mail.cnameinsecure.test', expected: 'insecure' }],
    checks: [c('mail.cnameinsecure.test', 'A', 'insecure', 'DNSSEC_INSECURE_DELEGATION')],
  },
  {
    domain: 'cnamebogus.test',
    expected: 'bogus',
    comment: 'a signed CNAME into expired.test, whose signatures expired',
    zones: [{ name: 'cnamebogus.test', signed: true, records: [mx('cnamebogus.test', 'mail.cnamebogus.test'), cname('mail.cnamebogus.test', 'mx.expired.test')] }],
    hosts: [{ name: 'mail.cnamebogus.test', expected: 'bogus' }],
    checks: [c('mail.cnamebogus.test', 'A', 'bogus', 'DNSSEC_SIGNATURE_EXPIRED')],
  },
  {
    domain: 'dname.test',
    expected: 'verified',
    comment: 'alias.dname.test DNAME provider.test: the MX host mx.alias.dname.test is synthesised (RFC 6672) to mx.provider.test',
    zones: [{ name: 'dname.test', signed: true, records: [mx('dname.test', 'mx.alias.dname.test')], extraLines: ['alias.dname.test. 300 IN DNAME provider.test.'] }],
    hosts: [{ name: 'mx.alias.dname.test', expected: 'verified' }],
    checks: [c('mx.alias.dname.test', 'A', 'secure')],
  },
  // --- broken: each zone one way ----------------------------------------------
  {
    domain: 'notyet.test',
    expected: 'bogus',
    comment: 'every signature valid only from 30 days ahead',
    zones: [{ name: 'notyet.test', signed: true, breakage: { kind: 'not-yet-valid' }, records: mailZone('notyet.test') }],
    hosts: one('notyet.test', 'bogus'),
    checks: mailChecks('notyet.test', 'bogus', 'DNSSEC_SIGNATURE_NOT_YET_VALID'),
  },
  {
    domain: 'nosig.test',
    expected: 'bogus',
    comment: 'the RRSIG over mx.nosig.test/A removed after signing',
    zones: [{ name: 'nosig.test', signed: true, breakage: { kind: 'strip-rrsig', owner: 'mx.nosig.test', type: 'A' }, records: mailZone('nosig.test') }],
    hosts: one('nosig.test', 'bogus'),
    checks: [c('nosig.test', 'MX', 'secure'), c('mx.nosig.test', 'A', 'bogus', 'DNSSEC_RRSIG_MISSING'), c('_25._tcp.mx.nosig.test', 'TLSA', 'secure')],
  },
  {
    domain: 'mxbadsig.test',
    expected: 'bogus',
    comment: 'the RRSIG over the MX RRset corrupted (the host itself validates)',
    zones: [{ name: 'mxbadsig.test', signed: true, breakage: { kind: 'corrupt-rrsig', type: 'MX' }, records: mailZone('mxbadsig.test') }],
    hosts: one('mxbadsig.test', 'verified'),
    checks: [c('mxbadsig.test', 'MX', 'bogus', 'DNSSEC_SIGNATURE_INVALID'), c('mx.mxbadsig.test', 'A', 'secure')],
  },
  {
    domain: 'keybadsig.test',
    expected: 'bogus',
    comment: 'the RRSIG over the DNSKEY RRset corrupted: no key of the zone can be trusted',
    zones: [{ name: 'keybadsig.test', signed: true, breakage: { kind: 'corrupt-rrsig', type: 'DNSKEY' }, records: mailZone('keybadsig.test') }],
    hosts: one('keybadsig.test', 'bogus'),
    checks: mailChecks('keybadsig.test', 'bogus', 'DNSSEC_SIGNATURE_INVALID'),
  },
  {
    domain: 'unknownalg.test',
    expected: 'insecure',
    comment: 'signed with "algorithm 23" (ECC-GOST12, which no validator here implements): treated as unsigned',
    zones: [{ name: 'unknownalg.test', signed: true, breakage: { kind: 'unknown-algorithm' }, records: mailZone('unknownalg.test') }],
    hosts: one('unknownalg.test', 'insecure'),
    checks: mailChecks('unknownalg.test', 'insecure', 'DNSSEC_UNSUPPORTED_ALGORITHM'),
  },
  {
    domain: 'unknowndigest.test',
    expected: 'insecure',
    comment: 'the DS uses digest type 200 (unassigned): treated as unsigned',
    zones: [{ name: 'unknowndigest.test', signed: true, breakage: { kind: 'unknown-digest' }, records: mailZone('unknowndigest.test') }],
    hosts: one('unknowndigest.test', 'insecure'),
    checks: mailChecks('unknowndigest.test', 'insecure', 'DNSSEC_UNSUPPORTED_DIGEST'),
  },
  {
    domain: 'nonsec.test',
    expected: 'bogus',
    comment: 'every NSEC removed after signing: NXDOMAIN and NODATA come without proof',
    zones: [{ name: 'nonsec.test', signed: true, breakage: { kind: 'strip-nsec' }, records: [mx('nonsec.test', 'mx.nonsec.test'), a('mx.nonsec.test')] }],
    hosts: one('nonsec.test', 'bogus'),
    checks: [
      c('nonsec.test', 'MX', 'secure'),
      c('_25._tcp.mx.nonsec.test', 'TLSA', 'bogus', 'DNSSEC_NXDOMAIN_UNPROVEN'),
      c('mx.nonsec.test', 'AAAA', 'bogus', 'DNSSEC_NODATA_UNPROVEN'),
    ],
  },
];

/** Rows on zones of the main scenario table (scenarios.ts) that the agreement tests also cover. */
export const SCENARIO_TABLE_CHECKS: readonly DnssecCheck[] = [
  c('good.test', 'MX', 'secure'),
  c('mx2.good.test', 'AAAA', 'secure'),
  c('unsigned.test', 'MX', 'insecure', 'DNSSEC_INSECURE_DELEGATION'),
  c('expired.test', 'MX', 'bogus', 'DNSSEC_SIGNATURE_EXPIRED'),
  c('badds.test', 'MX', 'bogus', 'DNSSEC_DS_NO_MATCHING_DNSKEY'),
  c('_25._tcp.mx.tlsabogus.test', 'TLSA', 'bogus', 'DNSSEC_SIGNATURE_INVALID'),
  c('mx.tlsabogus.test', 'A', 'secure'),
  c('_25._tcp.mx.notlsa.test', 'TLSA', 'secure'),
  c('implicit.test', 'A', 'secure'),
  c('implicit.test', 'MX', 'secure'),
  c('mail.cname.test', 'A', 'secure'),
  c('_25._tcp.mx.provider.test', 'TLSA', 'secure'),
  c('nosuchdomain.test', 'MX', 'secure'),
];
