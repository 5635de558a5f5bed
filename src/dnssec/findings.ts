// What the validator found, DNSViz-style: a stable code per problem, naming the
// zone and the RRset. Each code fixes the security status it leads to; the
// diagnostics catalogue (verdict/diagnostics.ts) holds its severity, RFC and text.
import type { DnsSecurity } from '../dns/security.ts';
import { type DnsName, nameText } from '../dns/name.ts';


/** Each code and the status an answer gets because of it. */
export const DNSSEC_FINDING_EFFECT = {
  DNSSEC_SIGNATURE_EXPIRED: 'bogus',
  DNSSEC_SIGNATURE_NOT_YET_VALID: 'bogus',
  DNSSEC_SIGNATURE_INVALID: 'bogus',
  DNSSEC_RRSIG_MISSING: 'bogus',
  DNSSEC_RRSIG_SIGNER_MISMATCH: 'bogus',
  DNSSEC_RRSIG_LABELS_MISMATCH: 'bogus',
  DNSSEC_DNSKEY_MISSING: 'bogus',
  DNSSEC_DS_NO_MATCHING_DNSKEY: 'bogus',
  DNSSEC_TRUST_ANCHOR_MISMATCH: 'bogus',
  DNSSEC_NXDOMAIN_UNPROVEN: 'bogus',
  DNSSEC_NODATA_UNPROVEN: 'bogus',
  DNSSEC_WILDCARD_UNPROVEN: 'bogus',
  DNSSEC_UNSUPPORTED_ALGORITHM: 'insecure',
  DNSSEC_UNSUPPORTED_DIGEST: 'insecure',
  DNSSEC_NSEC3_ITERATIONS_TOO_HIGH: 'insecure',
  DNSSEC_NSEC3_OPT_OUT: 'insecure',
  DNSSEC_INSECURE_DELEGATION: 'insecure',
  DNSSEC_OUTSIDE_TRUST_ANCHORS: 'insecure',
  DNSSEC_LOOKUP_FAILED: 'indeterminate',
  DNSSEC_NO_DNSSEC_DATA: 'indeterminate',
  DNSSEC_ANSWER_UNUSABLE: 'indeterminate',
} as const satisfies Record<string, Exclude<DnsSecurity, 'secure'>>;

export type DnssecFindingCode = keyof typeof DNSSEC_FINDING_EFFECT;

export interface DnssecFinding {
  code: DnssecFindingCode;
  /** The zone the problem is in ('.' for the root). */
  zone: string;
  /** The RRset concerned, "owner/TYPE". */
  rrset: string;
  detail: string;
}

export function finding(code: DnssecFindingCode, zone: DnsName, rrset: string, detail: string): DnssecFinding {
  return { code, zone: nameText(zone), rrset, detail };
}

/** "DNSSEC_SIGNATURE_EXPIRED at expired.test (mx.expired.test/MX): ..." */
export function describeFinding(f: DnssecFinding): string {
  return `${f.code} at ${f.zone} (${f.rrset}): ${f.detail}`;
}
