// Days until every presented certificate expires, judged against -w/-c ranges.
// DANE-EE (usage 3) ignores certificate dates (RFC 7672 §3.1.1), so an expiring
// leaf does not break DANE; operators still want to hear about it before some
// other client (or a later switch to DANE-TA) does. Hence these findings raise
// WARNING/CRITICAL on their own and their text says when DANE ignores the dates.
//
// Defaults follow check_ssl_cert (warn below 20 days, critical below 15), written
// as Monitoring Plugins ranges: `-w 20:` and `-c 15:` ("alert when below").
import { alerts, parseRange, type ThresholdRange } from './threshold-range.ts';
import type { AddressResult, DomainResult, HostResult } from './result.ts';

export type ExpiryState = 'ok' | 'warning' | 'critical';

export interface ExpiryThresholds {
  warning: ThresholdRange | null;
  critical: ThresholdRange | null;
}

export const DEFAULT_WARNING_DAYS = '20:';
export const DEFAULT_CRITICAL_DAYS = '15:';

export function defaultExpiryThresholds(): ExpiryThresholds {
  return { warning: parseRange(DEFAULT_WARNING_DAYS), critical: parseRange(DEFAULT_CRITICAL_DAYS) };
}

/** One place a certificate was presented. */
export interface CertificateSighting {
  host: string;
  address: string;
  depth: number;
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
  /** Every address that presented it authenticated through DANE-EE, which ignores dates. */
  daneIgnoresDates: boolean;
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

function daneEe(a: AddressResult): boolean {
  return a.match?.outcome === 'pass' && a.match.record?.usage === 3;
}

export function hostsOf(result: DomainResult | HostResult): HostResult[] {
  return 'hosts' in result ? result.hosts : [result];
}

export function evaluateExpiry(result: DomainResult | HostResult, now: Date, thresholds: ExpiryThresholds): ExpiryReport {
  const byHash = new Map<string, CertificateExpiry>();
  for (const host of hostsOf(result)) {
    for (const a of host.addresses) {
      for (const c of a.certificates) {
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
            daneIgnoresDates: true,
          };
          byHash.set(c.sha256, entry);
        }
        entry.seenAt.push({ host: host.hostname, address: a.address, depth: c.depth });
        if (!daneEe(a)) entry.daneIgnoresDates = false;
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

/** The subject's CN for display, else the whole subject. */
export function commonName(subject: string): string {
  const m = /(?:^|,\s*)CN\s*=\s*([^,]+)/.exec(subject);
  return m ? m[1]!.trim() : subject;
}

function when(days: number): string {
  if (days < 0) return `expired ${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'expires within a day';
  return `expires in ${days} day${days === 1 ? '' : 's'}`;
}

/** For a status line: "certificate of mx1.example.org expires in 10 days (DANE-EE ignores dates)". */
export function expiryBrief(c: CertificateExpiry): string {
  const cn = commonName(c.subject);
  const host = c.seenAt[0]?.host;
  const which = host === undefined ? cn : cn === host ? `of ${host}` : `${cn} at ${host}`;
  const days = c.daysLeft === null ? `has an unreadable expiry date` : when(c.daysLeft);
  return `certificate ${which} ${days}${c.daneIgnoresDates ? ' (DANE-EE ignores dates)' : ''}`;
}

/** "certificate mx1.example.org (depth 0 at mx1.example.org 192.0.2.1) expires in 10 days (2025-06-01); ..." */
export function expiryMessage(c: CertificateExpiry): string {
  const first = c.seenAt[0];
  const where = first
    ? ` (depth ${first.depth} at ${first.host} ${first.address}${c.seenAt.length > 1 ? ` and ${c.seenAt.length - 1} more` : ''})`
    : '';
  const date = c.notAfter.slice(0, 10);
  const days = c.daysLeft === null ? `has an unreadable expiry date ${c.notAfter}` : `${when(c.daysLeft)} (${date})`;
  const dane = c.daneIgnoresDates ? '; DANE-EE ignores dates, mail still flows' : '';
  return `certificate ${commonName(c.subject)}${where} ${days}${dane}`;
}
