// A small test PKI built with @peculiar/x509: roots, intermediates and leaves with chosen
// names, keys and validity, plus the TLSA records that match them.
//
//   const { root, intermediate, leaf } = await makeChain({ dnsNames: ['mx.example.org'] });
//   const chain = [leaf.derBase64, intermediate.derBase64];        // what a server sends
//   const record = tlsaFor(leaf, 3, 1, 1);                         // "3 1 1 <spki sha256>"
//
// Dates default to a fixed window around TEST_NOW, so tests never depend on the real clock.
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first
import * as x509 from '@peculiar/x509';
import { createHash, webcrypto } from 'node:crypto';
import type { TlsaRecord } from '../../src/verdict/result.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
/** @peculiar/x509, set up: import it from here, so that reflect-metadata loads first. */
export { x509 };

/** The reference time tests judge validity at. */
export const TEST_NOW = new Date('2026-01-01T00:00:00Z');
/** Default validity: a year before TEST_NOW to nine years after. */
export const DEFAULT_NOT_BEFORE = new Date('2025-01-01T00:00:00Z');
export const DEFAULT_NOT_AFTER = new Date('2035-01-01T00:00:00Z');

export type KeyKind = 'ec-p256' | 'rsa-2048' | 'ed25519';

export interface CertificateSpec {
  /** Subject as an x509 Name string, e.g. 'CN=mx.example.org, O=Example'. Default: CN = first DNS name, or 'Test'. */
  subject?: string;
  /** subjectAltName dNSName entries (none by default). */
  dnsNames?: string[];
  /** Default 'ec-p256'. Ignored when `keys` is given. */
  key?: KeyKind;
  /** Reuse a key pair (e.g. a renewed certificate with the same key). */
  keys?: CryptoKeyPair;
  notBefore?: Date;
  notAfter?: Date;
  /** basicConstraints cA=TRUE + keyUsage keyCertSign/cRLSign. Default false (a leaf). */
  ca?: boolean;
  /** The signer; omitted = self-signed. */
  issuer?: TestCertificate;
  /** More extensions, e.g. a hand-made SAN. */
  extensions?: x509.Extension[];
  /** Leave out basicConstraints and keyUsage entirely. */
  bare?: boolean;
}

export interface TestCertificate {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  /** Subject as given to the generator ('CN=…'). */
  subject: string;
  der: Uint8Array;
  derBase64: string;
  pem: string;
  /** PKCS#8 PEM of the private key (for a TLS server in the lab). */
  keyPem: string;
  spki: Uint8Array;
  /** Hex digests, the TLSA association data for each selector/matching type. */
  sha256: string;
  sha512: string;
  spkiSha256: string;
  spkiSha512: string;
}

const subtle = webcrypto.subtle;

export async function generateKeys(kind: KeyKind = 'ec-p256'): Promise<CryptoKeyPair> {
  switch (kind) {
    case 'ec-p256':
      return (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    case 'rsa-2048':
      return (await subtle.generateKey(
        { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
        true,
        ['sign', 'verify'],
      )) as CryptoKeyPair;
    case 'ed25519':
      return (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  }
}

function signingAlgorithm(key: CryptoKey): Algorithm | EcdsaParams {
  switch (key.algorithm.name) {
    case 'ECDSA':
      return { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams;
    case 'RSASSA-PKCS1-v1_5':
      return { name: 'RSASSA-PKCS1-v1_5' };
    default:
      return { name: key.algorithm.name };
  }
}

/** Creates one certificate. */
export async function makeCertificate(spec: CertificateSpec = {}): Promise<TestCertificate> {
  const keys = spec.keys ?? (await generateKeys(spec.key));
  const subject = spec.subject ?? `CN=${spec.dnsNames?.[0] ?? 'Test'}`;
  const extensions: x509.Extension[] = [];
  if (!spec.bare) {
    if (spec.ca) {
      extensions.push(new x509.BasicConstraintsExtension(true, undefined, true));
      extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
    } else {
      extensions.push(new x509.BasicConstraintsExtension(false, undefined, true));
      extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true));
      extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]));
    }
  }
  if (spec.dnsNames && spec.dnsNames.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(spec.dnsNames.map((value) => ({ type: 'dns' as const, value }))));
  }
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  if (spec.issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(spec.issuer.keys.publicKey));
  extensions.push(...(spec.extensions ?? []));

  const signer = spec.issuer?.keys ?? keys;
  const cert = await x509.X509CertificateGenerator.create({
    subject,
    issuer: spec.issuer ? spec.issuer.cert.subjectName : subject,
    publicKey: keys.publicKey,
    signingKey: signer.privateKey,
    signingAlgorithm: signingAlgorithm(signer.privateKey),
    notBefore: spec.notBefore ?? DEFAULT_NOT_BEFORE,
    notAfter: spec.notAfter ?? DEFAULT_NOT_AFTER,
    extensions,
  });
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', keys.privateKey));
  return describe(cert, keys, subject, pemOf('PRIVATE KEY', pkcs8));
}

function describe(cert: x509.X509Certificate, keys: CryptoKeyPair, subject: string, keyPem: string): TestCertificate {
  const der = new Uint8Array(cert.rawData);
  const spki = new Uint8Array(cert.publicKey.rawData);
  return {
    cert,
    keys,
    subject,
    der,
    derBase64: Buffer.from(der).toString('base64'),
    pem: cert.toString('pem'),
    keyPem,
    spki,
    sha256: hex('sha256', der),
    sha512: hex('sha512', der),
    spkiSha256: hex('sha256', spki),
    spkiSha512: hex('sha512', spki),
  };
}

function hex(algorithm: 'sha256' | 'sha512', bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

function pemOf(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

export interface ChainSpec {
  /** Leaf SAN names. Default ['mx.example.org']. */
  dnsNames?: string[];
  /** Leaf subject; default CN = first DNS name. */
  leafSubject?: string;
  /** Key kind for all three certificates unless overridden. Default 'ec-p256'. */
  key?: KeyKind;
  leafKey?: KeyKind;
  leaf?: Partial<CertificateSpec>;
  intermediate?: Partial<CertificateSpec>;
  root?: Partial<CertificateSpec>;
}

export interface TestChain {
  root: TestCertificate;
  intermediate: TestCertificate;
  leaf: TestCertificate;
  /** What a well-configured server sends: leaf, intermediate. */
  sent: string[];
}

/** Root CA → intermediate CA → leaf. Per-certificate overrides go in `leaf`/`intermediate`/`root`. */
export async function makeChain(spec: ChainSpec = {}): Promise<TestChain> {
  const root = await makeCertificate({ subject: 'CN=Test Root CA, O=Example', key: spec.key, ca: true, ...spec.root });
  const intermediate = await makeCertificate({
    subject: 'CN=Test Issuing CA, O=Example',
    key: spec.key,
    ca: true,
    issuer: root,
    ...spec.intermediate,
  });
  const dnsNames = spec.dnsNames ?? ['mx.example.org'];
  const leaf = await makeCertificate({
    subject: spec.leafSubject,
    dnsNames,
    key: spec.leafKey ?? spec.key,
    issuer: intermediate,
    ...spec.leaf,
  });
  return { root, intermediate, leaf, sent: [leaf.derBase64, intermediate.derBase64] };
}

/** The TLSA record that matches `cert` with the given parameters (RFC 6698 §2.1). */
export function tlsaFor(cert: TestCertificate, usage: number, selector: number, matchingType: number): TlsaRecord {
  const material = selector === 0 ? cert.der : cert.spki;
  const data =
    matchingType === 0
      ? Buffer.from(material).toString('hex')
      : matchingType === 1
        ? hex('sha256', material)
        : hex('sha512', material);
  return { usage, selector, matchingType, data };
}

/** The same certificate with one bit of its signature flipped: parses, but no longer verifies. */
export function tamperSignature(derBase64: string): string {
  const der = Buffer.from(derBase64, 'base64');
  der[der.length - 1] = der[der.length - 1]! ^ 0x01;
  return der.toString('base64');
}
