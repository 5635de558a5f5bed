// Every finding the check can report, with a stable code, a default severity and
// the RFC sections it rests on (DNSViz's errors.py, Zonemaster's message tags).
// The verdict emits only a code, the arguments its template needs and where it
// applies; the severity comes from this table, overridden by `--severity` once,
// where states are aggregated (exit-status.ts); the text is rendered from the
// template at render time, so wording can change without breaking anyone's filters.
import type { DaneState } from './dane-state.ts';
import { describeEde } from '../dns/extended-errors.ts';
import type { KeyAlgorithm } from '../evidence/smtp.ts';

export type Severity = 'info' | 'warning' | 'critical' | 'unknown';

/** One place a certificate was presented. */
export interface CertificateSighting {
  host: string;
  address: string;
  depth: number;
  /** default: the session that offered every key algorithm; asked: one that asked for keyAlgorithm alone. */
  session: 'default' | 'asked';
  /** The key algorithm of the session's leaf; null for a default session where no other algorithm was asked for. */
  keyAlgorithm: KeyAlgorithm | 'other' | null;
}

/** What the certificate expiry codes say about one certificate. */
export interface ExpiryArgs {
  subject: string;
  notAfter: string;
  /** Whole days left, rounded down (negative once expired); null when notAfter does not parse. */
  daysLeft: number | null;
  seenAt: CertificateSighting[];
}

/** What the signature expiry codes say about one RRSIG on the validation path of some answers. */
export interface SignatureExpiryArgs {
  /** The RRset it covers, "owner/TYPE". */
  rrset: string;
  signer: string;
  keyTag: number;
  expiration: string;
  /** Days left at the horizon (now + --days), to 0.01; negative once expired. */
  daysLeft: number;
  validityDays: number;
  /** `--sig-warn` / `--sig-crit` when set; null: the share of its validity (a fifth, a tenth). */
  fixedDays: number | null;
  /** The RRset's original TTL, seconds. */
  ttl: number;
  /** --days: judged as of this many days from now. */
  horizonDays: number;
  /** How many more signatures of the same signer have the same problem. */
  others: number;
  /** The answers ("name/TYPE") whose validation rests on it or on those others. */
  answers: string[];
}

/** A validator finding: the zone it is in, the RRset ("owner/TYPE") and why. */
export interface DnssecArgs {
  zone: string;
  name: string;
  detail: string;
}

type Detail = { detail: string };

/** The arguments of each code: what its template needs (DNSViz's required_params). */
export interface DiagnosticArgsByCode {
  // --- MX walk
  MX_SECURE: { domain: string };
  MX_INSECURE: { domain: string };
  MX_BOGUS: { domain: string; detail: string };
  MX_LOOKUP_FAILED: { domain: string; detail: string };
  DOMAIN_NXDOMAIN: { domain: string };
  NULL_MX: { domain: string };
  IMPLICIT_MX: { domain: string };
  MX_TOO_MANY: { domain: string; total: number; checked: number };
  MX_TARGET_INVALID: { domain: string; target: string; detail: string };
  MX_HOSTS_PARTIAL: { domain: string; verified: number; total: number; failing: string[] };
  // --- MX host addresses
  HOST_CNAME: { host: string; target: string };
  HOST_ADDRESS_INSECURE: { host: string };
  HOST_ADDRESS_BOGUS: { host: string; detail: string };
  HOST_ADDRESS_LOOKUP_FAILED: { host: string; type: string; detail: string };
  HOST_NO_ADDRESS: { host: string; detail: string };
  ADDRESSES_PARTIAL: { host: string; verified: number; total: number; failing: string[] };
  // --- TLSA records
  TLSA_INSECURE: { name: string };
  TLSA_BOGUS: { name: string; detail: string };
  TLSA_LOOKUP_FAILED: { name: string; detail: string };
  TLSA_ABSENT: { host: string; name: string };
  TLSA_UNUSABLE: { host: string; total: number };
  TLSA_RECORD_IGNORED: { name: string; record: string; detail: string };
  TLSA_RECORD_MALFORMED: { name: string; record: string; detail: string };
  TLSA_ROLLOVER_NOT_READY: { host: string; reason: 'single-record' | 'leaf-only'; usable: number; ttl: number | null };
  // --- SMTP and TLS (placed at an address)
  SMTP_UNREACHABLE: Detail;
  ADDRESS_NOT_TESTED_HERE: { family: 'IPv4' | 'IPv6'; detail: string };
  SMTP_TEMPORARY_REFUSAL: Detail;
  SMTP_FAILED: Detail;
  STARTTLS_NOT_OFFERED: Record<string, never>;
  STARTTLS_REJECTED: Detail;
  TLS_HANDSHAKE_FAILED: Detail;
  PROBE_UNFINISHED: { probes: string[] };
  // --- Certificate matching (placed at an address)
  TLSA_MATCHED: { record: string; depth: number };
  TLSA_MISMATCH: { total: number };
  NAME_MISMATCH: { names: string[] };
  CHAIN_INVALID: Detail;
  CHAIN_EXPIRED: Detail;
  DANE_EE_DATES_IGNORED: Detail;
  CHAIN_TRUNCATED: { count: number };
  CERTIFICATE_UNPARSABLE: { depth: number; detail: string };
  // --- One certificate per key algorithm (placed at an address)
  KEY_ALGORITHM_NOT_COVERED: { algorithm: string; detail: string };
  KEY_ALGORITHM_UNKNOWN: { algorithm: string; detail: string };
  // --- Certificate expiry (-w/-c)
  CERT_EXPIRY_WARNING: ExpiryArgs;
  CERT_EXPIRY_CRITICAL: ExpiryArgs;
  DANE_EE_CERT_EXPIRY: ExpiryArgs;
  CERT_EXPIRY_BEYOND_ANCHOR: ExpiryArgs;
  // --- DNSSEC signature expiry (--sig-warn/--sig-crit, --days)
  RRSIG_EXPIRY_WARNING: SignatureExpiryArgs;
  RRSIG_EXPIRY_CRITICAL: SignatureExpiryArgs;
  RRSIG_EXPIRES_WITHIN_TTL: SignatureExpiryArgs;
  // --- Built-in DNSSEC validation
  DNSSEC_SIGNATURE_EXPIRED: DnssecArgs;
  DNSSEC_SIGNATURE_NOT_YET_VALID: DnssecArgs;
  DNSSEC_SIGNATURE_INVALID: DnssecArgs;
  DNSSEC_RRSIG_MISSING: DnssecArgs;
  DNSSEC_RRSIG_SIGNER_MISMATCH: DnssecArgs;
  DNSSEC_RRSIG_LABELS_MISMATCH: DnssecArgs;
  DNSSEC_DNSKEY_MISSING: DnssecArgs;
  DNSSEC_DS_NO_MATCHING_DNSKEY: DnssecArgs;
  DNSSEC_TRUST_ANCHOR_MISMATCH: DnssecArgs;
  DNSSEC_NXDOMAIN_UNPROVEN: DnssecArgs;
  DNSSEC_NODATA_UNPROVEN: DnssecArgs;
  DNSSEC_WILDCARD_UNPROVEN: DnssecArgs;
  DNSSEC_UNSUPPORTED_ALGORITHM: DnssecArgs;
  DNSSEC_UNSUPPORTED_DIGEST: DnssecArgs;
  DNSSEC_NSEC3_ITERATIONS_TOO_HIGH: DnssecArgs;
  DNSSEC_NSEC3_OPT_OUT: DnssecArgs;
  DNSSEC_INSECURE_DELEGATION: DnssecArgs;
  DNSSEC_OUTSIDE_TRUST_ANCHORS: DnssecArgs;
  DNSSEC_LOOKUP_FAILED: DnssecArgs;
  DNSSEC_NO_DNSSEC_DATA: DnssecArgs;
  DNSSEC_ANSWER_UNUSABLE: DnssecArgs;
  // --- Resolver remarks
  DNS_EXTENDED_ERROR: { name: string; type: string; infoCode: number; text: string };
  // --- Safety net: a state no other diagnostic explains
  DANE_STATE_UNEXPLAINED: { state: DaneState };
  DANE_STATE_INDETERMINATE: Record<string, never>;
  DANE_STATE_NOT_TESTED: Record<string, never>;
}

export type DiagnosticCode = keyof DiagnosticArgsByCode;
export type DiagnosticArgs<C extends DiagnosticCode> = DiagnosticArgsByCode[C];

export interface DiagnosticSpec<A> {
  severity: Severity;
  /** The RFC sections the finding rests on, e.g. ['RFC 4035 §5.5', 'RFC 7672 §2.1.1']. */
  refs: readonly string[];
  message: (a: A) => string;
  /** A shorter, still complete, form for the status line. */
  brief?: (a: A) => string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const paren = (detail: string) => (detail ? ` (${detail})` : '');

function listed(items: readonly string[], max = 3): string {
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  return `${items.slice(0, max).join(', ')}${more}`;
}

/** The subject's CN for display, else the whole subject. */
export function commonName(subject: string): string {
  const m = /(?:^|,\s*)CN\s*=\s*([^,]+)/.exec(subject);
  return m ? m[1]!.trim() : subject;
}

function when(days: number): string {
  if (days < 0) return `expired ${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'expires within a day';
  return `expires in ${days} day${days === 1 ? '' : 's'}`;
}

/** How texts name a key algorithm (key-algorithm-certificates.ts re-exports it). */
export const KEY_ALGORITHM_NAMES: Readonly<Record<KeyAlgorithm | 'other', string>> = { rsa: 'RSA', ecdsa: 'ECDSA', ed25519: 'Ed25519', other: 'other' };

/**
 * ", RSA session" for a certificate a session got by asking for one key algorithm;
 * nothing for the default session's, which is what every other line describes.
 */
function sessionText(s: CertificateSighting): string {
  return s.session === 'asked' && s.keyAlgorithm !== null ? `, ${KEY_ALGORITHM_NAMES[s.keyAlgorithm]} session` : '';
}

/** "certificate mx1.example.org (depth 0 at mx1.example.org 192.0.2.1, RSA session) expires in 10 days (2025-06-01)" */
function expiryText(c: ExpiryArgs): string {
  const first = c.seenAt[0];
  const where = first
    ? ` (depth ${first.depth} at ${first.host} ${first.address}${sessionText(first)}${c.seenAt.length > 1 ? ` and ${c.seenAt.length - 1} more` : ''})`
    : '';
  const days = c.daysLeft === null ? `has an unreadable expiry date ${c.notAfter}` : `${when(c.daysLeft)} (${c.notAfter.slice(0, 10)})`;
  return `certificate ${commonName(c.subject)}${where} ${days}`;
}

/** "certificate of mx1.example.org expires in 10 days", "certificate of mx1.example.org (RSA session) expires in 10 days" */
function expiryBrief(c: ExpiryArgs): string {
  const cn = commonName(c.subject);
  const host = c.seenAt[0]?.host;
  const which = host === undefined ? cn : cn === host ? `of ${host}` : `${cn} at ${host}`;
  const session = c.seenAt[0]?.session === 'asked' && c.seenAt[0].keyAlgorithm !== null ? ` (${KEY_ALGORITHM_NAMES[c.seenAt[0].keyAlgorithm]} session)` : '';
  return `certificate ${which}${session} ${c.daysLeft === null ? 'has an unreadable expiry date' : when(c.daysLeft)}`;
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** "expires 2026-12-06T00:00:00Z (in 2.5 days)", and where it stands at the --days horizon. */
function signatureWhen(a: SignatureExpiryArgs): string {
  const fromNow = Math.round((a.daysLeft + a.horizonDays) * 100) / 100;
  const base = `expires ${a.expiration} (${fromNow < 0 ? `${days(-fromNow)} ago` : `in ${days(fromNow)}`})`;
  if (a.horizonDays === 0) return base;
  const then = a.daysLeft < 0 ? 'expired' : `${days(a.daysLeft)} left`;
  return `${base}: ${then} at the --days ${a.horizonDays} horizon`;
}

function signatureLimit(a: SignatureExpiryArgs, level: 'warning' | 'critical'): string {
  if (a.fixedDays !== null) return `below --sig-${level === 'warning' ? 'warn' : 'crit'} ${days(a.fixedDays)}`;
  return `less than a ${level === 'warning' ? 'fifth' : 'tenth'} of its validity (${days(a.validityDays)}) left`;
}

const signatureSubject = (a: SignatureExpiryArgs) => `RRSIG over ${a.rrset} (signer ${a.signer}, key ${a.keyTag})`;
const restingOn = (a: SignatureExpiryArgs) => {
  const more = a.others > 0 ? `; so ${a.others === 1 ? 'does 1 more' : `do ${a.others} more`} of ${a.signer}` : '';
  return `${more}; ${listed(a.answers)} ${a.answers.length === 1 && a.others === 0 ? 'rests' : 'rest'} on ${a.others > 0 ? 'them' : 'it'}`;
};

function signatureText(level: 'warning' | 'critical') {
  return (a: SignatureExpiryArgs) => `${signatureSubject(a)} ${signatureWhen(a)}, ${signatureLimit(a, level)}${restingOn(a)}`;
}

function signatureBrief(level: 'warning' | 'critical') {
  return (a: SignatureExpiryArgs) => `RRSIG over ${a.rrset} ${signatureWhen(a)}, ${signatureLimit(a, level)}`;
}

const WITHIN_TTL = 'caches that fetch it now may hand it out after it stopped validating';

// RFC 7672 §3.1.1: DANE-EE ignores the dates; a sender that authenticates with PKIX does not.
const DANE_EE_BREAKS = 'senders that check PKIX (e.g. under MTA-STS) fail; DANE-EE ignores dates, so DANE senders still deliver';

const unfinished = (a: { probes: string[] }) => `${plural(a.probes.length, 'probe')} not finished before the time limit: ${a.probes.join(', ')}`;

type Catalogue = { [C in DiagnosticCode]: DiagnosticSpec<DiagnosticArgsByCode[C]> };

export const DIAGNOSTICS: Catalogue = {
  // --- MX walk (RFC 7672 §2.2.1, RFC 7505, RFC 5321 §5.1)
  MX_SECURE: { severity: 'info', refs: ['RFC 7672 §2.2.1'], message: (a) => `MX RRset of ${a.domain} is DNSSEC-secure` },
  MX_INSECURE: {
    severity: 'critical',
    refs: ['RFC 7672 §2.2.1'],
    message: (a) => `MX RRset of ${a.domain} is not DNSSEC-signed: DANE does not apply to this domain`,
  },
  MX_BOGUS: {
    severity: 'critical',
    refs: ['RFC 4035 §5.5', 'RFC 7672 §2.1.1'],
    message: (a) => `MX lookup for ${a.domain} failed DNSSEC validation${paren(a.detail)}`,
  },
  MX_LOOKUP_FAILED: {
    severity: 'unknown',
    refs: ['RFC 7672 §2.1.1'],
    message: (a) => `MX lookup for ${a.domain} failed: ${a.detail}`,
  },
  DOMAIN_NXDOMAIN: { severity: 'critical', refs: ['RFC 5321 §5.1'], message: (a) => `domain ${a.domain} does not exist` },
  NULL_MX: {
    severity: 'warning',
    refs: ['RFC 7505 §3'],
    message: (a) => `${a.domain} publishes a Null MX: it accepts no mail`,
  },
  IMPLICIT_MX: {
    severity: 'info',
    refs: ['RFC 5321 §5.1'],
    message: (a) => `${a.domain} has no MX records: the domain itself is the implicit MX host`,
  },
  MX_TOO_MANY: {
    severity: 'warning',
    refs: ['RFC 7672 §2.2'],
    message: (a) => `${a.domain} has ${a.total} MX hosts; only the first ${a.checked} by preference are checked`,
  },
  MX_TARGET_INVALID: {
    severity: 'critical',
    refs: ['RFC 5321 §5.1', 'RFC 7505 §3'],
    message: (a) => `MX target ${a.target} of ${a.domain} is not a valid host name (${a.detail})`,
  },
  // The most a domain with some verified MX hosts can be for the hosts that are not (--severity MX_HOSTS_PARTIAL=warning).
  MX_HOSTS_PARTIAL: {
    severity: 'critical',
    refs: ['RFC 7672 §2.2'],
    message: (a) => `${a.total - a.verified}/${a.total} MX hosts of ${a.domain} not DANE-verified: ${listed(a.failing)}`,
  },
  // --- MX host addresses (RFC 7672 §2.2.1, §2.2.2)
  HOST_CNAME: {
    severity: 'info',
    refs: ['RFC 7672 §2.3'],
    message: (a) => `${a.host} is an alias of ${a.target}`,
  },
  HOST_ADDRESS_INSECURE: {
    severity: 'critical',
    refs: ['RFC 7672 §2.3'],
    message: (a) => `address records of ${a.host} are not DNSSEC-secure: DANE does not apply to this host`,
  },
  HOST_ADDRESS_BOGUS: {
    severity: 'critical',
    refs: ['RFC 4035 §5.5', 'RFC 7672 §2.1.1'],
    message: (a) => `address lookup for ${a.host} failed DNSSEC validation${paren(a.detail)}`,
  },
  HOST_ADDRESS_LOOKUP_FAILED: {
    severity: 'unknown',
    refs: ['RFC 7672 §2.1.1'],
    message: (a) => `address lookup for ${a.host} failed: ${a.type}: ${a.detail}`,
  },
  HOST_NO_ADDRESS: {
    severity: 'critical',
    refs: ['RFC 5321 §5.1'],
    message: (a) => `${a.host} has no IPv4 or IPv6 address${paren(a.detail)}`,
  },
  // The most a host with some verified addresses can be for the addresses that are not (--severity ADDRESSES_PARTIAL=warning).
  ADDRESSES_PARTIAL: {
    severity: 'critical',
    refs: ['RFC 7672 §2.2'],
    message: (a) => `${a.total - a.verified}/${a.total} addresses of ${a.host} not DANE-verified: ${listed(a.failing)}`,
  },
  // --- TLSA records (RFC 7672 §2.3, §3.1; RFC 6698 §2)
  TLSA_INSECURE: {
    severity: 'critical',
    refs: ['RFC 7672 §2.3'],
    message: (a) => `TLSA records at ${a.name} are not DNSSEC-secure and cannot be used`,
  },
  TLSA_BOGUS: {
    severity: 'critical',
    refs: ['RFC 4035 §5.5', 'RFC 7672 §2.1.1'],
    message: (a) => `TLSA lookup at ${a.name} failed DNSSEC validation${paren(a.detail)}`,
  },
  TLSA_LOOKUP_FAILED: {
    severity: 'unknown',
    refs: ['RFC 7672 §2.1.1'],
    message: (a) => `TLSA lookup at ${a.name} failed: ${a.detail}`,
  },
  TLSA_ABSENT: {
    severity: 'critical',
    refs: ['RFC 7672 §2.3'],
    message: (a) => `${a.host} publishes no TLSA records (DNSSEC proves it at ${a.name})`,
  },
  TLSA_UNUSABLE: {
    severity: 'critical',
    refs: ['RFC 7672 §3.1.3'],
    message: (a) =>
      `none of the ${a.total} TLSA records of ${a.host} is usable for SMTP (only DANE-TA(2) and DANE-EE(3) with selector 0/1 and matching type 0/1/2 are)`,
  },
  TLSA_RECORD_IGNORED: {
    severity: 'info',
    refs: ['RFC 7672 §3.1.3'],
    message: (a) => `TLSA ${a.record} at ${a.name} is ignored: ${a.detail}`,
  },
  TLSA_RECORD_MALFORMED: {
    severity: 'warning',
    refs: ['RFC 6698 §2.1.3'],
    message: (a) => `TLSA ${a.record} at ${a.name} is malformed: ${a.detail}`,
  },
  // A single point of failure: the next key change breaks DANE mail until the new records reach caches.
  TLSA_ROLLOVER_NOT_READY: {
    severity: 'warning',
    refs: ['RFC 7671 §8.1', 'RFC 7672 §3.1.1'],
    message: (a) =>
      `TLSA records of ${a.host} are not ready for a key rollover: ` +
      (a.reason === 'single-record' ? 'only one usable record' : `all ${a.usable} usable records pin the current leaf key`) +
      `; publish the next key's record (current + next) or a DANE-TA record of the issuer (current + issuer), ` +
      `at least two TTLs${a.ttl === null ? '' : ` (${a.ttl} s)`} before the key changes`,
    brief: (a) => `${a.host}: TLSA rollover not ready (${a.reason === 'single-record' ? 'one usable record' : 'every record pins the current key'})`,
  },
  // --- SMTP and TLS (RFC 3207, RFC 7672 §2.2)
  SMTP_UNREACHABLE: { severity: 'critical', refs: ['RFC 7672 §2.2'], message: (a) => a.detail },
  ADDRESS_NOT_TESTED_HERE: {
    severity: 'warning',
    refs: ['RFC 5321 §5.1'],
    message: (a) =>
      `not tested: this monitoring host cannot reach ${a.family} addresses (${a.detail}); ` +
      `check with ${a.family === 'IPv6' ? '-4' : '-6'}, or give this host (or its container) ${a.family}`,
  },
  SMTP_TEMPORARY_REFUSAL: {
    severity: 'warning',
    refs: ['RFC 5321 §4.2.1', 'RFC 5321 §3.8'],
    message: (a) => `temporary refusal, DANE not tested: ${a.detail}`,
  },
  SMTP_FAILED: { severity: 'critical', refs: ['RFC 5321 §4.2'], message: (a) => `SMTP session failed: ${a.detail}` },
  STARTTLS_NOT_OFFERED: {
    severity: 'critical',
    refs: ['RFC 7672 §2.2', 'RFC 3207 §4'],
    message: () => 'STARTTLS is not offered although DANE requires TLS',
  },
  STARTTLS_REJECTED: { severity: 'critical', refs: ['RFC 3207 §4'], message: (a) => `STARTTLS failed: ${a.detail}` },
  TLS_HANDSHAKE_FAILED: { severity: 'critical', refs: ['RFC 7672 §2.2'], message: (a) => a.detail },
  PROBE_UNFINISHED: {
    severity: 'unknown',
    refs: ['RFC 7672 §2.1.1'],
    message: unfinished,
    // The one probe by name, several by number (the long output lists them).
    brief: (a) => (a.probes.length === 1 ? unfinished(a) : `${a.probes.length} probes not finished before the time limit`),
  },
  // --- Certificate matching (RFC 7672 §3.1, §3.2; RFC 7671 §5)
  TLSA_MATCHED: {
    severity: 'info',
    refs: ['RFC 7672 §3.1'],
    message: (a) => `TLSA ${a.record} matched the certificate at depth ${a.depth}`,
  },
  TLSA_MISMATCH: {
    severity: 'critical',
    refs: ['RFC 7672 §3.1'],
    message: (a) => `certificate matches none of ${a.total} usable TLSA record${a.total === 1 ? '' : 's'}`,
  },
  NAME_MISMATCH: {
    severity: 'critical',
    refs: ['RFC 7672 §3.2.3'],
    message: (a) => `DANE-TA matched but the certificate names none of ${a.names.join(', ')}`,
  },
  CHAIN_INVALID: {
    severity: 'critical',
    refs: ['RFC 7672 §3.2.2'],
    message: (a) => `DANE-TA matched but the chain to it does not verify: ${a.detail}`,
  },
  CHAIN_EXPIRED: {
    severity: 'critical',
    refs: ['RFC 7672 §3.2.2'],
    message: (a) => `DANE-TA matched but a certificate in the chain is outside its validity: ${a.detail}`,
  },
  DANE_EE_DATES_IGNORED: {
    severity: 'info',
    refs: ['RFC 7672 §3.1.1'],
    message: (a) => `the certificate is outside its validity dates, which DANE-EE ignores (${a.detail})`,
  },
  CHAIN_TRUNCATED: {
    severity: 'warning',
    refs: ['RFC 8446 §4.4.2'],
    message: (a) => `the server sent more than ${a.count} certificates; only the first ${a.count} were examined`,
  },
  CERTIFICATE_UNPARSABLE: {
    severity: 'critical',
    refs: ['RFC 5280 §4.1'],
    message: (a) => `certificate at depth ${a.depth} cannot be parsed: ${a.detail}`,
  },
  // --- One certificate per key algorithm (RFC 7671 §5, RFC 7672 §3.1): a sender gets the one its ClientHello favours
  KEY_ALGORITHM_NOT_COVERED: {
    severity: 'critical',
    refs: ['RFC 7672 §3.1', 'RFC 7671 §5'],
    message: (a) => `the ${a.algorithm} certificate is not covered by TLSA (${a.detail}): senders that negotiate ${a.algorithm} fail DANE authentication`,
    brief: (a) => `${a.algorithm} certificate not covered by TLSA`,
  },
  KEY_ALGORITHM_UNKNOWN: {
    severity: 'info',
    refs: ['RFC 7671 §5'],
    message: (a) => `whether the server holds an ${a.algorithm} certificate is unknown: ${a.detail}`,
  },
  // --- Certificate expiry against -w/-c (days left); the thresholds pick the code
  CERT_EXPIRY_WARNING: {
    severity: 'warning',
    refs: ['RFC 5280 §4.1.2.5'],
    message: expiryText,
    brief: expiryBrief,
  },
  CERT_EXPIRY_CRITICAL: {
    severity: 'critical',
    refs: ['RFC 5280 §4.1.2.5'],
    message: expiryText,
    brief: expiryBrief,
  },
  // Beyond -w or -c, but every address that presented it authenticated with DANE-EE.
  DANE_EE_CERT_EXPIRY: {
    severity: 'warning',
    refs: ['RFC 7672 §3.1.1', 'RFC 8461 §4.2'],
    message: (a) => `${expiryText(a)}: ${DANE_EE_BREAKS}`,
    brief: (a) => `${expiryBrief(a)}: ${DANE_EE_BREAKS}`,
  },
  // --- DNSSEC signature expiry on the validation path of each answer used (--dnssec validate)
  RRSIG_EXPIRY_WARNING: {
    severity: 'warning',
    refs: ['RFC 4034 §3.1.5', 'RFC 4035 §5.3.1', 'RFC 7672 §2.1.1'],
    message: signatureText('warning'),
    brief: signatureBrief('warning'),
  },
  RRSIG_EXPIRY_CRITICAL: {
    severity: 'critical',
    refs: ['RFC 4034 §3.1.5', 'RFC 4035 §5.3.1', 'RFC 7672 §2.1.1'],
    message: signatureText('critical'),
    brief: signatureBrief('critical'),
  },
  RRSIG_EXPIRES_WITHIN_TTL: {
    severity: 'critical',
    refs: ['RFC 4035 §5.3.3', 'RFC 6781 §4.4.2', 'RFC 7672 §2.1.1'],
    message: (a) => `${signatureSubject(a)} ${signatureWhen(a)}, within the RRset's TTL of ${a.ttl} s: ${WITHIN_TTL}${restingOn(a)}`,
    brief: (a) => `RRSIG over ${a.rrset} ${signatureWhen(a)}, within the RRset's TTL of ${a.ttl} s`,
  },
  // Beyond -w or -c, but sent only above the DANE-TA trust anchor (or beside the path to it): DANE never checks it.
  CERT_EXPIRY_BEYOND_ANCHOR: {
    severity: 'warning',
    refs: ['RFC 7672 §3.2.2', 'RFC 7671 §5.2'],
    message: (a) => `${expiryText(a)}: it lies beyond the DANE-TA trust anchor, so DANE senders do not check it; senders that check PKIX may`,
    brief: (a) => `${expiryBrief(a)} (beyond the DANE-TA trust anchor)`,
  },
  // --- Built-in DNSSEC validation (--dnssec validate): the validator's findings, DNSViz-style
  DNSSEC_SIGNATURE_EXPIRED: {
    severity: 'critical',
    refs: ['RFC 4035 §5.3.1'],
    message: (a) => `DNSSEC: signature over ${a.name} in zone ${a.zone} has expired: ${a.detail}`,
  },
  DNSSEC_SIGNATURE_NOT_YET_VALID: {
    severity: 'critical',
    refs: ['RFC 4035 §5.3.1'],
    message: (a) => `DNSSEC: signature over ${a.name} in zone ${a.zone} is not valid yet: ${a.detail}`,
  },
  DNSSEC_SIGNATURE_INVALID: {
    severity: 'critical',
    refs: ['RFC 4035 §5.3.3'],
    message: (a) => `DNSSEC: bad signature over ${a.name} in zone ${a.zone}: ${a.detail}`,
  },
  DNSSEC_RRSIG_MISSING: {
    severity: 'critical',
    refs: ['RFC 4035 §4.3', 'RFC 4035 §5.3'],
    message: (a) => `DNSSEC: ${a.name} in signed zone ${a.zone} has no usable signature: ${a.detail}`,
  },
  DNSSEC_RRSIG_SIGNER_MISMATCH: {
    severity: 'critical',
    refs: ['RFC 4035 §5.3.1'],
    message: (a) => `DNSSEC: signature over ${a.name} names the wrong signer (zone ${a.zone}): ${a.detail}`,
  },
  DNSSEC_RRSIG_LABELS_MISMATCH: {
    severity: 'critical',
    refs: ['RFC 4035 §5.3.1'],
    message: (a) => `DNSSEC: signature over ${a.name} in zone ${a.zone} has an impossible Labels field: ${a.detail}`,
  },
  DNSSEC_DNSKEY_MISSING: {
    severity: 'critical',
    refs: ['RFC 4035 §5.2', 'RFC 4035 §5.3.1'],
    message: (a) => `DNSSEC: no DNSKEY of zone ${a.zone} for ${a.name}: ${a.detail}`,
  },
  DNSSEC_DS_NO_MATCHING_DNSKEY: {
    severity: 'critical',
    refs: ['RFC 4035 §5.2'],
    message: (a) => `DNSSEC: the DS of zone ${a.zone} matches none of its DNSKEYs: ${a.detail}`,
  },
  DNSSEC_TRUST_ANCHOR_MISMATCH: {
    severity: 'critical',
    refs: ['RFC 4035 §5', 'RFC 7958'],
    message: (a) =>
      `DNSSEC: the DNSKEYs of ${a.zone} match no trust anchor (wrong --trust-anchor, or a resolver in another DNS world?): ${a.detail}`,
  },
  DNSSEC_NXDOMAIN_UNPROVEN: {
    severity: 'critical',
    refs: ['RFC 4035 §5.4', 'RFC 5155 §8.4'],
    message: (a) => `DNSSEC: zone ${a.zone} says ${a.name} does not exist without proof: ${a.detail}`,
  },
  DNSSEC_NODATA_UNPROVEN: {
    severity: 'critical',
    refs: ['RFC 4035 §5.4', 'RFC 5155 §8.5–§8.7'],
    message: (a) => `DNSSEC: zone ${a.zone} says there is no ${a.name} without proof: ${a.detail}`,
  },
  DNSSEC_WILDCARD_UNPROVEN: {
    severity: 'critical',
    refs: ['RFC 4035 §5.3.4', 'RFC 5155 §8.8'],
    message: (a) => `DNSSEC: ${a.name} in zone ${a.zone} comes from a wildcard without proof that the name itself is absent: ${a.detail}`,
  },
  DNSSEC_UNSUPPORTED_ALGORITHM: {
    severity: 'warning',
    refs: ['RFC 4035 §5.2', 'RFC 8624 §3.1'],
    message: (a) => `DNSSEC: zone ${a.zone} is signed only with algorithms this validator does not implement, so it counts as unsigned: ${a.detail}`,
  },
  DNSSEC_UNSUPPORTED_DIGEST: {
    severity: 'warning',
    refs: ['RFC 4035 §5.2', 'RFC 8624 §3.3'],
    message: (a) =>
      `DNSSEC: the DS of zone ${a.zone} uses only digest types this validator does not implement, so it counts as unsigned: ${a.detail}`,
  },
  DNSSEC_NSEC3_ITERATIONS_TOO_HIGH: {
    severity: 'warning',
    refs: ['RFC 9276 §3.2'],
    message: (a) => `DNSSEC: zone ${a.zone} uses too many NSEC3 iterations, so its denials count as unsigned: ${a.detail}`,
  },
  DNSSEC_NSEC3_OPT_OUT: {
    severity: 'info',
    refs: ['RFC 5155 §6', 'RFC 5155 §8.6'],
    message: (a) => `DNSSEC: ${a.name} falls in an NSEC3 opt-out span of zone ${a.zone}, so it counts as unsigned: ${a.detail}`,
  },
  DNSSEC_INSECURE_DELEGATION: {
    severity: 'info',
    refs: ['RFC 4035 §5.2'],
    message: (a) => `DNSSEC: ${a.detail} (proven by ${a.zone})`,
  },
  DNSSEC_OUTSIDE_TRUST_ANCHORS: {
    severity: 'info',
    refs: ['RFC 4035 §4.3'],
    message: (a) => `DNSSEC: ${a.name} is below no trust anchor, so it counts as unsigned`,
  },
  DNSSEC_LOOKUP_FAILED: {
    severity: 'unknown',
    refs: ['RFC 7672 §2.1.1'],
    message: (a) => `DNSSEC: lookup of ${a.name} failed while validating (zone ${a.zone}): ${a.detail}`,
  },
  DNSSEC_NO_DNSSEC_DATA: {
    severity: 'unknown',
    refs: ['RFC 4035 §3.2.1'],
    message: (a) => `DNSSEC: cannot validate: ${a.detail}`,
  },
  DNSSEC_ANSWER_UNUSABLE: {
    severity: 'unknown',
    refs: ['RFC 1034 §4.3.1'],
    message: (a) => `DNSSEC: no answer to validate for ${a.name}: ${a.detail}`,
  },
  // --- Resolver remarks
  DNS_EXTENDED_ERROR: {
    severity: 'info',
    refs: ['RFC 8914'],
    message: (a) => `resolver said about ${a.name}/${a.type}: ${describeEde({ code: a.infoCode, text: a.text })}`,
  },
  // --- Safety net: a dane_state other than verified that no diagnostic of catalogue
  // severity above info explains still counts, so a gap in the verdict never reads as OK.
  DANE_STATE_UNEXPLAINED: {
    severity: 'critical',
    refs: ['RFC 7672 §2.2'],
    message: (a) => `DANE state is ${a.state}`,
  },
  DANE_STATE_INDETERMINATE: {
    severity: 'unknown',
    refs: ['RFC 7672 §2.1.1'],
    message: () => 'DANE state is indeterminate',
  },
  DANE_STATE_NOT_TESTED: {
    severity: 'warning',
    refs: ['RFC 5321 §5.1'],
    message: () => 'DANE state is not-tested: this monitoring host could not reach it',
  },
};

/** Where a diagnostic applies: the domain (neither), a host, or one address of a host. */
export interface Placement {
  host?: string;
  address?: string;
}

/** One finding of the verdict: a code, the arguments of its template, and where it applies. */
export type Diagnostic = {
  [C in DiagnosticCode]: { code: C; args: DiagnosticArgsByCode[C]; host?: string; address?: string };
}[DiagnosticCode];

/** Severity overrides, e.g. from `--severity MX_INSECURE=warning`; applied once, in exit-status.ts. */
export type SeverityPolicy = Partial<Record<DiagnosticCode, Severity>>;

/** A diagnostic; placed at `at`, else at the host its arguments name, else at the domain. */
export function diagnostic<C extends DiagnosticCode>(code: C, args: DiagnosticArgsByCode[C], at: Placement = {}): Diagnostic {
  const d = { code, args } as Diagnostic;
  const host = at.host ?? ('host' in args && typeof args.host === 'string' ? args.host : undefined);
  if (host !== undefined) d.host = host;
  if (at.address !== undefined) d.address = at.address;
  return d;
}

function specOf(d: Diagnostic): DiagnosticSpec<unknown> {
  // The mapped types tie d.code to d.args; TypeScript cannot follow the correlation through the index.
  return DIAGNOSTICS[d.code] as DiagnosticSpec<unknown>;
}

/** The catalogue's text for a diagnostic, without its placement. */
export function diagnosticMessage(d: Diagnostic): string {
  return specOf(d).message(d.args);
}

/** The status-line form: the brief template where the code has one. */
export function diagnosticBrief(d: Diagnostic): string {
  const spec = specOf(d);
  return (spec.brief ?? spec.message)(d.args);
}

/** The text with its placement when it sits at an address: "mx1.example.org 192.0.2.1: ...". */
export function locatedMessage(d: Diagnostic): string {
  const text = diagnosticMessage(d);
  return d.address !== undefined && d.host !== undefined ? `${d.host} ${d.address}: ${text}` : text;
}

export function catalogueSeverity(code: DiagnosticCode): Severity {
  return DIAGNOSTICS[code].severity;
}

export function refsOf(code: DiagnosticCode): readonly string[] {
  return DIAGNOSTICS[code].refs;
}

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.hasOwn(DIAGNOSTICS, code);
}
