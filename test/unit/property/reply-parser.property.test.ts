// The SMTP reply parser fed what a hostile peer sends, as properties. The
// well-formed side (any split of valid replies gives the same replies) is in
// test/unit/smtp/reply-parser.test.ts; this is the other side: arbitrary bytes
// in arbitrary chunks never throw, never make it hold more than its limits, and
// an error, once there, stays.
import { expect } from 'chai';
import fc from 'fast-check';
import { DEFAULT_REPLY_LIMITS, ReplyParser, type ReplyLimits } from '../../../src/probe/smtp/reply-parser.ts';

/** Bytes that are partly SMTP-shaped, so that parsing gets somewhere before it breaks. */
const smtpish = fc
  .array(
    fc.oneof(
      fc.constantFrom('220', '250', '250-', '250 ', '354 ', '421 ', '554-', '999 ', '2', '\r\n', '\n', '\r', ' ', '-', 'STARTTLS', '\u0000', '\u00ff', 'ä'),
      fc.string({ maxLength: 30 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => Buffer.from(parts.join(''), 'utf8'));

const bytes = fc.oneof(smtpish, fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)));

/** Small limits make the limit paths reachable with small inputs. */
const limits = fc.record({
  maxLineBytes: fc.integer({ min: 4, max: 200 }),
  maxLines: fc.integer({ min: 1, max: 20 }),
  maxBufferedBytes: fc.integer({ min: 8, max: 1000 }),
});

function feed(parser: ReplyParser, data: Buffer, cuts: number[], l: ReplyLimits) {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  let error: string | null = null;
  const replies = [];
  for (const to of [...points, data.length]) {
    const result = parser.push(data.subarray(from, to));
    from = to;
    replies.push(...result.replies);
    if (error) {
      // Sticky: after an error nothing more comes out, and the same error is repeated.
      expect(result.replies).to.deep.equal([]);
      expect(result.error?.message).to.equal(error);
    }
    error ??= result.error?.message ?? null;
    if (!error) {
      // Held bytes stay bounded: an unfinished reply, plus at most one line being read.
      expect(parser.buffered()).to.be.at.most(l.maxBufferedBytes + l.maxLineBytes + 1);
    }
  }
  return { replies, error };
}

describe('property: SMTP reply parser against arbitrary peer bytes', () => {
  it('never throws; replies are well-formed; held bytes bounded; errors stick (default limits)', () => {
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 12 }), (data, cuts) => {
        const { replies } = feed(new ReplyParser(), data, cuts, DEFAULT_REPLY_LIMITS);
        for (const r of replies) {
          expect(r.code).to.be.within(200, 599);
          expect(r.lines.length).to.be.within(1, DEFAULT_REPLY_LIMITS.maxLines);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the same with small limits, which every hostile input then reaches', () => {
    fc.assert(
      fc.property(limits, bytes, fc.array(fc.nat(), { maxLength: 12 }), (l, data, cuts) => {
        const { replies, error } = feed(new ReplyParser(l), data, cuts, l);
        for (const r of replies) {
          expect(r.lines.length).to.be.at.most(l.maxLines);
          for (const line of r.lines) expect(Buffer.byteLength(line)).to.be.at.most(l.maxLineBytes);
        }
        if (error) expect(error).to.match(/^(not an SMTP reply line: ".*"|reply code \d+ inside a multi-line \d+ reply|reply line longer than \d+ bytes|reply longer than \d+ lines|unfinished reply larger than \d+ bytes)$/s);
      }),
      { numRuns: 3000 },
    );
  });

  it('whatever the chunking, the same replies and the same error', () => {
    fc.assert(
      fc.property(smtpish, fc.array(fc.nat(), { maxLength: 12 }), (data, cuts) => {
        const whole = feed(new ReplyParser(), data, [], DEFAULT_REPLY_LIMITS);
        const split = feed(new ReplyParser(), data, cuts, DEFAULT_REPLY_LIMITS);
        expect(split.replies).to.deep.equal(whole.replies);
        // A line-too-long error can be noticed before the line ends; every other error is the same.
        if (!/longer than/.test(`${whole.error}${split.error}`)) expect(split.error).to.equal(whole.error);
      }),
      { numRuns: 2000 },
    );
  });

  it('error messages quote peer bytes printably and briefly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (noise) => {
        const result = new ReplyParser().push(Buffer.concat([Buffer.from(noise), Buffer.from('\n')]));
        if (result.error) {
          expect(result.error.message).to.match(/^[\x20-\x7e]*$/);
          expect(result.error.message.length).to.be.at.most(300);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
