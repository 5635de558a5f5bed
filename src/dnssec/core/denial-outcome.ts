// What authenticated denial of existence (NSEC or NSEC3 records already
// authenticated with the zone's keys) proves about a name.
import type { DnssecFinding } from '../findings.ts';

export type DenialProof =
  /** The claim holds: the name does not exist, or has no RRset of the type, or no closer match exists. */
  | { kind: 'proven' }
  /** The records allow an unsigned answer: NSEC3 opt-out, too many iterations, unknown hash (all insecure). */
  | { kind: 'insecure'; finding: DnssecFinding }
  | { kind: 'unproven'; reason: string };

/** What a DS query's denial says about a name below a secure zone (RFC 4035 §5.2, RFC 5155 §8.6). */
export type DelegationProof =
  /** NS without DS: the child zone is unsigned. */
  | { kind: 'insecure-delegation' }
  /** The name exists in this zone and is no zone cut. */
  | { kind: 'no-cut' }
  /** Neither the name nor anything below it exists. */
  | { kind: 'nonexistent' }
  | { kind: 'insecure'; finding: DnssecFinding }
  | { kind: 'unproven'; reason: string };
