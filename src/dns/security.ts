// What DNSSEC says about one RRset or lookup (RFC 4035 §4.3), the one vocabulary
// the validator, the DANE rules and the verdict share.
export type DnsSecurity = 'secure' | 'insecure' | 'bogus' | 'indeterminate';

/** Worst first: a failed proof outranks a failed lookup, which outranks "unsigned". */
const RANK: readonly DnsSecurity[] = ['bogus', 'indeterminate', 'insecure', 'secure'];

export function worseSecurity(a: DnsSecurity, b: DnsSecurity): DnsSecurity {
  return RANK.indexOf(a) <= RANK.indexOf(b) ? a : b;
}

/** The worst of several; 'secure' for none. */
export function worstSecurity(statuses: readonly DnsSecurity[]): DnsSecurity {
  return statuses.reduce<DnsSecurity>(worseSecurity, 'secure');
}
