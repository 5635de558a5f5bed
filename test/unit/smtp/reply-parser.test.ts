import { expect } from 'chai';
import fc from 'fast-check';
import type { SmtpReply } from '../../../src/evidence/smtp.ts';
import { ReplyParser } from '../../../src/probe/smtp/reply-parser.ts';

const bytes = (text: string) => Buffer.from(text, 'utf8');

function parseAll(...chunks: string[]): { replies: SmtpReply[]; error: string | null } {
  const parser = new ReplyParser();
  const replies: SmtpReply[] = [];
  let error: string | null = null;
  for (const chunk of chunks) {
    const result = parser.push(bytes(chunk));
    replies.push(...result.replies);
    error ??= result.error?.kind ?? null;
  }
  return { replies, error };
}

describe('smtp reply parser', () => {
  describe('well-formed replies', () => {
    it('parses a one-line reply', () => {
      expect(parseAll('220 mx.example.test ESMTP ready\r\n')).to.deep.equal({
        replies: [{ code: 220, lines: ['mx.example.test ESMTP ready'] }],
        error: null,
      });
    });

    it('parses a multi-line EHLO reply', () => {
      const { replies } = parseAll('250-mx.example.test\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 STARTTLS\r\n');
      expect(replies).to.deep.equal([{ code: 250, lines: ['mx.example.test', 'PIPELINING', 'SIZE 1000', 'STARTTLS'] }]);
    });

    it('tolerates bare LF line endings', () => {
      expect(parseAll('250-a\n250 b\n').replies).to.deep.equal([{ code: 250, lines: ['a', 'b'] }]);
    });

    it('accepts a last line that is only a code, or a code and a space', () => {
      expect(parseAll('250\r\n', '221 \r\n').replies).to.deep.equal([
        { code: 250, lines: [''] },
        { code: 221, lines: [''] },
      ]);
    });

    it('returns several replies from one chunk, in order', () => {
      const { replies } = parseAll('250 one\r\n354 two\r\n221 three\r\n');
      expect(replies.map((r) => r.code)).to.deep.equal([250, 354, 221]);
    });

    it('decodes UTF-8 text (SMTPUTF8 servers)', () => {
      expect(parseAll('220 mx.exämple.test grüßt\r\n').replies[0]!.lines).to.deep.equal(['mx.exämple.test grüßt']);
    });

    it('keeps a bare CR inside the text', () => {
      expect(parseAll('250 a\rb\r\n').replies[0]!.lines).to.deep.equal(['a\rb']);
    });

    it('returns nothing for an unfinished reply and holds its bytes', () => {
      const parser = new ReplyParser();
      expect(parser.push(bytes('250-a\r\n250 b')).replies).to.deep.equal([]);
      expect(parser.remainder().toString()).to.equal('250-a\r\n250 b');
      expect(parser.push(bytes('\r\n')).replies).to.deep.equal([{ code: 250, lines: ['a', 'b'] }]);
      expect(parser.buffered()).to.equal(0);
    });
  });

  describe('arbitrary chunking (property)', () => {
    const text = fc.string({ unit: fc.constantFrom(...'abcXYZ019 .-_:=<>@äß'.split('')), maxLength: 40 });
    const replyArb = fc.record({
      code: fc.integer({ min: 200, max: 599 }),
      lines: fc.array(text, { minLength: 1, maxLength: 6 }),
      endings: fc.array(fc.constantFrom('\r\n', '\n'), { minLength: 6, maxLength: 6 }),
    });
    const serialise = (r: { code: number; lines: string[]; endings: string[] }) =>
      r.lines.map((line, i) => `${r.code}${i === r.lines.length - 1 ? ' ' : '-'}${line}${r.endings[i]}`).join('');

    it('yields the same replies however the bytes are split', () => {
      fc.assert(
        fc.property(fc.array(replyArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (replies, cuts) => {
          const wire = Buffer.from(replies.map(serialise).join(''), 'utf8');
          const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
          const parser = new ReplyParser();
          const out: SmtpReply[] = [];
          let from = 0;
          for (const to of [...points, wire.length]) {
            const result = parser.push(wire.subarray(from, to));
            expect(result.error).to.equal(null);
            out.push(...result.replies);
            from = to;
          }
          expect(out).to.deep.equal(replies.map(({ code, lines }) => ({ code, lines })));
          expect(parser.buffered()).to.equal(0);
        }),
      );
    });

    it('gives the same result byte by byte as all at once', () => {
      fc.assert(
        fc.property(fc.array(replyArb, { minLength: 1, maxLength: 4 }), (replies) => {
          const wire = Buffer.from(replies.map(serialise).join(''), 'utf8');
          const whole = new ReplyParser().push(wire).replies;
          const parser = new ReplyParser();
          const single: SmtpReply[] = [];
          for (let i = 0; i < wire.length; i++) single.push(...parser.push(wire.subarray(i, i + 1)).replies);
          expect(single).to.deep.equal(whole);
        }),
      );
    });
  });

  describe('limits', () => {
    it('accepts a line of exactly 4096 bytes and refuses 4097', () => {
      expect(parseAll(`250 ${'x'.repeat(4092)}\r\n`).error).to.equal(null);
      expect(parseAll(`250 ${'x'.repeat(4093)}\r\n`).error).to.equal('line-too-long');
    });

    it('refuses an over-long line before it ends', () => {
      const parser = new ReplyParser();
      const result = parser.push(bytes(`250 ${'x'.repeat(5000)}`));
      expect(result.error?.kind).to.equal('line-too-long');
    });

    it('accepts 256 lines in one reply and refuses 257', () => {
      const reply = (n: number) => `${'250-x\r\n'.repeat(n - 1)}250 x\r\n`;
      expect(parseAll(reply(256)).replies[0]!.lines).to.have.length(256);
      expect(parseAll(reply(257)).error).to.equal('too-many-lines');
    });

    it('refuses to hold more than 64 KiB of an unfinished reply', () => {
      const line = `250-${'y'.repeat(1000)}\r\n`;
      const parser = new ReplyParser();
      let kind: string | undefined;
      for (let i = 0; i < 70 && !kind; i++) kind = parser.push(bytes(line)).error?.kind;
      expect(kind).to.equal('too-much-data');
    });

    it('takes its limits as options', () => {
      const parser = new ReplyParser({ maxLines: 2 });
      expect(parser.push(bytes('250-a\r\n250-b\r\n250 c\r\n')).error?.kind).to.equal('too-many-lines');
    });
  });

  describe('garbage', () => {
    for (const line of ['hello', 'HTTP/1.1 400 Bad Request', '25x ok', '250x', '2500 ok', '150 intermediate', '650 six', ' 250 ok', '']) {
      it(`refuses ${JSON.stringify(line)}`, () => {
        expect(parseAll(`${line}\r\n`).error).to.equal('garbage');
      });
    }

    it('refuses binary bytes (a TLS record is not a reply)', () => {
      const parser = new ReplyParser();
      const result = parser.push(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x2a, 0x0a]));
      expect(result.error?.kind).to.equal('garbage');
      expect(result.error?.message).to.match(/\\x16\\x03/);
    });

    it('refuses a code change inside one multi-line reply', () => {
      expect(parseAll('250-a\r\n251 b\r\n').error).to.equal('code-mismatch');
    });

    it('returns the replies completed before the error, and the error sticks', () => {
      const parser = new ReplyParser();
      const first = parser.push(bytes('220 hi\r\nnonsense\r\n250 later\r\n'));
      expect(first.replies).to.deep.equal([{ code: 220, lines: ['hi'] }]);
      expect(first.error?.kind).to.equal('garbage');
      expect(parser.push(bytes('250 ok\r\n'))).to.deep.equal({ replies: [], error: first.error });
    });
  });

  describe('remainder and reset (RFC 3207 §6)', () => {
    it('exposes the bytes after a complete reply and forgets them on reset', () => {
      const parser = new ReplyParser();
      const result = parser.push(bytes('220 Ready to start TLS\r\n250-INJECTED\r\n250 PIPELINING'));
      expect(result.replies).to.deep.equal([{ code: 220, lines: ['Ready to start TLS'] }]);
      expect(parser.remainder().toString()).to.equal('250-INJECTED\r\n250 PIPELINING');
      parser.reset();
      expect(parser.buffered()).to.equal(0);
      expect(parser.remainder()).to.have.length(0);
      expect(parser.push(bytes('250 fresh\r\n')).replies).to.deep.equal([{ code: 250, lines: ['fresh'] }]);
    });

    it('reset also clears an error', () => {
      const parser = new ReplyParser();
      expect(parser.push(bytes('junk\r\n')).error).to.not.equal(null);
      parser.reset();
      expect(parser.push(bytes('220 ok\r\n'))).to.deep.equal({ replies: [{ code: 220, lines: ['ok'] }], error: null });
    });
  });
});
