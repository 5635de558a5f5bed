// The validator's account of one answer, kept in the evidence (DnsAnswerEvidence
// .validation) when --dnssec validate is on: plain JSON.
import type { DnsSecurity } from '../dns/security.ts';
import type { DnssecFinding } from './findings.ts';

export interface DnssecValidation {
  /** What this program concluded, judged at the run's instant; the evidence's rcode and `ad` stay the server's. */
  security: DnsSecurity;
  /** The rcode the resolver answered with (queried with CD=1), before validation. */
  upstreamRcode: string | null;
  /** Zones whose keys signed the answer (and its CNAME links and denials), trust anchor first. */
  zones: string[];
  /** Why the answer is not secure, and what else was noticed; empty for a clean secure answer. */
  findings: DnssecFinding[];
}
