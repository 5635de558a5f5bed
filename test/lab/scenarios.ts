// The lab's world as data: certificates, SMTP listeners, DNS zones and the scenario
// table (domain → expected domain-level dane_state). lab.ts builds everything from
// this file; e2e tests iterate SCENARIOS. Only loopback addresses appear here.
import type { DaneState } from '../../src/verdict/dane-state.ts';

// ---------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------

export type CertName =
  | 'root' // test root CA (self-signed); never sent by any listener
  | 'intermediate' // issued by root; sent by every listener after the leaf
  | 'L1' // DANE-EE leaf of 127.0.25.1 and [::1]
  | 'L2' // mx2.good.test, RSA 2048, for DANE-TA
  | 'L3' // 127.0.25.3: a key nobody publishes
  | 'L5' // mx.provider.test
  | 'L6' // other.invalid: wrong name for DANE-TA
  | 'L7' // expired leaf
  | 'L8' // RSA leaf of Exim's DANE-TA listener
  | 'short-intermediate' // issued by root, expires 17 days after the lab starts: inside -w 20:, outside -c 15:
  | 'L9' // mx.tashort.test under short-intermediate
  | 'A-rsa' // mx.*algo.test: RSA leaf of the listeners that hold one certificate per key algorithm
  | 'A-ecdsa' // the same names, ECDSA P-256
  | 'A-ed25519' // the same names, Ed25519
  | 'other-leaf' // never served: TLSA that matches nothing
  | 'other-ca'; // never served: a CA outside every chain

export interface CertSpec {
  name: CertName;
  kind: 'root' | 'intermediate' | 'leaf';
  /** Signing CA; absent for the self-signed root and for other-ca (also self-signed). */
  issuer?: CertName;
  dnsNames?: string[];
  keyType: 'ec-p256' | 'rsa-2048' | 'ed25519';
  /** Validity far in the past (notBefore 2020-01-01, notAfter 2021-01-01). */
  expired?: boolean;
  /** Valid from a day before the lab starts until this many days after (default: a year for leaves, 20 years for CAs). */
  validDays?: number;
  comment: string;
}

export const CERTS: readonly CertSpec[] = [
  { name: 'root', kind: 'root', keyType: 'ec-p256', comment: 'lab root CA, self-signed, not in any served chain' },
  { name: 'intermediate', kind: 'intermediate', issuer: 'root', keyType: 'ec-p256', comment: 'the DANE-TA anchor of "2 1 1 I" records' },
  {
    name: 'L1',
    kind: 'leaf',
    issuer: 'intermediate',
    keyType: 'ec-p256',
    dnsNames: ['mx1.good.test', 'mx1.partial.test', 'mx.unsigned.test', 'mx.notlsa.test', 'implicit.test'],
    comment: 'DANE-EE target "3 1 1 L1"; names do not matter for DANE-EE',
  },
  { name: 'L2', kind: 'leaf', issuer: 'intermediate', keyType: 'rsa-2048', dnsNames: ['mx2.good.test'], comment: 'RSA leaf under the intermediate' },
  {
    name: 'L3',
    kind: 'leaf',
    issuer: 'intermediate',
    keyType: 'ec-p256',
    dnsNames: ['mx2.partial.test', 'mx.mismatch.test'],
    comment: 'served where TLSA names other keys',
  },
  { name: 'L5', kind: 'leaf', issuer: 'intermediate', keyType: 'ec-p256', dnsNames: ['mx.provider.test'], comment: 'CNAME target host' },
  { name: 'L6', kind: 'leaf', issuer: 'intermediate', keyType: 'ec-p256', dnsNames: ['other.invalid'], comment: 'valid chain, wrong name' },
  {
    name: 'L7',
    kind: 'leaf',
    issuer: 'intermediate',
    keyType: 'ec-p256',
    dnsNames: ['mx.eeexpired.test', 'mx.taexpired.test'],
    expired: true,
    comment: 'expired 2021-01-01: fine for DANE-EE, fatal for DANE-TA',
  },
  { name: 'L8', kind: 'leaf', issuer: 'intermediate', keyType: 'rsa-2048', dnsNames: ['mx.exim-ta.test'], comment: 'Exim (GnuTLS) under DANE-TA' },
  {
    name: 'short-intermediate',
    kind: 'intermediate',
    issuer: 'root',
    keyType: 'ec-p256',
    validDays: 17,
    comment: 'the DANE-TA anchor of tashort.test; expires inside the certificate warning window',
  },
  { name: 'L9', kind: 'leaf', issuer: 'short-intermediate', keyType: 'ec-p256', dnsNames: ['mx.tashort.test'], comment: 'served with short-intermediate' },
  ...(
    [
      ['A-rsa', 'rsa-2048'],
      ['A-ecdsa', 'ec-p256'],
      ['A-ed25519', 'ed25519'],
    ] as const
  ).map(
    ([name, keyType]): CertSpec => ({
      name,
      kind: 'leaf',
      issuer: 'intermediate',
      keyType,
      dnsNames: ['mx.dualalgo.test', 'mx.rsaonlyalgo.test', 'mx.trioalgo.test'],
      comment: 'one of the certificates a listener holds per key algorithm',
    }),
  ),
  { name: 'other-leaf', kind: 'leaf', issuer: 'intermediate', keyType: 'ec-p256', dnsNames: ['nowhere.invalid'], comment: 'never served' },
  { name: 'other-ca', kind: 'root', keyType: 'ec-p256', comment: 'unrelated self-signed CA, never in a chain' },
];

// ---------------------------------------------------------------------------
// SMTP listeners (Postfix smtpd, port 25)
// ---------------------------------------------------------------------------

export type ListenerId =
  | 'ee'
  | 'ee-v6'
  | 'ta'
  | 'other-key'
  | 'no-starttls'
  | 'provider'
  | 'wrong-name'
  | 'expired-leaf'
  | 'postscreen'
  | 'tls12'
  | 'throttle'
  | 'exim-ee'
  | 'exim-ta'
  | 'ta-short'
  | 'dual-algo'
  | 'trio-algo';

/**
 * How a Postfix listener behaves beyond its certificate:
 * - plain: smtpd, nothing else
 * - postscreen: postscreen in front (multi-line greeting, deep protocol tests, STARTTLS via tlsproxy)
 * - tls12-only: smtpd that speaks TLS 1.2 and nothing newer
 * - throttle: at most 1 connection at a time and 2 per 10 s per client, $mynetworks not exempt
 */
export type PostfixMode = 'plain' | 'postscreen' | 'tls12-only' | 'throttle';

export interface ListenerSpec {
  id: ListenerId;
  address: string;
  port: 25;
  /** Leaf certificate; the chain sent is leaf + intermediate. Null: STARTTLS not offered. */
  cert: CertName | null;
  /** More leaves the server holds, one per other key algorithm (Postfix smtpd_tls_chain_files), each sent with the intermediate. */
  moreCerts?: CertName[];
  /** Name in the banner and EHLO reply (default: the certificate's first name). */
  hostname?: string;
  /** Which MTA answers (default postfix). */
  mta?: 'postfix' | 'exim';
  /** Postfix only; default plain. */
  mode?: PostfixMode;
  comment: string;
}

export const LISTENERS: readonly ListenerSpec[] = [
  { id: 'ee', address: '127.0.25.1', port: 25, cert: 'L1', comment: 'L1 + intermediate' },
  { id: 'ee-v6', address: '::1', port: 25, cert: 'L1', comment: 'same certificate over IPv6' },
  { id: 'ta', address: '127.0.25.2', port: 25, cert: 'L2', comment: 'L2 (RSA) + intermediate' },
  { id: 'other-key', address: '127.0.25.3', port: 25, cert: 'L3', comment: 'a key no TLSA record names' },
  { id: 'no-starttls', address: '127.0.25.4', port: 25, cert: null, comment: 'smtpd_tls_security_level=none' },
  { id: 'provider', address: '127.0.25.5', port: 25, cert: 'L5', comment: 'L5 + intermediate' },
  { id: 'wrong-name', address: '127.0.25.6', port: 25, cert: 'L6', comment: 'L6 (other.invalid) + intermediate' },
  { id: 'expired-leaf', address: '127.0.25.7', port: 25, cert: 'L7', comment: 'L7 (expired) + intermediate' },
  // --- the other MTAs and Postfix set-ups monitoring meets (MTA_SCENARIOS)
  { id: 'postscreen', address: '127.0.25.30', port: 25, hostname: 'mx.postscreen.test', cert: 'L1', mode: 'postscreen', comment: 'postscreen in front of smtpd, deep protocol tests on' },
  { id: 'tls12', address: '127.0.25.31', port: 25, hostname: 'mx.tls12.test', cert: 'L1', mode: 'tls12-only', comment: 'TLS 1.2 and nothing newer' },
  { id: 'throttle', address: '127.0.25.32', port: 25, hostname: 'mx.throttle.test', cert: 'L1', mode: 'throttle', comment: 'connection count limit 1, rate limit 2 per 10 s' },
  { id: 'exim-ee', address: '127.0.25.41', port: 25, hostname: 'mx.exim-ee.test', cert: 'L1', mta: 'exim', comment: 'Exim 4 (GnuTLS), L1 + intermediate' },
  { id: 'exim-ta', address: '127.0.25.42', port: 25, hostname: 'mx.exim-ta.test', cert: 'L8', mta: 'exim', comment: 'Exim 4 (GnuTLS), L8 (RSA) + intermediate' },
  // --- rollover and certificate days (issue 16): 127.0.25.55–59
  { id: 'ta-short', address: '127.0.25.55', port: 25, cert: 'L9', comment: 'L9 + short-intermediate (expires in 17 days)' },
  // --- one certificate per key algorithm (issue 16)
  { id: 'dual-algo', address: '127.0.25.50', port: 25, hostname: 'mx.dualalgo.test', cert: 'A-ecdsa', moreCerts: ['A-rsa'], comment: 'RSA and ECDSA leaves, each + intermediate' },
  {
    id: 'trio-algo',
    address: '127.0.25.51',
    port: 25,
    hostname: 'mx.trioalgo.test',
    cert: 'A-ecdsa',
    moreCerts: ['A-rsa', 'A-ed25519'],
    comment: 'RSA, ECDSA and Ed25519 leaves, each + intermediate',
  },
];

/** Listeners the lab's readiness check must not greet: postscreen greets slowly, and a throttling server counts every greeting. */
export const NOT_GREETED_AT_START: readonly ListenerId[] = ['postscreen', 'throttle'];

/** An address in the lab range where nothing listens (connection refused). */
export const DEAD_SMTP_ADDRESS = '127.0.25.99';

// ---------------------------------------------------------------------------
// DNS
// ---------------------------------------------------------------------------

export const AUTH_SERVER = '127.0.53.1';
export const RESOLVER = '127.0.53.2';
/** A second unbound that iterates from the same root but validates nothing (for --dnssec validate). */
export const PLAIN_RESOLVER = '127.0.53.3';
/** Glue of lame.test: nothing listens here. */
export const LAME_SERVER = '127.0.53.9';

export type RecordSpec =
  | { owner: string; type: 'MX'; preference: number; exchange: string }
  | { owner: string; type: 'A'; address: string }
  | { owner: string; type: 'AAAA'; address: string }
  | { owner: string; type: 'CNAME'; target: string }
  | { owner: string; type: 'TXT'; text: string }
  | {
      owner: string;
      type: 'TLSA';
      usage: number;
      selector: 0 | 1;
      matchingType: 0 | 1 | 2;
      /** Whose certificate/key the association data is computed from. */
      cert: CertName;
    };

/**
 * How a zone is published:
 * - signed: signed, DS in the parent
 * - unsigned: not signed, no DS (insecure delegation)
 * - expired: signed with signatures that expired in 2020 (bogus)
 * - bad-ds: signed, the parent's DS is of a key the zone does not have (bogus)
 * - bogus-tlsa-rrsig: signed, then every RRSIG over a TLSA RRset corrupted (bogus)
 * - lame: only a delegation in test. to ns.<zone> with glue LAME_SERVER; not served
 */
export type ZoneDnssec = 'signed' | 'unsigned' | 'expired' | 'bad-ds' | 'bogus-tlsa-rrsig' | 'lame';

export type DnssecAlgorithm = 'ECDSAP256SHA256' | 'RSASHA256' | 'ED25519';

export interface ZoneSpec {
  /** Zone apex without trailing dot, e.g. 'good.test'. */
  name: string;
  dnssec: ZoneDnssec;
  /** Default ECDSAP256SHA256. */
  algorithm?: DnssecAlgorithm;
  /** Authenticated denial; default nsec. */
  denial?: 'nsec' | 'nsec3';
  /**
   * For 'signed' zones: signatures valid from `fromHours` to `untilHours` after the lab builds the zone
   * (negative: before), and every RRset's TTL in seconds (default TTL); default the signer's 30 days.
   */
  signatures?: SignatureWindow;
  records: RecordSpec[];
}

export interface SignatureWindow {
  fromHours: number;
  untilHours: number;
  ttl?: number;
}

export interface ScenarioHost {
  /** MX exchange (or the domain itself for the implicit MX). */
  name: string;
  /** MX preference; null for the implicit MX. */
  preference: number | null;
  /** Name the TLSA lookup and SNI use (the CNAME target when the host is an alias). */
  tlsaBase: string;
  addresses: string[];
  /** Which lab listener answers there; null: nothing listens. */
  listener: ListenerId | null;
  /** Expected host-level dane_state. */
  expected: DaneState;
}

export interface Scenario {
  domain: string;
  /** Expected domain-level dane_state. */
  expected: DaneState;
  hosts: ScenarioHost[];
  /** Zones this scenario owns (lab.ts delegates each from test.). */
  zones: ZoneSpec[];
  comment: string;
}

// Small constructors keep the table readable. Owners are absolute, without trailing dot.
const mx = (owner: string, preference: number, exchange: string): RecordSpec => ({ owner, type: 'MX', preference, exchange });
const a = (owner: string, address: string): RecordSpec => ({ owner, type: 'A', address });
const aaaa = (owner: string, address: string): RecordSpec => ({ owner, type: 'AAAA', address });
const cname = (owner: string, target: string): RecordSpec => ({ owner, type: 'CNAME', target });
const tlsa = (host: string, usage: number, selector: 0 | 1, matchingType: 0 | 1 | 2, cert: CertName): RecordSpec => ({
  owner: `_25._tcp.${host}`,
  type: 'TLSA',
  usage,
  selector,
  matchingType,
  cert,
});
/**
 * A pre-published next key (RFC 7671 §8.1 "current + next"): a healthy host publishes
 * one, or its rollover readiness is not-ready (TLSA_ROLLOVER_NOT_READY, WARNING).
 * 'other-leaf' is never served, so it matches nothing and never decides a match.
 */
const nextKey = (host: string): RecordSpec => tlsa(host, 3, 1, 1, 'other-leaf');
/** MX → mx.<zone> on the DANE-EE listener, TLSA 3 1 1 of its key and of the next: verified while DNSSEC holds. */
const signedMail = (zone: string): RecordSpec[] => [mx(zone, 10, `mx.${zone}`), a(`mx.${zone}`, L1), tlsa(`mx.${zone}`, 3, 1, 1, 'L1'), nextKey(`mx.${zone}`)];
const host = (
  name: string,
  preference: number | null,
  addresses: string[],
  listener: ListenerId | null,
  expected: DaneState,
  tlsaBase = name,
): ScenarioHost => ({ name, preference, tlsaBase, addresses, listener, expected });

const L1 = '127.0.25.1';

const multiHosts = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `mx${i}.multi.test`);

/**
 * Addresses where no lab daemon listens, each given its own name, so a test or
 * benchmark can put a fixture server of its own there (slow banners, hostile
 * peers) and reach it through real, validated DNS with TLSA 3 1 1 L1.
 */
export const FIXTURE_HOSTS: readonly { name: string; address: string }[] = [
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => ({ name: `mx${i}.slow.test`, address: `127.0.25.${60 + i}` })),
  ...Array.from({ length: 16 }, (_, i) => ({ name: `h${i + 1}.hostile.test`, address: `127.0.25.${71 + i}` })),
];
const fixtureHostsOf = (zone: string) => FIXTURE_HOSTS.filter((h) => h.name.endsWith(`.${zone}`));

export const SCENARIOS: readonly Scenario[] = [
  {
    domain: 'good.test',
    expected: 'verified',
    comment: 'DANE-EE on mx1 (IPv4 and IPv6), DANE-TA via the intermediate on mx2',
    hosts: [host('mx1.good.test', 10, [L1, '::1'], 'ee', 'verified'), host('mx2.good.test', 20, ['127.0.25.2'], 'ta', 'verified')],
    zones: [
      {
        name: 'good.test',
        dnssec: 'signed',
        records: [
          mx('good.test', 10, 'mx1.good.test'),
          mx('good.test', 20, 'mx2.good.test'),
          a('mx1.good.test', L1),
          aaaa('mx1.good.test', '::1'),
          tlsa('mx1.good.test', 3, 1, 1, 'L1'),
          nextKey('mx1.good.test'),
          a('mx2.good.test', '127.0.25.2'),
          tlsa('mx2.good.test', 2, 1, 1, 'intermediate'),
          nextKey('mx2.good.test'),
        ],
      },
    ],
  },
  {
    domain: 'partial.test',
    expected: 'partial',
    comment: 'mx1 matches, mx2 publishes the SPKI of a key it does not serve',
    hosts: [host('mx1.partial.test', 10, [L1], 'ee', 'verified'), host('mx2.partial.test', 20, ['127.0.25.3'], 'other-key', 'failed')],
    zones: [
      {
        name: 'partial.test',
        dnssec: 'signed',
        records: [
          mx('partial.test', 10, 'mx1.partial.test'),
          mx('partial.test', 20, 'mx2.partial.test'),
          a('mx1.partial.test', L1),
          tlsa('mx1.partial.test', 3, 1, 1, 'L1'),
          a('mx2.partial.test', '127.0.25.3'),
          tlsa('mx2.partial.test', 3, 1, 1, 'other-leaf'),
        ],
      },
    ],
  },
  {
    domain: 'mismatch.test',
    expected: 'failed',
    comment: 'two TLSA records (3 1 1 other key, 2 1 1 unrelated CA), neither matches L3',
    hosts: [host('mx.mismatch.test', 10, ['127.0.25.3'], 'other-key', 'failed')],
    zones: [
      {
        name: 'mismatch.test',
        dnssec: 'signed',
        records: [
          mx('mismatch.test', 10, 'mx.mismatch.test'),
          a('mx.mismatch.test', '127.0.25.3'),
          tlsa('mx.mismatch.test', 3, 1, 1, 'other-leaf'),
          tlsa('mx.mismatch.test', 2, 1, 1, 'other-ca'),
        ],
      },
    ],
  },
  {
    domain: 'nostarttls.test',
    expected: 'failed',
    comment: 'TLSA published but the server does not offer STARTTLS',
    hosts: [host('mx.nostarttls.test', 10, ['127.0.25.4'], 'no-starttls', 'failed')],
    zones: [
      {
        name: 'nostarttls.test',
        dnssec: 'signed',
        records: [mx('nostarttls.test', 10, 'mx.nostarttls.test'), a('mx.nostarttls.test', '127.0.25.4'), tlsa('mx.nostarttls.test', 3, 1, 1, 'L1')],
      },
    ],
  },
  {
    domain: 'unsigned.test',
    expected: 'insecure',
    comment: 'unsigned delegation (no DS); the TLSA record it carries must be ignored',
    hosts: [host('mx.unsigned.test', 10, [L1], 'ee', 'insecure')],
    zones: [
      {
        name: 'unsigned.test',
        dnssec: 'unsigned',
        records: [mx('unsigned.test', 10, 'mx.unsigned.test'), a('mx.unsigned.test', L1), tlsa('mx.unsigned.test', 3, 1, 1, 'L1')],
      },
    ],
  },
  {
    domain: 'expired.test',
    expected: 'bogus',
    comment: 'every signature expired on 2020-02-01',
    hosts: [host('mx.expired.test', 10, [L1], 'ee', 'bogus')],
    zones: [
      {
        name: 'expired.test',
        dnssec: 'expired',
        records: [mx('expired.test', 10, 'mx.expired.test'), a('mx.expired.test', L1), tlsa('mx.expired.test', 3, 1, 1, 'L1')],
      },
    ],
  },
  {
    domain: 'badds.test',
    expected: 'bogus',
    comment: 'the DS in test. is of a key badds.test does not publish',
    hosts: [host('mx.badds.test', 10, [L1], 'ee', 'bogus')],
    zones: [
      {
        name: 'badds.test',
        dnssec: 'bad-ds',
        records: [mx('badds.test', 10, 'mx.badds.test'), a('mx.badds.test', L1), tlsa('mx.badds.test', 3, 1, 1, 'L1')],
      },
    ],
  },
  {
    domain: 'tlsabogus.test',
    expected: 'bogus',
    comment: 'MX and A validate; the RRSIG over the TLSA RRset was corrupted after signing',
    hosts: [host('mx.tlsabogus.test', 10, [L1], 'ee', 'bogus')],
    zones: [
      {
        name: 'tlsabogus.test',
        dnssec: 'bogus-tlsa-rrsig',
        records: [mx('tlsabogus.test', 10, 'mx.tlsabogus.test'), a('mx.tlsabogus.test', L1), tlsa('mx.tlsabogus.test', 3, 1, 1, 'L1')],
      },
    ],
  },
  {
    domain: 'notlsa.test',
    expected: 'no-tlsa',
    comment: 'NSEC3 (no salt, 0 iterations) proves the TLSA name does not exist',
    hosts: [host('mx.notlsa.test', 10, [L1], 'ee', 'no-tlsa')],
    zones: [{ name: 'notlsa.test', dnssec: 'signed', denial: 'nsec3', records: [mx('notlsa.test', 10, 'mx.notlsa.test'), a('mx.notlsa.test', L1)] }],
  },
  {
    domain: 'unusable.test',
    expected: 'unusable-tlsa',
    comment: 'only PKIX-EE (1 1 1) and PKIX-TA (0 0 1) records, which RFC 7672 §3.1.3 makes unusable for SMTP',
    hosts: [host('mx.unusable.test', 10, [L1], 'ee', 'unusable-tlsa')],
    zones: [
      {
        name: 'unusable.test',
        dnssec: 'signed',
        records: [
          mx('unusable.test', 10, 'mx.unusable.test'),
          a('mx.unusable.test', L1),
          tlsa('mx.unusable.test', 1, 1, 1, 'L1'),
          tlsa('mx.unusable.test', 0, 0, 1, 'root'),
        ],
      },
    ],
  },
  {
    domain: 'nullmx.test',
    expected: 'null-mx',
    comment: 'MX 0 . (RFC 7505)',
    hosts: [],
    zones: [{ name: 'nullmx.test', dnssec: 'signed', records: [mx('nullmx.test', 0, '')] }],
  },
  {
    domain: 'implicit.test',
    expected: 'verified',
    comment: 'no MX: the domain itself is the host (RFC 5321 §5.1); zone signed with ED25519',
    hosts: [host('implicit.test', null, [L1], 'ee', 'verified')],
    zones: [{ name: 'implicit.test', dnssec: 'signed', algorithm: 'ED25519', records: [a('implicit.test', L1), tlsa('implicit.test', 3, 1, 1, 'L1'), nextKey('implicit.test')] }],
  },
  {
    domain: 'cname.test',
    expected: 'verified',
    comment: 'MX host is a CNAME to mx.provider.test (RSASHA256 zone); TLSA base and SNI are the CNAME target',
    hosts: [host('mail.cname.test', 10, ['127.0.25.5'], 'provider', 'verified', 'mx.provider.test')],
    zones: [
      { name: 'cname.test', dnssec: 'signed', records: [mx('cname.test', 10, 'mail.cname.test'), cname('mail.cname.test', 'mx.provider.test')] },
      {
        name: 'provider.test',
        dnssec: 'signed',
        algorithm: 'RSASHA256',
        records: [a('mx.provider.test', '127.0.25.5'), tlsa('mx.provider.test', 2, 1, 1, 'intermediate'), nextKey('mx.provider.test')],
      },
    ],
  },
  {
    domain: 'unreachable.test',
    expected: 'unreachable',
    comment: 'nothing listens on 127.0.25.99 (connection refused)',
    hosts: [host('mx.unreachable.test', 10, [DEAD_SMTP_ADDRESS], null, 'unreachable')],
    zones: [
      {
        name: 'unreachable.test',
        dnssec: 'signed',
        records: [mx('unreachable.test', 10, 'mx.unreachable.test'), a('mx.unreachable.test', DEAD_SMTP_ADDRESS), tlsa('mx.unreachable.test', 3, 1, 1, 'L1')],
      },
    ],
  },
  {
    domain: 'wrongname.test',
    expected: 'failed',
    comment: 'DANE-TA chain is fine but the leaf names other.invalid only',
    hosts: [host('mx.wrongname.test', 10, ['127.0.25.6'], 'wrong-name', 'failed')],
    zones: [
      {
        name: 'wrongname.test',
        dnssec: 'signed',
        records: [mx('wrongname.test', 10, 'mx.wrongname.test'), a('mx.wrongname.test', '127.0.25.6'), tlsa('mx.wrongname.test', 2, 1, 1, 'intermediate')],
      },
    ],
  },
  {
    domain: 'eeexpired.test',
    expected: 'verified',
    comment: 'expired leaf, but DANE-EE ignores validity dates (RFC 7672 §3.1.1)',
    hosts: [host('mx.eeexpired.test', 10, ['127.0.25.7'], 'expired-leaf', 'verified')],
    zones: [
      {
        name: 'eeexpired.test',
        dnssec: 'signed',
        records: [mx('eeexpired.test', 10, 'mx.eeexpired.test'), a('mx.eeexpired.test', '127.0.25.7'), tlsa('mx.eeexpired.test', 3, 1, 1, 'L7'), nextKey('mx.eeexpired.test')],
      },
    ],
  },
  {
    domain: 'taexpired.test',
    expected: 'failed',
    comment: 'same expired leaf under DANE-TA, which requires a valid chain',
    hosts: [host('mx.taexpired.test', 10, ['127.0.25.7'], 'expired-leaf', 'failed')],
    zones: [
      {
        name: 'taexpired.test',
        dnssec: 'signed',
        records: [mx('taexpired.test', 10, 'mx.taexpired.test'), a('mx.taexpired.test', '127.0.25.7'), tlsa('mx.taexpired.test', 2, 1, 1, 'intermediate')],
      },
    ],
  },
  {
    domain: 'insecurehost.test',
    expected: 'insecure',
    comment: 'signed zone whose only MX host lives in the unsigned zone unsigned.test',
    hosts: [host('mx.unsigned.test', 10, [L1], 'ee', 'insecure')],
    zones: [{ name: 'insecurehost.test', dnssec: 'signed', records: [mx('insecurehost.test', 10, 'mx.unsigned.test')] }],
  },
  {
    domain: 'lame.test',
    expected: 'indeterminate',
    comment: 'insecure delegation to ns.lame.test (glue 127.0.53.9) where nothing listens: SERVFAIL, also with +cd',
    hosts: [],
    zones: [{ name: 'lame.test', dnssec: 'lame', records: [] }],
  },
  {
    domain: 'multi.test',
    expected: 'verified',
    comment: 'eight MX hosts on the same listener, for fan-out and concurrency benchmarks',
    hosts: multiHosts.map((name, i) => host(name, 10 * (i + 1), [L1], 'ee', 'verified')),
    zones: [
      {
        name: 'multi.test',
        dnssec: 'signed',
        records: multiHosts.flatMap((name, i) => [mx('multi.test', 10 * (i + 1), name), a(name, L1), tlsa(name, 3, 1, 1, 'L1'), nextKey(name)]),
      },
    ],
  },
  // --- fixture hosts: nothing of the lab listens there (tests and benchmarks bring their own)
  ...['slow.test', 'hostile.test'].map(
    (zone): Scenario => ({
      domain: zone,
      expected: 'unreachable',
      comment: 'MX hosts at addresses where a test or benchmark starts its own SMTP fixture (unreachable without one)',
      hosts: fixtureHostsOf(zone).map((h, i) => host(h.name, 10 * (i + 1), [h.address], null, 'unreachable')),
      zones: [
        {
          name: zone,
          dnssec: 'signed',
          records: fixtureHostsOf(zone).flatMap((h, i) => [mx(zone, 10 * (i + 1), h.name), a(h.name, h.address), tlsa(h.name, 3, 1, 1, 'L1'), nextKey(h.name)]),
        },
      ],
    }),
  ),
  // --- extras beyond the original brief -------------------------------------
  {
    domain: 'matchtypes.test',
    expected: 'verified',
    comment: 'other selector/matching types for L1: 3 0 1 (full cert SHA-256), 3 1 2 (SPKI SHA-512), 3 1 0 (full SPKI)',
    hosts: [
      host('mx1.matchtypes.test', 10, [L1], 'ee', 'verified'),
      host('mx2.matchtypes.test', 20, [L1], 'ee', 'verified'),
      host('mx3.matchtypes.test', 30, [L1], 'ee', 'verified'),
    ],
    zones: [
      {
        name: 'matchtypes.test',
        dnssec: 'signed',
        records: [
          mx('matchtypes.test', 10, 'mx1.matchtypes.test'),
          mx('matchtypes.test', 20, 'mx2.matchtypes.test'),
          mx('matchtypes.test', 30, 'mx3.matchtypes.test'),
          a('mx1.matchtypes.test', L1),
          a('mx2.matchtypes.test', L1),
          a('mx3.matchtypes.test', L1),
          tlsa('mx1.matchtypes.test', 3, 0, 1, 'L1'),
          tlsa('mx2.matchtypes.test', 3, 1, 2, 'L1'),
          tlsa('mx3.matchtypes.test', 3, 1, 0, 'L1'),
          nextKey('mx1.matchtypes.test'),
          nextKey('mx2.matchtypes.test'),
          nextKey('mx3.matchtypes.test'),
        ],
      },
    ],
  },
  {
    domain: 'mixedtlsa.test',
    expected: 'verified',
    comment: 'an unusable PKIX-EE record (that would match) and a non-matching 3 1 1 beside the matching 3 1 1 L1',
    hosts: [host('mx.mixedtlsa.test', 10, [L1], 'ee', 'verified')],
    zones: [
      {
        name: 'mixedtlsa.test',
        dnssec: 'signed',
        records: [
          mx('mixedtlsa.test', 10, 'mx.mixedtlsa.test'),
          a('mx.mixedtlsa.test', L1),
          tlsa('mx.mixedtlsa.test', 1, 1, 1, 'L1'),
          tlsa('mx.mixedtlsa.test', 3, 1, 1, 'other-leaf'),
          tlsa('mx.mixedtlsa.test', 3, 1, 1, 'L1'),
        ],
      },
    ],
  },
  // --- one certificate per key algorithm (issue 16): every certificate must be covered
  {
    domain: 'dualalgo.test',
    expected: 'verified',
    comment: 'the server holds RSA and ECDSA certificates; 3 1 1 records for both keys',
    hosts: [host('mx.dualalgo.test', 10, ['127.0.25.50'], 'dual-algo', 'verified')],
    zones: [
      {
        name: 'dualalgo.test',
        dnssec: 'signed',
        records: [
          mx('dualalgo.test', 10, 'mx.dualalgo.test'),
          a('mx.dualalgo.test', '127.0.25.50'),
          tlsa('mx.dualalgo.test', 3, 1, 1, 'A-rsa'),
          tlsa('mx.dualalgo.test', 3, 1, 1, 'A-ecdsa'),
          nextKey('mx.dualalgo.test'),
        ],
      },
    ],
  },
  {
    domain: 'rsaonlyalgo.test',
    expected: 'partial',
    comment: 'the same server, a 3 1 1 record for the RSA key only: senders that negotiate ECDSA fail (KEY_ALGORITHM_NOT_COVERED)',
    hosts: [host('mx.rsaonlyalgo.test', 10, ['127.0.25.50'], 'dual-algo', 'partial')],
    zones: [
      {
        name: 'rsaonlyalgo.test',
        dnssec: 'signed',
        records: [mx('rsaonlyalgo.test', 10, 'mx.rsaonlyalgo.test'), a('mx.rsaonlyalgo.test', '127.0.25.50'), tlsa('mx.rsaonlyalgo.test', 3, 1, 1, 'A-rsa'), nextKey('mx.rsaonlyalgo.test')],
      },
    ],
  },
  {
    domain: 'trioalgo.test',
    expected: 'partial',
    comment: 'RSA, ECDSA and Ed25519 certificates, 3 1 1 records for RSA and ECDSA only: the Ed25519 one is not covered',
    hosts: [host('mx.trioalgo.test', 10, ['127.0.25.51'], 'trio-algo', 'partial')],
    zones: [
      {
        name: 'trioalgo.test',
        dnssec: 'signed',
        records: [
          mx('trioalgo.test', 10, 'mx.trioalgo.test'),
          a('mx.trioalgo.test', '127.0.25.51'),
          tlsa('mx.trioalgo.test', 3, 1, 1, 'A-rsa'),
          tlsa('mx.trioalgo.test', 3, 1, 1, 'A-ecdsa'),
          nextKey('mx.trioalgo.test'),
        ],
      },
    ],
  },
  {
    domain: 'tanotsent.test',
    expected: 'failed',
    comment: 'DANE-TA "2 1 1" of the root CA, which the server (L2 + intermediate) does not send (RFC 7671 §5.2.2)',
    hosts: [host('mx.tanotsent.test', 10, ['127.0.25.2'], 'ta', 'failed')],
    zones: [
      {
        name: 'tanotsent.test',
        dnssec: 'signed',
        records: [mx('tanotsent.test', 10, 'mx.tanotsent.test'), a('mx.tanotsent.test', '127.0.25.2'), tlsa('mx.tanotsent.test', 2, 1, 1, 'root')],
      },
    ],
  },
  // --- rollover readiness (RFC 7671 §8.1), DNS only: mx.* is Postfix at 127.0.25.1 with L1
  {
    domain: 'rollnext.test',
    expected: 'verified',
    comment: 'rollover ready: current + next (3 1 1 L1, 3 1 1 of a key not served yet)',
    hosts: [host('mx.rollnext.test', 10, [L1], 'ee', 'verified')],
    zones: [
      {
        name: 'rollnext.test',
        dnssec: 'signed',
        records: [mx('rollnext.test', 10, 'mx.rollnext.test'), a('mx.rollnext.test', L1), tlsa('mx.rollnext.test', 3, 1, 1, 'L1'), nextKey('mx.rollnext.test')],
      },
    ],
  },
  {
    domain: 'rollissuer.test',
    expected: 'verified',
    comment: 'rollover ready: current + issuer (3 1 1 L1, 2 1 1 of the intermediate that issued L1)',
    hosts: [host('mx.rollissuer.test', 10, [L1], 'ee', 'verified')],
    zones: [
      {
        name: 'rollissuer.test',
        dnssec: 'signed',
        records: [
          mx('rollissuer.test', 10, 'mx.rollissuer.test'),
          a('mx.rollissuer.test', L1),
          tlsa('mx.rollissuer.test', 3, 1, 1, 'L1'),
          tlsa('mx.rollissuer.test', 2, 1, 1, 'intermediate'),
        ],
      },
    ],
  },
  {
    domain: 'rollsame.test',
    expected: 'verified',
    comment: 'rollover NOT ready: two records of the same leaf key (3 1 1 L1, 3 0 1 L1): WARNING',
    hosts: [host('mx.rollsame.test', 10, [L1], 'ee', 'verified')],
    zones: [
      {
        name: 'rollsame.test',
        dnssec: 'signed',
        records: [mx('rollsame.test', 10, 'mx.rollsame.test'), a('mx.rollsame.test', L1), tlsa('mx.rollsame.test', 3, 1, 1, 'L1'), tlsa('mx.rollsame.test', 3, 0, 1, 'L1')],
      },
    ],
  },
  // --- a DANE-TA chain whose intermediate expires inside the -w window: its dates matter (RFC 7672 §3.2.2)
  {
    domain: 'tashort.test',
    expected: 'verified',
    comment: 'DANE-TA 2 1 1 of an intermediate that expires in 17 days: CERT_EXPIRY_WARNING',
    hosts: [host('mx.tashort.test', 10, ['127.0.25.55'], 'ta-short', 'verified')],
    zones: [
      {
        name: 'tashort.test',
        dnssec: 'signed',
        records: [
          mx('tashort.test', 10, 'mx.tashort.test'),
          a('mx.tashort.test', '127.0.25.55'),
          tlsa('mx.tashort.test', 2, 1, 1, 'short-intermediate'),
          nextKey('mx.tashort.test'),
        ],
      },
    ],
  },
  // --- DNSSEC signature expiry (README, "DNSSEC signature expiry"): the limits are shares of each signature's own validity
  {
    domain: 'sigwarn.test',
    expected: 'verified',
    comment: 'RRSIGs valid 14 days with 2 left (re-signing stopped), under a fifth: RRSIG_EXPIRY_WARNING',
    hosts: [host('mx.sigwarn.test', 10, [L1], 'ee', 'verified')],
    zones: [{ name: 'sigwarn.test', dnssec: 'signed', signatures: { fromHours: -12 * 24, untilHours: 2 * 24 }, records: signedMail('sigwarn.test') }],
  },
  {
    domain: 'sigttl.test',
    expected: 'verified',
    comment: 'RRSIGs with 36 of 96 hours left, but a TTL of 2 days: a cache may keep the data past expiry, RRSIG_EXPIRES_WITHIN_TTL',
    hosts: [host('mx.sigttl.test', 10, [L1], 'ee', 'verified')],
    zones: [{ name: 'sigttl.test', dnssec: 'signed', signatures: { fromHours: -60, untilHours: 36, ttl: 2 * 86_400 }, records: signedMail('sigttl.test') }],
  },
  {
    domain: 'sigonline.test',
    expected: 'verified',
    comment: 'signed as online signers do: fresh RRSIGs valid 2 days (from an hour ago): no alarm',
    hosts: [host('mx.sigonline.test', 10, [L1], 'ee', 'verified')],
    zones: [{ name: 'sigonline.test', dnssec: 'signed', signatures: { fromHours: -1, untilHours: 47 }, records: signedMail('sigonline.test') }],
  },
];

/** A host address that is global, never loopback: in a namespace with loopback only, connecting fails ENETUNREACH at once. */
export const UNROUTABLE_V6 = '2001:db8::25';

/**
 * The other MTAs and set-ups of monitoring's world. Kept out of SCENARIOS, which
 * every lab test runs at will: the throttling listener counts each session, and
 * nov6.test has an address that must only be tried where nothing can leave
 * (test/e2e/no-ipv6.test.ts runs it in a network namespace of its own).
 */
export const MTA_SCENARIOS: readonly Scenario[] = [
  ...(
    [
      ['postscreen.test', '127.0.25.30', 'postscreen', 'Postfix behind postscreen: multi-line greeting, deep protocol tests, STARTTLS through tlsproxy'],
      ['tls12.test', '127.0.25.31', 'tls12', 'Postfix that speaks TLS 1.2 only'],
      ['throttle.test', '127.0.25.32', 'throttle', 'Postfix with smtpd_client_connection_count_limit 1 and rate limit 2 per 10 s, $mynetworks not exempt'],
      ['exim-ee.test', '127.0.25.41', 'exim-ee', 'Exim 4.96 (GnuTLS) under DANE-EE 3 1 1 L1'],
    ] as const
  ).map(
    ([domain, address, listener, comment]): Scenario => ({
      domain,
      expected: 'verified',
      comment,
      hosts: [host(`mx.${domain}`, 10, [address], listener, 'verified')],
      zones: [{ name: domain, dnssec: 'signed', records: [mx(domain, 10, `mx.${domain}`), a(`mx.${domain}`, address), tlsa(`mx.${domain}`, 3, 1, 1, 'L1'), nextKey(`mx.${domain}`)] }],
    }),
  ),
  {
    domain: 'exim-ta.test',
    expected: 'verified',
    comment: 'Exim 4.96 (GnuTLS) under DANE-TA 2 1 1 of the intermediate; the RSA leaf names mx.exim-ta.test',
    hosts: [host('mx.exim-ta.test', 10, ['127.0.25.42'], 'exim-ta', 'verified')],
    zones: [
      {
        name: 'exim-ta.test',
        dnssec: 'signed',
        records: [mx('exim-ta.test', 10, 'mx.exim-ta.test'), a('mx.exim-ta.test', '127.0.25.42'), tlsa('mx.exim-ta.test', 2, 1, 1, 'intermediate'), nextKey('mx.exim-ta.test')],
      },
    ],
  },
  {
    domain: 'nov6.test',
    expected: 'verified',
    comment: `mx.nov6.test: 127.0.25.1 and ${UNROUTABLE_V6} (global): on a host without an IPv6 route the second is not-tested`,
    hosts: [host('mx.nov6.test', 10, [L1, UNROUTABLE_V6], 'ee', 'verified')],
    zones: [
      {
        name: 'nov6.test',
        dnssec: 'signed',
        records: [mx('nov6.test', 10, 'mx.nov6.test'), a('mx.nov6.test', L1), aaaa('mx.nov6.test', UNROUTABLE_V6), tlsa('mx.nov6.test', 3, 1, 1, 'L1'), nextKey('mx.nov6.test')],
      },
    ],
  },
];

/** Looks a scenario up by domain; throws on a typo so tests fail loudly. */
export function scenario(domain: string): Scenario {
  const found = [...SCENARIOS, ...MTA_SCENARIOS].find((s) => s.domain === domain);
  if (!found) throw new Error(`no lab scenario ${domain}`);
  return found;
}
