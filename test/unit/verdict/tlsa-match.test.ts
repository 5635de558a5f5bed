import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { parseChain, type ParsedChain } from '../../../src/verdict/certificate/x509.ts';
import type { TlsaMatch, TlsaRecord } from '../../../src/verdict/result.ts';
import { datedPath, earliestExpiry, eeDateRemark, matchTlsa, type MatchOptions } from '../../../src/verdict/tlsa-match.ts';
import {
  generateKeys,
  makeCertificate,
  makeChain,
  tamperSignature,
  TEST_NOW,
  tlsaFor,
  type KeyKind,
  type TestChain,
} from '../../support/pki.ts';

const NAMES = ['mx.example.org', 'example.org'];
const OPTS: MatchOptions = { referenceIdentifiers: NAMES, now: TEST_NOW };
const PAST = { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2025-06-01T00:00:00Z') };
const FUTURE = { notBefore: new Date('2026-06-01T00:00:00Z'), notAfter: new Date('2027-06-01T00:00:00Z') };
const SELECTOR_MATCHING: [number, number][] = [
  [0, 0],
  [0, 1],
  [0, 2],
  [1, 0],
  [1, 1],
  [1, 2],
];

function match(records: TlsaRecord[], sent: string[], opts: Partial<MatchOptions> = {}): TlsaMatch {
  return matchTlsa(records, parseChain(sent), { ...OPTS, ...opts });
}

const text = (r: TlsaRecord) => `${r.usage} ${r.selector} ${r.matchingType}`;

describe('matchTlsa: DANE-EE(3) (RFC 7672 §3.1.1)', () => {
  const kinds: KeyKind[] = ['ec-p256', 'rsa-2048', 'ed25519'];
  const chains = new Map<KeyKind, TestChain>();
  let other: TestChain;
  before(async () => {
    for (const kind of kinds) chains.set(kind, await makeChain({ key: kind }));
    other = await makeChain();
  });

  for (const kind of kinds) {
    for (const [selector, matchingType] of SELECTOR_MATCHING) {
      it(`3 ${selector} ${matchingType} matches the ${kind} leaf at depth 0`, async () => {
        const chain = chains.get(kind)!;
        const record = tlsaFor(chain.leaf, 3, selector, matchingType);
        const result = await match([record], chain.sent);
        expect(result).to.deep.equal({
          outcome: 'pass',
          record,
          depth: 0,
          referenceIdentifiers: [],
          matchedName: null,
          detail: null,
        });
      });
    }
  }

  for (const [selector, matchingType] of SELECTOR_MATCHING) {
    it(`3 ${selector} ${matchingType} of another certificate does not match`, async () => {
      const result = await match([tlsaFor(other.leaf, 3, selector, matchingType)], chains.get('ec-p256')!.sent);
      expect(result.outcome).to.equal('tlsa-mismatch');
      expect(result.record).to.equal(null);
      expect(result.detail).to.match(/none of the 1 usable TLSA record matches the 2 certificates/);
    });
  }

  it('ignores the names: a leaf for another host still passes', async () => {
    const chain = chains.get('ec-p256')!;
    const result = await match([tlsaFor(chain.leaf, 3, 1, 1)], chain.sent, { referenceIdentifiers: ['mx.other.net'] });
    expect(result.outcome).to.equal('pass');
  });

  it('ignores the dates: an expired or not yet valid leaf still passes, with a remark', async () => {
    for (const dates of [PAST, FUTURE]) {
      const chain = await makeChain({ leaf: dates });
      const parsed = parseChain(chain.sent);
      const result = await matchTlsa([tlsaFor(chain.leaf, 3, 1, 1)], parsed, OPTS);
      expect(result.outcome).to.equal('pass');
      expect(eeDateRemark(result, parsed, TEST_NOW)).to.match(/depth 0 \(CN = mx\.example\.org\) (expired at|is not valid before)/);
    }
  });

  it('ignores the chain: a leaf whose issuer was not sent, or a broken signature, still passes', async () => {
    const chain = chains.get('ec-p256')!;
    expect((await match([tlsaFor(chain.leaf, 3, 0, 1)], [chain.leaf.derBase64])).outcome).to.equal('pass');
    const tampered = tamperSignature(chain.leaf.derBase64);
    expect((await match([tlsaFor(chain.leaf, 3, 1, 1)], [tampered, chain.intermediate.derBase64])).outcome).to.equal('pass');
  });

  it('matches the leaf only: a 3 x x record for the intermediate is a mismatch, with a note', async () => {
    const chain = chains.get('ec-p256')!;
    const result = await match([tlsaFor(chain.intermediate, 3, 1, 1)], chain.sent);
    expect(result.outcome).to.equal('tlsa-mismatch');
    expect(result.detail).to.match(/matches the certificate at depth 1, but DANE-EE records match the leaf only/);
  });

  it('eeDateRemark is null for an in-date leaf and for a DANE-TA pass', async () => {
    const chain = chains.get('ec-p256')!;
    const parsed = parseChain(chain.sent);
    const ee = await matchTlsa([tlsaFor(chain.leaf, 3, 1, 1)], parsed, OPTS);
    expect(eeDateRemark(ee, parsed, TEST_NOW)).to.equal(null);
    const expired = await makeChain({ leaf: PAST });
    const expiredParsed = parseChain(expired.sent);
    const ta = await matchTlsa([tlsaFor(expired.intermediate, 2, 1, 1)], expiredParsed, OPTS);
    expect(ta.outcome).to.equal('cert-expired');
    expect(eeDateRemark(ta, expiredParsed, TEST_NOW)).to.equal(null);
  });
});

describe('matchTlsa: DANE-TA(2) (RFC 7672 §3.1.2, §3.2; RFC 7671 §5.2)', () => {
  let chain: TestChain;
  let withRoot: string[];
  before(async () => {
    chain = await makeChain();
    withRoot = [...chain.sent, chain.root.derBase64];
  });

  for (const [selector, matchingType] of SELECTOR_MATCHING) {
    it(`2 ${selector} ${matchingType} matching the intermediate the server sent passes`, async () => {
      const record = tlsaFor(chain.intermediate, 2, selector, matchingType);
      expect(await match([record], chain.sent)).to.deep.equal({
        outcome: 'pass',
        record,
        depth: 1,
        referenceIdentifiers: NAMES,
        matchedName: 'mx.example.org',
        detail: null,
      });
    });
  }

  it('2 1 1 matching the root passes when the server sends the root', async () => {
    const result = await match([tlsaFor(chain.root, 2, 1, 1)], withRoot);
    expect(result).to.include({ outcome: 'pass', depth: 2, matchedName: 'mx.example.org' });
  });

  it('2 1 1 matching the root is a mismatch when the server does not send it (RFC 7672 §3.1.2)', async () => {
    for (const matchingType of [1, 2]) {
      const result = await match([tlsaFor(chain.root, 2, 1, matchingType)], chain.sent);
      expect(result.outcome).to.equal('tlsa-mismatch');
    }
  });

  it('accepts a chain sent out of order', async () => {
    const outOfOrder = [chain.leaf.derBase64, chain.root.derBase64, chain.intermediate.derBase64];
    const result = await match([tlsaFor(chain.root, 2, 1, 1)], outOfOrder);
    expect(result).to.include({ outcome: 'pass', depth: 1 });
    const viaIntermediate = await match([tlsaFor(chain.intermediate, 2, 0, 1)], outOfOrder);
    expect(viaIntermediate).to.include({ outcome: 'pass', depth: 2 });
  });

  it('ignores unrelated extra certificates', async () => {
    const stray = await makeChain();
    const sent = [chain.leaf.derBase64, stray.intermediate.derBase64, chain.intermediate.derBase64, stray.root.derBase64];
    expect((await match([tlsaFor(chain.intermediate, 2, 1, 1)], sent)).outcome).to.equal('pass');
  });

  it('2 0 0 and 2 1 0 carry the whole anchor, so the server may omit it (RFC 7671 §5.2.2)', async () => {
    for (const selector of [0, 1]) {
      const result = await match([tlsaFor(chain.root, 2, selector, 0)], chain.sent);
      expect(result, `2 ${selector} 0`).to.include({ outcome: 'pass', depth: null, matchedName: 'mx.example.org' });
    }
  });

  it('2 x 0 with an anchor that did not sign the chain is chain-invalid', async () => {
    const stray = await makeChain();
    for (const selector of [0, 1]) {
      const result = await match([tlsaFor(stray.root, 2, selector, 0)], chain.sent);
      expect(result.outcome, `2 ${selector} 0`).to.equal('chain-invalid');
      expect(result.detail).to.match(/trust anchor (certificate|key) in the TLSA record/);
    }
  });

  it('judges each full-anchor record on its own key', async () => {
    const stray = await makeChain();
    const records = [tlsaFor(stray.root, 2, 1, 0), tlsaFor(chain.root, 2, 1, 0)];
    expect(await match(records, chain.sent)).to.include({ outcome: 'pass', record: records[1] });
  });

  describe('a record that matches the leaf', () => {
    it('does not make a CA-issued leaf its own trust anchor', async () => {
      const result = await match([tlsaFor(chain.leaf, 2, 1, 1)], chain.sent);
      expect(result.outcome).to.equal('tlsa-mismatch');
      expect(result.detail).to.match(/matches the leaf, which is not self-signed/);
    });

    it('makes a self-signed leaf its own trust anchor, with names and dates checked', async () => {
      const selfSigned = await makeCertificate({ dnsNames: ['mx.example.org'] });
      expect(await match([tlsaFor(selfSigned, 2, 0, 1)], [selfSigned.derBase64])).to.include({
        outcome: 'pass',
        depth: 0,
        matchedName: 'mx.example.org',
      });
      const wrongName = await match([tlsaFor(selfSigned, 2, 0, 1)], [selfSigned.derBase64], {
        referenceIdentifiers: ['mx.other.net'],
      });
      expect(wrongName.outcome).to.equal('name-mismatch');
      const expired = await makeCertificate({ dnsNames: ['mx.example.org'], ...PAST });
      expect((await match([tlsaFor(expired, 2, 1, 1)], [expired.derBase64])).outcome).to.equal('cert-expired');
    });
  });

  describe('names (RFC 7672 §3.2.3)', () => {
    it('name-mismatch lists the reference identifiers and the names the leaf carries', async () => {
      const result = await match([tlsaFor(chain.intermediate, 2, 1, 1)], chain.sent, {
        referenceIdentifiers: ['mx.other.net', 'other.net'],
      });
      expect(result).to.deep.equal({
        outcome: 'name-mismatch',
        record: tlsaFor(chain.intermediate, 2, 1, 1),
        depth: 1,
        referenceIdentifiers: ['mx.other.net', 'other.net'],
        matchedName: null,
        detail: 'the leaf names mx.example.org; expected one of mx.other.net, other.net',
      });
    });

    it('matches any reference identifier: the next-hop domain too', async () => {
      const domainCert = await makeChain({ dnsNames: ['example.org'] });
      const result = await match([tlsaFor(domainCert.intermediate, 2, 1, 1)], domainCert.sent);
      expect(result).to.include({ outcome: 'pass', matchedName: 'example.org' });
    });

    const wildcardCases: [string[], string[], 'pass' | 'name-mismatch'][] = [
      [['*.example.org'], ['mx.example.org'], 'pass'],
      [['*.EXAMPLE.org'], ['MX.example.org.'], 'pass'],
      [['*.example.org'], ['example.org'], 'name-mismatch'],
      [['*.example.org'], ['a.mx.example.org'], 'name-mismatch'],
      [['m*.example.org'], ['mx.example.org'], 'name-mismatch'],
      [['*.org'], ['example.org'], 'name-mismatch'],
      [['other.example.org', '*.example.org'], ['mx.example.org'], 'pass'],
    ];
    for (const [dnsNames, references, outcome] of wildcardCases) {
      it(`leaf ${dnsNames.join(',')} against ${references.join(',')}: ${outcome}`, async () => {
        const wild = await makeChain({ dnsNames, leafSubject: 'CN=wildcard' });
        const result = await match([tlsaFor(wild.intermediate, 2, 1, 1)], wild.sent, { referenceIdentifiers: references });
        expect(result.outcome).to.equal(outcome);
      });
    }

    it('uses the CN only when the leaf has no DNS subjectAltName', async () => {
      const cnOnly = await makeChain({ dnsNames: [], leafSubject: 'CN=mx.example.org' });
      expect((await match([tlsaFor(cnOnly.intermediate, 2, 1, 1)], cnOnly.sent)).outcome).to.equal('pass');
      const sanElsewhere = await makeChain({ dnsNames: ['mail.other.net'], leafSubject: 'CN=mx.example.org' });
      const result = await match([tlsaFor(sanElsewhere.intermediate, 2, 1, 1)], sanElsewhere.sent);
      expect(result.outcome).to.equal('name-mismatch');
    });
  });

  describe('validity dates of every certificate from the leaf to the anchor', () => {
    it('an expired leaf is cert-expired at depth 0', async () => {
      const expired = await makeChain({ leaf: PAST });
      const result = await match([tlsaFor(expired.intermediate, 2, 1, 1)], expired.sent);
      expect(result).to.include({ outcome: 'cert-expired', depth: 1 });
      expect(result.detail).to.equal('depth 0 (CN = mx.example.org) expired at 2025-06-01T00:00:00.000Z');
    });

    it('a not yet valid leaf is cert-expired', async () => {
      const early = await makeChain({ leaf: FUTURE });
      const result = await match([tlsaFor(early.intermediate, 2, 1, 1)], early.sent);
      expect(result.outcome).to.equal('cert-expired');
      expect(result.detail).to.match(/depth 0 .* is not valid before 2026-06-01/);
    });

    it('an expired intermediate below the anchor is cert-expired naming depth 1', async () => {
      const expired = await makeChain({ intermediate: PAST });
      const result = await match([tlsaFor(expired.root, 2, 1, 1)], [...expired.sent, expired.root.derBase64]);
      expect(result).to.include({ outcome: 'cert-expired', depth: 2 });
      expect(result.detail).to.match(/^depth 1 \(CN = Test Issuing CA, O = Example\) expired at/);
    });

    it('an expired anchor certificate is cert-expired', async () => {
      const expired = await makeChain({ intermediate: PAST });
      const result = await match([tlsaFor(expired.intermediate, 2, 0, 1)], expired.sent);
      expect(result).to.include({ outcome: 'cert-expired', depth: 1 });
    });

    it('certificates outside the path do not count', async () => {
      const expiredRoot = await makeChain({ root: PAST });
      const sent = [...expiredRoot.sent, expiredRoot.root.derBase64];
      expect((await match([tlsaFor(expiredRoot.intermediate, 2, 1, 1)], sent)).outcome).to.equal('pass');
    });

    it('judges at the time given, not the real clock', async () => {
      const result = await match([tlsaFor(chain.intermediate, 2, 1, 1)], chain.sent, { now: new Date('2040-01-01Z') });
      expect(result.outcome).to.equal('cert-expired');
    });
  });

  describe('the chain from the leaf to the anchor (RFC 7672 §3.2.2)', () => {
    it('a leaf whose signature does not verify is chain-invalid', async () => {
      const sent = [tamperSignature(chain.leaf.derBase64), chain.intermediate.derBase64];
      const result = await match([tlsaFor(chain.intermediate, 2, 1, 1)], sent);
      expect(result).to.include({ outcome: 'chain-invalid', depth: 1 });
      expect(result.detail).to.match(/signature on depth 0 \(CN = mx\.example\.org\) does not verify with the key of depth 1/);
    });

    it('a leaf signed by another key under the intermediate\'s name is chain-invalid', async () => {
      const impostor = await makeCertificate({
        subject: 'CN=Test Issuing CA, O=Example',
        ca: true,
        keys: await generateKeys('ec-p256'),
      });
      const forged = await makeCertificate({ dnsNames: ['mx.example.org'], issuer: impostor });
      const result = await match([tlsaFor(chain.intermediate, 2, 1, 1)], [forged.derBase64, chain.intermediate.derBase64]);
      expect(result.outcome).to.equal('chain-invalid');
    });

    it('a broken intermediate signature is chain-invalid when the anchor is the root', async () => {
      const sent = [chain.leaf.derBase64, tamperSignature(chain.intermediate.derBase64), chain.root.derBase64];
      const result = await match([tlsaFor(chain.root, 2, 1, 1)], sent);
      expect(result.outcome).to.equal('chain-invalid');
      expect(result.detail).to.match(/signature on depth 1/);
    });

    it('a missing intermediate is chain-invalid', async () => {
      const result = await match([tlsaFor(chain.root, 2, 1, 1)], [chain.leaf.derBase64, chain.root.derBase64]);
      expect(result.outcome).to.equal('chain-invalid');
      expect(result.detail).to.match(/no certificate the server sent is the issuer \(CN = Test Issuing CA, O = Example\) of depth 0/);
    });

    it('an issuer that is not a CA is chain-invalid', async () => {
      const notCa = await makeChain({ intermediate: { ca: false } });
      const result = await match([tlsaFor(notCa.intermediate, 2, 1, 1)], notCa.sent);
      expect(result.outcome).to.equal('chain-invalid');
      expect(result.detail).to.match(/is not a CA certificate/);
    });

    it('selector 1 trusts the key: a renewed intermediate with the same key still anchors', async () => {
      // The server sends a new intermediate certificate for the same key the record names.
      const renewed = await makeCertificate({
        subject: 'CN=Test Issuing CA, O=Example',
        ca: true,
        keys: chain.intermediate.keys,
        issuer: chain.root,
        notAfter: new Date('2036-01-01Z'),
      });
      const result = await match([tlsaFor(chain.intermediate, 2, 1, 1)], [chain.leaf.derBase64, renewed.derBase64]);
      expect(result).to.include({ outcome: 'pass', depth: 1 });
      const bySelector0 = await match([tlsaFor(chain.intermediate, 2, 0, 1)], [chain.leaf.derBase64, renewed.derBase64]);
      expect(bySelector0.outcome).to.equal('tlsa-mismatch');
    });

    it('works for RSA and Ed25519 chains', async () => {
      for (const key of ['rsa-2048', 'ed25519'] as const) {
        const other = await makeChain({ key });
        const result = await match([tlsaFor(other.root, 2, 1, 1)], [...other.sent, other.root.derBase64]);
        expect(result.outcome, key).to.equal('pass');
      }
    });
  });
});

describe('matchTlsa with several records: any pass wins, else the best failure', () => {
  let chain: TestChain;
  let other: TestChain;
  before(async () => {
    chain = await makeChain();
    other = await makeChain();
  });

  it('passes when one of several records matches, in either order', async () => {
    const good = tlsaFor(chain.leaf, 3, 1, 1);
    const stale = tlsaFor(other.leaf, 3, 1, 1);
    expect(await match([stale, good], chain.sent)).to.include({ outcome: 'pass', record: good });
    expect(await match([good, stale], chain.sent)).to.include({ outcome: 'pass', record: good });
  });

  it('a DANE-EE pass beats a DANE-TA name mismatch ("current + issuer", RFC 7671 §8.1)', async () => {
    const ta = tlsaFor(chain.intermediate, 2, 1, 1);
    const ee = tlsaFor(chain.leaf, 3, 1, 1);
    const result = await match([ta, ee], chain.sent, { referenceIdentifiers: ['mx.other.net'] });
    expect(result).to.include({ outcome: 'pass', record: ee, depth: 0 });
  });

  it('name-mismatch > cert-expired > chain-invalid > tlsa-mismatch', async () => {
    // Leaf named for another host; intermediate valid; root sent but expired.
    const c = await makeChain({ dnsNames: ['mail.other.net'], root: PAST });
    const sent = [...c.sent, c.root.derBase64];
    const nameMismatch = tlsaFor(c.intermediate, 2, 1, 1);
    const certExpired = tlsaFor(c.root, 2, 1, 1);
    const tlsaMismatch = tlsaFor(other.leaf, 3, 1, 1);
    const chainInvalid = tlsaFor(other.root, 2, 1, 0);
    const outcome = async (records: TlsaRecord[]) => (await match(records, sent)).outcome;
    expect(await outcome([tlsaMismatch, chainInvalid, certExpired, nameMismatch])).to.equal('name-mismatch');
    expect(await outcome([nameMismatch, certExpired, chainInvalid, tlsaMismatch])).to.equal('name-mismatch');
    expect(await outcome([tlsaMismatch, certExpired, chainInvalid])).to.equal('cert-expired');
    expect(await outcome([chainInvalid, tlsaMismatch])).to.equal('chain-invalid');
    expect(await outcome([tlsaMismatch])).to.equal('tlsa-mismatch');
  });

  it('reports the record, depth and detail of the best failure', async () => {
    const c = await makeChain({ leaf: PAST });
    const record = tlsaFor(c.intermediate, 2, 1, 1);
    const result = await match([tlsaFor(other.leaf, 3, 1, 1), record], c.sent);
    expect(result).to.include({ outcome: 'cert-expired', record, depth: 1 });
    expect(text(result.record!)).to.equal('2 1 1');
  });
});

describe('matchTlsa with unusual chains', () => {
  let chain: TestChain;
  before(async () => {
    chain = await makeChain();
  });

  it('an empty chain is a mismatch', async () => {
    expect(await match([tlsaFor(chain.leaf, 3, 1, 1)], [])).to.include({
      outcome: 'tlsa-mismatch',
      detail: 'the server presented no certificate',
    });
  });

  it('no usable records is a mismatch', async () => {
    expect((await match([], chain.sent)).outcome).to.equal('tlsa-mismatch');
  });

  it('an unparsable certificate above the leaf does not stop a DANE-EE match', async () => {
    const result = await match([tlsaFor(chain.leaf, 3, 1, 1)], [chain.leaf.derBase64, 'bm90IGEgY2VydA==']);
    expect(result.outcome).to.equal('pass');
  });

  it('DANE-EE selector 0 compares raw bytes, even of a leaf that does not parse', async () => {
    const garbage = Buffer.from('not a certificate').toString('base64');
    const data = createHash('sha256').update(Buffer.from(garbage, 'base64')).digest('hex');
    const record: TlsaRecord = { usage: 3, selector: 0, matchingType: 1, data };
    expect((await match([record], [garbage])).outcome).to.equal('pass');
    expect((await match([tlsaFor(chain.leaf, 3, 1, 1)], [garbage])).outcome).to.equal('tlsa-mismatch');
  });

  it('DANE-TA with an unparsable leaf is chain-invalid', async () => {
    const result = await match([tlsaFor(chain.intermediate, 2, 1, 1)], ['AAAA', chain.intermediate.derBase64]);
    expect(result.outcome).to.equal('chain-invalid');
    expect(result.detail).to.match(/^the leaf certificate cannot be parsed/);
  });

  it('DANE-TA matching an unparsable certificate is chain-invalid', async () => {
    const broken = Buffer.from(chain.intermediate.der);
    broken[broken.indexOf(Buffer.from([0x17, 0x0d]))] = 0x0c; // notBefore is no longer a Time
    const sent = [chain.leaf.derBase64, broken.toString('base64')];
    const record = { ...tlsaFor(chain.intermediate, 2, 1, 1) }; // the SPKI is unchanged
    const result = await match([record], sent);
    expect(result).to.include({ outcome: 'chain-invalid', depth: 1 });
    expect(result.detail).to.match(/depth 1 matches but cannot be parsed/);
  });
});

describe('earliestExpiry', () => {
  it('finds the certificate that expires first', async () => {
    const chain = await makeChain({ intermediate: { notAfter: new Date('2030-01-01T00:00:00Z') } });
    const parsed: ParsedChain = parseChain([...chain.sent, chain.root.derBase64]);
    expect(earliestExpiry(parsed)).to.deep.equal({
      depth: 1,
      subject: 'CN = Test Issuing CA, O = Example',
      notAfter: new Date('2030-01-01T00:00:00Z'),
    });
    expect(earliestExpiry(parseChain([]))).to.equal(null);
  });
});

describe('datedPath: the certificates whose dates DANE checks (RFC 7672 §3.1.1, §3.2.2)', () => {
  let chain: TestChain;
  before(async () => {
    chain = await makeChain();
  });

  it('DANE-TA: the leaf up to and including the anchor, not what the server sends above it', () => {
    const sent = [...chain.sent, chain.root.derBase64];
    const record = tlsaFor(chain.intermediate, 2, 1, 1);
    const m = match([record], sent);
    expect(m.outcome).to.equal('pass');
    expect(datedPath(m, parseChain(sent))).to.deep.equal([0, 1]);
    const byRoot = match([tlsaFor(chain.root, 2, 1, 1)], sent);
    expect(datedPath(byRoot, parseChain(sent))).to.deep.equal([0, 1, 2]);
  });

  it('DANE-EE: none (it ignores dates); no pass: null', () => {
    const ee = match([tlsaFor(chain.leaf, 3, 1, 1)], chain.sent);
    expect(datedPath(ee, parseChain(chain.sent))).to.deep.equal([]);
    const none = match([tlsaFor(chain.root, 3, 1, 1)], chain.sent);
    expect(datedPath(none, parseChain(chain.sent))).to.equal(null);
  });
});
