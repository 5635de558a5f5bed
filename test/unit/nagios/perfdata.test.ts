import { expect } from 'chai';
import { formatNumber, formatPerfDatum, quoteLabel } from '../../../src/render/perfdata.ts';
import { parseRange } from '../../../src/verdict/threshold-range.ts';

describe('perfdata labels', () => {
  it('leaves plain labels unquoted', () => {
    expect(quoteLabel('mx_hosts')).to.equal('mx_hosts');
    expect(quoteLabel('mx1.example.org_cert_days_left')).to.equal('mx1.example.org_cert_days_left');
    expect(quoteLabel('a:b/c-d')).to.equal('a:b/c-d');
  });

  it('quotes labels with spaces or other characters', () => {
    expect(quoteLabel('cert days')).to.equal("'cert days'");
    expect(quoteLabel('100%')).to.equal("'100%'");
    expect(quoteLabel('bücher.example')).to.equal("'bücher.example'");
  });

  it("doubles a single quote inside the quotes (the guidelines' escape)", () => {
    expect(quoteLabel("it's")).to.equal("'it''s'");
    expect(quoteLabel("''")).to.equal("''''''");
  });

  it('replaces =, | and control characters, which no label may hold', () => {
    expect(quoteLabel('a=b')).to.equal('a_b');
    expect(quoteLabel('a|b')).to.equal('a_b');
    expect(quoteLabel('a\nb\tc')).to.equal('a_b_c');
    expect(quoteLabel('x = y')).to.equal("'x _ y'");
  });

  it('quotes an empty label rather than emitting =value', () => {
    expect(quoteLabel('')).to.equal("''");
  });
});

describe('perfdata numbers (C locale)', () => {
  const CASES: [number, string][] = [
    [0, '0'],
    [-0, '0'],
    [2, '2'],
    [-14, '-14'],
    [1.5, '1.5'],
    [1.234, '1.234'],
    [1.2344, '1.234'],
    [1.2346, '1.235'],
    [0.0004, '0'],
    [1e-7, '0'],
    [123456789, '123456789'],
    [10.5, '10.5'],
    [100, '100'],
  ];
  for (const [n, text] of CASES) {
    it(`${n} → ${text}`, () => expect(formatNumber(n)).to.equal(text));
  }

  it('never uses an exponent or a decimal comma', () => {
    for (const n of [1e-10, 12345.678, 1e15, -0.5]) {
      expect(formatNumber(n)).to.match(/^-?\d+(\.\d{1,3})?$/);
    }
  });

  it('renders NaN and infinities as U', () => {
    expect(formatNumber(NaN)).to.equal('U');
    expect(formatNumber(Infinity)).to.equal('U');
  });
});

describe('perfdata values', () => {
  it('label=value[UOM];warn;crit;min;max', () => {
    expect(
      formatPerfDatum({ label: 'cert_days_left', value: 54, warn: parseRange('20:'), crit: parseRange('15:'), min: 0, max: 365 }),
    ).to.equal('cert_days_left=54;20:;15:;0;365');
    expect(formatPerfDatum({ label: 'duration', value: 1.2345, uom: 's', min: 0 })).to.equal('duration=1.234s;;;0');
  });

  it('drops trailing empty fields but keeps inner ones', () => {
    expect(formatPerfDatum({ label: 'x', value: 1 })).to.equal('x=1');
    expect(formatPerfDatum({ label: 'x', value: 1, max: 3 })).to.equal('x=1;;;;3');
    expect(formatPerfDatum({ label: 'x', value: 1, crit: '@0:5' })).to.equal('x=1;;@0:5');
  });

  it('writes U for an unknown value, without a unit', () => {
    expect(formatPerfDatum({ label: 'cert_days_left', value: null, uom: 's', warn: '20:', crit: '15:' })).to.equal(
      'cert_days_left=U;20:;15:',
    );
  });
});
