import { expect } from 'chai';
import {
  certificateMatchesName,
  normalizeDnsName,
  presentedNameMatches,
  referenceIdentifiers,
} from '../../../src/verdict/reference-names.ts';

describe('presentedNameMatches (RFC 6125 §6.4, RFC 7672 §3.2.3)', () => {
  const table: [presented: string, reference: string, matches: boolean][] = [
    ['mx.example.org', 'mx.example.org', true],
    ['MX.Example.ORG', 'mx.example.org', true],
    ['mx.example.org', 'MX.EXAMPLE.ORG', true],
    ['mx.example.org.', 'mx.example.org', true],
    ['mx.example.org', 'mx.example.org.', true],
    ['mx.example.org', 'mx2.example.org', false],
    ['mx.example.org', 'example.org', false],
    ['example.org', 'mx.example.org', false],
    // wildcards: the whole left-most label, exactly one label
    ['*.example.org', 'mx.example.org', true],
    ['*.Example.Org.', 'MX.example.org', true],
    ['*.example.org', 'xn--bcher-kva.example.org', true],
    ['*.example.org', 'example.org', false],
    ['*.example.org', 'a.b.example.org', false],
    ['*.example.org', '.example.org', false],
    ['*.mx.example.org', 'mx.example.org', false],
    ['m*.example.org', 'mx.example.org', false],
    ['*x.example.org', 'mx.example.org', false],
    ['mx.*.org', 'mx.example.org', false],
    ['*.*.org', 'mx.example.org', false],
    ['*.org', 'example.org', false],
    ['*', 'localhost', false],
    // a reference identifier is never a pattern
    ['mx.example.org', '*.example.org', false],
    ['*.example.org', '*.example.org', false],
    // empty and degenerate names
    ['', 'mx.example.org', false],
    ['mx.example.org', '', false],
    ['mx..example.org', 'mx..example.org', false],
  ];
  for (const [presented, reference, matches] of table) {
    it(`${JSON.stringify(presented)} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(reference)}`, () => {
      expect(presentedNameMatches(presented, reference)).to.equal(matches);
    });
  }
});

describe('certificateMatchesName', () => {
  it('returns the certificate name that matched, as the certificate spells it', () => {
    expect(certificateMatchesName(['other.example', '*.Example.org'], ['mx.example.org'])).to.equal('*.Example.org');
  });
  it('tries every reference identifier', () => {
    expect(certificateMatchesName(['example.org'], ['mx.example.org', 'example.org'])).to.equal('example.org');
  });
  it('returns null when nothing matches', () => {
    expect(certificateMatchesName(['mail.example.net'], ['mx.example.org', 'example.org'])).to.equal(null);
    expect(certificateMatchesName([], ['mx.example.org'])).to.equal(null);
    expect(certificateMatchesName(['mx.example.org'], [])).to.equal(null);
  });
});

describe('referenceIdentifiers (RFC 7672 §3.2.3)', () => {
  it('lists the TLSA base domain, MX host and next-hop domain, in that order', () => {
    expect(
      referenceIdentifiers({ tlsaBaseDomain: 'mx.provider.net', mxHost: 'mx.example.org', nextHopDomain: 'example.org' }),
    ).to.deep.equal(['mx.provider.net', 'mx.example.org', 'example.org']);
  });
  it('normalises case and trailing dots, then removes duplicates', () => {
    expect(
      referenceIdentifiers({ tlsaBaseDomain: 'MX.Example.org.', mxHost: 'mx.example.org', nextHopDomain: 'Example.ORG' }),
    ).to.deep.equal(['mx.example.org', 'example.org']);
  });
  it('skips missing sources', () => {
    expect(referenceIdentifiers({ tlsaBaseDomain: 'mx.example.org', mxHost: null })).to.deep.equal(['mx.example.org']);
    expect(referenceIdentifiers({ tlsaBaseDomain: 'mx.example.org', nextHopDomain: '' })).to.deep.equal([
      'mx.example.org',
    ]);
  });
  it('normalizeDnsName drops one trailing dot and lower-cases ASCII only', () => {
    expect(normalizeDnsName(' MX.Example.Org. ')).to.equal('mx.example.org');
    expect(normalizeDnsName('MX.BÜCHER.example')).to.equal('mx.bÜcher.example');
  });
});
