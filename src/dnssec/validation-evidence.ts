// The validator's account of one answer, kept in the evidence (DnsAnswerEvidence
// .validation) when --dnssec validate is on: plain JSON.
import type { DnsSecurity } from '../dns/security.ts';
import type { DnssecFinding } from './findings.ts';
import type { PathSignature } from './path-signature.ts';

export interface DnssecValidation {
  /** What this program concluded, judged at the run's instant; the evidence's rcode and `ad` stay the server's. */
  security: DnsSecurity;
  /** The rcode the resolver answered with (queried with CD=1), before validation. */
  upstreamRcode: string | null;
  /** Zones whose keys signed the answer (and its CNAME links and denials), trust anchor first. */
  zones: string[];
  /** Why the answer is not secure, and what else was noticed; empty for a clean secure answer. */
  findings: DnssecFinding[];
  /**
   * For a secure answer, the RRSIG of every RRset its validation rested on (the answer, CNAME links, denial
   * records, each zone's DNSKEY and DS up to the anchor), each once; empty otherwise. Optional: evidence
   * documents written before it have none.
   */
  signatures?: PathSignature[];
}
