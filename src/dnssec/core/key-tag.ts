// The key tag of a DNSKEY (RFC 4034 Appendix B): a 16-bit checksum of its RDATA
// that RRSIG and DS records use to name the key. Not unique: a tag only narrows
// the candidates, the signature or digest decides.

/** RFC 4034 Appendix B.1: algorithm 1 (RSA/MD5) takes the tag from the modulus. */
const RSAMD5 = 1;

export function keyTag(dnskeyRdata: Buffer): number {
  if (dnskeyRdata[3] === RSAMD5) {
    return dnskeyRdata.length >= 4 ? dnskeyRdata.readUInt16BE(dnskeyRdata.length - 3) : 0;
  }
  let accumulator = 0;
  for (let i = 0; i < dnskeyRdata.length; i++) accumulator += i & 1 ? dnskeyRdata[i]! : dnskeyRdata[i]! << 8;
  accumulator += (accumulator >> 16) & 0xffff;
  return accumulator & 0xffff;
}
