import { expect } from 'chai';
import type { TlsaRecord } from '../../../src/verdict/result.ts';
import {
  parseTlsaText,
  TlsaParseError,
  tlsaMatchingTypeName,
  tlsaSelectorName,
  tlsaText,
  tlsaUsability,
  tlsaUsageName,
  usableTlsa,
  type TlsaParseErrorCode,
  type TlsaUsabilityStatus,
} from '../../../src/verdict/tlsa-record.ts';

const SHA256 = 'ab'.repeat(32);
const SHA512 = 'cd'.repeat(64);
// A minimal DER SEQUENCE (what a Full(0) record must hold) and one with a long-form length.
const SHORT_SEQUENCE = '3003020101';
const LONG_SEQUENCE = `3081${(0x80).toString(16)}${'00'.repeat(0x80)}`;

const rec = (usage: number, selector: number, matchingType: number, data: string): TlsaRecord => ({
  usage,
  selector,
  matchingType,
  data,
});

describe('tlsaText', () => {
  it('gives the original service\'s "u s m hex" form in lower case', () => {
    expect(tlsaText(rec(3, 1, 1, 'ABCDEF'))).to.equal('3 1 1 abcdef');
  });
});

describe('parseTlsaText (RFC 6698 §2.2 presentation form)', () => {
  const good: [string, TlsaRecord][] = [
    [`3 1 1 ${SHA256}`, rec(3, 1, 1, SHA256)],
    [`  2 0 2 ${SHA512.toUpperCase()}  `, rec(2, 0, 2, SHA512)],
    [`3 1 1 ${SHA256.slice(0, 20)} ${SHA256.slice(20, 40)}\n\t${SHA256.slice(40)}`, rec(3, 1, 1, SHA256)],
    ['0 0 0 30', rec(0, 0, 0, '30')],
    ['255 255 255 00', rec(255, 255, 255, '00')],
  ];
  for (const [text, expected] of good) {
    it(`parses ${JSON.stringify(text.slice(0, 30))}`, () => {
      expect(parseTlsaText(text)).to.deep.equal(expected);
    });
  }

  it('round-trips with tlsaText', () => {
    const r = rec(2, 1, 1, SHA256);
    expect(parseTlsaText(tlsaText(r))).to.deep.equal(r);
  });

  const bad: [string, TlsaParseErrorCode][] = [
    ['', 'field-count'],
    ['3 1 1', 'field-count'],
    ['3 1', 'field-count'],
    ['256 1 1 ab', 'field-range'],
    ['3 -1 1 ab', 'field-range'],
    ['3 1 x ab', 'field-range'],
    ['3.0 1 1 ab', 'field-range'],
    ['3 1 1 abc', 'data-hex'],
    ['3 1 1 zz', 'data-hex'],
    ['3 1 1 ab cd e', 'data-hex'],
    ['3 1 1 0xab', 'data-hex'],
  ];
  for (const [text, code] of bad) {
    it(`refuses ${JSON.stringify(text)} with ${code}`, () => {
      let thrown: unknown;
      try {
        parseTlsaText(text);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).to.be.instanceOf(TlsaParseError);
      expect((thrown as TlsaParseError).code).to.equal(code);
      expect((thrown as TlsaParseError).message).to.be.a('string').that.is.not.empty;
    });
  }
});

describe('tlsaUsability (RFC 7672 §3.1.3, RFC 6698 §2.1)', () => {
  const table: [string, TlsaRecord, TlsaUsabilityStatus][] = [
    ['DANE-EE SPKI SHA2-256', rec(3, 1, 1, SHA256), 'usable'],
    ['DANE-EE Cert SHA2-512', rec(3, 0, 2, SHA512), 'usable'],
    ['DANE-EE SPKI Full', rec(3, 1, 0, SHORT_SEQUENCE), 'usable'],
    ['DANE-TA Cert Full, long-form DER length', rec(2, 0, 0, LONG_SEQUENCE), 'usable'],
    ['DANE-TA SPKI SHA2-256', rec(2, 1, 1, SHA256), 'usable'],
    ['upper-case hex', rec(2, 1, 1, SHA256.toUpperCase()), 'usable'],
    ['PKIX-TA', rec(0, 1, 1, SHA256), 'unusable-usage'],
    ['PKIX-EE', rec(1, 1, 1, SHA256), 'unusable-usage'],
    ['unassigned usage 4', rec(4, 1, 1, SHA256), 'unusable-usage'],
    ['PrivCert 255', rec(255, 1, 1, SHA256), 'unusable-usage'],
    ['PKIX-EE with a malformed digest is still reported for its usage', rec(1, 1, 1, 'ab'), 'unusable-usage'],
    ['selector 2', rec(3, 2, 1, SHA256), 'unusable-selector'],
    ['PrivSel 255', rec(3, 255, 1, SHA256), 'unusable-selector'],
    ['matching type 3', rec(3, 1, 3, SHA256), 'unusable-matching-type'],
    ['PrivMatch 255', rec(2, 1, 255, SHA256), 'unusable-matching-type'],
    ['SHA2-256 of 31 bytes', rec(3, 1, 1, SHA256.slice(2)), 'malformed'],
    ['SHA2-256 of 33 bytes', rec(3, 1, 1, `${SHA256}00`), 'malformed'],
    ['SHA2-256 data that is a SHA2-512 digest', rec(3, 1, 1, SHA512), 'malformed'],
    ['SHA2-512 of 32 bytes', rec(3, 1, 2, SHA256), 'malformed'],
    ['empty data', rec(3, 1, 1, ''), 'malformed'],
    ['empty Full data', rec(3, 1, 0, ''), 'malformed'],
    ['odd hex digits', rec(3, 1, 1, `${SHA256}a`), 'malformed'],
    ['non-hex data', rec(3, 1, 1, 'zz'.repeat(32)), 'malformed'],
    ['Full data that is not DER', rec(3, 1, 0, SHA256), 'malformed'],
    ['Full data with trailing bytes', rec(3, 0, 0, `${SHORT_SEQUENCE}00`), 'malformed'],
    ['Full data with a truncated DER', rec(2, 0, 0, '30050201'), 'malformed'],
    ['usage out of range', rec(256, 1, 1, SHA256), 'malformed'],
    ['fractional selector', rec(3, 0.5, 1, SHA256), 'malformed'],
  ];
  for (const [label, record, status] of table) {
    it(`${label} → ${status}`, () => {
      const result = tlsaUsability(record);
      expect(result.status).to.equal(status);
      if (status === 'usable') expect(result.detail).to.equal(null);
      else expect(result.detail).to.be.a('string').that.is.not.empty;
    });
  }

  it('explains why PKIX usages are unusable', () => {
    expect(tlsaUsability(rec(1, 1, 1, SHA256)).detail).to.match(/PKIX-EE/);
    expect(tlsaUsability(rec(3, 1, 1, SHA256.slice(2))).detail).to.match(/32 bytes, this one is 31/);
  });

  it('usableTlsa keeps only usable records, in order', () => {
    const records = [rec(3, 1, 1, SHA256), rec(1, 1, 1, SHA256), rec(2, 1, 2, SHA512), rec(3, 1, 1, 'ab')];
    expect(usableTlsa(records)).to.deep.equal([records[0], records[2]]);
    expect(usableTlsa([])).to.deep.equal([]);
  });
});

describe('TLSA field names (RFC 7218)', () => {
  it('names usages', () => {
    expect([0, 1, 2, 3].map(tlsaUsageName)).to.deep.equal(['PKIX-TA', 'PKIX-EE', 'DANE-TA', 'DANE-EE']);
    expect(tlsaUsageName(9)).to.equal('usage 9');
  });
  it('names selectors and matching types', () => {
    expect([0, 1].map(tlsaSelectorName)).to.deep.equal(['Cert', 'SPKI']);
    expect([0, 1, 2].map(tlsaMatchingTypeName)).to.deep.equal(['Full', 'SHA2-256', 'SHA2-512']);
  });
});
