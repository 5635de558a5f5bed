// Every certificate an address presents, one per key algorithm (RFC 7671 §5: a
// server may hold several; RFC 7672 §3.1: each must be covered by a usable TLSA
// record, since a sender gets whichever its ClientHello favours). The default
// session's certificate is one of them; the sessions that asked for one algorithm
// each (probe/key-algorithm-sessions.ts) show the others, or that there are none.
import { KEY_ALGORITHMS, type KeyAlgorithm, type SmtpEvidence } from '../evidence/smtp.ts';
import { keyAlgorithmOf } from '../dane/key-algorithm.ts';
import type { DaneState } from './dane-state.ts';
import type { CertificateSummary, TlsaMatch, TlsaRecord, TlsSummary } from './result.ts';
import { parseChain, summarizeCertificate } from './certificate/x509.ts';
import { datedPath, matchTlsa } from './tlsa-match.ts';
import { tlsSummary } from './tls-summary.ts';

/** presented: a certificate came back; not-held: the server refused the algorithm; unknown: the session failed otherwise. */
export type KeyAlgorithmStatus = 'presented' | 'not-held' | 'unknown';

export interface KeyAlgorithmCertificate {
  /** 'other' for a default certificate of none of the algorithms a session can ask for (Ed448, DSA, ...). */
  key_algorithm: KeyAlgorithm | 'other';
  status: KeyAlgorithmStatus;
  /** default: the session that offered every algorithm showed it; asked: a session that offered this one only. */
  session: 'default' | 'asked';
  /** verified or failed for a presented certificate; null for the others. */
  dane_state: DaneState | null;
  match: TlsaMatch | null;
  /** Chain depths whose dates DANE checks, as AddressResult.dated_path, for this session's chain; null unless verified. */
  dated_path: number[] | null;
  /** The chain as presented, leaf first. */
  certificates: CertificateSummary[];
  tls: TlsSummary | null;
  /** Why the session ended without a certificate; null otherwise. */
  reason: string | null;
  elapsed_ms: number;
}

/** The alerts a server answers a ClientHello with when it has nothing for what was offered (RFC 8446 §4.1.1, §6.2). */
const NOTHING_TO_OFFER: ReadonlySet<number> = new Set([
  40, // handshake_failure: no certificate for the offered signature algorithms, no shared cipher suite
  71, // insufficient_security: the same, from servers that say it so
]);

export { KEY_ALGORITHM_NAMES } from './diagnostics.ts';

function statusOf(session: SmtpEvidence): KeyAlgorithmStatus {
  if (session.tls && session.tls.chain.length > 0) return 'presented';
  const alert = session.failure?.alert;
  return session.stage === 'tls' && alert !== undefined && NOTHING_TO_OFFER.has(alert) ? 'not-held' : 'unknown';
}

/** One word per certificate for monitoring: its status, and for a presented one whether TLSA covers it. */
export const KEY_ALGORITHM_COVERAGES = ['covered', 'not-covered', 'not-held', 'unknown'] as const;
export type KeyAlgorithmCoverage = (typeof KEY_ALGORITHM_COVERAGES)[number];

export function coverageOf(e: KeyAlgorithmCertificate): KeyAlgorithmCoverage {
  if (e.status !== 'presented') return e.status;
  return e.dane_state === 'verified' ? 'covered' : 'not-covered';
}

export interface MatchContext {
  usable: readonly TlsaRecord[];
  referenceIdentifiers: string[];
  now: Date;
}

function entry(session: SmtpEvidence, which: 'default' | 'asked', key: KeyAlgorithm | 'other', ctx: MatchContext): KeyAlgorithmCertificate {
  const status = statusOf(session);
  const chain = parseChain(session.tls?.chain ?? []);
  const certificates = chain.certificates.map((c, depth) => summarizeCertificate(c, depth));
  const match = status === 'presented' && chain.certificates.length > 0 ? matchTlsa([...ctx.usable], chain, ctx) : null;
  const dane_state = status !== 'presented' ? null : match?.outcome === 'pass' ? 'verified' : 'failed';
  return {
    key_algorithm: key,
    status,
    session: which,
    dane_state,
    match,
    dated_path: dane_state === 'verified' ? datedPath(match, chain) : null,
    certificates,
    tls: session.tls ? tlsSummary(session.tls, certificates[0] ?? null) : null,
    reason: status === 'presented' ? null : (session.failure?.message ?? null),
    elapsed_ms: session.elapsedMs,
  };
}

/**
 * One entry per key algorithm: the default session's first, then those asked for in
 * catalogue order. Empty when no session asked for an algorithm (DANE did not apply,
 * or the default session got no certificate).
 */
export function certificatesByAlgorithm(smtp: SmtpEvidence, ctx: MatchContext): KeyAlgorithmCertificate[] {
  const asked = smtp.byKeyAlgorithm ?? [];
  if (asked.length === 0) return [];
  const leaf = smtp.tls?.chain[0];
  const first = entry(smtp, 'default', (leaf !== undefined ? keyAlgorithmOf(leaf) : null) ?? 'other', ctx);
  const rest = KEY_ALGORITHMS.flatMap((key) => {
    const session = asked.find((s) => s.keyAlgorithm === key);
    return session ? [entry(session, 'asked', key, ctx)] : [];
  });
  return [first, ...rest];
}
