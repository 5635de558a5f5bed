import { expect } from 'chai';
import { keyAlgorithmName, parseChain, presentedDnsNames, summarizeCertificate } from '../../../../src/verdict/certificate/x509.ts';
import { OPENSSL_TRICKY, OPENSSL_UTF8 } from '../../../support/openssl-certificates.ts';
import { makeCertificate, makeChain, type KeyKind, type TestCertificate } from '../../../support/pki.ts';


describe('parseChain and summarizeCertificate', () => {
  it('summarises a certificate as openssl shows it', () => {
    const chain = parseChain([OPENSSL_TRICKY.derBase64]);
    expect(chain.errors).to.deep.equal([]);
    expect(chain.length).to.equal(1);
    const summary = summarizeCertificate(chain.certificates[0]!);
    expect(summary).to.deep.equal({
      depth: 0,
      subject: OPENSSL_TRICKY.subject,
      issuer: OPENSSL_TRICKY.subject,
      dnsNames: ['mx.example.org'],
      notBefore: OPENSSL_TRICKY.notBefore,
      notAfter: OPENSSL_TRICKY.notAfter,
      keyAlgorithm: 'EC',
      sha256: OPENSSL_TRICKY.sha256,
      spkiSha256: OPENSSL_TRICKY.spkiSha256,
    });
  });

  it('escapes non-ASCII subject bytes as openssl does, and falls back to the CN without a SAN', () => {
    const [cert] = parseChain([OPENSSL_UTF8.derBase64]).certificates;
    const summary = summarizeCertificate(cert!);
    expect(summary.subject).to.equal(OPENSSL_UTF8.subject);
    expect(summary.keyAlgorithm).to.equal('Ed25519');
    expect(summary.dnsNames).to.deep.equal(['mx.bücher.example']);
  });

  const kinds: [KeyKind, string][] = [
    ['ec-p256', 'EC'],
    ['rsa-2048', 'RSA'],
    ['ed25519', 'Ed25519'],
  ];
  for (const [kind, algorithm] of kinds) {
    it(`names a ${kind} key ${algorithm} and hashes it as TLSA does`, async () => {
      const leaf = await makeCertificate({ key: kind, dnsNames: ['mx.example.org', '*.example.org'] });
      const [cert] = parseChain([leaf.derBase64]).certificates;
      const summary = summarizeCertificate(cert!, 0);
      expect(summary.keyAlgorithm).to.equal(algorithm);
      expect(summary.sha256).to.equal(leaf.sha256);
      expect(summary.spkiSha256).to.equal(leaf.spkiSha256);
      expect(summary.dnsNames).to.deep.equal(['mx.example.org', '*.example.org']);
      expect(keyAlgorithmName(leaf.spki)).to.equal(algorithm);
    });
  }

  it('summarises a whole chain with depths, names and ISO dates', async () => {
    const { leaf, intermediate, root } = await makeChain({
      leaf: { notBefore: new Date('2025-06-01T12:00:00Z'), notAfter: new Date('2025-09-01T12:00:00Z') },
    });
    const chain = parseChain([leaf.derBase64, intermediate.derBase64, root.derBase64]);
    const summaries = chain.certificates.map((c) => summarizeCertificate(c));
    expect(summaries.map((s) => s.depth)).to.deep.equal([0, 1, 2]);
    expect(summaries.map((s) => s.subject)).to.deep.equal([
      'CN = mx.example.org',
      'CN = Test Issuing CA, O = Example',
      'CN = Test Root CA, O = Example',
    ]);
    expect(summaries[0]!.issuer).to.equal('CN = Test Issuing CA, O = Example');
    expect(summaries[0]!.notBefore).to.equal('2025-06-01T12:00:00.000Z');
    expect(summaries[0]!.notAfter).to.equal('2025-09-01T12:00:00.000Z');
    expect(summaries[1]!.dnsNames).to.deep.equal(['Test Issuing CA']);
  });

  it('knows which certificates may sign others (RFC 5280 §4.2.1.9)', async () => {
    const { leaf, intermediate, root } = await makeChain();
    const bare = await makeCertificate({ bare: true, subject: 'CN=bare' });
    const chain = parseChain([leaf.derBase64, intermediate.derBase64, root.derBase64, bare.derBase64]);
    expect(chain.certificates.map((c) => c.isCa)).to.deep.equal([false, true, true, false]);
    expect(chain.certificates.map((c) => c.selfIssued)).to.deep.equal([false, false, true, true]);
  });

  it('uses subjectAltName dNSNames only, and the CN only when there is no dNSName (RFC 6125 §6.4.4)', async () => {
    const both = await makeCertificate({ subject: 'CN=cn.example.org', dnsNames: ['san.example.org'] });
    const cnOnly = await makeCertificate({ subject: 'CN=cn.example.org' });
    const [a, b] = parseChain([both.derBase64, cnOnly.derBase64]).certificates;
    expect(presentedDnsNames(a!)).to.deep.equal(['san.example.org']);
    expect(presentedDnsNames(b!)).to.deep.equal(['cn.example.org']);
    expect(a!.commonNames).to.deep.equal(['cn.example.org']);
  });
});

describe('parseChain with certificates that do not parse', () => {
  let good: TestCertificate;
  before(async () => {
    good = await makeCertificate({ dnsNames: ['mx.example.org'] });
  });

  const garbage: [string, (g: TestCertificate) => string][] = [
    ['an empty string', () => ''],
    ['text that is not base64 DER', () => 'this is not a certificate'],
    ['a truncated certificate', (g) => Buffer.from(g.der.subarray(0, 200)).toString('base64')],
    ['a certificate with trailing bytes', (g) => Buffer.concat([g.der, Buffer.from([0, 0])]).toString('base64')],
    ['a DER SEQUENCE that is no certificate', () => Buffer.from('3003020101', 'hex').toString('base64')],
  ];
  for (const [label, make] of garbage) {
    it(`records ${label} as an error at its depth, without throwing`, () => {
      const chain = parseChain([good.derBase64, make(good), good.derBase64]);
      expect(chain.length).to.equal(3);
      expect(chain.certificates.map((c) => c.depth)).to.deep.equal([0, 2]);
      expect(chain.errors).to.have.length(1);
      expect(chain.errors[0]!.depth).to.equal(1);
      expect(chain.errors[0]!.message).to.be.a('string').that.is.not.empty;
    });
  }

  it('keeps the bytes of an unparsable certificate, and its SPKI when it can be found', () => {
    // notBefore re-tagged from UTCTime to UTF8String: no longer a valid Time, same length.
    const der = Buffer.from(good.der);
    const validity = der.indexOf(Buffer.from([0x17, 0x0d])); // the first UTCTime
    der[validity] = 0x0c;
    const chain = parseChain([der.toString('base64')]);
    expect(chain.certificates).to.have.length(0);
    expect(chain.errors).to.have.length(1);
    expect(Buffer.from(chain.errors[0]!.der).equals(der)).to.equal(true);
    expect(Buffer.from(chain.errors[0]!.spki!).equals(Buffer.from(good.spki))).to.equal(true);
  });

  it('returns an empty chain for no certificates', () => {
    expect(parseChain([])).to.deep.equal({ certificates: [], errors: [], length: 0 });
  });
});
