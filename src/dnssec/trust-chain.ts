// The chain of trust from the trust anchors down (RFC 4035 §5): for a name, the
// zone that holds it and that zone's authenticated keys, found by asking DS at
// every label below the anchor (RFC 4035 §5.2: a DS RRset signed by the parent
// leads to the child's DNSKEY RRset; an authenticated denial of DS with NS
// proves an unsigned delegation). Every state is computed once per name and
// every DS/DNSKEY RRset fetched once (the fetcher memoises). Decisions are the
// pure functions of dnssec/core/; this file only fetches and sequences them.
import type { Clock } from '../clock.ts';
import { type DnsName, isAtOrBelow, nameEquals, nameText, namesBetween, parentOf } from '../dns/name.ts';
import { type KeyAuthority, type ZoneKeysVerdict, authenticateDnskeys, nothingUsable } from './core/dnskey-authentication.ts';
import { type DsData, RdataFormatError, readDs } from './core/dnssec-rdata.ts';
import { authenticateDenial, proveDelegation } from './core/denial.ts';
import { type DnssecFinding, finding } from './findings.ts';
import { RR_TYPE, typeName } from '../dns/rr-types.ts';
import { type TrustedZone, verifyRrset } from './core/rrset-verification.ts';
import { findRrset, signedRrsets } from './core/signed-rrsets.ts';
import { type TrustAnchor, anchorPoints } from './trust-anchors.ts';
import { rrsetLabel } from '../dns/wire-record.ts';
import { rcodeName } from '../dns/rcodes.ts';
import type { DnssecFetcher, RawExchangeResult } from './fetcher.ts';
import type { ReadMessage } from '../dns/message-reader.ts';
import type { PathSignature } from './path-signature.ts';

export type ZoneState =
  /**
   * `zone` holds the name; `nameExists` is false when a denial proved the name (and all below) absent.
   * `path`: the RRSIGs that made the zone's keys trusted, its DNSKEY's first, then DS and DNSKEY up to the anchor.
   */
  | { kind: 'secure'; zone: TrustedZone; nameExists: boolean; path: PathSignature[] }
  | { kind: 'insecure' | 'bogus' | 'indeterminate'; finding: DnssecFinding };

export interface TrustChain {
  /** The authenticated zone that holds `name`, or why there is none. */
  stateAt(name: DnsName, signal?: AbortSignal): Promise<ZoneState>;
  /** The keys of the zone whose apex is `signer` (an RRSIG's Signer's Name). */
  keysOf(signer: DnsName, signal?: AbortSignal): Promise<ZoneState>;
}

export interface TrustChainOptions {
  fetcher: DnssecFetcher;
  anchors: readonly TrustAnchor[];
  clock: Clock;
}

const NOERROR = 0;
const NXDOMAIN = 3;

/** The response, or why there is none (an indeterminate finding). */
function usableResponse(result: RawExchangeResult, zone: DnsName, name: DnsName, type: number): ReadMessage | DnssecFinding {
  const label = rrsetLabel(name, type);
  if (result.outcome !== 'answer' || !result.response) {
    return finding('DNSSEC_LOOKUP_FAILED', zone, label, `${typeName(type)} lookup failed: ${result.error ?? result.outcome}`);
  }
  const rcode = result.response.rcode;
  if (rcode !== NOERROR && rcode !== NXDOMAIN) return finding('DNSSEC_LOOKUP_FAILED', zone, label, `${typeName(type)} lookup answered ${rcodeName(rcode)}`);
  return result.response;
}

const failed = (f: DnssecFinding): ZoneState => ({ kind: 'indeterminate', finding: f });
const isFinding = (x: ReadMessage | DnssecFinding): x is DnssecFinding => 'code' in x;

export function createTrustChain(options: TrustChainOptions): TrustChain {
  const { fetcher, clock } = options;
  const points = anchorPoints(options.anchors);
  const states = new Map<string, Promise<ZoneState>>();

  /** The deepest trust anchor at or above the name. */
  const anchorFor = (name: DnsName) =>
    points.filter((p) => isAtOrBelow(name, p.owner)).sort((a, b) => b.owner.length - a.owner.length)[0];

  /** `above`: the RRSIGs that vouch for the authority (the DS's and the parent's path; none for an anchor). */
  async function zoneFromKeys(zone: DnsName, authority: KeyAuthority, above: PathSignature[], signal?: AbortSignal): Promise<ZoneState> {
    const judged = (verdict: ZoneKeysVerdict): ZoneState =>
      verdict.security === 'secure'
        ? { kind: 'secure', zone: verdict.zone, nameExists: true, path: [verdict.signature, ...above] }
        : { kind: verdict.security, finding: verdict.finding };
    if (nothingUsable(authority)) return judged(authenticateDnskeys(zone, authority, null, [], clock.now()));
    const response = usableResponse(await fetcher.fetch(zone, RR_TYPE.DNSKEY, signal), zone, zone, RR_TYPE.DNSKEY);
    if (isFinding(response)) return failed(response);
    const dnskeys = findRrset(signedRrsets(response.answer), zone, RR_TYPE.DNSKEY);
    // A resolver that drops RRSIGs (DO ignored) would make everything look bogus: say so instead.
    if (authority.kind === 'trust-anchor' && dnskeys && dnskeys.rrsigs.length === 0) {
      const detail = `the resolver returned the DNSKEY RRset of ${nameText(zone)} without RRSIG: it does not pass DNSSEC records on`;
      return failed(finding('DNSSEC_NO_DNSSEC_DATA', zone, rrsetLabel(zone, RR_TYPE.DNSKEY), detail));
    }
    return judged(authenticateDnskeys(zone, authority, dnskeys?.rrset ?? null, dnskeys?.rrsigs ?? [], clock.now()));
  }

  /** One label down from the secure zone `zone`: is `child` a signed zone, an unsigned one, or no zone cut? */
  async function step(parent: Extract<ZoneState, { kind: 'secure' }>, child: DnsName, signal?: AbortSignal): Promise<ZoneState> {
    const zone = parent.zone;
    const same: ZoneState = { kind: 'secure', zone, nameExists: true, path: parent.path };
    const label = rrsetLabel(child, RR_TYPE.DS);
    const response = usableResponse(await fetcher.fetch(child, RR_TYPE.DS, signal), zone.name, child, RR_TYPE.DS);
    if (isFinding(response)) return failed(response);
    const answer = signedRrsets(response.answer);
    const ds = findRrset(answer, child, RR_TYPE.DS);
    if (ds) {
      // RFC 4035 §5.2: the DS RRset is authenticated with the parent's keys.
      const verdict = verifyRrset(ds.rrset, ds.rrsigs, zone, clock.now());
      if (verdict.security !== 'secure') return { kind: 'bogus', finding: verdict.finding };
      let records: DsData[];
      try {
        records = ds.rrset.rdatas.map(readDs);
      } catch (error) {
        if (!(error instanceof RdataFormatError)) throw error;
        return { kind: 'bogus', finding: finding('DNSSEC_DS_NO_MATCHING_DNSKEY', zone.name, label, `unreadable DS record: ${error.message}`) };
      }
      return zoneFromKeys(child, { kind: 'parent-ds', ds: records }, [verdict.signature, ...parent.path], signal);
    }
    const alias = findRrset(answer, child, RR_TYPE.CNAME);
    if (alias) {
      // An alias is no zone cut (RFC 2181 §10.1: nothing else at a CNAME owner).
      const verdict = verifyRrset(alias.rrset, alias.rrsigs, zone, clock.now());
      return verdict.security === 'secure' ? same : { kind: 'bogus', finding: verdict.finding };
    }
    const authenticated = authenticateDenial(signedRrsets(response.authority), zone, clock.now());
    if (authenticated.kind === 'bogus') return authenticated;
    const proof = proveDelegation(authenticated.denial, child);
    switch (proof.kind) {
      case 'insecure-delegation':
        return { kind: 'insecure', finding: finding('DNSSEC_INSECURE_DELEGATION', zone.name, label, `${nameText(child)} is delegated from ${nameText(zone.name)} without DS: the zone is unsigned`) };
      case 'no-cut':
        return same;
      case 'nonexistent':
        return { ...same, nameExists: false };
      case 'insecure':
        return { kind: 'insecure', finding: proof.finding };
      case 'unproven':
        return { kind: 'bogus', finding: finding('DNSSEC_NODATA_UNPROVEN', zone.name, label, `no DS, and the denial does not prove why: ${proof.reason}`) };
    }
  }

  function stateAt(name: DnsName, signal?: AbortSignal): Promise<ZoneState> {
    const key = nameText(name);
    const known = states.get(key);
    if (known) return known;
    const computed = (async (): Promise<ZoneState> => {
      const point = anchorFor(name);
      if (!point) {
        return { kind: 'insecure', finding: finding('DNSSEC_OUTSIDE_TRUST_ANCHORS', name, key, `no trust anchor at or above ${key}`) };
      }
      if (nameEquals(name, point.owner)) {
        const ds = point.anchors.filter((a) => a.type === RR_TYPE.DS).map((a) => readDs(a.rdata));
        const dnskeys = point.anchors.filter((a) => a.type === RR_TYPE.DNSKEY).map((a) => a.rdata);
        return zoneFromKeys(name, { kind: 'trust-anchor', ds, dnskeys }, [], signal);
      }
      const parent = await stateAt(parentOf(name), signal);
      if (parent.kind !== 'secure' || !parent.nameExists) return parent;
      return step(parent, name, signal);
    })();
    states.set(key, computed);
    return computed;
  }

  return {
    stateAt,
    async keysOf(signer, signal) {
      // The labels down to a signer are usually all zone cuts: ask for them at once.
      const point = anchorFor(signer);
      if (point) {
        for (const name of namesBetween(point.owner, signer)) void fetcher.fetch(name, RR_TYPE.DS, signal);
        void fetcher.fetch(signer, RR_TYPE.DNSKEY, signal);
      }
      const state = await stateAt(signer, signal);
      if (state.kind !== 'secure' || nameEquals(state.zone.name, signer)) return state;
      const detail = `the RRSIG names ${nameText(signer)} as signer, which is no zone apex (the name is inside ${nameText(state.zone.name)})`;
      return { kind: 'bogus', finding: finding('DNSSEC_RRSIG_SIGNER_MISMATCH', state.zone.name, rrsetLabel(signer, RR_TYPE.DNSKEY), detail) };
    },
  };
}
