// Test helper: records in presentation format (one per line, parentheses and
// comments already removed) → canonical WireRecords, by way of dns-packet's
// encoders and the validator's own message reader, so tests exercise the same
// path as real responses.
import dnsPacket from 'dns-packet';
import { readMessage } from '../../../src/dns/message-reader.ts';
import type { WireRecord } from '../../../src/dns/wire-record.ts';
import { groupRrsets, type Rrset } from '../../../src/dns/wire-record.ts';
import { base32hexDecode } from '../../../src/dnssec/core/nsec3-hash.ts';

/** YYYYMMDDHHmmSS or plain seconds (RFC 4034 §3.2). */
export function rrsigTime(text: string): number {
  if (/^[0-9]{14}$/.test(text)) {
    const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(8, 10)}:${text.slice(10, 12)}:${text.slice(12, 14)}Z`;
    return Math.floor(Date.parse(iso) / 1000) >>> 0;
  }
  return Number(text) >>> 0;
}

function rdataOf(type: string, f: string[]): unknown {
  switch (type) {
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'NS':
    case 'DNAME':
      return f[0];
    case 'MX':
      return { preference: Number(f[0]), exchange: f[1] };
    case 'TXT':
      return f.join(' ').replace(/^"|"$/g, '');
    case 'SOA':
      return { mname: f[0], rname: f[1], serial: +f[2]!, refresh: +f[3]!, retry: +f[4]!, expire: +f[5]!, minimum: +f[6]! };
    case 'TLSA':
      return { usage: +f[0]!, selector: +f[1]!, matchingType: +f[2]!, certificate: Buffer.from(f.slice(3).join(''), 'hex') };
    case 'DNSKEY':
      return { flags: +f[0]!, algorithm: +f[2]!, key: Buffer.from(f.slice(3).join(''), 'base64') };
    case 'DS':
      return { keyTag: +f[0]!, algorithm: +f[1]!, digestType: +f[2]!, digest: Buffer.from(f.slice(3).join(''), 'hex') };
    case 'RRSIG':
      return {
        typeCovered: f[0],
        algorithm: +f[1]!,
        labels: +f[2]!,
        originalTTL: +f[3]!,
        expiration: rrsigTime(f[4]!),
        inception: rrsigTime(f[5]!),
        keyTag: +f[6]!,
        signersName: f[7],
        signature: Buffer.from(f.slice(8).join(''), 'base64'),
      };
    case 'NSEC':
      return { nextDomain: f[0], rrtypes: f.slice(1) };
    case 'NSEC3':
      return {
        algorithm: +f[0]!,
        flags: +f[1]!,
        iterations: +f[2]!,
        salt: f[3] === '-' ? Buffer.alloc(0) : Buffer.from(f[3]!, 'hex'),
        nextDomain: base32hexDecode(f[4]!),
        rrtypes: f.slice(5),
      };
    default:
      throw new Error(`zone-text: no test encoder for ${type}`);
  }
}

export function records(text: string): WireRecord[] {
  const answers = text
    .split('\n')
    .map((l) => l.replace(/;.*$/, '').trim())
    .filter(Boolean)
    .map((line) => {
      const [name, ttl, klass, type, ...fields] = line.split(/\s+/);
      if (klass !== 'IN') throw new Error(`zone-text: need "owner ttl IN type ...": ${line}`);
      return { name: name!, ttl: Number(ttl), class: 'IN', type: type!, data: rdataOf(type!, fields) } as dnsPacket.Answer;
    });
  const message = dnsPacket.encode({ type: 'response', id: 1, flags: 0, questions: [], answers });
  return readMessage(message).answer;
}

export function rrset(text: string, type: number): Rrset {
  const found = groupRrsets(records(text)).find((s) => s.type === type);
  if (!found) throw new Error(`zone-text: no RRset of type ${type}`);
  return found;
}
