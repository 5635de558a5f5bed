// Rollover readiness of one MX host (RFC 7671 §8.1, RFC 7672 §3.1.1): which of
// its usable TLSA records match what the servers present now, which match
// nothing (stale, or pre-published for the next key), and whether the RRset
// survives a change of the leaf key (the rule: dane/rollover-readiness.ts).
import { rolloverReadiness, type RecordRole, type RolloverReason, type RolloverState } from '../dane/rollover-readiness.ts';

export { RECORD_ROLES, ROLLOVER_REASONS, ROLLOVER_STATES } from '../dane/rollover-readiness.ts';
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import type { ParsedChain } from './certificate/x509.ts';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import type { TlsaMatch, TlsaRecord, TlsaText } from './result.ts';
import { associationData } from './tlsa-match.ts';
import { tlsaText } from './tlsa-record.ts';
import { bytesEqual } from './certificate/x509.ts';

export type { RecordRole, RolloverReason, RolloverState };

/** Where a record matched: the address that presented the certificate and its chain depth. */
export interface RecordSighting {
  address: string;
  depth: number;
}

export interface RolloverRecord {
  record: TlsaText;
  role: RecordRole;
  /** Empty for a record that matches nothing presented. */
  matches: RecordSighting[];
}

export interface RolloverReadiness {
  state: RolloverState;
  reason: RolloverReason;
  /** Usable records that match what the servers present. */
  matching: RolloverRecord[];
  /** Usable records that match nothing presented: stale, or pre-published for a key to come. */
  not_matching: RolloverRecord[];
  /** TTL of the TLSA RRset in seconds: the zone's (RRSIG Original TTL) when validated here, else as the resolver answered; null without records. */
  tlsa_ttl: number | null;
}

/** What one address presented, and how its session's match went. */
export interface PresentedChain {
  address: string;
  chain: ParsedChain;
  match: TlsaMatch | null;
}

function sightingsOf(record: TlsaRecord, presented: readonly PresentedChain[]): RecordSighting[] {
  const expected = Buffer.from(record.data, 'hex');
  const sightings: RecordSighting[] = [];
  for (const p of presented) {
    const positions = [...p.chain.certificates, ...p.chain.errors];
    for (const c of positions) {
      const data = associationData(c, record.selector, record.matchingType);
      const seen = sightings.some((s) => s.address === p.address && s.depth === c.depth);
      if (data && bytesEqual(data, expected) && !seen) sightings.push({ address: p.address, depth: c.depth });
    }
    // "2 0 0"/"2 1 0" carry an anchor the server need not send (RFC 7671 §5.2.2): it matched if a session passed with it.
    const passed = p.match?.outcome === 'pass' && p.match.record && tlsaText(p.match.record) === tlsaText(record);
    if (passed && !sightings.some((s) => s.address === p.address)) sightings.push({ address: p.address, depth: p.match!.depth ?? -1 });
  }
  return sightings;
}

/**
 * DANE-EE counts only at the leaf (RFC 7672 §3.1.1), so a DANE-EE record matching
 * an issuer matches nothing that works. A DANE-TA record matching the leaf pins
 * the leaf's key too.
 */
function roleOf(record: TlsaRecord, sightings: readonly RecordSighting[]): RecordRole {
  if (sightings.some((s) => s.depth === 0)) return 'leaf';
  if (record.usage === 2 && sightings.length > 0) return 'issuer';
  return 'unmatched';
}

/**
 * The TLSA RRset's TTL: the zone's own (the RRSIG's Original TTL, RFC 4034 §3.1.4) when this
 * program validated the answer, else as the resolver answered it (a cache counts that down).
 */
export function tlsaRrsetTtl(answer: DnsAnswerEvidence | null): number | null {
  const records = answer?.records.filter((r) => r.data.type === 'TLSA') ?? [];
  if (records.length === 0) return null;
  const label = `${records[0]!.name}/TLSA`.toLowerCase();
  const signed = answer?.validation?.signatures?.find((s) => s.rrset.toLowerCase().replace(/\.\//, '/') === label);
  return signed?.originalTtl ?? Math.min(...records.map((r) => r.ttl));
}

/**
 * Readiness from the usable records (null when DNS alone decided the host, so DANE
 * was never tried) and the chains the addresses presented.
 */
export function evaluateRollover(usable: readonly TlsaRecord[] | null, presented: readonly PresentedChain[], ttl: number | null): RolloverReadiness {
  const shown = presented.filter((p) => p.chain.length > 0);
  // Sorted: resolvers rotate RRsets, and the same RRset must read the same every time.
  const records: RolloverRecord[] = (usable ?? [])
    .map((record) => {
      const matches = sightingsOf(record, shown);
      return { record: tlsaText(record), role: roleOf(record, matches), matches };
    })
    .sort((a, b) => a.record.localeCompare(b.record));
  const ruling = rolloverReadiness(usable === null ? null : records.map((r) => r.role), shown.length > 0);
  return {
    ...ruling,
    matching: records.filter((r) => r.role !== 'unmatched'),
    not_matching: records.filter((r) => r.role === 'unmatched'),
    tlsa_ttl: usable === null ? null : ttl,
  };
}

/** The finding for a host whose key change would break DANE mail; none otherwise. */
export function rolloverDiagnostics(host: string, r: RolloverReadiness): Diagnostic[] {
  if (r.state !== 'not-ready' || (r.reason !== 'single-record' && r.reason !== 'leaf-only')) return [];
  const usable = r.matching.length + r.not_matching.length;
  return [diagnostic('TLSA_ROLLOVER_NOT_READY', { host, reason: r.reason, usable, ttl: r.tlsa_ttl }, { host })];
}

const REASON_TEXT: Record<RolloverReason, string> = {
  'issuer-record': 'a DANE-TA record names an issuer, so a new leaf key still matches',
  'next-key-published': 'a usable record matches no key presented now: a pre-published next key (or a stale one)',
  'single-record': 'only one usable TLSA record',
  'leaf-only': 'every usable TLSA record pins a leaf key in use now',
  'dane-not-applicable': 'no usable TLSA records to judge',
  'nothing-presented': 'no address presented a certificate',
  'nothing-matches': 'no usable TLSA record matches what the server presents now',
};

/** Why the host is (not) ready, in words. */
export function rolloverReasonText(reason: RolloverReason): string {
  return REASON_TEXT[reason];
}
