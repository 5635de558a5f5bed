// Resource records as the validator handles them: owner and RDATA in canonical
// form (RFC 4034 §6.2), ready to be ordered and hashed into signature input.
import { type DnsName, nameEquals, nameText } from './dns-name.ts';
import { typeName } from './rr-types.ts';

export interface WireRecord {
  owner: DnsName;
  type: number;
  class: number;
  ttl: number;
  /** Names expanded from compression, lower-cased where RDATA_LAYOUT says (RFC 4034 §6.2). */
  rdata: Buffer;
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
