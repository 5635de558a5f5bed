// The certificate chain a server presented, parsed into what the verdict needs: exact DER and
// SPKI bytes for TLSA matching, names, dates, issuer linkage and CA flags.
// node:crypto's X509Certificate (OpenSSL, the library that did the handshake) parses and
// checks the DER and gives the validity dates and the signature check; the DER walker
// (./der.ts) reads the encoded fields Node 20 only offers as display strings, if at all: the
// SubjectPublicKeyInfo bytes, the Names and the extensions.
import { createHash, X509Certificate } from 'node:crypto';
import type { CertificateSummary } from '../result.ts';
import {
  childrenOf,
  contents,
  decodeOid,
  nameAttributes,
  OID_BASIC_CONSTRAINTS,
  OID_KEY_USAGE,
  OID_SUBJECT_ALT_NAME,
  readElement,
  readTbsFields,
  sanDnsNames,
  spkiOrNull,
} from './der.ts';
import { OID_COMMON_NAME, opensslOneLine } from './openssl-name.ts';

/** One certificate of the presented chain, parsed. */
export interface ParsedCertificate {
  /** Position in the chain as the server sent it: 0 = leaf. */
  depth: number;
  x509: X509Certificate;
  /** The whole certificate (TLSA selector 0). */
  der: Uint8Array;
  /** The SubjectPublicKeyInfo as encoded in the certificate (TLSA selector 1). */
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
    const der = new Uint8Array(Buffer.from(b64, 'base64'));
    try {
      chain.certificates.push(parseCertificate(der, depth));
    } catch (e) {
      chain.errors.push({ depth, message: errorMessage(e), der, spki: spkiOrNull(der) });
    }
  });
  return chain;
}

/** Parses one DER certificate. Throws when it is not one. */
export function parseCertificate(der: Uint8Array, depth: number): ParsedCertificate {
  if (der.length === 0) throw new Error('empty certificate');
  const fields = readTbsFields(der);
  const cert = new X509Certificate(der);
  // Node 20 gives the validity as OpenSSL prints it ("Nov 29 00:25:00 2026 GMT").
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw new Error('invalid validity dates');
  const subject = nameAttributes(fields.subject);
  const extensions = fields.extensions;
  const selfIssued = bytesEqual(fields.subject, fields.issuer);
  return {
    depth,
    x509: cert,
    der,
    spki: fields.spki,
    subject: opensslOneLine(subject),
    issuer: opensslOneLine(nameAttributes(fields.issuer)),
    subjectDer: fields.subject,
    issuerDer: fields.issuer,
    sanDnsNames: extensions.has(OID_SUBJECT_ALT_NAME) ? sanDnsNames(extensions.get(OID_SUBJECT_ALT_NAME)!) : [],
    commonNames: subject.flat().filter((a) => a.oid === OID_COMMON_NAME).map((a) => a.value),
    notBefore,
    notAfter,
    keyAlgorithm: keyAlgorithmName(fields.spki),
    isCa: isCertificateAuthority(fields.version, selfIssued, extensions.get(OID_BASIC_CONSTRAINTS), extensions.get(OID_KEY_USAGE)),
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
 * keyCertSign, counts. (X509Certificate.ca is true for the basicConstraints case only.)
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
