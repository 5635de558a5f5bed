// Resource records as the validator handles them: owner and RDATA in canonical
// form (RFC 4034 §6.2), ready to be ordered and hashed into signature input.
import { type DnsName, nameEquals, nameText } from './name.ts';
import { typeName } from './rr-types.ts';

export interface WireRecord {
  owner: DnsName;
  type: number;
  class: number;
  ttl: number;
  /** Names expanded from compression, lower-cased where RDATA_LAYOUT says (RFC 4034 §6.2). */
  rdata: Buffer;
}

/** One RR to write in wire form, its owner already in (uncompressed) wire form. */
export interface RecordToWrite {
  ownerWire: Uint8Array;
  type: number;
  class: number;
  ttl: number;
  rdata: Uint8Array;
}

/** Octets of an RR in wire form: owner, TYPE, CLASS, TTL, RDLENGTH, RDATA (RFC 1035 §3.2.1). */
export function recordWireLength(record: Pick<RecordToWrite, 'ownerWire' | 'rdata'>): number {
  return record.ownerWire.length + 10 + record.rdata.length;
}

/**
 * Writes an RR at `offset` of `out`; returns the offset after it. The integers go through
 * a DataView of `out`, not Buffer's write methods, whose argument checks would run for
 * every field of hundreds of records (docs/performance.md, F7).
 */
export function writeRecordWire(out: Uint8Array, view: DataView, offset: number, record: RecordToWrite): number {
  out.set(record.ownerWire, offset);
  offset += record.ownerWire.length;
  view.setUint16(offset, record.type);
  view.setUint16(offset + 2, record.class);
  view.setUint32(offset + 4, record.ttl);
  view.setUint16(offset + 8, record.rdata.length);
  out.set(record.rdata, offset + 10);
  return offset + 10 + record.rdata.length;
}

/** A DataView over exactly the bytes of `bytes`. */
export function dataViewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** RFC 2181 §5: the records sharing owner, class and type. */
export interface Rrset {
  owner: DnsName;
  type: number;
  class: number;
  ttl: number;
  rdatas: Buffer[];
}

/** Groups records into RRsets in order of first appearance; identical RDATA is kept once (RFC 2181 §5). */
export function groupRrsets(records: readonly WireRecord[]): Rrset[] {
  const sets: Rrset[] = [];
  for (const record of records) {
    const found = sets.find((s) => s.type === record.type && s.class === record.class && nameEquals(s.owner, record.owner));
    if (!found) {
      sets.push({ owner: record.owner, type: record.type, class: record.class, ttl: record.ttl, rdatas: [record.rdata] });
    } else if (!found.rdatas.some((r) => r.equals(record.rdata))) {
      found.rdatas.push(record.rdata);
      found.ttl = Math.min(found.ttl, record.ttl);
    }
  }
  return sets;
}

/** "mx.example.org/MX": how findings name an RRset. */
export function rrsetLabel(owner: DnsName, type: number): string {
  return `${nameText(owner)}/${typeName(type)}`;
}
