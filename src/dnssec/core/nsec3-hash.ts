// NSEC3 owner hashes (RFC 5155 §5): IH(salt, x, 0) = H(x | salt),
// IH(salt, x, k) = H(IH(salt, x, k-1) | salt), over the canonical wire name;
// owner labels spell the hash in base32hex without padding (RFC 4648 §7).
import { createHash } from 'node:crypto';
import { type DnsName, nameWire } from '../../dns/name.ts';

/** RFC 5155 §11: hash algorithm 1 is SHA-1, the only one defined. */
export const NSEC3_SHA1 = 1;

export function nsec3Hash(name: DnsName, salt: Buffer, iterations: number): Buffer {
  let digest = createHash('sha1').update(nameWire(name)).update(salt).digest();
  for (let i = 0; i < iterations; i++) digest = createHash('sha1').update(digest).update(salt).digest();
  return digest;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

export function base32hexEncode(bytes: Buffer): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Null when the label is not base32hex (case-insensitive) of a whole number of octets. */
export function base32hexDecode(label: string): Buffer | null {
  const text = label.toLowerCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (bits >= 5 || (buffer & ((1 << bits) - 1)) !== 0) return null;
  return Buffer.from(out);
}
