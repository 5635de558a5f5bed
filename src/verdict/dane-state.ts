// The one verdict vocabulary, the same at address, host and domain level.

export const DANE_STATES = [
  'verified', // every tested address authenticated
  'partial', // some authenticated, others failed or unreachable
  'failed', // DANE applies, none authenticated
  'unreachable', // DANE applies, no address could be reached
  'insecure', // the DNS data DANE needs is not DNSSEC-secure
  'no-tlsa', // securely proven: no TLSA records
  'unusable-tlsa', // TLSA present, none usable for SMTP
  'bogus', // DNSSEC validation failed
  'null-mx', // the domain accepts no mail (RFC 7505)
  'indeterminate', // lookups or probes did not finish or failed without proof
  'not-tested', // this monitoring host cannot reach the address (no route or no address of its family): no finding either way
] as const;

export type DaneState = (typeof DANE_STATES)[number];

/**
 * Which state names a group of children when none of them is verified: the most
 * alarming first. A proven failure outranks a failed lookup, so a timeout on one
 * MX host cannot hide a mismatch on another.
 */
const SEVERITY_ORDER: readonly DaneState[] = [
  'bogus',
  'failed',
  'unreachable',
  'indeterminate',
  'unusable-tlsa',
  'no-tlsa',
  'insecure',
  'null-mx',
  'partial',
  'verified',
  'not-tested',
];

export function mostSevere(states: readonly DaneState[]): DaneState {
  let best: DaneState = 'verified';
  for (const state of states) {
    if (SEVERITY_ORDER.indexOf(state) < SEVERITY_ORDER.indexOf(best)) best = state;
  }
  return best;
}

/**
 * A parent's state from its children's (addresses of a host, hosts of a domain):
 * all verified → verified; some verified → partial; none → the most severe.
 * Children this host could not test do not count, unless no child was tested.
 */
export function combineStates(all: readonly DaneState[]): DaneState {
  if (all.length === 0) return 'indeterminate';
  const states = all.filter((s) => s !== 'not-tested');
  if (states.length === 0) return 'not-tested';
  const verified = states.filter((s) => s === 'verified').length;
  if (verified === states.length) return 'verified';
  if (verified > 0 || states.includes('partial')) return 'partial';
  return mostSevere(states);
}
