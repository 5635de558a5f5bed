// Days until every presented certificate expires, judged against -w/-c ranges:
// the default session's chain and the chain of each session that asked for one key
// algorithm (key-algorithm-certificates.ts), each by its own verdict.
// DANE-EE (usage 3) ignores certificate dates (RFC 7672 §3.1.1), so an expiring
// leaf that only DANE-EE authenticates does not break DANE mail; it breaks the
// senders that check PKIX (e.g. under MTA-STS). exit-status.ts turns each
// certificate beyond a range into a finding: CERT_EXPIRY_CRITICAL or
// CERT_EXPIRY_WARNING, or DANE_EE_CERT_EXPIRY (WARNING by default) when every
// address that presented it authenticated with DANE-EE.
//
// Defaults follow check_ssl_cert (warn below 20 days, critical below 15), written
// as Monitoring Plugins ranges: `-w 20:` and `-c 15:` ("alert when below").
import { alerts, parseRange, type ThresholdRange } from './threshold-range.ts';
import type { AddressResult, DomainResult, HostResult } from './result.ts';
import type { CertificateSighting } from './diagnostics.ts';

export { commonName } from './diagnostics.ts';
export type { CertificateSighting };

export type ExpiryState = 'ok' | 'warning' | 'critical';

/**
 * Whether DANE checks a certificate's dates, over every place it was presented
 * (the first that applies, in this order):
 * - dane-ta-chain: on the path from the leaf to the DANE-TA anchor of a verified address (RFC 7672 §3.2.2)
 * - not-authenticated: at an address that did not verify; nothing says its dates do not matter
 * - dane-ee: only at addresses DANE-EE authenticated, which ignores dates (RFC 7672 §3.1.1)
 * - beyond-anchor: sent above the DANE-TA anchor (or beside the path), which DANE never checks
 */
export const CERTIFICATE_DATES = ['dane-ta-chain', 'not-authenticated', 'dane-ee', 'beyond-anchor'] as const;
export type CertificateDates = (typeof CERTIFICATE_DATES)[number];

export interface ExpiryThresholds {
  warning: ThresholdRange | null;
  critical: ThresholdRange | null;
}

export const DEFAULT_WARNING_DAYS = '20:';
export const DEFAULT_CRITICAL_DAYS = '15:';

export function defaultExpiryThresholds(): ExpiryThresholds {
  return { warning: parseRange(DEFAULT_WARNING_DAYS), critical: parseRange(DEFAULT_CRITICAL_DAYS) };
}

/** One distinct certificate (by SHA-256 of its DER), wherever it was presented. */
export interface CertificateExpiry {
  sha256: string;
  subject: string;
  notAfter: string;
  /** Whole days left, rounded down (negative once expired); null when notAfter does not parse. */
  daysLeft: number | null;
  state: ExpiryState;
  seenAt: CertificateSighting[];
  /** Whether DANE checks its dates (CERTIFICATE_DATES). */
  dates: CertificateDates;
}

export interface ExpiryReport {
  /** Sorted by days left, soonest first; unparsable dates last. */
  certificates: CertificateExpiry[];
  earliest: CertificateExpiry | null;
  /** The worst state over all certificates. */
  state: ExpiryState;
  thresholds: ExpiryThresholds;
}

const DAY_MS = 86_400_000;

export function daysLeft(notAfter: string, now: Date): number | null {
  const t = Date.parse(notAfter);
  if (Number.isNaN(t)) return null;
  return Math.floor((t - now.getTime()) / DAY_MS);
}

/** Icinga's order: critical first, then warning, else OK. */
export function judgeDays(days: number | null, thresholds: ExpiryThresholds): ExpiryState {
  if (days === null) return 'ok';
  if (thresholds.critical && alerts(thresholds.critical, days)) return 'critical';
  if (thresholds.warning && alerts(thresholds.warning, days)) return 'warning';
  return 'ok';
}

const RANK: Record<ExpiryState, number> = { ok: 0, warning: 1, critical: 2 };

export function worstExpiryState(states: readonly ExpiryState[]): ExpiryState {
  return states.reduce<ExpiryState>((w, s) => (RANK[s] > RANK[w] ? s : w), 'ok');
}

/**
 * One session's chain and how it was judged. An address presents the default
 * session's chain (judged as the address) and, where DANE applies, one chain per
 * other key algorithm it holds (RFC 7671 §5), each judged on its own: a sender
 * whose ClientHello favours that algorithm gets it, so its dates matter as much.
 */
interface PresentedChain {
  session: CertificateSighting['session'];
  keyAlgorithm: CertificateSighting['keyAlgorithm'];
  dane_state: AddressResult['dane_state'] | null;
  match: AddressResult['match'];
  dated_path: AddressResult['dated_path'];
  certificates: AddressResult['certificates'];
}

function chainsOf(a: AddressResult): PresentedChain[] {
  const first = a.certificates_by_algorithm.find((e) => e.session === 'default');
  const asked = a.certificates_by_algorithm.filter((e) => e.session === 'asked' && e.status === 'presented');
  return [
    { session: 'default', keyAlgorithm: first?.key_algorithm ?? null, dane_state: a.dane_state, match: a.match, dated_path: a.dated_path, certificates: a.certificates },
    ...asked.map((e): PresentedChain => ({
      session: 'asked',
      keyAlgorithm: e.key_algorithm,
      dane_state: e.dane_state,
      match: e.match,
      dated_path: e.dated_path,
      certificates: e.certificates,
    })),
  ];
}

/** What one sighting says about a certificate's dates. */
function datesAt(p: PresentedChain, depth: number): CertificateDates {
  if (p.dane_state !== 'verified' || p.dated_path === null) return 'not-authenticated';
  if (p.match?.record?.usage === 3) return 'dane-ee';
  return p.dated_path.includes(depth) ? 'dane-ta-chain' : 'beyond-anchor';
}

function mattersMore(a: CertificateDates, b: CertificateDates): CertificateDates {
  return CERTIFICATE_DATES.indexOf(a) <= CERTIFICATE_DATES.indexOf(b) ? a : b;
}

export function hostsOf(result: DomainResult | HostResult): HostResult[] {
  return 'hosts' in result ? result.hosts : [result];
}

export function evaluateExpiry(result: DomainResult | HostResult, now: Date, thresholds: ExpiryThresholds): ExpiryReport {
  const byHash = new Map<string, CertificateExpiry>();
  for (const host of hostsOf(result)) {
    for (const { a, chain } of host.addresses.flatMap((a) => chainsOf(a).map((chain) => ({ a, chain })))) {
      for (const c of chain.certificates) {
        let entry = byHash.get(c.sha256);
        if (!entry) {
          const days = daysLeft(c.notAfter, now);
          entry = {
            sha256: c.sha256,
            subject: c.subject,
            notAfter: c.notAfter,
            daysLeft: days,
            state: judgeDays(days, thresholds),
            seenAt: [],
            dates: datesAt(chain, c.depth),
          };
          byHash.set(c.sha256, entry);
        }
        entry.seenAt.push({ host: host.hostname, address: a.address, depth: c.depth, session: chain.session, keyAlgorithm: chain.keyAlgorithm });
        entry.dates = mattersMore(entry.dates, datesAt(chain, c.depth));
      }
    }
  }
  const certificates = [...byHash.values()].sort(
    (x, y) => (x.daysLeft ?? Infinity) - (y.daysLeft ?? Infinity) || x.sha256.localeCompare(y.sha256),
  );
  const earliest = certificates.find((c) => c.daysLeft !== null) ?? null;
  return { certificates, earliest, state: worstExpiryState(certificates.map((c) => c.state)), thresholds };
}

/** The earliest days-left among the certificates a host presented (null when none). */
export function earliestDaysForHost(report: ExpiryReport, hostname: string): number | null {
  const c = report.certificates.find((c) => c.daysLeft !== null && c.seenAt.some((s) => s.host === hostname));
  return c?.daysLeft ?? null;
}
