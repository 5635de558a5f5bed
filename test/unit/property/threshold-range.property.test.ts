// Monitoring Plugins threshold ranges (src/verdict/threshold-range.ts) as
// properties, beyond the lo:hi property in test/unit/nagios: any string parses
// to an ordered range or is refused with one line naming it; every form the
// guidelines allow means what they say; '@' turns the alert inside out.
import { expect } from 'chai';
import fc from 'fast-check';
import { alerts, parseRange, ThresholdRangeError, type ThresholdRange } from '../../../src/verdict/threshold-range.ts';

/** Plain decimals as a plugin user writes them. */
const decimal = fc
  .tuple(fc.boolean(), fc.nat({ max: 100_000 }), fc.option(fc.nat({ max: 999 }), { nil: undefined }))
  .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`);

/** A range in any of the guideline forms, with the numbers it stands for. */
const written = fc
  .record({
    inside: fc.boolean(),
    start: fc.oneof(fc.constant('' as const), fc.constant('~' as const), decimal),
    end: fc.oneof(fc.constant('' as const), decimal),
    colon: fc.boolean(),
    blanks: fc.constantFrom('', ' ', '\t'),
  })
  .map(({ inside, start, end, colon, blanks }) => {
    // "N" alone means 0:N; otherwise start:end with either side omitted.
    const bare = !colon && start === '' && end !== '';
    const body = bare ? end : `${start}:${end}`;
    const lo = bare || start === '' ? 0 : start === '~' ? -Infinity : Number(start);
    const hi = end === '' ? Infinity : Number(end);
    return { text: `${blanks}${inside ? '@' : ''}${body}${blanks}`, lo, hi, inside };
  })
  .filter(({ lo, hi }) => lo <= hi);

describe('property: threshold ranges', () => {
  it('every guideline form parses to its numbers, and alerts exactly outside (or, with @, inside)', () => {
    fc.assert(
      fc.property(written, fc.double({ min: -2e5, max: 2e5, noNaN: true }), ({ text, lo, hi, inside }, x) => {
        const range = parseRange(text);
        expect(range).to.deep.equal({ start: lo, end: hi, inside, text: text.trim() });
        const within = x >= lo && x <= hi;
        expect(alerts(range, x), `${text} at ${x}`).to.equal(inside ? within : !within);
        // The boundaries themselves are inside the range (inclusive at both ends).
        if (Number.isFinite(lo)) expect(alerts(range, lo)).to.equal(inside);
        if (Number.isFinite(hi)) expect(alerts(range, hi)).to.equal(inside);
      }),
      { numRuns: 3000 },
    );
  });

  it('@ is the exact opposite for every value but NaN, which never alerts', () => {
    fc.assert(
      fc.property(written, fc.oneof(fc.double(), fc.constant(Number.NaN)), ({ text }, x) => {
        const plain = parseRange(text.replace('@', ''));
        const inverted: ThresholdRange = { ...plain, inside: !plain.inside };
        if (Number.isNaN(x)) {
          expect(alerts(plain, x)).to.equal(false);
          expect(alerts(inverted, x)).to.equal(false);
        } else {
          expect(alerts(inverted, x)).to.equal(!alerts(plain, x));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('any string: an ordered range of its own trimmed text, or a ThresholdRangeError quoting it', () => {
    const rangeish = fc
      .array(fc.constantFrom('@', '~', ':', '-', '+', '.', '0', '1', '7', '20', '1e3', 'x', ' ', 'Infinity', 'NaN', '0x10', ','), { maxLength: 8 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40, unit: 'binary' }), rangeish), (text) => {
        let range: ThresholdRange;
        try {
          range = parseRange(text);
        } catch (error) {
          expect(error, JSON.stringify(text)).to.be.instanceOf(ThresholdRangeError);
          expect((error as ThresholdRangeError).input).to.equal(text);
          expect((error as Error).message).to.include(`'${text}'`);
          expect((error as Error).message).to.match(/\(expected \[@\]start:end, e\.g\. 20: or @0:7\)$/);
          return;
        }
        expect(range.start, JSON.stringify(text)).to.be.at.most(range.end);
        expect(Number.isNaN(range.start) || Number.isNaN(range.end), JSON.stringify(text)).to.equal(false);
        expect(range.text).to.equal(text.trim());
      }),
      { numRuns: 5000 },
    );
  });
});
