// Two parsers, one answer. The check reads certificates with node:crypto and a small DER walker
// (src/verdict/certificate/); @peculiar/x509, a development dependency only, is an independent
// second parser. On every lab and fixture certificate they must agree on what the check
// reports and matches on: subject and issuer attributes, SAN dNSNames, dates, key algorithm and size, and the
// SHA-256 of the certificate (TLSA selector 0) and of its SubjectPublicKeyInfo (selector 1).
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { nameAttributes } from '../../../../src/verdict/certificate/der.ts';
import { parseChain } from '../../../../src/verdict/certificate/x509.ts';
import { makeCerts } from '../../../lab/lab.ts';
import { OPENSSL_TRICKY, OPENSSL_UTF8 } from '../../../support/openssl-certificates.ts';
import { makeCertificate, makeChain, x509 } from '../../../support/pki.ts';
import { opensslPki } from '../../../support/self-signed.ts';

// The attribute types @peculiar/x509 names, by OID; it leaves the others numeric.
const PECULIAR_NAMES: Record<string, string> = {
  CN: '2.5.4.3',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  C: '2.5.4.6',
  DC: '0.9.2342.19200300.100.1.25',
  E: '1.2.840.113549.1.9.1',
  G: '2.5.4.42',
  I: '2.5.4.43',
  SN: '2.5.4.4',
  T: '2.5.4.12',
};

/** A Name as RDNs of "OID=value", from @peculiar/x509's reading (grouped by type within an RDN, as it does). */
function peculiarName(name: x509.Name): string[][] {
  return name.toJSON().map((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((v) => `${PECULIAR_NAMES[type] ?? type}=${v}`)));
}

/** The same from the DER walker; the openssl form written from it is checked against openssl itself in x509.test.ts. */
function walkerName(der: Uint8Array): string[][] {
  return nameAttributes(der).map((rdn) => {
    const grouped = new Map<string, string[]>();
    for (const { oid, value } of rdn) grouped.set(oid, [...(grouped.get(oid) ?? []), `${oid}=${value}`]);
    return [...grouped.values()].flat();
  });
}

const CURVES: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };
const ALGORITHMS: Record<string, string> = { ECDSA: 'EC', 'RSASSA-PKCS1-v1_5': 'RSA', 'RSA-PSS': 'RSA-PSS', Ed25519: 'Ed25519', Ed448: 'Ed448' };

const sha256 = (bytes: ArrayBuffer | Uint8Array) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

/** What @peculiar/x509 reads from the certificate, in the check's terms. */
function secondOpinion(derBase64: string) {
  const cert = new x509.X509Certificate(derBase64);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const algorithm = cert.publicKey.algorithm as { name: string; namedCurve?: string; modulusLength?: number };
  return {
    subject: peculiarName(cert.subjectName),
    issuer: peculiarName(cert.issuerName),
    sanDnsNames: san ? san.names.items.filter((n) => n.type === 'dns').map((n) => n.value) : [],
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    keyAlgorithm: ALGORITHMS[algorithm.name] ?? algorithm.name,
    keySize: algorithm.modulusLength ?? (algorithm.namedCurve ? CURVES[algorithm.namedCurve] : undefined),
    sha256: sha256(cert.rawData),
    spkiSha256: sha256(cert.publicKey.rawData),
  };
}

/** What the check reads from the certificate. */
function runTimeReading(derBase64: string) {
  const { certificates, errors } = parseChain([derBase64]);
  expect(errors).to.deep.equal([]);
  const cert = certificates[0]!;
  const details = cert.x509.publicKey.asymmetricKeyDetails ?? {};
  return {
    subject: walkerName(cert.subjectDer),
    issuer: walkerName(cert.issuerDer),
    sanDnsNames: cert.sanDnsNames,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    keyAlgorithm: cert.keyAlgorithm,
    keySize: details.modulusLength ?? details.namedCurve,
    sha256: sha256(cert.der),
    spkiSha256: sha256(cert.spki),
  };
}

async function everyCertificate(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const [name, cert] of Object.entries(await makeCerts())) out.push([`lab ${name}`, Buffer.from(cert.der).toString('base64')]);
  const pki = await opensslPki();
  for (const [name, cert] of Object.entries(pki)) out.push([`openssl fixture ${name}`, cert.derBase64]);
  out.push(['openssl fixture tricky', OPENSSL_TRICKY.derBase64], ['openssl fixture utf8', OPENSSL_UTF8.derBase64]);
  const { root, intermediate, leaf } = await makeChain({ dnsNames: ['mx.example.org', '*.example.org'] });
  out.push(['test pki root', root.derBase64], ['test pki intermediate', intermediate.derBase64], ['test pki leaf', leaf.derBase64]);
  for (const key of ['rsa-2048', 'ed25519'] as const) {
    out.push([`test pki ${key}`, (await makeCertificate({ key, subject: 'CN=mx.example.org, O=Bücher + OU=a, C=DE' })).derBase64]);
  }
  out.push(['test pki v1 without extensions', (await makeCertificate({ bare: true, subject: 'CN=bare' })).derBase64]);
  return out;
}

describe('the run-time certificate parser agrees with @peculiar/x509', function () {
  this.timeout(60_000);
  let certificates: [string, string][] = [];
  before(async () => {
    certificates = await everyCertificate();
  });

  it('on every lab and fixture certificate', () => {
    expect(certificates.length).to.be.greaterThan(20);
    for (const [name, derBase64] of certificates) {
      expect(runTimeReading(derBase64), name).to.deep.equal(secondOpinion(derBase64));
    }
  });

  it('and the comparison can fail: a different certificate reads differently', () => {
    const [[, first], [, second]] = certificates as [[string, string], [string, string]];
    expect(runTimeReading(first)).to.not.deep.equal(secondOpinion(second));
  });
});
