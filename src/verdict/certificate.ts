// The certificate chain a server presented, parsed once into what the verdict needs:
// exact DER and SPKI bytes for TLSA matching, names, dates, issuer linkage and CA flags.
// @peculiar/x509 parses; a small DER walker reads the few fields it would otherwise
// refuse to hand out (it throws on a SAN with an otherName, such as the SmtpUTF8Mailbox
// of RFC 8398, when extensions are read). Signatures are checked by node:crypto.
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first
import * as x509 from '@peculiar/x509';
import { createHash, createPublicKey, webcrypto, X509Certificate } from 'node:crypto';
import type { CertificateSummary } from './result.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };

/** One certificate of the presented chain, parsed. */
export interface ParsedCertificate {
  /** Position in the chain as the server sent it: 0 = leaf. */
  depth: number;
  x509: x509.X509Certificate;
  /** The whole certificate (TLSA selector 0). */
  der: Uint8Array;
  /** The SubjectPublicKeyInfo (TLSA selector 1). */
  spki: Uint8Array;
  /** openssl one-line form, "C = US, O = Example, CN = mx.example.org". */
  subject: string;
  issuer: string;
  /** Encoded Names, for issuer/subject linkage. */
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  /** subjectAltName dNSName entries, as written. */
  sanDnsNames: string[];
  /** Subject commonName values, as written. */
  commonNames: string[];
  notBefore: Date;
  notAfter: Date;
  /** 'RSA', 'EC', 'Ed25519', 'Ed448', 'RSA-PSS', 'DSA', or the algorithm OID. */
  keyAlgorithm: string;
  /** May sign certificates (RFC 5280 §4.2.1.9, §4.2.1.3; OpenSSL's X509_check_ca rules). */
  isCa: boolean;
  /** Subject and issuer names are the same (RFC 5280 §6.1: self-issued). */
  selfIssued: boolean;
}

/** A position of the chain that did not parse. Its bytes are kept: TLSA selector 0 needs no parsing. */
export interface CertificateParseError {
  depth: number;
  message: string;
  der: Uint8Array;
  /** The SubjectPublicKeyInfo if the DER walker could still find it, else null. */
  spki: Uint8Array | null;
}

export interface ParsedChain {
  /** Certificates that parsed, in the order sent. */
  certificates: ParsedCertificate[];
  /** Positions that did not parse. */
  errors: CertificateParseError[];
  /** How many certificates the server sent. */
  length: number;
}

/** Parses the chain as sent (leaf first, DER in base64). Never throws: failures land in `errors`. */
export function parseChain(derBase64: readonly string[]): ParsedChain {
  const chain: ParsedChain = { certificates: [], errors: [], length: derBase64.length };
  derBase64.forEach((b64, depth) => {
    const seen = recentlyParsed.get(b64);
    if (seen) {
      chain.certificates.push({ ...seen, depth });
      return;
    }
    const der = new Uint8Array(Buffer.from(b64, 'base64'));
    try {
      const cert = parseCertificate(der, depth);
      remember(b64, cert);
      chain.certificates.push(cert);
    } catch (e) {
      chain.errors.push({ depth, message: errorMessage(e), der, spki: spkiOrNull(der) });
    }
  });
  return chain;
}

/**
 * Certificates parsed lately, by their base64 DER. A domain check meets the same certificate
 * again and again (a host's IPv4 and IPv6 addresses, MX hosts behind one certificate, the
 * same intermediate), and building @peculiar/x509's objects is the costly part of reading a
 * chain: ~8 ms each, and 3.5-5 MiB of peak memory for 8 MX hosts behind one certificate.
 * A parsed certificate is never modified; a hit is a copy with its own depth. Bounded, so a
 * long-running service keeps only the latest.
 */
const recentlyParsed = new Map<string, ParsedCertificate>();
const RECENTLY_PARSED_MAX = 32;

function remember(b64: string, cert: ParsedCertificate): void {
  if (recentlyParsed.size >= RECENTLY_PARSED_MAX) recentlyParsed.delete(recentlyParsed.keys().next().value!);
  recentlyParsed.set(b64, cert);
}

/** Parses one DER certificate. Throws when it is not one. */
export function parseCertificate(der: Uint8Array, depth: number): ParsedCertificate {
  if (der.length === 0) throw new Error('empty certificate');
  const fields = readTbsFields(der);
  const cert = new x509.X509Certificate(new Uint8Array(der));
  const notBefore = cert.notBefore;
  const notAfter = cert.notAfter;
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw new Error('invalid validity dates');
  const subjectName = cert.subjectName;
  const extensions = fields.extensions;
  const basicConstraints = extensions.get(OID_BASIC_CONSTRAINTS);
  const keyUsage = extensions.get(OID_KEY_USAGE);
  const selfIssued = bytesEqual(fields.subject, fields.issuer);
  return {
    depth,
    x509: cert,
    der,
    spki: fields.spki,
    subject: opensslOneLine(subjectName),
    issuer: opensslOneLine(cert.issuerName),
    subjectDer: fields.subject,
    issuerDer: fields.issuer,
    sanDnsNames: extensions.has(OID_SUBJECT_ALT_NAME) ? sanDnsNames(extensions.get(OID_SUBJECT_ALT_NAME)!) : [],
    commonNames: subjectName.getField('CN'),
    notBefore,
    notAfter,
    keyAlgorithm: keyAlgorithmName(fields.spki),
    isCa: isCertificateAuthority(fields.version, selfIssued, basicConstraints, keyUsage),
    selfIssued,
  };
}

/**
 * The names a certificate presents for RFC 6125 matching: its subjectAltName dNSNames, or
 * its CNs when it has no dNSName (RFC 6125 §6.4.4; RFC 7672 §3.2.3 defers to it).
 */
export function presentedDnsNames(cert: ParsedCertificate): string[] {
  return cert.sanDnsNames.length > 0 ? [...cert.sanDnsNames] : [...cert.commonNames];
}

/** What the verdict reports about one certificate. */
export function summarizeCertificate(cert: ParsedCertificate, depth: number = cert.depth): CertificateSummary {
  return {
    depth,
    subject: cert.subject,
    issuer: cert.issuer,
    dnsNames: presentedDnsNames(cert),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    keyAlgorithm: cert.keyAlgorithm,
    sha256: sha256Hex(cert.der),
    spkiSha256: sha256Hex(cert.spki),
  };
}

/**
 * Whether the signature on `cert` verifies with `spki`, a SubjectPublicKeyInfo: the signature
 * only (RFC 5280 §6.1.3 (a)(1)). OpenSSL checks it (X509_verify), as it would for an MTA, in a
 * few hundred microseconds and without @peculiar/x509's WebCrypto round trip (key import,
 * algorithm mapping, a promise per check). A key it cannot read, or of another type, does not verify.
 */
export function signatureVerifies(cert: ParsedCertificate, spki: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    return new X509Certificate(cert.der).verify(key);
  } catch {
    return false;
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** A short "depth N (subject)" label for diagnostics. */
export function describeCertificate(cert: ParsedCertificate): string {
  return `depth ${cert.depth} (${cert.subject || 'empty subject'})`;
}

// --- openssl-style names ---------------------------------------------------------------

// OpenSSL short names for the attribute types @peculiar/x509 names differently or not at all.
const OPENSSL_ATTRIBUTE_NAMES: Record<string, string> = {
  E: 'emailAddress',
  G: 'GN',
  I: 'initials',
  T: 'title',
  '2.5.4.5': 'serialNumber',
  '2.5.4.9': 'street',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

/**
 * A Name as openssl 3 prints it by default (`x509 -subject`, `s_client -brief`; XN_FLAG_ONELINE):
 * RDNs in encoded order, " = " between type and value, ", " between RDNs, " + " inside one.
 * A value with RFC 2253 special characters is double-quoted, `\` and `"` are backslash-escaped,
 * control characters and every byte of a non-ASCII character's UTF-8 become \XX.
 */
export function opensslOneLine(name: x509.Name): string {
  return name
    .toJSON()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) =>
          values.map((value) => `${OPENSSL_ATTRIBUTE_NAMES[type] ?? type} = ${opensslValue(value)}`),
        )
        .join(' + '),
    )
    .join(', ');
}

function opensslValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f || code > 0x7f) {
      for (const byte of Buffer.from(ch, 'utf8')) out += `\\${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    } else out += ch;
  }
  return /[,+<>;]/.test(value) || /^[ #]/.test(value) || / $/.test(value) ? `"${out}"` : out;
}

// --- a minimal DER walker --------------------------------------------------------------

interface DerElement {
  tag: number;
  /** Offset of the contents. */
  start: number;
  /** Offset just past the contents. */
  end: number;
  /** Offset of the tag byte. */
  offset: number;
}

function readElement(buf: Uint8Array, offset: number, limit: number = buf.length): DerElement {
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

function childrenOf(buf: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const child = readElement(buf, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

const whole = (buf: Uint8Array, e: DerElement) => buf.subarray(e.offset, e.end);
const contents = (buf: Uint8Array, e: DerElement) => buf.subarray(e.start, e.end);

function decodeOid(bytes: Uint8Array): string {
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

const OID_SUBJECT_ALT_NAME = '2.5.29.17';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';

interface TbsFields {
  /** X.509 version field value: 0 = v1, 2 = v3. */
  version: number;
  issuer: Uint8Array;
  subject: Uint8Array;
  spki: Uint8Array;
  /** extnValue contents by extension OID. */
  extensions: Map<string, Uint8Array>;
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (RFC 5280 §4.1). */
function readTbsFields(der: Uint8Array): TbsFields {
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

function spkiOrNull(der: Uint8Array): Uint8Array | null {
  try {
    return readTbsFields(der).spki;
  } catch {
    return null;
  }
}

/** GeneralNames ::= SEQUENCE OF GeneralName; dNSName is [2] IA5String (RFC 5280 §4.2.1.6). */
function sanDnsNames(extnValue: Uint8Array): string[] {
  const names = readElement(extnValue, 0);
  return childrenOf(extnValue, names)
    .filter((n) => n.tag === 0x82)
    .map((n) => Buffer.from(contents(extnValue, n)).toString('latin1'));
}

const KEY_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.10040.4.1': 'DSA',
};

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }. */
export function keyAlgorithmName(spki: Uint8Array): string {
  try {
    const [algorithm] = childrenOf(spki, readElement(spki, 0));
    const [oid] = algorithm ? childrenOf(spki, algorithm) : [];
    if (!oid || oid.tag !== 0x06) return 'unknown';
    const dotted = decodeOid(contents(spki, oid));
    return KEY_ALGORITHMS[dotted] ?? dotted;
  } catch {
    return 'unknown';
  }
}

/**
 * Whether a certificate may issue others, as OpenSSL's X509_check_ca decides (RFC 5280 §4.2.1.9,
 * §4.2.1.3): a keyUsage without keyCertSign says no; basicConstraints says what its cA flag says;
 * without basicConstraints only a self-issued v1 certificate, or one whose keyUsage has
 * keyCertSign, counts.
 */
function isCertificateAuthority(
  version: number,
  selfIssued: boolean,
  basicConstraints: Uint8Array | undefined,
  keyUsage: Uint8Array | undefined,
): boolean {
  let keyCertSign: boolean | null = null;
  if (keyUsage) {
    try {
      const bits = contents(keyUsage, readElement(keyUsage, 0));
      keyCertSign = ((bits[1] ?? 0) & 0x04) !== 0; // bit 5 of the first octet after the unused-bits count
    } catch {
      keyCertSign = false;
    }
    if (!keyCertSign) return false;
  }
  if (basicConstraints) {
    try {
      const [first] = childrenOf(basicConstraints, readElement(basicConstraints, 0));
      return first?.tag === 0x01 && (contents(basicConstraints, first)[0] ?? 0) !== 0;
    } catch {
      return false;
    }
  }
  if (version === 0 && selfIssued) return true;
  return keyCertSign === true;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
