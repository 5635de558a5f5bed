// Denial of existence with NSEC3 (RFC 5155 §8): hashed owner names, the closest
// encloser proof (§8.3), NXDOMAIN (§8.4), NODATA (§8.5, §8.7), DS and opt-out
// (§8.6) and wildcard answers (§8.8). RFC 9276 §3.2 lets a validator treat
// NSEC3 records with many iterations as insecure; the limit here is 150, the
// one unbound and BIND apply, so that the verdicts agree.
import { type DnsName, isBelow, nameText, suffixOf, wildcardOf } from '../../dns/name.ts';
import type { DelegationProof, DenialProof } from './denial-outcome.ts';
import { NSEC3_OPT_OUT, type Nsec3Data } from './dnssec-rdata.ts';
import { type DnssecFinding, finding } from '../findings.ts';
import { NSEC3_SHA1, base32hexDecode, nsec3Hash } from './nsec3-hash.ts';
import { RR_TYPE, typeName } from '../../dns/rr-types.ts';
import { rrsetLabel } from '../../dns/wire-record.ts';

export const MAX_NSEC3_ITERATIONS = 150;

export interface Nsec3Record {
  owner: DnsName;
  data: Nsec3Data;
}

interface UsableNsec3 extends Nsec3Record {
  hash: Buffer;
}

export type Nsec3Set =
  | { kind: 'usable'; zone: DnsName; records: UsableNsec3[] }
  | { kind: 'insecure'; finding: DnssecFinding };

/**
 * RFC 5155 §8.1–§8.2: only NSEC3 records of the zone (one hashed label above the
 * apex), hash algorithm 1 and flags 0 or 1 count. None left: insecure (§8.1).
 * RFC 9276 §3.2: more than MAX_NSEC3_ITERATIONS iterations: insecure.
 */
export function usableNsec3(zone: DnsName, records: readonly Nsec3Record[]): Nsec3Set {
  const usable: UsableNsec3[] = [];
  for (const r of records) {
    if (r.owner.length !== zone.length + 1 || !isBelow(r.owner, zone)) continue;
    if (r.data.hashAlgorithm !== NSEC3_SHA1 || (r.data.flags & ~NSEC3_OPT_OUT) !== 0) continue;
    const hash = base32hexDecode(r.owner[0]!.toString('latin1'));
    if (!hash || hash.length !== r.data.nextHash.length) continue;
    usable.push({ ...r, hash });
  }
  const label = records[0] ? rrsetLabel(records[0].owner, RR_TYPE.NSEC3) : `${nameText(zone)}/NSEC3`;
  if (usable.length === 0) {
    return { kind: 'insecure', finding: finding('DNSSEC_UNSUPPORTED_ALGORITHM', zone, label, 'no NSEC3 record with a hash algorithm and flags this validator knows') };
  }
  const costly = usable.find((r) => r.data.iterations > MAX_NSEC3_ITERATIONS);
  if (costly) {
    return {
      kind: 'insecure',
      finding: finding('DNSSEC_NSEC3_ITERATIONS_TOO_HIGH', zone, rrsetLabel(costly.owner, RR_TYPE.NSEC3), `${costly.data.iterations} iterations, more than ${MAX_NSEC3_ITERATIONS}: the denial is not checked and the answer counts as unsigned`),
    };
  }
  return { kind: 'usable', zone, records: usable };
}

const has = (r: Nsec3Record, type: number) => r.data.types.has(type);

function hashFor(r: UsableNsec3, name: DnsName): Buffer {
  return nsec3Hash(name, r.data.salt, r.data.iterations);
}

function matching(set: UsableNsec3[], name: DnsName): UsableNsec3 | undefined {
  return set.find((r) => hashFor(r, name).equals(r.hash));
}

/** RFC 5155 §3.1.7: owner hash < hash < next hash, the last record wrapping around. */
function covering(set: UsableNsec3[], name: DnsName): UsableNsec3 | undefined {
  return set.find((r) => {
    const h = hashFor(r, name);
    const afterOwner = Buffer.compare(h, r.hash) > 0;
    const beforeNext = Buffer.compare(h, r.data.nextHash) < 0;
    return Buffer.compare(r.data.nextHash, r.hash) <= 0 ? afterOwner || beforeNext : afterOwner && beforeNext;
  });
}

interface EncloserProof {
  encloser: DnsName;
  nextCloser: DnsName;
  nextCloserCover: UsableNsec3;
}

/**
 * RFC 5155 §8.3: the closest encloser has a matching NSEC3 and the next closer
 * name is covered. The encloser must be no delegation point or DNAME (RFC 5155
 * §8.3, RFC 6840 §4.1): names below those belong elsewhere.
 */
function closestEncloserProof(set: UsableNsec3[], zone: DnsName, qname: DnsName): EncloserProof | string {
  for (let length = qname.length - 1; length >= zone.length; length--) {
    const candidate = suffixOf(qname, length);
    const match = matching(set, candidate);
    if (!match) continue;
    if ((has(match, RR_TYPE.NS) && !has(match, RR_TYPE.SOA)) || has(match, RR_TYPE.DNAME)) {
      return `the closest encloser ${nameText(candidate)} is a delegation or DNAME`;
    }
    const nextCloser = suffixOf(qname, length + 1);
    const cover = covering(set, nextCloser);
    if (!cover) return `no NSEC3 covers the next closer name ${nameText(nextCloser)}`;
    return { encloser: candidate, nextCloser, nextCloserCover: cover };
  }
  return `no NSEC3 matches an ancestor of ${nameText(qname)}`;
}

const optOut = (r: Nsec3Record) => (r.data.flags & NSEC3_OPT_OUT) !== 0;

function optOutInsecure(zone: DnsName, cover: UsableNsec3, name: DnsName): { kind: 'insecure'; finding: DnssecFinding } {
  const detail = `the opt-out NSEC3 covering ${nameText(name)} allows an unsigned delegation there`;
  return { kind: 'insecure', finding: finding('DNSSEC_NSEC3_OPT_OUT', zone, rrsetLabel(cover.owner, RR_TYPE.NSEC3), detail) };
}

/** RFC 5155 §8.4 (opt-out: insecure, as unbound and BIND treat it). */
export function nsec3ProvesNxdomain(set: Extract<Nsec3Set, { kind: 'usable' }>, qname: DnsName): DenialProof {
  if (matching(set.records, qname)) return { kind: 'unproven', reason: `an NSEC3 matches ${nameText(qname)}: the name exists` };
  const proof = closestEncloserProof(set.records, set.zone, qname);
  if (typeof proof === 'string') return { kind: 'unproven', reason: proof };
  const wildcard = wildcardOf(proof.encloser);
  if (!covering(set.records, wildcard)) return { kind: 'unproven', reason: `no NSEC3 covers the wildcard ${nameText(wildcard)}` };
  if (optOut(proof.nextCloserCover)) return optOutInsecure(set.zone, proof.nextCloserCover, proof.nextCloser);
  return { kind: 'proven' };
}

/** RFC 5155 §8.5 (exact match) and §8.7 (wildcard NODATA). */
export function nsec3ProvesNodata(set: Extract<Nsec3Set, { kind: 'usable' }>, qname: DnsName, qtype: number): DenialProof {
  const exact = matching(set.records, qname);
  if (exact) {
    if (has(exact, qtype) || has(exact, RR_TYPE.CNAME)) return { kind: 'unproven', reason: `the NSEC3 of ${nameText(qname)} lists ${has(exact, qtype) ? typeName(qtype) : 'CNAME'}` };
    if (qtype !== RR_TYPE.DS && has(exact, RR_TYPE.NS) && !has(exact, RR_TYPE.SOA)) {
      return { kind: 'unproven', reason: `the NSEC3 of ${nameText(qname)} is the parent side of a delegation` };
    }
    return { kind: 'proven' };
  }
  const proof = closestEncloserProof(set.records, set.zone, qname);
  if (typeof proof === 'string') return { kind: 'unproven', reason: `no NSEC3 matches ${nameText(qname)} (${proof})` };
  const wildcard = wildcardOf(proof.encloser);
  const source = matching(set.records, wildcard);
  if (!source) {
    // RFC 5155 §8.6 applies to DS only; any other NODATA needs a match.
    if (qtype === RR_TYPE.DS && optOut(proof.nextCloserCover)) return optOutInsecure(set.zone, proof.nextCloserCover, proof.nextCloser);
    return { kind: 'unproven', reason: `no NSEC3 matches ${nameText(qname)} or the wildcard ${nameText(wildcard)}` };
  }
  if (has(source, qtype) || has(source, RR_TYPE.CNAME)) return { kind: 'unproven', reason: `the NSEC3 of ${nameText(wildcard)} lists ${typeName(qtype)}` };
  return { kind: 'proven' };
}

/** RFC 5155 §8.8: a wildcard answer needs the next closer name (below the encloser) covered (opt-out: insecure). */
export function nsec3ProvesNoCloserMatch(set: Extract<Nsec3Set, { kind: 'usable' }>, qname: DnsName, encloser: DnsName): DenialProof {
  const nextCloser = suffixOf(qname, encloser.length + 1);
  const cover = covering(set.records, nextCloser);
  if (!cover) return { kind: 'unproven', reason: `no NSEC3 covers the next closer name ${nameText(nextCloser)}` };
  // As for NXDOMAIN: an opt-out span may hide an unsigned delegation, so the expansion is not proven secure.
  if (optOut(cover)) return optOutInsecure(set.zone, cover, nextCloser);
  return { kind: 'proven' };
}

/** RFC 5155 §8.6 and RFC 4035 §5.2: what the denial of a DS query says about a zone cut at `name`. */
export function nsec3Delegation(set: Extract<Nsec3Set, { kind: 'usable' }>, name: DnsName): DelegationProof {
  const exact = matching(set.records, name);
  if (exact) {
    if (has(exact, RR_TYPE.DS)) return { kind: 'unproven', reason: `the NSEC3 of ${nameText(name)} lists DS` };
    if (has(exact, RR_TYPE.SOA)) return { kind: 'unproven', reason: `the NSEC3 of ${nameText(name)} is from the child zone, not the parent` };
    return has(exact, RR_TYPE.NS) ? { kind: 'insecure-delegation' } : { kind: 'no-cut' };
  }
  const proof = closestEncloserProof(set.records, set.zone, name);
  if (typeof proof === 'string') return { kind: 'unproven', reason: proof };
  if (optOut(proof.nextCloserCover)) return optOutInsecure(set.zone, proof.nextCloserCover, proof.nextCloser);
  return { kind: 'nonexistent' };
}

