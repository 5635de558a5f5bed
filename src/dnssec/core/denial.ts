// Authenticated denial of existence for one zone: authenticate the NSEC or
// NSEC3 RRsets of a response with the zone's keys (RFC 4035 §5.4: each is an
// RRset like any other), then ask NSEC (RFC 4035) or NSEC3 (RFC 5155) for the
// proof the answer needs.
import { type DnsName, isAtOrBelow, nameEquals } from '../../dns/name.ts';
import type { DelegationProof, DenialProof } from './denial-outcome.ts';
import { RdataFormatError, readNsec, readNsec3 } from './dnssec-rdata.ts';
import type { DnssecFinding } from '../findings.ts';
import { type NsecRecord, nsecDelegation, nsecProvesNoCloserMatch, nsecProvesNodata, nsecProvesNxdomain } from './nsec-denial.ts';
import { type Nsec3Record, nsec3Delegation, nsec3ProvesNoCloserMatch, nsec3ProvesNodata, nsec3ProvesNxdomain, usableNsec3 } from './nsec3-denial.ts';
import { RR_TYPE } from '../../dns/rr-types.ts';
import { type TrustedZone, verifyRrset } from './rrset-verification.ts';
import type { SignedRrset } from './signed-rrsets.ts';
import type { PathSignature } from '../path-signature.ts';

export interface Denial {
  zone: DnsName;
  /** The RRSIG that authenticated each NSEC/NSEC3 RRset. */
  signatures: PathSignature[];
  nsec: NsecRecord[];
  nsec3: Nsec3Record[];
}

export type DenialAuthentication = { kind: 'authenticated'; denial: Denial } | { kind: 'bogus'; finding: DnssecFinding };

const isDenialType = (type: number) => type === RR_TYPE.NSEC || type === RR_TYPE.NSEC3;

/** The NSEC/NSEC3 RRsets of a section signed by `signer` (a zone at or above their owners). */
export function denialRrsetsBy(section: readonly SignedRrset[], signer: DnsName): SignedRrset[] {
  return section.filter((s) => isDenialType(s.rrset.type) && isAtOrBelow(s.rrset.owner, signer) && s.rrsigs.some((r) => nameEquals(r.signer, signer)));
}

/** Every signer named by the NSEC/NSEC3 RRsets of a section. */
export function denialSigners(section: readonly SignedRrset[]): DnsName[] {
  const signers: DnsName[] = [];
  for (const s of section) {
    if (!isDenialType(s.rrset.type)) continue;
    for (const r of s.rrsigs) if (isAtOrBelow(s.rrset.owner, r.signer) && !signers.some((n) => nameEquals(n, r.signer))) signers.push(r.signer);
  }
  return signers;
}

export function hasDenialRecords(section: readonly SignedRrset[]): boolean {
  return section.some((s) => isDenialType(s.rrset.type));
}

/** RFC 4035 §5.4: every NSEC/NSEC3 RRset used must itself be authentic. */
export function authenticateDenial(section: readonly SignedRrset[], zone: TrustedZone, now: Date): DenialAuthentication {
  const denial: Denial = { zone: zone.name, signatures: [], nsec: [], nsec3: [] };
  for (const s of denialRrsetsBy(section, zone.name)) {
    const verdict = verifyRrset(s.rrset, s.rrsigs.filter((r) => nameEquals(r.signer, zone.name)), zone, now);
    if (verdict.security !== 'secure') return { kind: 'bogus', finding: verdict.finding };
    denial.signatures.push(verdict.signature);
    try {
      for (const rdata of s.rrset.rdatas) {
        if (s.rrset.type === RR_TYPE.NSEC) denial.nsec.push({ owner: s.rrset.owner, data: readNsec(rdata) });
        else denial.nsec3.push({ owner: s.rrset.owner, data: readNsec3(rdata) });
      }
    } catch (error) {
      if (!(error instanceof RdataFormatError)) throw error;
      // An unreadable record proves nothing; the proof below fails without it.
    }
  }
  return { kind: 'authenticated', denial };
}

/** NXDOMAIN or NODATA for (qname, qtype). */
export function proveDenial(kind: 'nxdomain' | 'nodata', denial: Denial, qname: DnsName, qtype: number): DenialProof {
  if (denial.nsec.length > 0) return kind === 'nxdomain' ? nsecProvesNxdomain(denial.nsec, qname) : nsecProvesNodata(denial.nsec, qname, qtype);
  if (denial.nsec3.length === 0) return { kind: 'unproven', reason: 'no NSEC or NSEC3 records' };
  const set = usableNsec3(denial.zone, denial.nsec3);
  if (set.kind === 'insecure') return set;
  return kind === 'nxdomain' ? nsec3ProvesNxdomain(set, qname) : nsec3ProvesNodata(set, qname, qtype);
}

/** For a wildcard answer: qname itself does not exist below `encloser` (RFC 4035 §5.3.4, RFC 5155 §8.8). */
export function proveNoCloserMatch(denial: Denial, qname: DnsName, encloser: DnsName): DenialProof {
  if (denial.nsec.length > 0) return nsecProvesNoCloserMatch(denial.nsec, qname, encloser);
  if (denial.nsec3.length === 0) return { kind: 'unproven', reason: 'no NSEC or NSEC3 records prove the wildcard expansion' };
  const set = usableNsec3(denial.zone, denial.nsec3);
  if (set.kind === 'insecure') return set;
  return nsec3ProvesNoCloserMatch(set, qname, encloser);
}

/** What the denial of a DS query says about a zone cut at `name`. */
export function proveDelegation(denial: Denial, name: DnsName): DelegationProof {
  if (denial.nsec.length > 0) return nsecDelegation(denial.nsec, name);
  if (denial.nsec3.length === 0) return { kind: 'unproven', reason: 'no NSEC or NSEC3 records' };
  const set = usableNsec3(denial.zone, denial.nsec3);
  if (set.kind === 'insecure') return set;
  return nsec3Delegation(set, name);
}
