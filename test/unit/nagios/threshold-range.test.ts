import { expect } from 'chai';
import { alerts, parseRange, ThresholdRangeError } from '../../../src/verdict/threshold-range.ts';

describe('threshold ranges ([@]start:end, Monitoring Plugins guidelines)', () => {
  // The guideline table, probed at and around every boundary (ranges are inclusive).
  const TABLE: [string, number[], number[]][] = [
    // range, values that alert, values that do not
    ['10', [-1, -0.001, 10.001, 11], [0, 5, 10]],
    ['10:', [-5, 0, 9.999], [10, 10.5, 1e9]],
    ['~:10', [10.001, 11, 1e9], [-1e9, -1, 0, 10]],
    ['10:20', [9.999, 0, 20.001, 25], [10, 15, 20]],
    ['@10:20', [10, 15, 20], [9.999, 20.001, 0, -3]],
  ];
  for (const [text, alerting, quiet] of TABLE) {
    it(`${text} alerts for ${alerting.join(', ')} and not for ${quiet.join(', ')}`, () => {
      const r = parseRange(text);
      for (const v of alerting) expect(alerts(r, v), `${text} at ${v}`).to.equal(true);
      for (const v of quiet) expect(alerts(r, v), `${text} at ${v}`).to.equal(false);
    });
  }

  it('parses the parts of each form', () => {
    expect(parseRange('10')).to.deep.equal({ start: 0, end: 10, inside: false, text: '10' });
    expect(parseRange('10:')).to.deep.equal({ start: 10, end: Infinity, inside: false, text: '10:' });
    expect(parseRange('~:10')).to.deep.equal({ start: -Infinity, end: 10, inside: false, text: '~:10' });
    expect(parseRange('10:20')).to.deep.equal({ start: 10, end: 20, inside: false, text: '10:20' });
    expect(parseRange('@10:20')).to.deep.equal({ start: 10, end: 20, inside: true, text: '@10:20' });
  });

  it('takes decimals, negatives, a plus sign and surrounding blanks', () => {
    expect(parseRange('1.5:2.25')).to.include({ start: 1.5, end: 2.25 });
    expect(parseRange('.5')).to.include({ start: 0, end: 0.5 });
    expect(parseRange('-10:-5')).to.include({ start: -10, end: -5 });
    expect(parseRange('@-1:+1')).to.include({ start: -1, end: 1, inside: true });
    expect(parseRange(' 20: ')).to.include({ start: 20, text: '20:' });
    expect(alerts(parseRange('-10:-5'), -7)).to.equal(false);
    expect(alerts(parseRange('-10:-5'), -4)).to.equal(true);
  });

  it('follows parse_range_string beyond the table: ":10" is 0:10, "~:" and "@~:" cover everything', () => {
    expect(parseRange(':10')).to.include({ start: 0, end: 10 });
    const all = parseRange('~:');
    for (const v of [-1e12, 0, 1e12]) expect(alerts(all, v)).to.equal(false);
    const never = parseRange('@~:');
    for (const v of [-1e12, 0, 1e12]) expect(alerts(never, v)).to.equal(true);
  });

  it('a one-point range 5:5 alerts everywhere but at 5', () => {
    const r = parseRange('5:5');
    expect(alerts(r, 5)).to.equal(false);
    expect(alerts(r, 4.999)).to.equal(true);
    expect(alerts(r, 5.001)).to.equal(true);
  });

  it('never alerts on an unknown (NaN) value', () => {
    expect(alerts(parseRange('10:'), NaN)).to.equal(false);
    expect(alerts(parseRange('@0:10'), NaN)).to.equal(false);
  });

  const BAD: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['@', /'@' needs a range/],
    ['~', /only allowed before ':'/],
    ['20:10', /start 20 is greater than end 10/],
    ['abc', /end 'abc' is not a decimal number/],
    ['1e3', /not a decimal number/],
    ['10,5', /not a decimal number/],
    ['0x10', /not a decimal number/],
    ['1:2:3', /more than one ':'/],
    ['Infinity', /not a decimal number/],
    ['10:~', /end '~' is not a decimal number/],
    ['@@1:2', /start '@1' is not a decimal number/],
    ['-', /not a decimal number/],
  ];
  for (const [text, message] of BAD) {
    it(`refuses ${JSON.stringify(text)} with a clear message`, () => {
      let caught: unknown;
      try {
        parseRange(text);
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(ThresholdRangeError);
      const err = caught as ThresholdRangeError;
      expect(err.message).to.match(message);
      expect(err.message).to.contain(`'${text}'`);
      expect(err.message).to.contain('[@]start:end');
      expect(err.input).to.equal(text);
    });
  }
});

describe('threshold ranges: properties', () => {
  it('start:end alerts exactly outside [start, end]; @ inverts it', async () => {
    const fc = (await import('fast-check')).default;
    const num = fc.integer({ min: -100_000, max: 100_000 }).map((n) => n / 100);
    fc.assert(
      fc.property(num, num, num, (a, b, x) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const outside = x < lo || x > hi;
        expect(alerts(parseRange(`${lo}:${hi}`), x)).to.equal(outside);
        expect(alerts(parseRange(`@${lo}:${hi}`), x)).to.equal(!outside);
      }),
    );
  });
});
