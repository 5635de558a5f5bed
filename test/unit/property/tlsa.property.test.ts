// TLSA records in presentation form (parseTlsaText) and on the wire (a TLSA
// answer through buildQuery/checkResponse, i.e. dns-packet), as properties;
// and the response decoder fed mutilated messages, which must never throw.
import { expect } from 'chai';
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { buildQuery, checkResponse } from '../../../src/probe/dns/wire.ts';
import type { TlsaRecord } from '../../../src/verdict/result.ts';
import { parseTlsaText, TlsaParseError, tlsaText, tlsaUsability, type TlsaParseErrorCode, type TlsaUsabilityStatus } from '../../../src/verdict/tlsa-record.ts';
import { decodeQuery, reply, rr } from '../../support/dns-fixture-server.ts';

const octet = fc.integer({ min: 0, max: 255 });
const data = fc.uint8Array({ minLength: 1, maxLength: 300 });
const record = fc.record({ usage: octet, selector: octet, matchingType: octet, bytes: data });
const toRecord = (r: { usage: number; selector: number; matchingType: number; bytes: Uint8Array }): TlsaRecord => ({
  usage: r.usage,
  selector: r.selector,
  matchingType: r.matchingType,
  data: Buffer.from(r.bytes).toString('hex'),
});

const hexText = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'.split('')), maxLength });

const CODES: readonly TlsaParseErrorCode[] = ['field-count', 'field-range', 'data-hex'];

/** Every member of the union; the type below fails to compile if one is missing here. */
const STATUSES = ['usable', 'unusable-usage', 'unusable-selector', 'unusable-matching-type', 'malformed'] as const;
const everyStatusListed: Exclude<TlsaUsabilityStatus, (typeof STATUSES)[number]> extends never ? true : never = true;
void everyStatusListed;

/** A response code by name (IANA "DNS RCODEs"), or RCODEn for an unassigned one (rcodes.ts). */
const RCODE = /^(?:NOERROR|FORMERR|SERVFAIL|NXDOMAIN|NOTIMP|REFUSED|YXDOMAIN|YXRRSET|NXRRSET|NOTAUTH|NOTZONE|DSOTYPENI|BADVERS|BADCOOKIE|RCODE\d+)$/;

/** Random upper/lower case and random white space inside the hex, as zone files wrap it. */
function presentation(r: TlsaRecord, cuts: number[], upper: boolean[], blanks: string[]): string {
  const hex = [...r.data].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join('');
  const points = [...new Set(cuts.map((c) => c % (hex.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const to of [...points, hex.length]) {
    if (to > from) pieces.push(hex.slice(from, to));
    from = to;
  }
  const gap = (i: number) => blanks[i % blanks.length] ?? ' ';
  return `${gap(0)}${r.usage}${gap(1)}${r.selector}${gap(2)}${r.matchingType}${gap(3)}${pieces.join(gap(4))}${gap(5)}`;
}

describe('property: TLSA presentation form', () => {
  it('parseTlsaText(tlsaText(r)) is r', () => {
    fc.assert(
      fc.property(record, (raw) => {
        const r = toRecord(raw);
        expect(parseTlsaText(tlsaText(r))).to.deep.equal(r);
      }),
      { numRuns: 1000 },
    );
  });

  it('case and white space in the data do not matter', () => {
    fc.assert(
      fc.property(
        record,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom(' ', '  ', '\t', '\n', ' \r\n '), { minLength: 6, maxLength: 6 }),
        (raw, cuts, upper, blanks) => {
          const r = toRecord(raw);
          expect(parseTlsaText(presentation(r, cuts, upper, blanks))).to.deep.equal(r);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('any string: a record with fields 0..255 and even lower-case hex, or a TlsaParseError with a code and one line', () => {
    const tlsaish = fc
      .array(fc.oneof(fc.constantFrom(' ', '\t', '\n', '-1', '256', '0x3', '3', '1', '0', '255', 'zz', 'AbC', '0f'), hexText(9)), { maxLength: 8 })
      .map((parts) => parts.join(' '));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120, unit: 'binary' }), tlsaish), (text) => {
        let r: TlsaRecord;
        try {
          r = parseTlsaText(text);
        } catch (error) {
          expect(error, JSON.stringify(text)).to.be.instanceOf(TlsaParseError);
          expect(CODES).to.include((error as TlsaParseError).code);
          expect((error as Error).message).to.not.match(/[\r\n]/);
          return;
        }
        for (const field of [r.usage, r.selector, r.matchingType]) expect(field).to.be.within(0, 255);
        expect(r.data).to.match(/^(?:[0-9a-f]{2})+$/);
        expect(tlsaUsability(r).status).to.be.oneOf([...STATUSES]);
      }),
      { numRuns: 3000 },
    );
  });

  it('tlsaUsability judges any record without throwing, usable only for 2/3, 0/1, 0/1/2', () => {
    const any = fc.record({
      usage: fc.oneof(octet, fc.integer(), fc.double()),
      selector: fc.oneof(octet, fc.integer()),
      matchingType: fc.oneof(octet, fc.integer()),
      data: fc.oneof(hexText(140), fc.string({ maxLength: 20 })),
    });
    fc.assert(
      fc.property(any, (r) => {
        const verdict = tlsaUsability(r);
        expect(verdict.status).to.be.oneOf([...STATUSES]);
        if (verdict.status === 'usable') {
          expect([2, 3]).to.include(r.usage);
          expect([0, 1]).to.include(r.selector);
          expect([0, 1, 2]).to.include(r.matchingType);
          expect(verdict.detail).to.equal(null);
        } else {
          expect(verdict.detail).to.be.a('string').and.not.equal('');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('property: TLSA on the wire (dns-packet through wire.ts)', () => {
  it('any TLSA RRset in a response comes out as the records sent, in order, data in lower-case hex', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), fc.constantFrom('_25._tcp.mx.example.org', '_465._tcp.MX.Example.ORG'), (raws, owner) => {
        const query = buildQuery(owner, 'TLSA');
        const answers = raws.map((r) => rr.tlsa(owner, r.usage, r.selector, r.matchingType, Buffer.from(r.bytes).toString('hex')));
        const check = checkResponse(query, reply(decodeQuery(query.bytes)!, { ad: true, answers }).bytes);
        if (check.kind !== 'response') throw new Error(JSON.stringify(check));
        expect(check.response.records.map((x) => x.data)).to.deep.equal(raws.map((r) => ({ type: 'TLSA', ...toRecord(r) })));
        expect(check.response.records.every((x) => x.name === owner.toLowerCase())).to.equal(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a TLSA answer the presentation parser reads back identically', () => {
    fc.assert(
      fc.property(record, (raw) => {
        const query = buildQuery('_25._tcp.mx.example.org', 'TLSA');
        const r = toRecord(raw);
        const bytes = reply(decodeQuery(query.bytes)!, { answers: [rr.tlsa(query.name, r.usage, r.selector, r.matchingType, r.data)] }).bytes;
        const check = checkResponse(query, bytes);
        if (check.kind !== 'response') throw new Error(JSON.stringify(check));
        const [first] = check.response.records;
        if (first?.data.type !== 'TLSA') throw new Error('no TLSA record');
        const { type: _type, ...wire } = first.data;
        expect(parseTlsaText(tlsaText(wire))).to.deep.equal(r);
      }),
      { numRuns: 500 },
    );
  });

  it('a mutilated response (bytes flipped, cut, appended) is classified, never thrown', () => {
    const query = buildQuery('_25._tcp.mx.example.org', 'TLSA');
    const good = reply(decodeQuery(query.bytes)!, {
      ad: true,
      answers: [rr.tlsa(query.name, 3, 1, 1, 'ab'.repeat(32)), rr.cname('x.example', 'y.example'), rr.mx('m.example', 1, 'n.example')],
      ede: [{ code: 7, text: 'expired' }],
    }).bytes;
    const edits = fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 40 }) }),
      ),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(edits, fc.boolean(), (list, keepHeader) => {
        let bytes = Buffer.from(good);
        for (const e of list) {
          if (e.kind === 'flip' && bytes.length > 0) {
            // Mostly leave the id and QR alone, so that the decoder, not the id check, sees the damage.
            const at = keepHeader ? 3 + (e.at % Math.max(1, bytes.length - 3)) : e.at % bytes.length;
            bytes[at] = e.value;
          } else if (e.kind === 'cut') bytes = bytes.subarray(0, e.at % (bytes.length + 1));
          else if (e.kind === 'append') bytes = Buffer.concat([bytes, e.bytes]);
        }
        const check = checkResponse(query, Buffer.from(bytes));
        expect(['unrelated', 'malformed', 'response']).to.include(check.kind);
        if (check.kind === 'response') {
          expect(check.response.rcode).to.match(RCODE);
          for (const r of check.response.records) expect(r.data.type).to.equal('TLSA');
        } else {
          expect(check.reason).to.be.a('string').and.not.equal(''); // free text: says why
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('random datagrams are never taken for the answer unless they carry our id, QR and question', () => {
    const query = buildQuery('mx.example.org', 'A');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (noise) => {
        const check = checkResponse(query, Buffer.from(noise));
        if (check.kind === 'response') {
          const decoded = dnsPacket.decode(Buffer.from(noise));
          expect(decoded.id).to.equal(query.id);
          expect(decoded.questions?.[0]?.name.toLowerCase()).to.equal('mx.example.org');
        }
      }),
      { numRuns: 3000 },
    );
  });
});
