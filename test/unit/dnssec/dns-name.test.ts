// Names as wire labels: presentation parsing with escapes, ASCII-only case
// folding (RFC 4034 §6.2, RFC 4343), canonical order (RFC 4034 §6.1).
import { expect } from 'chai';
import {
  commonAncestor,
  compareNames,
  isAtOrBelow,
  isBelow,
  nameText,
  nameWire,
  namesBetween,
  parseName,
  signatureLabelCount,
} from '../../../src/dns/name.ts';

describe('dnssec/dns-name', () => {
  it('parses presentation format: trailing dot, the root, \\DDD and \\X escapes', () => {
    expect(nameText(parseName('Mail.Example.ORG.'))).to.equal('mail.example.org');
    expect(parseName('.')).to.deep.equal([]);
    expect(parseName('')).to.deep.equal([]);
    expect(nameText(parseName('a\\.b.example'))).to.equal('a\\.b.example');
    expect(parseName('a\\.b.example')).to.have.length(2);
    expect(parseName('\\000.x')[0]).to.deep.equal(Buffer.from([0]));
    expect(nameText(parseName('\\200.x'))).to.equal('\\200.x');
    expect(() => parseName('a..b')).to.throw(/empty label/);
    expect(() => parseName(`${'x'.repeat(64)}.example`)).to.throw(/63 octets/);
  });

  it('folds only US-ASCII letters (RFC 4034 §6.2)', () => {
    const name = parseName('\\195\\132X.example'); // "ÃX": the non-ASCII octets stay as they are
    expect(name[0]).to.deep.equal(Buffer.from([195, 132, 0x78]));
  });

  it('encodes the uncompressed wire form', () => {
    expect(nameWire(parseName('ab.c'))).to.deep.equal(Buffer.from([2, 0x61, 0x62, 1, 0x63, 0]));
    expect(nameWire([])).to.deep.equal(Buffer.from([0]));
  });

  it('orders canonically: ancestors first, labels compared from the right as octet strings', () => {
    const sorted = ['b.example', 'example', 'a.example', '*.a.example', 'z.a.example'].map(parseName).sort(compareNames).map(nameText);
    expect(sorted).to.deep.equal(['example', 'a.example', '*.a.example', 'z.a.example', 'b.example']);
    expect(compareNames(parseName('example'), parseName('EXAMPLE'))).to.equal(0);
  });

  it('relates names: below, at or below, common ancestor, the names between two', () => {
    expect(isBelow(parseName('a.example'), parseName('example'))).to.equal(true);
    expect(isBelow(parseName('example'), parseName('example'))).to.equal(false);
    expect(isAtOrBelow(parseName('example'), parseName('example'))).to.equal(true);
    expect(isAtOrBelow(parseName('xexample'), parseName('example'))).to.equal(false);
    expect(isAtOrBelow(parseName('anything'), [])).to.equal(true);
    expect(nameText(commonAncestor(parseName('a.b.example'), parseName('c.b.example')))).to.equal('b.example');
    expect(namesBetween([], parseName('a.b.c')).map(nameText)).to.deep.equal(['c', 'b.c', 'a.b.c']);
  });

  it('counts RRSIG labels without the root and without a leading * (RFC 4034 §3.1.3)', () => {
    expect(signatureLabelCount(parseName('www.example.com'))).to.equal(3);
    expect(signatureLabelCount(parseName('*.example.com'))).to.equal(2);
    expect(signatureLabelCount([])).to.equal(0);
  });
});
