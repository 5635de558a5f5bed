// Which names a DANE-TA(2) certificate must carry, and whether it carries one.
// RFC 7672 §3.2.3 (SMTP reference identifiers), RFC 6125 §6.4 (matching rules).

export interface ReferenceIdentifierSources {
  /** The TLSA base domain: the MX host name after secure CNAME expansion (RFC 7672 §2.2.3). */
  tlsaBaseDomain: string;
  /** The MX host name as the MX record gave it, when it differs from the base domain. */
  mxHost?: string | null;
  /** The next-hop domain: the recipient domain whose MX records were looked up. */
  nextHopDomain?: string | null;
}

/** Lower-case ASCII letters only (DNS names compare case-insensitively in ASCII, RFC 4343). */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** A name in comparable form: ASCII lower case, one trailing dot dropped. */
export function normalizeDnsName(name: string): string {
  const lower = asciiLower(name.trim());
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * The names a DANE-TA certificate may match, in order, de-duplicated: the TLSA base domain,
 * the original MX host name and the next-hop domain (RFC 7672 §3.2.3; Postfix's
 * "nexthop, hostname" strategy covers the same names).
 */
export function referenceIdentifiers(sources: ReferenceIdentifierSources): string[] {
  const names: string[] = [];
  for (const candidate of [sources.tlsaBaseDomain, sources.mxHost, sources.nextHopDomain]) {
    if (!candidate) continue;
    const name = normalizeDnsName(candidate);
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Whether one presented name (from the certificate) matches one reference identifier
 * (RFC 6125 §6.4.1, §6.4.3): labels compare case-insensitively; a wildcard is allowed only
 * as the whole left-most label, matches exactly one non-empty label, and needs at least two
 * labels after it (no `*.org`). Partial wildcards (`m*.example.org`) never match.
 */
export function presentedNameMatches(presented: string, reference: string): boolean {
  const p = normalizeDnsName(presented);
  const r = normalizeDnsName(reference);
  if (p === '' || r === '') return false;
  const pLabels = p.split('.');
  const rLabels = r.split('.');
  if (pLabels.length !== rLabels.length) return false;
  if (pLabels.some((l) => l === '') || rLabels.some((l) => l === '')) return false;
  if (rLabels.some((l) => l.includes('*'))) return false; // a reference identifier is never a pattern
  const [pFirst, ...pRest] = pLabels;
  const [rFirst, ...rRest] = rLabels;
  if (pRest.some((l) => l.includes('*'))) return false; // wildcard only in the left-most label
  if (pRest.join('.') !== rRest.join('.')) return false;
  if (pFirst === '*') return pRest.length >= 2 && rFirst !== '';
  // RFC 6125 §6.4.3 lets clients accept partial wildcards (m*.example.org); like Postfix with
  // DANE (X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS), we do not.
  if (pFirst!.includes('*')) return false;
  return pFirst === rFirst;
}

/**
 * The first certificate name that matches any reference identifier, or null.
 * `certificateNames` are the DNS-ID names (subjectAltName dNSName), or the CN-IDs when the
 * certificate has no dNSName at all (RFC 6125 §6.4.4); `CertificateSummary.dnsNames` already
 * follows that rule. Returns the name as the certificate spells it.
 */
export function certificateMatchesName(
  certificateNames: readonly string[],
  referenceIds: readonly string[],
): string | null {
  for (const reference of referenceIds) {
    for (const presented of certificateNames) {
      if (presentedNameMatches(presented, reference)) return presented;
    }
  }
  return null;
}
