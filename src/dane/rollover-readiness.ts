// Can the host change its key without breaking DANE mail? RFC 7671 §8.1 and
// RFC 7672 §3.1.1: a TLSA RRset whose usable records all pin the key the server
// uses now breaks the day that key changes (senders cache the old RRset for its
// TTL). Safe schemes publish "current + next" (a second DANE-EE record for the
// key to come) or "current + issuer" (a DANE-TA record for the issuing CA).
// Pure: the verdict decides which role each record plays (rollover.ts).

/** How one usable TLSA record relates to what the server presents now. */
export const RECORD_ROLES = [
  'leaf', // matches a leaf key (or certificate) the server presents: tied to the current key
  'issuer', // DANE-TA matching a certificate above the leaf: survives a new leaf key
  'unmatched', // matches nothing the server presents: stale, or a pre-published next key
] as const;
export type RecordRole = (typeof RECORD_ROLES)[number];

export const ROLLOVER_STATES = ['ready', 'not-ready', 'n/a'] as const;
export type RolloverState = (typeof ROLLOVER_STATES)[number];

export const ROLLOVER_REASONS = [
  'issuer-record', // ready: a DANE-TA record names an issuer, not the leaf key
  'next-key-published', // ready: a usable record matches nothing presented, e.g. the next key
  'single-record', // not-ready: only one usable record
  'leaf-only', // not-ready: every usable record pins a key the server uses now
  'dane-not-applicable', // n/a: no usable TLSA records (or the DNS alone decided the host)
  'nothing-presented', // n/a: no address presented a certificate, so "current" is unknown
  'nothing-matches', // n/a: no usable record matches what the server presents: it fails now
] as const;
export type RolloverReason = (typeof ROLLOVER_REASONS)[number];

export interface RolloverRuling {
  state: RolloverState;
  reason: RolloverReason;
}

/**
 * The rule: ready needs more than one usable record and at least one not tied to
 * the current leaf key. `roles` are the usable records' roles; null when DANE
 * does not apply; `presented` is whether any address showed a certificate.
 */
export function rolloverReadiness(roles: readonly RecordRole[] | null, presented: boolean): RolloverRuling {
  if (roles === null || roles.length === 0) return { state: 'n/a', reason: 'dane-not-applicable' };
  if (!presented) return { state: 'n/a', reason: 'nothing-presented' };
  if (roles.every((r) => r === 'unmatched')) return { state: 'n/a', reason: 'nothing-matches' };
  if (roles.length === 1) return { state: 'not-ready', reason: 'single-record' };
  if (roles.includes('issuer')) return { state: 'ready', reason: 'issuer-record' };
  if (roles.includes('unmatched')) return { state: 'ready', reason: 'next-key-published' };
  return { state: 'not-ready', reason: 'leaf-only' };
}
