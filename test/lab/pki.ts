// Test PKI for the lab and for any test that needs real certificates: a root CA,
// intermediates, and leaves with chosen names, dates and key types. Everything is
// generated in memory with @peculiar/x509 over node's WebCrypto; nothing is cached.
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type KeyType = 'ec-p256' | 'rsa-2048';

/** A certificate with its private key, in every form the tests and Postfix need. */
export interface Issued {
  cert: x509.X509Certificate;
  /** DER of the certificate. */
  der: Buffer;
  /** PEM of the certificate alone. */
  pem: string;
  keys: CryptoKeyPair;
  keyType: KeyType;
  /** PKCS#8 PEM of the private key. */
  keyPem: string;
  /** DER of the SubjectPublicKeyInfo (TLSA selector 1). */
  spki: Buffer;
  /** Certificates above this one, nearest first (empty for a root). */
  issuers: Issued[];
}

export interface CaOptions {
  /** Common name; the subject is "CN=<cn>, O=smtp-dane-verify lab". */
  cn: string;
  /** Signing CA; omitted for a self-signed root. */
  issuer?: Issued;
  keyType?: KeyType;
  notBefore?: Date;
  notAfter?: Date;
  /** basicConstraints pathLenConstraint; omitted means unlimited. */
  pathLength?: number;
}

export interface LeafOptions {
  /** subjectAltName dNSNames; the first is also the CN. */
  dnsNames: string[];
  /** Signing CA; omitted for a self-signed leaf (not a CA). */
  issuer?: Issued;
  keyType?: KeyType;
  notBefore?: Date;
  notAfter?: Date;
  /** Override the subject CN (defaults to dnsNames[0]). */
  cn?: string;
}

const ORG = 'O=smtp-dane-verify lab';
const YEAR_MS = 365 * 24 * 3600 * 1000;

function keyAlgorithm(keyType: KeyType): RsaHashedKeyGenParams | EcKeyGenParams {
  return keyType === 'rsa-2048'
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
    : { name: 'ECDSA', namedCurve: 'P-256' };
}

function signingAlgorithm(keyType: KeyType): Algorithm | EcdsaParams {
  return keyType === 'rsa-2048' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', hash: 'SHA-256' };
}

export async function generateKeys(keyType: KeyType = 'ec-p256'): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(keyAlgorithm(keyType), true, ['sign', 'verify'])) as CryptoKeyPair;
}

function randomSerial(): string {
  // Positive, 16 bytes: the high bit cleared so DER needs no sign byte.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

async function finish(cert: x509.X509Certificate, keys: CryptoKeyPair, keyType: KeyType, issuers: Issued[]): Promise<Issued> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    cert,
    der: Buffer.from(cert.rawData),
    pem: cert.toString('pem') + '\n',
    keys,
    keyType,
    keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n',
    spki: Buffer.from(cert.publicKey.rawData),
    issuers,
  };
}

async function sign(
  subject: string,
  keys: CryptoKeyPair,
  keyType: KeyType,
  issuer: Issued | undefined,
  notBefore: Date,
  notAfter: Date,
  extensions: x509.Extension[],
): Promise<x509.X509Certificate> {
  const signer = issuer ?? null;
  const akiSource = signer ? signer.cert.publicKey : keys.publicKey;
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: signer ? signer.cert.subject : subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: signer ? signer.keys.privateKey : keys.privateKey,
    signingAlgorithm: signingAlgorithm(signer ? signer.keyType : keyType),
    extensions: [
      ...extensions,
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(akiSource),
    ],
  });
}

/** A CA certificate: self-signed root without `issuer`, intermediate with one. */
export async function makeCa(options: CaOptions): Promise<Issued> {
  const keyType = options.keyType ?? 'ec-p256';
  const keys = await generateKeys(keyType);
  const notBefore = options.notBefore ?? new Date(Date.now() - 7 * 24 * 3600 * 1000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 20 * YEAR_MS);
  const cert = await sign(`CN=${options.cn}, ${ORG}`, keys, keyType, options.issuer, notBefore, notAfter, [
    new x509.BasicConstraintsExtension(true, options.pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
  ]);
  const issuers = options.issuer ? [options.issuer, ...options.issuer.issuers] : [];
  return finish(cert, keys, keyType, issuers);
}

/** A TLS server certificate with the given subjectAltName dNSNames. */
export async function makeLeaf(options: LeafOptions): Promise<Issued> {
  if (options.dnsNames.length === 0) throw new Error('makeLeaf: at least one dNSName is required');
  const keyType = options.keyType ?? 'ec-p256';
  const keys = await generateKeys(keyType);
  const notBefore = options.notBefore ?? new Date(Date.now() - 24 * 3600 * 1000);
  const notAfter = options.notAfter ?? new Date(Date.now() + YEAR_MS);
  const usage =
    keyType === 'rsa-2048'
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
      : x509.KeyUsageFlags.digitalSignature;
  const cert = await sign(`CN=${options.cn ?? options.dnsNames[0]}, ${ORG}`, keys, keyType, options.issuer, notBefore, notAfter, [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usage, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(options.dnsNames.map((value) => ({ type: 'dns' as const, value }))),
  ]);
  const issuers = options.issuer ? [options.issuer, ...options.issuer.issuers] : [];
  return finish(cert, keys, keyType, issuers);
}

/** A bare key pair's SPKI (for TLSA records that must match nothing the lab serves). */
export async function makeSpki(keyType: KeyType = 'ec-p256'): Promise<Buffer> {
  const keys = await generateKeys(keyType);
  return Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha512Hex(data: Uint8Array): string {
  return createHash('sha512').update(data).digest('hex');
}

/** TLSA certificate association data (lower-case hex) for a certificate, RFC 6698 §2.1. */
export function tlsaData(issued: Pick<Issued, 'der' | 'spki'>, selector: 0 | 1, matchingType: 0 | 1 | 2): string {
  const selected = selector === 0 ? issued.der : issued.spki;
  if (matchingType === 1) return sha256Hex(selected);
  if (matchingType === 2) return sha512Hex(selected);
  return Buffer.from(selected).toString('hex');
}

/**
 * The chain a server sends: the leaf and then `intermediates` issuers (default: all
 * non-root issuers, i.e. everything except a self-signed top).
 */
export function serverChain(leaf: Issued, intermediates?: number): Issued[] {
  const nonRoot = leaf.issuers.filter((c) => c.issuers.length > 0);
  return [leaf, ...nonRoot.slice(0, intermediates ?? nonRoot.length)];
}

export interface WrittenChain {
  /** Private key then leaf then intermediates: one file for smtpd_tls_chain_files. */
  bundle: string;
  key: string;
  /** Leaf then intermediates. */
  chain: string;
}

/** Writes `<name>.key.pem`, `<name>.chain.pem` and `<name>.bundle.pem` (key + chain) into dir. */
export async function writeChainFiles(dir: string, name: string, chain: Issued[]): Promise<WrittenChain> {
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
