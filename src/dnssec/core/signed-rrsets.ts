// A response section as RRsets, each with the RRSIGs that cover it (same owner
// and class, Type Covered = its type; RFC 4034 §3). Unreadable RRSIGs are left
// out: they could not have verified anyway.
import { nameEquals } from '../../dns/name.ts';
import { type RrsigData, RdataFormatError, readRrsig } from './dnssec-rdata.ts';
import { RR_TYPE } from '../../dns/rr-types.ts';
import { type Rrset, type WireRecord, groupRrsets } from '../../dns/wire-record.ts';

export interface SignedRrset {
  rrset: Rrset;
  rrsigs: RrsigData[];
}

function readable(rdata: Buffer): RrsigData | null {
  try {
    return readRrsig(rdata);
  } catch (error) {
    if (error instanceof RdataFormatError) return null;
    throw error;
  }
}

export function signedRrsets(records: readonly WireRecord[]): SignedRrset[] {
  const signatures = records.filter((r) => r.type === RR_TYPE.RRSIG);
  return groupRrsets(records.filter((r) => r.type !== RR_TYPE.RRSIG)).map((rrset) => ({
    rrset,
    rrsigs: signatures
      .filter((s) => s.class === rrset.class && nameEquals(s.owner, rrset.owner))
      .map((s) => readable(s.rdata))
      .filter((s): s is RrsigData => s !== null && s.typeCovered === rrset.type),
  }));
}

export function findRrset(sets: readonly SignedRrset[], owner: Rrset['owner'], type: number): SignedRrset | undefined {
  return sets.find((s) => s.rrset.type === type && nameEquals(s.rrset.owner, owner));
}
