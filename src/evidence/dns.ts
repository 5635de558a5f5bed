// What one DNS question produced, kept as plain JSON-serialisable evidence.
// The probe records; it does not judge. Classification (secure, insecure,
// bogus, indeterminate) is a pure function in dane/dns-classification.ts.
import type { RrsigFields } from '../dnssec/path-signature.ts';
import type { DnssecValidation } from '../dnssec/validation-evidence.ts';
import type { DnsTransportOutcome } from '../dns/exchange.ts';
import type { ExtendedDnsError } from '../dns/extended-errors.ts';

export type { DnsTransportOutcome, ExtendedDnsError };

/** The record types the check asks for. */
export type QueryType = 'MX' | 'A' | 'AAAA' | 'TLSA' | 'CNAME';

export type RecordData =
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'CNAME'; target: string }
  | {
      type: 'TLSA';
      usage: number;
      selector: number;
      matchingType: number;
      /** Certificate association data, lower-case hex. */
      data: string;
    };

/** One resource record from the answer section (owner names are lower-case, no trailing dot). */
export interface ResourceRecord {
  name: string;
  ttl: number;
  data: RecordData;
}

export interface DnsAnswerEvidence {
  question: { name: string; type: QueryType };
  /** Resolver as "address:port" ("[::1]:53" for IPv6). */
  server: string;
  outcome: DnsTransportOutcome;
  /** Human-readable reason when outcome is not 'answer'. */
  error: string | null;
  /** 'NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', ... ; null without an answer. */
  rcode: string | null;
  /** The AD (authenticated data) bit of the response. */
  ad: boolean;
  /** Whether the final answer came over TCP (after truncation or by choice). */
  transport: 'udp' | 'tcp' | null;
  ede: ExtendedDnsError[];
  /** Names followed: [qname, cname target, ...]; length 1 without CNAMEs. */
  cnameChain: string[];
  /** Answer-section records of the asked type at the end of the CNAME chain. */
  records: ResourceRecord[];
  /**
   * When a validating resolver said SERVFAIL, the probe asks again with the CD bit
   * set: an answer then means the data exists but failed validation (bogus), the
   * classic way to tell bogus from a broken server when no EDE was sent.
   */
  checkingDisabledRcode: string | null;
  /**
   * The records of that CD=1 answer, which no validator vouches for. Kept so a
   * check can go on past bogus DNS and still report every host and address
   * (the original service's promise); the verdict stays bogus.
   */
  unvalidated: { cnameChain: string[]; records: ResourceRecord[] } | null;
  attempts: number;
  elapsedMs: number;
  /**
   * Set when this program validated the answer itself (--dnssec validate): its
   * conclusion and why. The fields above stay what the server sent (asked with
   * CD=1); `records` holds only what validated, the rest is in `unvalidated`.
   */
  validation?: DnssecValidation;
  /**
   * --dnssec resolver: the RRSIGs the resolver sent with the answer (asked with DO): in the answer
   * section, over the answer and its CNAME links; in the authority section, over the NSEC/NSEC3 of a
   * denial or a wildcard proof. As sent, times unread; nothing here checks them (the AD bit vouches for
   * the answer). The DNSKEY and DS signatures of the chain are not asked for. Absent in validate mode,
   * where `validation.signatures` holds the whole path.
   */
  rrsigs?: RrsigFields[];
}
