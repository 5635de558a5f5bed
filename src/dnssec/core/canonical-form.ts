// Signature input (RFC 4034 §3.1.8.1): the RRSIG RDATA without its signature,
// then every RR of the RRset in canonical form (RFC 4034 §6.2) and canonical
// order (§6.3), each with the RRSIG's Original TTL.
import { type DnsName, nameWire, suffixOf, wildcardOf } from '../../dns/name.ts';
import type { RrsigData } from './dnssec-rdata.ts';
import { dataViewOf, recordWireLength, type Rrset, writeRecordWire } from '../../dns/wire-record.ts';

/** RFC 4034 §6.3: RRs sorted by RDATA as left-justified octet strings; duplicates removed (RFC 2181 §5). */
export function canonicalRdataOrder(rdatas: readonly Buffer[]): Buffer[] {
  const sorted = [...rdatas].sort(Buffer.compare);
  return sorted.filter((rdata, i) => i === 0 || !rdata.equals(sorted[i - 1]!));
}

/**
 * The owner to sign with: the owner itself, or, when the RRSIG Labels field is
 * smaller than the owner's label count, the wildcard it was expanded from
 * (RFC 4035 §5.3.2: "*." and the rightmost Labels labels).
 */
export function signedOwner(owner: DnsName, labels: number): DnsName {
  return labels < owner.length ? wildcardOf(suffixOf(owner, labels)) : owner;
}

/** The octets the signature covers, written into one buffer. */
export function signatureInput(rrsig: RrsigData, rrset: Rrset): Buffer {
  const ownerWire = nameWire(signedOwner(rrset.owner, rrsig.labels));
  const records = canonicalRdataOrder(rrset.rdatas).map((rdata) => ({ ownerWire, type: rrset.type, class: rrset.class, ttl: rrsig.originalTtl, rdata }));
  const out = Buffer.allocUnsafe(records.reduce((size, r) => size + recordWireLength(r), rrsig.signedPrefix.length));
  const view = dataViewOf(out);
  out.set(rrsig.signedPrefix, 0);
  records.reduce((offset, r) => writeRecordWire(out, view, offset, r), rrsig.signedPrefix.length);
  return out;
}
