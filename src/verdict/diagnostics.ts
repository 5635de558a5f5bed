// Every finding the check can report, with a stable code, a default severity and
// the RFC section it rests on. Code emits only a code and its arguments; the
// severity comes from this table (overridable by the operator) and the text
// from the template, so wording can change without breaking anyone's filters.

export type Severity = 'info' | 'warning' | 'critical' | 'unknown';

export interface DiagnosticSpec {
  severity: Severity;
  rfc: string;
  message: (a: DiagnosticArgs) => string;
}

/** Arguments a diagnostic may carry; which ones a code uses is fixed by its template. */
export interface DiagnosticArgs {
  domain?: string;
  host?: string;
  address?: string;
  name?: string;
  detail?: string;
  count?: number;
  total?: number;
  record?: string;
  depth?: number;
  days?: number;
  /** DNSSEC zone a finding is in. */
  zone?: string;
}

const at = (a: DiagnosticArgs) => [a.host, a.address].filter(Boolean).join(' ');

export const DIAGNOSTICS = {
  // --- MX walk (RFC 7672 §2.2.1, RFC 7505, RFC 5321 §5.1)
  MX_SECURE: { severity: 'info', rfc: 'RFC 7672 §2.2.1', message: (a) => `MX RRset of ${a.domain} is DNSSEC-secure` },
  MX_INSECURE: {
    severity: 'critical',
    rfc: 'RFC 7672 §2.2.1',
    message: (a) => `MX RRset of ${a.domain} is not DNSSEC-signed: DANE does not apply to this domain`,
  },
  MX_BOGUS: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.5, RFC 7672 §2.1.1',
    message: (a) => `MX lookup for ${a.domain} failed DNSSEC validation${a.detail ? ` (${a.detail})` : ''}`,
  },
  MX_LOOKUP_FAILED: {
    severity: 'unknown',
    rfc: 'RFC 7672 §2.1.1',
    message: (a) => `MX lookup for ${a.domain} failed: ${a.detail}`,
  },
  DOMAIN_NXDOMAIN: { severity: 'critical', rfc: 'RFC 5321 §5.1', message: (a) => `domain ${a.domain} does not exist` },
  NULL_MX: {
    severity: 'warning',
    rfc: 'RFC 7505 §3',
    message: (a) => `${a.domain} publishes a Null MX: it accepts no mail`,
  },
  IMPLICIT_MX: {
    severity: 'info',
    rfc: 'RFC 5321 §5.1',
    message: (a) => `${a.domain} has no MX records: the domain itself is the implicit MX host`,
  },
  MX_TOO_MANY: {
    severity: 'warning',
    rfc: 'RFC 7672 §2.2',
    message: (a) => `${a.domain} has ${a.total} MX hosts; only the first ${a.count} by preference are checked`,
  },
  MX_TARGET_INVALID: {
    severity: 'critical',
    rfc: 'RFC 5321 §5.1, RFC 7505 §3',
    message: (a) => `MX target ${a.name} of ${a.domain} is not a valid host name (${a.detail})`,
  },
  // --- MX host addresses (RFC 7672 §2.2.1, §2.2.2)
  HOST_CNAME: {
    severity: 'info',
    rfc: 'RFC 7672 §2.3',
    message: (a) => `${a.host} is an alias of ${a.name}`,
  },
  HOST_ADDRESS_INSECURE: {
    severity: 'critical',
    rfc: 'RFC 7672 §2.3',
    message: (a) => `address records of ${a.host} are not DNSSEC-secure: DANE does not apply to this host`,
  },
  HOST_ADDRESS_BOGUS: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.5, RFC 7672 §2.1.1',
    message: (a) => `address lookup for ${a.host} failed DNSSEC validation${a.detail ? ` (${a.detail})` : ''}`,
  },
  HOST_ADDRESS_LOOKUP_FAILED: {
    severity: 'unknown',
    rfc: 'RFC 7672 §2.1.1',
    message: (a) => `address lookup for ${a.host} failed: ${a.detail}`,
  },
  HOST_NO_ADDRESS: {
    severity: 'critical',
    rfc: 'RFC 5321 §5.1',
    message: (a) => `${a.host} has no IPv4 or IPv6 address${a.detail ? ` (${a.detail})` : ''}`,
  },
  // --- TLSA records (RFC 7672 §2.3, §3.1; RFC 6698 §2)
  TLSA_INSECURE: {
    severity: 'critical',
    rfc: 'RFC 7672 §2.3',
    message: (a) => `TLSA records at ${a.name} are not DNSSEC-secure and cannot be used`,
  },
  TLSA_BOGUS: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.5, RFC 7672 §2.1.1',
    message: (a) => `TLSA lookup at ${a.name} failed DNSSEC validation${a.detail ? ` (${a.detail})` : ''}`,
  },
  TLSA_LOOKUP_FAILED: {
    severity: 'unknown',
    rfc: 'RFC 7672 §2.1.1',
    message: (a) => `TLSA lookup at ${a.name} failed: ${a.detail}`,
  },
  TLSA_ABSENT: {
    severity: 'critical',
    rfc: 'RFC 7672 §2.3',
    message: (a) => `${a.host} publishes no TLSA records (DNSSEC proves it at ${a.name})`,
  },
  TLSA_UNUSABLE: {
    severity: 'critical',
    rfc: 'RFC 7672 §3.1.3',
    message: (a) => `none of the ${a.total} TLSA records of ${a.host} is usable for SMTP (only DANE-TA(2) and DANE-EE(3) with selector 0/1 and matching type 0/1/2 are)`,
  },
  TLSA_RECORD_IGNORED: {
    severity: 'info',
    rfc: 'RFC 7672 §3.1.3',
    message: (a) => `TLSA ${a.record} at ${a.name} is ignored: ${a.detail}`,
  },
  TLSA_RECORD_MALFORMED: {
    severity: 'warning',
    rfc: 'RFC 6698 §2.1.3',
    message: (a) => `TLSA ${a.record} at ${a.name} is malformed: ${a.detail}`,
  },
  // --- SMTP and TLS (RFC 3207, RFC 7672 §2.2)
  SMTP_UNREACHABLE: {
    severity: 'critical',
    rfc: 'RFC 7672 §2.2',
    message: (a) => `${at(a)}: ${a.detail}`,
  },
  ADDRESS_NOT_TESTED_HERE: {
    severity: 'warning',
    rfc: 'RFC 5321 §5.1',
    message: (a) =>
      `${at(a)}: not tested: this monitoring host cannot reach ${a.name} addresses (${a.detail}); ` +
      `check with ${a.name === 'IPv6' ? '-4' : '-6'}, or give this host (or its container) ${a.name}`,
  },
  SMTP_TEMPORARY_REFUSAL: {
    severity: 'warning',
    rfc: 'RFC 5321 §4.2.1, §3.8',
    message: (a) => `${at(a)}: temporary refusal, DANE not tested: ${a.detail}`,
  },
  SMTP_FAILED: {
    severity: 'critical',
    rfc: 'RFC 5321 §4.2',
    message: (a) => `${at(a)}: SMTP session failed: ${a.detail}`,
  },
  STARTTLS_NOT_OFFERED: {
    severity: 'critical',
    rfc: 'RFC 7672 §2.2, RFC 3207 §4',
    message: (a) => `${at(a)}: STARTTLS is not offered although DANE requires TLS`,
  },
  STARTTLS_REJECTED: {
    severity: 'critical',
    rfc: 'RFC 3207 §4',
    message: (a) => `${at(a)}: STARTTLS failed: ${a.detail}`,
  },
  TLS_HANDSHAKE_FAILED: {
    severity: 'critical',
    rfc: 'RFC 7672 §2.2',
    message: (a) => `${at(a)}: ${a.detail}`,
  },
  PROBE_UNFINISHED: {
    severity: 'unknown',
    rfc: 'RFC 7672 §2.1.1',
    message: (a) => `${at(a)}: not finished before the time limit (${a.detail})`,
  },
  // --- Certificate matching (RFC 7672 §3.1, §3.2; RFC 7671 §5)
  TLSA_MATCHED: {
    severity: 'info',
    rfc: 'RFC 7672 §3.1',
    message: (a) => `${at(a)}: TLSA ${a.record} matched the certificate at depth ${a.depth}`,
  },
  TLSA_MISMATCH: {
    severity: 'critical',
    rfc: 'RFC 7672 §3.1',
    message: (a) => `${at(a)}: certificate matches none of ${a.total} usable TLSA record${a.total === 1 ? '' : 's'}`,
  },
  NAME_MISMATCH: {
    severity: 'critical',
    rfc: 'RFC 7672 §3.2.3',
    message: (a) => `${at(a)}: DANE-TA matched but the certificate names none of ${a.detail}`,
  },
  CHAIN_INVALID: {
    severity: 'critical',
    rfc: 'RFC 7672 §3.2.2',
    message: (a) => `${at(a)}: DANE-TA matched but the chain to it does not verify: ${a.detail}`,
  },
  CHAIN_EXPIRED: {
    severity: 'critical',
    rfc: 'RFC 7672 §3.2.2',
    message: (a) => `${at(a)}: DANE-TA matched but a certificate in the chain is outside its validity: ${a.detail}`,
  },
  DANE_EE_DATES_IGNORED: {
    severity: 'info',
    rfc: 'RFC 7672 §3.1.1',
    message: (a) => `${at(a)}: the certificate is outside its validity dates, which DANE-EE ignores (${a.detail})`,
  },
  CHAIN_TRUNCATED: {
    severity: 'warning',
    rfc: 'RFC 8446 §4.4.2',
    message: (a) => `${at(a)}: the server sent more than ${a.count} certificates; only the first ${a.count} were examined`,
  },
  CERTIFICATE_UNPARSABLE: {
    severity: 'critical',
    rfc: 'RFC 5280 §4.1',
    message: (a) => `${at(a)}: certificate at depth ${a.depth} cannot be parsed: ${a.detail}`,
  },
  // --- Built-in DNSSEC validation (--dnssec validate): the validator's findings, DNSViz-style
  DNSSEC_SIGNATURE_EXPIRED: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.3.1',
    message: (a) => `DNSSEC: signature over ${a.name} in zone ${a.zone} has expired: ${a.detail}`,
  },
  DNSSEC_SIGNATURE_NOT_YET_VALID: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.3.1',
    message: (a) => `DNSSEC: signature over ${a.name} in zone ${a.zone} is not valid yet: ${a.detail}`,
  },
  DNSSEC_SIGNATURE_INVALID: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.3.3',
    message: (a) => `DNSSEC: bad signature over ${a.name} in zone ${a.zone}: ${a.detail}`,
  },
  DNSSEC_RRSIG_MISSING: {
    severity: 'critical',
    rfc: 'RFC 4035 §4.3, §5.3',
    message: (a) => `DNSSEC: ${a.name} in signed zone ${a.zone} has no usable signature: ${a.detail}`,
  },
  DNSSEC_RRSIG_SIGNER_MISMATCH: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.3.1',
    message: (a) => `DNSSEC: signature over ${a.name} names the wrong signer (zone ${a.zone}): ${a.detail}`,
  },
  DNSSEC_RRSIG_LABELS_MISMATCH: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.3.1',
    message: (a) => `DNSSEC: signature over ${a.name} in zone ${a.zone} has an impossible Labels field: ${a.detail}`,
  },
  DNSSEC_DNSKEY_MISSING: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.2, §5.3.1',
    message: (a) => `DNSSEC: no DNSKEY of zone ${a.zone} for ${a.name}: ${a.detail}`,
  },
  DNSSEC_DS_NO_MATCHING_DNSKEY: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.2',
    message: (a) => `DNSSEC: the DS of zone ${a.zone} matches none of its DNSKEYs: ${a.detail}`,
  },
  DNSSEC_TRUST_ANCHOR_MISMATCH: {
    severity: 'critical',
    rfc: 'RFC 4035 §5, RFC 7958',
    message: (a) => `DNSSEC: the DNSKEYs of ${a.zone} match no trust anchor (wrong --trust-anchor, or a resolver in another DNS world?): ${a.detail}`,
  },
  DNSSEC_NXDOMAIN_UNPROVEN: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.4, RFC 5155 §8.4',
    message: (a) => `DNSSEC: zone ${a.zone} says ${a.name} does not exist without proof: ${a.detail}`,
  },
  DNSSEC_NODATA_UNPROVEN: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.4, RFC 5155 §8.5–§8.7',
    message: (a) => `DNSSEC: zone ${a.zone} says there is no ${a.name} without proof: ${a.detail}`,
  },
  DNSSEC_WILDCARD_UNPROVEN: {
    severity: 'critical',
    rfc: 'RFC 4035 §5.3.4, RFC 5155 §8.8',
    message: (a) => `DNSSEC: ${a.name} in zone ${a.zone} comes from a wildcard without proof that the name itself is absent: ${a.detail}`,
  },
  DNSSEC_UNSUPPORTED_ALGORITHM: {
    severity: 'warning',
    rfc: 'RFC 4035 §5.2, RFC 8624 §3.1',
    message: (a) => `DNSSEC: zone ${a.zone} is signed only with algorithms this validator does not implement, so it counts as unsigned: ${a.detail}`,
  },
  DNSSEC_UNSUPPORTED_DIGEST: {
    severity: 'warning',
    rfc: 'RFC 4035 §5.2, RFC 8624 §3.3',
    message: (a) => `DNSSEC: the DS of zone ${a.zone} uses only digest types this validator does not implement, so it counts as unsigned: ${a.detail}`,
  },
  DNSSEC_NSEC3_ITERATIONS_TOO_HIGH: {
    severity: 'warning',
    rfc: 'RFC 9276 §3.2',
    message: (a) => `DNSSEC: zone ${a.zone} uses too many NSEC3 iterations, so its denials count as unsigned: ${a.detail}`,
  },
  DNSSEC_NSEC3_OPT_OUT: {
    severity: 'info',
    rfc: 'RFC 5155 §6, §8.6',
    message: (a) => `DNSSEC: ${a.name} falls in an NSEC3 opt-out span of zone ${a.zone}, so it counts as unsigned: ${a.detail}`,
  },
  DNSSEC_INSECURE_DELEGATION: {
    severity: 'info',
    rfc: 'RFC 4035 §5.2',
    message: (a) => `DNSSEC: ${a.detail} (proven by ${a.zone})`,
  },
  DNSSEC_OUTSIDE_TRUST_ANCHORS: {
    severity: 'info',
    rfc: 'RFC 4035 §4.3',
    message: (a) => `DNSSEC: ${a.name} is below no trust anchor, so it counts as unsigned`,
  },
  DNSSEC_LOOKUP_FAILED: {
    severity: 'unknown',
    rfc: 'RFC 7672 §2.1.1',
    message: (a) => `DNSSEC: lookup of ${a.name} failed while validating (zone ${a.zone}): ${a.detail}`,
  },
  DNSSEC_NO_DNSSEC_DATA: {
    severity: 'unknown',
    rfc: 'RFC 4035 §3.2.1',
    message: (a) => `DNSSEC: cannot validate: ${a.detail}`,
  },
  DNSSEC_ANSWER_UNUSABLE: {
    severity: 'unknown',
    rfc: 'RFC 1034 §4.3.1',
    message: (a) => `DNSSEC: no answer to validate for ${a.name}: ${a.detail}`,
  },
  // --- Resolver remarks
  DNS_EXTENDED_ERROR: {
    severity: 'info',
    rfc: 'RFC 8914',
    message: (a) => `resolver said about ${a.name}: ${a.detail}`,
  },
} satisfies Record<string, DiagnosticSpec>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  rfc: string;
  message: string;
  host?: string;
  address?: string;
}

/** Severity overrides, e.g. from `--severity MX_INSECURE=warning`. */
export type SeverityPolicy = Partial<Record<DiagnosticCode, Severity>>;

export function diagnostic(code: DiagnosticCode, args: DiagnosticArgs, policy: SeverityPolicy = {}): Diagnostic {
  const spec: DiagnosticSpec = DIAGNOSTICS[code];
  const d: Diagnostic = { code, severity: policy[code] ?? spec.severity, rfc: spec.rfc, message: spec.message(args) };
  if (args.host) d.host = args.host;
  if (args.address) d.address = args.address;
  return d;
}

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.hasOwn(DIAGNOSTICS, code);
}
