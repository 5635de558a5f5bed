// The one door for side effects. Every probe receives this object; tests swap
// any member (a scripted resolver, a fixture SMTP connector, a fixed clock).
import type { DnsAnswerEvidence, QueryType } from './evidence/dns.ts';
import type { KeyAlgorithm, SmtpEvidence } from './evidence/smtp.ts';
import type { Clock } from './clock.ts';

export { type Clock, systemClock } from './clock.ts';

export interface DnsQueryOptions {
  signal?: AbortSignal;
}

export interface DnsQueryStats {
  /** Questions sent, each counted once however many attempts it took. */
  queries: number;
  /** Per type; checking-disabled follow-ups count as e.g. 'TLSA+CD'. */
  byType: Record<string, number>;
}

export interface DnsResolver {
  /** Asks one question; never throws: failures come back as evidence. */
  query(name: string, type: QueryType, options?: DnsQueryOptions): Promise<DnsAnswerEvidence>;
  /** What was sent so far, where the resolver counts it. */
  stats?(): DnsQueryStats;
}

export interface SmtpProbeRequest {
  address: string;
  port: number;
  /** Server Name Indication for the TLS handshake. */
  sni: string;
  /** Name sent in EHLO. */
  helo: string;
  /** Per-stage timeout in milliseconds (connect, each reply, the handshake). */
  stageTimeoutMs: number;
  /** The whole run's deadline. */
  signal?: AbortSignal;
  /** Ask for a certificate of this key algorithm only; absent: offer every algorithm. */
  keyAlgorithm?: KeyAlgorithm;
}

export interface SmtpConnector {
  /** Runs one STARTTLS session; never throws: failures come back as evidence. */
  probe(request: SmtpProbeRequest): Promise<SmtpEvidence>;
}

export interface Deps {
  dns: DnsResolver;
  smtp: SmtpConnector;
  clock: Clock;
}
