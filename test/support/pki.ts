// The one test PKI, for unit tests, the hostile fixtures and the lab's Postfix: roots,
// intermediates and leaves with chosen names, keys and validity, and the TLSA data that
// matches them. Made in memory with @peculiar/x509 over node's WebCrypto, set up here and
// not borrowed from src/: the certificates must not come from the code that reads them.
//
//   const { root, intermediate, leaf } = await makeChain({ dnsNames: ['mx.example.org'] });
//   const chain = [leaf.derBase64, intermediate.derBase64];        // what a server sends
//   const record = tlsaFor(leaf, 3, 1, 1);                         // "3 1 1 <spki sha256>"
//
// Dates default to a fixed window around TEST_NOW, so unit tests never depend on the real
// clock; what runs against the real clock (the lab, testPki()) passes its own dates.
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { TlsaRecord } from '../../src/verdict/result.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

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
  /** basicConstraints pathLenConstraint of a CA; omitted means unlimited. */
  pathLength?: number;
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
  der: Buffer;
  derBase64: string;
  /** PEM of the certificate alone, ending in a newline (so that PEMs concatenate into a chain). */
  pem: string;
  /** PKCS#8 PEM of the private key (for a TLS server). */
  keyPem: string;
  /** DER of the SubjectPublicKeyInfo (TLSA selector 1). */
  spki: Buffer;
  /** Hex digests, the TLSA association data for each selector/matching type. */
  sha256: string;
  sha512: string;
  spkiSha256: string;
  spkiSha512: string;
  /** The certificates above this one, nearest first (empty when self-signed). */
  issuers: TestCertificate[];
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

/** A bare key pair's SPKI (for TLSA records that must match nothing a server sends). */
export async function makeSpki(kind: KeyKind = 'ec-p256'): Promise<Buffer> {
  const keys = await generateKeys(kind);
  return Buffer.from(await subtle.exportKey('spki', keys.publicKey));
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

/** Positive, 16 random bytes: the high bit cleared so DER needs no sign byte. Unique per issuer, as RFC 5280 §4.1.2.2 asks. */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

/** Creates one certificate. */
export async function makeCertificate(spec: CertificateSpec = {}): Promise<TestCertificate> {
  const keys = spec.keys ?? (await generateKeys(spec.key));
  const subject = spec.subject ?? `CN=${spec.dnsNames?.[0] ?? 'Test'}`;
  const extensions: x509.Extension[] = [];
  if (!spec.bare) {
    if (spec.ca) {
      extensions.push(new x509.BasicConstraintsExtension(true, spec.pathLength, true));
      extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
    } else {
      // RSA key exchange (TLS 1.2 kRSA suites) needs keyEncipherment on an RSA server key.
      const rsa = keys.publicKey.algorithm.name === 'RSASSA-PKCS1-v1_5';
      const usage = x509.KeyUsageFlags.digitalSignature | (rsa ? x509.KeyUsageFlags.keyEncipherment : 0);
      extensions.push(new x509.BasicConstraintsExtension(false, undefined, true));
      extensions.push(new x509.KeyUsagesExtension(usage, true));
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
    serialNumber: randomSerial(),
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
  const issuers = spec.issuer ? [spec.issuer, ...spec.issuer.issuers] : [];
  return describe(cert, keys, subject, x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n', issuers);
}

function describe(cert: x509.X509Certificate, keys: CryptoKeyPair, subject: string, keyPem: string, issuers: TestCertificate[]): TestCertificate {
  const der = Buffer.from(cert.rawData);
  const spki = Buffer.from(cert.publicKey.rawData);
  return {
    cert,
    keys,
    subject,
    der,
    derBase64: der.toString('base64'),
    pem: cert.toString('pem') + '\n',
    keyPem,
    spki,
    sha256: sha256Hex(der),
    sha512: sha512Hex(der),
    spkiSha256: sha256Hex(spki),
    spkiSha512: sha512Hex(spki),
    issuers,
  };
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function sha512Hex(data: Uint8Array): string {
  return createHash('sha512').update(data).digest('hex');
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

/** The TLSA record that matches a certificate with the given parameters (RFC 6698 §2.1). */
export function tlsaFor(cert: Pick<TestCertificate, 'der' | 'spki'>, usage: number, selector: number, matchingType: number): TlsaRecord {
  const material = selector === 0 ? cert.der : cert.spki;
  const data =
    matchingType === 0 ? Buffer.from(material).toString('hex') : matchingType === 1 ? sha256Hex(material) : sha512Hex(material);
  return { usage, selector, matchingType, data };
}

/** The same certificate with one bit of its signature flipped: parses, but no longer verifies. */
export function tamperSignature(derBase64: string): string {
  const der = Buffer.from(derBase64, 'base64');
  der[der.length - 1] = der[der.length - 1]! ^ 0x01;
  return der.toString('base64');
}

/** The chain a server sends: the leaf, then its issuers except a self-signed root. */
export function serverChain(leaf: TestCertificate): TestCertificate[] {
  return [leaf, ...leaf.issuers.filter((c) => c.issuers.length > 0)];
}

export interface WrittenChain {
  /** Private key then leaf then intermediates: one file for Postfix's smtpd_tls_chain_files. */
  bundle: string;
  key: string;
  /** Leaf then intermediates. */
  chain: string;
}

/** Writes `<name>.key.pem`, `<name>.chain.pem` and `<name>.bundle.pem` (key + chain) into dir. */
export async function writeChainFiles(dir: string, name: string, chain: TestCertificate[]): Promise<WrittenChain> {
  const leaf = chain[0];
  if (!leaf) throw new Error('writeChainFiles: empty chain');
  const certs = chain.map((c) => c.pem).join('');
  const files: WrittenChain = {
    key: join(dir, `${name}.key.pem`),
    chain: join(dir, `${name}.chain.pem`),
    bundle: join(dir, `${name}.bundle.pem`),
  };
  await writeFile(files.key, leaf.keyPem, { mode: 0o600 });
  await writeFile(files.chain, certs, { mode: 0o644 });
  await writeFile(files.bundle, leaf.keyPem + certs, { mode: 0o600 });
  return files;
}

/** The certificates of the SMTP fixture tests: a chain for mx.example.test, a self-signed RSA server and a stray CA. */
export interface FixturePki {
  root: TestCertificate;
  intermediate: TestCertificate;
  /** mx.example.test, signed by the intermediate. */
  leaf: TestCertificate;
  /** A plain self-signed RSA server certificate (for RSA key exchange and RSA-PSS signatures). */
  selfSigned: TestCertificate;
  /** An unrelated self-signed CA, to put certificates in a chain that link to nothing. */
  stray: TestCertificate;
}

let fixturePki: Promise<FixturePki> | undefined;

/** The fixture PKI, made on first use and shared by every test in this process; valid for ten years from now. */
export function testPki(): Promise<FixturePki> {
  fixturePki ??= (async () => {
    const notBefore = new Date(Date.now() - 24 * 3600 * 1000);
    const notAfter = new Date(Date.now() + 3650 * 24 * 3600 * 1000);
    const dates = { notBefore, notAfter };
    const [root, selfSigned, stray] = await Promise.all([
      makeCertificate({ subject: 'CN=Test Root', ca: true, ...dates }),
      makeCertificate({ subject: 'CN=Self Signed', dnsNames: ['self-signed.example.test'], key: 'rsa-2048', ...dates }),
      makeCertificate({ subject: 'CN=Stray CA', ca: true, ...dates }),
    ]);
    const intermediate = await makeCertificate({ subject: 'CN=Test Intermediate', ca: true, issuer: root, ...dates });
    const leaf = await makeCertificate({ dnsNames: ['mx.example.test'], issuer: intermediate, ...dates });
    return { root, intermediate, leaf, selfSigned, stray };
  })();
  return fixturePki;
}
