// Reading responses into canonical records: compression pointers expanded in
// the RDATA of the types that carry names, names lower-cased as RFC 4034 §6.2
// asks (but not NSEC's next name, RFC 6840 §5.1), the extended rcode and
// EDNS options kept; malformed messages refused.
import { expect } from 'chai';
import { MessageFormatError, readMessage } from '../../../src/dns/message-reader.ts';
import { nameText } from '../../../src/dns/name.ts';
import { RR_TYPE } from '../../../src/dns/rr-types.ts';

/** A response by hand: header, one question, the given answer records (raw bytes). */
function message(answers: Buffer[], options: { rcodeLow?: number; opt?: Buffer } = {}): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0x1234, 0);
  header.writeUInt16BE(0x8000 | 0x0020 | (options.rcodeLow ?? 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  header.writeUInt16BE(options.opt ? 1 : 0, 10);
  // offset 12: question "Example.COM." MX IN
  const question = Buffer.concat([Buffer.from([7, ...Buffer.from('Example'), 3, ...Buffer.from('COM'), 0]), Buffer.from([0, 15, 0, 1])]);
  return Buffer.concat([header, question, ...answers, ...(options.opt ? [options.opt] : [])]);
}

const POINTER_TO_QNAME = Buffer.from([0xc0, 12]);
const rr = (owner: Buffer, type: number, rdata: Buffer) => {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(300, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([owner, fixed, rdata]);
};

describe('dnssec/message-reader', () => {
  it('expands compression in owners and MX RDATA and lower-cases both', () => {
    const mx = rr(POINTER_TO_QNAME, RR_TYPE.MX, Buffer.concat([Buffer.from([0, 10, 4, ...Buffer.from('MAIL')]), POINTER_TO_QNAME]));
    const read = readMessage(message([mx]));
    expect(read.questions.map((q) => nameText(q.name))).to.deep.equal(['example.com']);
    const [record] = read.answer;
    expect(nameText(record!.owner)).to.equal('example.com');
    expect(record!.rdata).to.deep.equal(Buffer.from([0, 10, 4, ...Buffer.from('mail'), 7, ...Buffer.from('example'), 3, ...Buffer.from('com'), 0]));
    expect(read.ad).to.equal(true);
  });

  it('lower-cases the RRSIG signer name but keeps the case of the NSEC next name (RFC 6840 §5.1)', () => {
    const sigFixed = Buffer.alloc(18);
    sigFixed.writeUInt16BE(RR_TYPE.MX, 0);
    const rrsig = rr(POINTER_TO_QNAME, RR_TYPE.RRSIG, Buffer.concat([sigFixed, Buffer.from([7, ...Buffer.from('EXAMPLE'), 3, ...Buffer.from('Com'), 0]), Buffer.from([1, 2, 3])]));
    const nsec = rr(POINTER_TO_QNAME, RR_TYPE.NSEC, Buffer.concat([Buffer.from([1, 0x41, 7, ...Buffer.from('Example'), 3, ...Buffer.from('COM'), 0]), Buffer.from([0, 1, 0x40])]));
    const [sig, next] = readMessage(message([rrsig, nsec])).answer;
    expect(sig!.rdata.subarray(18, 18 + 13).toString('latin1')).to.equal('\x07example\x03com\x00');
    expect(next!.rdata.subarray(0, 2).toString('latin1')).to.equal('\x01A');
  });

  it('keeps TLSA and other opaque RDATA byte for byte', () => {
    const tlsa = rr(POINTER_TO_QNAME, RR_TYPE.TLSA, Buffer.from([3, 1, 1, 0xaa, 0xbb]));
    expect(readMessage(message([tlsa])).answer[0]!.rdata).to.deep.equal(Buffer.from([3, 1, 1, 0xaa, 0xbb]));
  });

  it('combines the extended rcode of the OPT record (RFC 6891 §6.1.3) and keeps its options', () => {
    const opt = Buffer.concat([Buffer.from([0, 0, 41, 4, 0xd0, 1, 0, 0x80, 0]), Buffer.from([0, 8]), Buffer.from([0, 15, 0, 4, 0, 6, 0x68, 0x69])]);
    const read = readMessage(message([], { rcodeLow: 0, opt }));
    expect(read.rcode).to.equal(16);
    expect(read.ednsOptions).to.deep.equal([{ code: 15, data: Buffer.from([0, 6, 0x68, 0x69]) }]);
    expect(read.additional).to.deep.equal([]);
  });

  it('refuses forward pointers, pointer loops and truncated records', () => {
    const forward = rr(Buffer.from([0xc0, 0xff]), RR_TYPE.A, Buffer.from([1, 2, 3, 4]));
    expect(() => readMessage(message([forward]))).to.throw(MessageFormatError, /backwards/);
    const self = Buffer.concat([message([]).subarray(0, 12)]);
    self.writeUInt16BE(1, 4);
    expect(() => readMessage(Buffer.concat([self, Buffer.from([0xc0, 12, 0, 1, 0, 1])]))).to.throw(MessageFormatError);
    const full = message([rr(POINTER_TO_QNAME, RR_TYPE.A, Buffer.from([1, 2, 3, 4]))]);
    expect(() => readMessage(full.subarray(0, full.length - 2))).to.throw(MessageFormatError);
  });

  it('expands pointers into the middle of earlier names, also of names reached through a pointer', () => {
    // "MAIL" + pointer to offset 20, the "COM" label inside the question "Example.COM";
    // then "Smtp" + pointer to that "MAIL" (offset 29), a name that itself ends in a pointer;
    // then a pointer to a1's pointer (offset 34), which leads on to "COM".
    const owner = Buffer.from([4, ...Buffer.from('MAIL'), 0xc0, 20]);
    const a1 = rr(owner, RR_TYPE.A, Buffer.from([192, 0, 2, 1]));
    const a2 = rr(Buffer.from([4, ...Buffer.from('Smtp'), 0xc0, 29]), RR_TYPE.A, Buffer.from([192, 0, 2, 2]));
    const a3 = rr(Buffer.from([0xc0, 34]), RR_TYPE.A, Buffer.from([192, 0, 2, 3]));
    const read = readMessage(message([a1, a2, a3]));
    expect(read.answer.map((r) => nameText(r.owner))).to.deep.equal(['mail.com', 'smtp.mail.com', 'com']);
    // The per-message memo: "mail.com" is taken as read for a1, not copied again.
    expect(read.answer[1]!.owner[1]).to.equal(read.answer[0]!.owner[0]);
  });

  it('does not take the case-kept NSEC next name for a lower-cased owner that points at it', () => {
    // NSEC at the qname whose next name is "B.Example.COM" (case kept), then an A record
    // whose owner points at that next name: the owner must still be lower-cased.
    const nsecRdata = Buffer.concat([Buffer.from([1, 0x42]), POINTER_TO_QNAME, Buffer.from([0, 1, 0x40])]);
    const nsec = rr(POINTER_TO_QNAME, RR_TYPE.NSEC, nsecRdata);
    const nextNameOffset = 12 + 17 + 2 + 10; // header, question, NSEC owner pointer, fixed fields
    const a = rr(Buffer.from([0xc0, nextNameOffset]), RR_TYPE.A, Buffer.from([192, 0, 2, 1]));
    const [next, address] = readMessage(message([nsec, a])).answer;
    expect(next!.rdata.subarray(0, 2).toString('latin1')).to.equal('\x01B');
    expect(nameText(address!.owner)).to.equal('b.example.com');
  });

  it('holds names to 255 octets when a pointer reaches a name read before: 255 passes, 256 does not', () => {
    // A first owner of 249 octets in wire form (4 labels of 61, the root); a second owner
    // puts one label before a pointer to it: a label of 5 octets makes 255, of 6 makes 256.
    const long = Buffer.concat([...Array.from({ length: 4 }, () => Buffer.from([61, ...Buffer.alloc(61, 0x61)])), Buffer.from([0])]);
    expect(long.length).to.equal(249);
    const first = rr(long, RR_TYPE.A, Buffer.from([192, 0, 2, 1]));
    const firstOffset = 12 + 17;
    const prefixed = (label: string) => rr(Buffer.from([label.length, ...Buffer.from(label), 0xc0, firstOffset]), RR_TYPE.A, Buffer.from([192, 0, 2, 2]));
    const ok = readMessage(message([first, prefixed('abcde')])).answer[1]!;
    expect(ok.owner.reduce((n, l) => n + 1 + l.length, 1)).to.equal(255);
    expect(() => readMessage(message([first, prefixed('abcdef')]))).to.throw(MessageFormatError, /255/);
  });
});
