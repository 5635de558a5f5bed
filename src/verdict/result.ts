// The verdict tree: domain → MX host → address, and the states decided for it
// (exit-status.ts). Renderers read only this.
import type { DnsSecurity } from '../dns/security.ts';
import type { DaneState } from './dane-state.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { CheckJudgement } from './exit-status.ts';
import type { SignedAnswer } from './signature-expiry.ts';
import type { RolloverReadiness } from './rollover.ts';
import type { KeyAlgorithmCertificate } from './key-algorithm-certificates.ts';

/** The DNSSEC status of the lookups a node depends on (danecheck's categories). */

/** A TLSA record as "usage selector matching-type hex", the original service's form. */
export type TlsaText = string;

export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  data: string;
}

export interface CertificateSummary {
  depth: number;
  subject: string;
  issuer: string;
  /** DNS names from subjectAltName (or the CN when there is none). */
  dnsNames: string[];
  notBefore: string;
  notAfter: string;
  /** Public key algorithm as openssl names it: 'RSA', 'EC', 'Ed25519', ... */
  keyAlgorithm: string;
  /** Hex SHA-256 of the whole DER certificate (TLSA selector 0, matching 1). */
  sha256: string;
  /** Hex SHA-256 of the SubjectPublicKeyInfo (TLSA selector 1, matching 1). */
  spkiSha256: string;
}

/** How one TLSA record relates to the presented chain (danecheck's vocabulary). */
export type MatchOutcome = 'pass' | 'tlsa-mismatch' | 'name-mismatch' | 'chain-invalid' | 'cert-expired';

export interface TlsaMatch {
  outcome: MatchOutcome;
  /** The record that matched (for pass and for the name/chain/date failures after a match). */
  record: TlsaRecord | null;
  /** Chain position of the matching certificate: 0 = leaf. */
  depth: number | null;
  /** For name-mismatch: the reference identifiers that were tried. */
  referenceIdentifiers: string[];
  /** The leaf name that matched a reference identifier (DANE-TA only). */
  matchedName: string | null;
  /** Why, in words, when outcome is not pass. */
  detail: string | null;
}

export interface TlsSummary {
  protocol: string;
  cipher: string;
  group: string | null;
  signatureType: string | null;
  hashUsed: string | null;
}

export interface AddressResult {
  address: string;
  family: 4 | 6;
  dane_state: DaneState;
  /** Stage at which the probe stopped when it did not complete ('connect', 'tls', ...). */
  stage: string | null;
  reason: string | null;
  starttls_offered: boolean | null;
  match: TlsaMatch | null;
  /**
   * Chain depths whose dates DANE checks, once verified (RFC 7672 §3.1.1, §3.2.2): DANE-TA
   * from the leaf up to and including the anchor (-1: an anchor the record carries); []
   * for DANE-EE, which ignores dates; null when not verified.
   */
  dated_path: number[] | null;
  tls: TlsSummary | null;
  certificates: CertificateSummary[];
  /**
   * Every certificate the address presents, one per key algorithm: the default session's,
   * then those of the sessions that asked for RSA, ECDSA, Ed25519 alone. Empty when none
   * asked (DANE did not apply, or no certificate came back at all).
   */
  certificates_by_algorithm: KeyAlgorithmCertificate[];
  /** Last EHLO line seen inside TLS (the original's "250 CHUNKING" log line). */
  last_ehlo_line: string | null;
  elapsed_ms: number;
}

export interface HostResult {
  hostname: string;
  /** MX preference; null for a host check or the implicit MX. */
  preference: number | null;
  dane_state: DaneState;
  dnssec_status: DnsSecurity;
  /** Where TLSA records were (or would have been) looked up: after secure CNAME expansion. */
  tlsa_base_domain: string;
  tlsa_name: string;
  tlsa: TlsaRecord[];
  usable_tlsa: TlsaRecord[];
  addresses: AddressResult[];
  /** Whether the TLSA RRset survives a change of the leaf key (RFC 7671 §8.1). */
  rollover: RolloverReadiness;
  diagnostics: Diagnostic[];
  /** The host's answers the verdict used (A, AAAA, the decisive TLSA) with the RRSIGs they rested on (--dnssec validate). */
  signed_answers: SignedAnswer[];
}

export interface DomainResult {
  domain: string;
  dane_state: DaneState;
  mx_dnssec_status: DnsSecurity;
  implicit_mx: boolean;
  null_mx: boolean;
  hosts: HostResult[];
  diagnostics: Diagnostic[];
  /** The MX answer with the RRSIGs it rested on (--dnssec validate; empty unless secure). */
  signed_answers: SignedAnswer[];
}

/** What the run as a whole knows about itself. */
export interface RunInfo {
  version: string;
  started_at: string;
  duration_ms: number;
  resolver: string;
  port: number;
  /** Probes that had not finished when the run's deadline passed. */
  unfinished: string[];
  /** DNS questions sent during the run, by type (null when the resolver does not count). */
  dns_queries: { total: number; by_type: Record<string, number> } | null;
}

/** A judged check: the verdict tree, what the run knows about itself, and every decided state. */
export type CheckOutcome =
  | { kind: 'domain'; result: DomainResult; run: RunInfo; judgement: CheckJudgement }
  | { kind: 'host'; result: HostResult; run: RunInfo; judgement: CheckJudgement };
