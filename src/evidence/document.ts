// The evidence of one check as a file (--save-evidence, analyze): everything the
// run received, raw, so it can be judged again offline. Recorded where side
// effects enter (Deps): every DNS message as it crossed the wire, DNSSEC chain
// included, and every SMTP session's evidence with its certificate chain (DER).
// Nothing in it is a judgement; analyze runs the same walk and verdict on it.
import type { DnsTransportOutcome } from './dns.ts';
import type { KeyAlgorithm, SmtpEvidence } from './smtp.ts';

/**
 * Raised whenever the meaning of a field changes. 2: sessions that asked for one key
 * algorithm are recorded beside the default one (request.keyAlgorithm), so a reader of
 * version 1, which tells sessions apart by address, port and SNI only, would mix them up.
 */
export const EVIDENCE_VERSION = 2;
/** What analyze reads: version 1 holds no sessions per key algorithm, so those read as not recorded. */
export const READABLE_EVIDENCE_VERSIONS: readonly number[] = [1, 2];
/** Says what the file is, so any other JSON is recognised as such. */
export const EVIDENCE_FORMAT = 'smtp-dane-verify evidence';

/** One question sent and what came back (or did not), as the transport saw it. */
export interface DnsExchangeRecord {
  /** The resolver asked, "address:port" ("[::1]:53"). */
  server: string;
  /** When the question was sent (ISO 8601). */
  at: string;
  elapsed_ms: number;
  /** The transport of the answer; null without one. */
  transport: 'udp' | 'tcp' | null;
  attempts: number;
  outcome: DnsTransportOutcome;
  error: string | null;
  /** The query message as sent, base64 (without the TCP length prefix). */
  query: string;
  /** The response message accepted as the answer, base64; null when none was. */
  response: string | null;
}

/** One SMTP/STARTTLS session: what was asked of the connector and the evidence it returned. */
export interface SmtpSessionRecord {
  at: string;
  /** keyAlgorithm: the session asked for that key algorithm only; absent: every algorithm (and in files from before it existed). */
  request: { address: string; port: number; sni: string; helo: string; keyAlgorithm?: KeyAlgorithm };
  /** Stages, replies, timings and the certificate chain as sent (DER, base64). */
  evidence: SmtpEvidence;
}

export interface SavedTrustAnchor {
  owner: string;
  type: 'DS' | 'DNSKEY';
  /** RDATA in wire format, base64. */
  rdata: string;
}

/** What was checked and how: enough to walk the same way again. */
export interface SavedCheck {
  kind: 'domain' | 'host';
  name: string;
  port: number;
  helo: string;
  ipv4: boolean;
  ipv6: boolean;
  max_mx: number;
  smtp_concurrency: number;
  stage_timeout_ms: number;
  deadline_ms: number;
  /** The recursive resolver, "address:port". */
  resolver: string;
  dns_timeout_ms: number;
  dns_retries: number;
  dnssec: 'validate' | 'resolver';
  /** The anchors validation started from (--dnssec validate); null with --dnssec resolver. */
  trust_anchors: SavedTrustAnchor[] | null;
}

export interface SavedEvidence {
  format: typeof EVIDENCE_FORMAT;
  /** EVIDENCE_VERSION when written; 1 in files from before sessions per key algorithm. */
  evidence_version: number;
  tool: { name: 'smtp-dane-verify'; version: string };
  /** When the check started (ISO 8601) and how long probing took. */
  started_at: string;
  duration_ms: number;
  /** The instant the check was judged at: DNSSEC and certificate validity are judged at it again by default. */
  judged_at: string;
  check: SavedCheck;
  /** The command line's other options, for the record (analyze takes its own). */
  options: Record<string, unknown>;
  dns: DnsExchangeRecord[];
  smtp: SmtpSessionRecord[];
}
