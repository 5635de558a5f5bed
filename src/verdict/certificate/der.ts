// A minimal DER walker over a certificate (X.690 §8, §10), for the fields node:crypto's
// X509Certificate does not hand out as bytes or structure: the SubjectPublicKeyInfo exactly as
// encoded (TLSA selector 1 hashes those bytes, RFC 6698 §2.1.2), the encoded Names (issuer
// linkage), the Name attributes, and the extensions the verdict reads (SAN, basicConstraints,
// keyUsage). It reads; it never re-encodes.

export interface DerElement {
  tag: number;
  /** Offset of the contents. */
  start: number;
  /** Offset just past the contents. */
  end: number;
  /** Offset of the tag byte. */
  offset: number;
}

export function readElement(buf: Uint8Array, offset: number, limit: number = buf.length): DerElement {
  if (offset + 2 > limit) throw new Error('DER: truncated element');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tags are not supported');
  const first = buf[offset + 1]!;
  let length: number;
  let start: number;
  if (first < 0x80) {
    length = first;
    start = offset + 2;
  } else {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new Error('DER: unsupported length encoding');
    if (offset + 2 + count > limit) throw new Error('DER: truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[offset + 2 + i]!;
    start = offset + 2 + count;
  }
  const end = start + length;
  if (end > limit) throw new Error('DER: element runs past its container');
  return { tag, start, end, offset };
}

export function childrenOf(buf: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const child = readElement(buf, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The element with its tag and length. */
export const whole = (buf: Uint8Array, e: DerElement): Uint8Array => buf.subarray(e.offset, e.end);
/** The element's contents only. */
export const contents = (buf: Uint8Array, e: DerElement): Uint8Array => buf.subarray(e.start, e.end);

export function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

export const OID_SUBJECT_ALT_NAME = '2.5.29.17';
export const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_KEY_USAGE = '2.5.29.15';

export interface TbsFields {
  /** X.509 version field value: 0 = v1, 2 = v3. */
  version: number;
  issuer: Uint8Array;
  subject: Uint8Array;
  spki: Uint8Array;
  /** extnValue contents by extension OID. */
  extensions: Map<string, Uint8Array>;
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (RFC 5280 §4.1). */
export function readTbsFields(der: Uint8Array): TbsFields {
  const certificate = readElement(der, 0);
  if (certificate.tag !== 0x30 || certificate.end !== der.length) throw new Error('not a single DER SEQUENCE');
  const [tbs] = childrenOf(der, certificate);
  if (!tbs || tbs.tag !== 0x30) throw new Error('no tbsCertificate');
  const fields = childrenOf(der, tbs);
  let i = 0;
  let version = 0;
  if (fields[0]?.tag === 0xa0) {
    const [v] = childrenOf(der, fields[0]);
    version = v ? (contents(der, v)[0] ?? 0) : 0;
    i = 1;
  }
  // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  const issuer = fields[i + 2];
  const subject = fields[i + 4];
  const spki = fields[i + 5];
  if (!issuer || !subject || !spki || spki.tag !== 0x30) throw new Error('tbsCertificate is missing fields');
  const extensions = new Map<string, Uint8Array>();
  const explicitExtensions = fields.slice(i + 6).find((f) => f.tag === 0xa3);
  if (explicitExtensions) {
    const [list] = childrenOf(der, explicitExtensions);
    for (const extension of list ? childrenOf(der, list) : []) {
      const parts = childrenOf(der, extension);
      const oid = parts[0];
      const value = parts[parts.length - 1];
      if (oid?.tag === 0x06 && value?.tag === 0x04) extensions.set(decodeOid(contents(der, oid)), contents(der, value));
    }
  }
  return { version, issuer: whole(der, issuer), subject: whole(der, subject), spki: whole(der, spki), extensions };
}

/** The SubjectPublicKeyInfo of a certificate, or null when the walker cannot find it. */
export function spkiOrNull(der: Uint8Array): Uint8Array | null {
  try {
    return readTbsFields(der).spki;
  } catch {
    return null;
  }
}

/** GeneralNames ::= SEQUENCE OF GeneralName; dNSName is [2] IA5String (RFC 5280 §4.2.1.6). */
export function sanDnsNames(extnValue: Uint8Array): string[] {
  const names = readElement(extnValue, 0);
  return childrenOf(extnValue, names)
    .filter((n) => n.tag === 0x82)
    .map((n) => Buffer.from(contents(extnValue, n)).toString('latin1'));
}

/** One AttributeTypeAndValue of a Name: its type OID and its value, decoded when it is a string. */
export interface NameAttribute {
  oid: string;
  /** The string, or `#` and the hex of the value's DER when it is not a string type (RFC 4514 §2.4). */
  value: string;
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue), in encoded order. */
export function nameAttributes(name: Uint8Array): NameAttribute[][] {
  return childrenOf(name, readElement(name, 0)).map((rdn) =>
    childrenOf(name, rdn).map((attribute) => {
      const [type, value] = childrenOf(name, attribute);
      if (type?.tag !== 0x06 || !value) throw new Error('DER: malformed Name attribute');
      return { oid: decodeOid(contents(name, type)), value: stringValue(name, value) };
    }),
  );
}

function stringValue(buf: Uint8Array, e: DerElement): string {
  const bytes = Buffer.from(contents(buf, e));
  switch (e.tag) {
    case 0x0c: // UTF8String
      return bytes.toString('utf8');
    case 0x12: // NumericString
    case 0x13: // PrintableString
    case 0x14: // TeletexString: read as Latin-1, as OpenSSL does
    case 0x16: // IA5String
    case 0x1a: // VisibleString
      return bytes.toString('latin1');
    case 0x1e: // BMPString: UTF-16BE
      if (bytes.length % 2 === 0) return Buffer.from(bytes).swap16().toString('utf16le');
      break;
    case 0x1c: {
      // UniversalString: UTF-32BE
      const points: number[] = [];
      for (let i = 0; i + 3 < bytes.length; i += 4) points.push(bytes.readUInt32BE(i));
      if (bytes.length % 4 === 0 && points.every((p) => p <= 0x10ffff)) return String.fromCodePoint(...points);
      break;
    }
  }
  return `#${Buffer.from(whole(buf, e)).toString('hex')}`;
}
