// The RDATA of the DNSSEC record types, read from canonical RDATA: DNSKEY and
// RRSIG (RFC 4034 §2.1, §3.1), DS (RFC 4034 §5.1), NSEC (RFC 4034 §4.1) and
// NSEC3 (RFC 5155 §3.2). Read by hand rather than with dns-packet so that names
// keep their exact octets and type bitmaps keep codes dns-packet has no name for.
import { type DnsName, lowerCopy } from '../../dns/name.ts';

export class RdataFormatError extends Error {
  override readonly name = 'RdataFormatError';
}

export interface DnskeyData {
  flags: number;
  protocol: number;
  algorithm: number;
  publicKey: Buffer;
}

/** RFC 4034 §2.1.1: bit 7 (0x0100) is the Zone Key flag. */
export const DNSKEY_ZONE_KEY = 0x0100;

export interface RrsigData {
  typeCovered: number;
  algorithm: number;
  labels: number;
  originalTtl: number;
  /** Seconds since 1970, modulo 2^32 (RFC 4034 §3.1.5). */
  expiration: number;
  inception: number;
  keyTag: number;
  signer: DnsName;
  signature: Buffer;
  /** The RDATA without the Signature field: the start of the signed data (RFC 4034 §3.1.8.1). */
  signedPrefix: Buffer;
}

export interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Buffer;
}

export interface NsecData {
  /** Lower-cased for comparisons; the RDATA keeps the case it was signed with. */
  next: DnsName;
  types: ReadonlySet<number>;
}

export interface Nsec3Data {
  hashAlgorithm: number;
  flags: number;
  iterations: number;
  salt: Buffer;
  /** The raw hash of the next owner (base32hex only in owner names). */
  nextHash: Buffer;
  types: ReadonlySet<number>;
}

/** RFC 5155 §3.1.2.1 */
export const NSEC3_OPT_OUT = 0x01;

function need(rdata: Buffer, length: number, what: string): void {
  if (rdata.length < length) throw new RdataFormatError(`${what} RDATA of ${rdata.length} octets is too short`);
}

/** An uncompressed name at `offset`; returns it and the offset after it. */
function readName(rdata: Buffer, offset: number, what: string): { name: DnsName; end: number } {
  const labels: Buffer[] = [];
  let position = offset;
  for (;;) {
    if (position >= rdata.length) throw new RdataFormatError(`${what}: name runs past the RDATA`);
    const length = rdata[position]!;
    if (length === 0) return { name: labels, end: position + 1 };
    if (length > 63) throw new RdataFormatError(`${what}: compressed or invalid label`);
    if (position + 1 + length > rdata.length) throw new RdataFormatError(`${what}: name runs past the RDATA`);
    labels.push(lowerCopy(rdata, position + 1, position + 1 + length));
    position += 1 + length;
  }
}

/** RFC 4034 §4.1.2: window blocks of up to 32 octets, windows in increasing order. */
export function readTypeBitmap(bitmap: Buffer): Set<number> {
  const types = new Set<number>();
  let offset = 0;
  let lastWindow = -1;
  while (offset < bitmap.length) {
    if (offset + 2 > bitmap.length) throw new RdataFormatError('type bitmap: truncated window header');
    const window = bitmap[offset]!;
    const length = bitmap[offset + 1]!;
    if (window <= lastWindow || length === 0 || length > 32 || offset + 2 + length > bitmap.length) {
      throw new RdataFormatError('type bitmap: malformed window');
    }
    lastWindow = window;
    for (let i = 0; i < length; i++) {
      const byte = bitmap[offset + 2 + i]!;
      for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) types.add(window * 256 + i * 8 + bit);
    }
    offset += 2 + length;
  }
  return types;
}

export function readDnskey(rdata: Buffer): DnskeyData {
  need(rdata, 4, 'DNSKEY');
  return { flags: rdata.readUInt16BE(0), protocol: rdata[2]!, algorithm: rdata[3]!, publicKey: rdata.subarray(4) };
}

export function readRrsig(rdata: Buffer): RrsigData {
  need(rdata, 19, 'RRSIG');
  const { name: signer, end } = readName(rdata, 18, 'RRSIG signer');
  return {
    typeCovered: rdata.readUInt16BE(0),
    algorithm: rdata[2]!,
    labels: rdata[3]!,
    originalTtl: rdata.readUInt32BE(4),
    expiration: rdata.readUInt32BE(8),
    inception: rdata.readUInt32BE(12),
    keyTag: rdata.readUInt16BE(16),
    signer,
    signature: rdata.subarray(end),
    signedPrefix: rdata.subarray(0, end),
  };
}

export function readDs(rdata: Buffer): DsData {
  need(rdata, 4, 'DS');
  return { keyTag: rdata.readUInt16BE(0), algorithm: rdata[2]!, digestType: rdata[3]!, digest: rdata.subarray(4) };
}

export function readNsec(rdata: Buffer): NsecData {
  const { name, end } = readName(rdata, 0, 'NSEC next name');
  return { next: name, types: readTypeBitmap(rdata.subarray(end)) };
}

export function readNsec3(rdata: Buffer): Nsec3Data {
  need(rdata, 5, 'NSEC3');
  const saltLength = rdata[4]!;
  need(rdata, 6 + saltLength, 'NSEC3');
  const hashLength = rdata[5 + saltLength]!;
  const hashStart = 6 + saltLength;
  need(rdata, hashStart + hashLength, 'NSEC3');
  return {
    hashAlgorithm: rdata[0]!,
    flags: rdata[1]!,
    iterations: rdata.readUInt16BE(2),
    salt: rdata.subarray(5, 5 + saltLength),
    nextHash: rdata.subarray(hashStart, hashStart + hashLength),
    types: readTypeBitmap(rdata.subarray(hashStart + hashLength)),
  };
}
