// RFC 8914 Extended DNS Errors: EDNS option 15, a 16-bit INFO-CODE followed by
// optional UTF-8 EXTRA-TEXT (RFC 8914 §2).
/** RFC 8914 Extended DNS Error, as the resolver sent it. */
export interface ExtendedDnsError {
  code: number;
  text: string;
}

export const EDE_OPTION_CODE = 15;

/** INFO-CODE → name, RFC 8914 §4 (0–24) and later IANA registrations (25–30). */
export const EDE_NAMES: Readonly<Record<number, string>> = {
  0: 'Other Error',
  1: 'Unsupported DNSKEY Algorithm',
  2: 'Unsupported DS Digest Type',
  3: 'Stale Answer',
  4: 'Forged Answer',
  5: 'DNSSEC Indeterminate',
  6: 'DNSSEC Bogus',
  7: 'Signature Expired',
  8: 'Signature Not Yet Valid',
  9: 'DNSKEY Missing',
  10: 'RRSIGs Missing',
  11: 'No Zone Key Bit Set',
  12: 'NSEC Missing',
  13: 'Cached Error',
  14: 'Not Ready',
  15: 'Blocked',
  16: 'Censored',
  17: 'Filtered',
  18: 'Prohibited',
  19: 'Stale NXDomain Answer',
  20: 'Not Authoritative',
  21: 'Not Supported',
  22: 'No Reachable Authority',
  23: 'Network Error',
  24: 'Invalid Data',
  25: 'Signature Expired before Valid',
  26: 'Too Early',
  27: 'Unsupported NSEC3 Iterations Value',
  28: 'Unable to conform to policy',
  29: 'Synthesized',
  30: 'Invalid Query Type',
};

/** The codes that report a failed DNSSEC validation (RFC 8914 §4.7–§4.13): data is bogus. */
export const DNSSEC_FAILURE_EDE_CODES: ReadonlySet<number> = new Set([6, 7, 8, 9, 10, 11, 12]);

export function isDnssecFailure(ede: ExtendedDnsError): boolean {
  return DNSSEC_FAILURE_EDE_CODES.has(ede.code);
}

/** "EDE 7 Signature Expired (text)"; unknown codes keep their number only. */
export function describeEde({ code, text }: ExtendedDnsError): string {
  const name = EDE_NAMES[code];
  return `EDE ${code}${name ? ` ${name}` : ''}${text ? ` (${text})` : ''}`;
}

/** Decodes one option's payload; null when too short to hold an INFO-CODE. */
export function decodeEdeOption(data: Buffer): ExtendedDnsError | null {
  if (data.length < 2) return null;
  // Some servers NUL-terminate EXTRA-TEXT although §2 says not to.
  const text = data.subarray(2).toString('utf8').replace(/\0+$/, '');
  return { code: data.readUInt16BE(0), text };
}
