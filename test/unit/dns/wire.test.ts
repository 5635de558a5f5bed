import { expect } from 'chai';
import dnsPacket from 'dns-packet';
import { QueryEncodingError, buildQuery, checkResponse } from '../../../src/probe/dns/wire.ts';
import type { DnsQuery } from '../../../src/probe/dns/wire.ts';
import { MAX_CNAME_HOPS } from '../../../src/dns/exchange.ts';
import { type ReplySpec, RCODE, decodeQuery, reply, rr } from '../../support/dns-fixture-server.ts';

/** Encodes a reply to `query` as the fixture server would. */
function respond(query: DnsQuery, spec: ReplySpec = {}): Buffer {
  return reply(decodeQuery(query.bytes)!, spec).bytes;
}

function accepted(query: DnsQuery, bytes: Buffer) {
  const check = checkResponse(query, bytes);
  if (check.kind !== 'response') throw new Error(`not accepted: ${JSON.stringify(check)}`);
  return check.response;
}

describe('dns/wire', () => {
  describe('buildQuery', () => {
    it('asks recursively with EDNS0, UDP size 1232 and the DO bit', () => {
      const query = buildQuery('Example.ORG.', 'TLSA');
      const seen = decodeQuery(query.bytes)!;
      expect(seen).to.include({ id: query.id, name: 'example.org', type: 'TLSA', rd: true, cd: false, dnssecOk: true });
      expect(seen.udpPayloadSize).to.equal(1232);
      expect(seen.packet.type).to.equal('query');
      expect(query.name).to.equal('example.org');
      expect(query.checkingDisabled).to.equal(false);
    });
    it('sets CD only when asked', () => {
      const query = buildQuery('example.org', 'MX', { checkingDisabled: true });
      expect(decodeQuery(query.bytes)!.cd).to.equal(true);
      expect(query.checkingDisabled).to.equal(true);
    });
    it('draws a random 16-bit id per query', () => {
      const ids = new Set(Array.from({ length: 64 }, () => buildQuery('example.org', 'A').id));
      expect(ids.size).to.be.greaterThan(50);
      for (const id of ids) expect(id).to.be.within(0, 0xffff);
    });
    it('refuses names that cannot be encoded', () => {
      expect(() => buildQuery(`${'a'.repeat(64)}.example`, 'A')).to.throw(QueryEncodingError, /63 octets/);
      expect(() => buildQuery('a..example', 'A')).to.throw(QueryEncodingError, /empty label/);
      expect(() => buildQuery(`${'abcdefghi.'.repeat(26)}example`, 'A')).to.throw(QueryEncodingError, /253/);
    });
  });

  describe('checkResponse: which messages count', () => {
    const query = buildQuery('mx.example.org', 'A');
    it('accepts the matching response, question name compared case-insensitively', () => {
      const bytes = respond(query, { question: { name: 'MX.Example.ORG', type: 'A' } });
      expect(checkResponse(query, bytes).kind).to.equal('response');
    });
    it('ignores a wrong id', () => {
      const check = checkResponse(query, respond(query, { id: (query.id + 1) & 0xffff }));
      expect(check).to.deep.include({ kind: 'unrelated' });
    });
    it('ignores a wrong question name or type', () => {
      expect(checkResponse(query, respond(query, { question: { name: 'other.example', type: 'A' } })).kind).to.equal(
        'unrelated',
      );
      expect(checkResponse(query, respond(query, { question: { name: 'mx.example.org', type: 'AAAA' } })).kind).to.equal(
        'unrelated',
      );
    });
    it('ignores a message without the QR bit (a query, not a response)', () => {
      expect(checkResponse(query, query.bytes).kind).to.equal('unrelated');
    });
    it('ignores anything shorter than a header', () => {
      expect(checkResponse(query, Buffer.from('garbage')).kind).to.equal('unrelated');
    });
    it('ignores a response without a question section', () => {
      const bytes = dnsPacket.encode({ type: 'response', id: query.id, flags: RCODE.FORMERR, questions: [] });
      expect(checkResponse(query, bytes).kind).to.equal('unrelated');
    });
    it('calls a response with our id but an undecodable body malformed', () => {
      const good = respond(query, { answers: [rr.a('mx.example.org', '192.0.2.25')] });
      const check = checkResponse(query, good.subarray(0, good.length - 20));
      expect(check.kind).to.equal('malformed');
    });
  });

  describe('checkResponse: what a response says', () => {
    it('reads rcode, AD and TC', () => {
      const query = buildQuery('example.org', 'MX');
      expect(accepted(query, respond(query, { rcode: RCODE.NXDOMAIN, ad: true }))).to.include({
        rcode: 'NXDOMAIN',
        ad: true,
        tc: false,
      });
      expect(accepted(query, respond(query, { rcode: RCODE.SERVFAIL, tc: true }))).to.include({
        rcode: 'SERVFAIL',
        ad: false,
        tc: true,
      });
      expect(accepted(query, respond(query, { noEdns: true })).rcode).to.equal('NOERROR');
    });
    it('combines the extended rcode bits of the OPT record', () => {
      const query = buildQuery('example.org', 'MX');
      const opt = { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 1, flags: 0, options: [] };
      const bytes = dnsPacket.encode({
        type: 'response',
        id: query.id,
        flags: 0,
        questions: [{ name: 'example.org', type: 'MX', class: 'IN' }],
        additionals: [opt as unknown as dnsPacket.Answer],
      });
      expect(accepted(query, bytes).rcode).to.equal('BADVERS');
    });
    it('extracts Extended DNS Errors (code and text), several of them', () => {
      const query = buildQuery('_25._tcp.mx.example.org', 'TLSA');
      const response = accepted(
        query,
        respond(query, {
          rcode: RCODE.SERVFAIL,
          ede: [{ code: 7, text: 'signature expired for example.org/DNSKEY' }, { code: 22 }, { code: 9, text: 'x\0' }],
        }),
      );
      expect(response.ede).to.deep.equal([
        { code: 7, text: 'signature expired for example.org/DNSKEY' },
        { code: 22, text: '' },
        { code: 9, text: 'x' },
      ]);
    });
    it('skips an EDE option too short to hold a code, and other options', () => {
      const query = buildQuery('example.org', 'A');
      const opt = {
        type: 'OPT',
        name: '.',
        udpPayloadSize: 1232,
        flags: 0,
        options: [
          { code: 15, data: Buffer.from([0]) },
          { code: 10, data: Buffer.alloc(8) },
          { code: 15, data: Buffer.from([0, 6]) },
        ],
      };
      const bytes = dnsPacket.encode({
        type: 'response',
        id: query.id,
        flags: RCODE.SERVFAIL,
        questions: [{ name: 'example.org', type: 'A', class: 'IN' }],
        additionals: [opt as unknown as dnsPacket.Answer],
      });
      expect(accepted(query, bytes).ede).to.deep.equal([{ code: 6, text: '' }]);
    });
    it('converts MX records, the Null MX target as "."', () => {
      const query = buildQuery('example.org', 'MX');
      const response = accepted(
        query,
        respond(query, { answers: [rr.mx('EXAMPLE.org', 10, 'MX1.Example.ORG.', 3600), rr.mx('example.org', 0, '.')] }),
      );
      expect(response.records).to.deep.equal([
        { name: 'example.org', ttl: 3600, data: { type: 'MX', preference: 10, exchange: 'mx1.example.org' } },
        { name: 'example.org', ttl: 300, data: { type: 'MX', preference: 0, exchange: '.' } },
      ]);
      expect(response.cnameChain).to.deep.equal(['example.org']);
    });
    it('converts A and AAAA records', () => {
      const a = buildQuery('mx.example.org', 'A');
      expect(accepted(a, respond(a, { answers: [rr.a('mx.example.org', '192.0.2.25')] })).records).to.deep.equal([
        { name: 'mx.example.org', ttl: 300, data: { type: 'A', address: '192.0.2.25' } },
      ]);
      const aaaa = buildQuery('mx.example.org', 'AAAA');
      const records = accepted(aaaa, respond(aaaa, { answers: [rr.aaaa('mx.example.org', '2001:DB8:0:0::25')] })).records;
      expect(records).to.deep.equal([{ name: 'mx.example.org', ttl: 300, data: { type: 'AAAA', address: '2001:db8::25' } }]);
    });
    it('converts TLSA records with lower-case hex data', () => {
      const query = buildQuery('_25._tcp.mx.example.org', 'TLSA');
      const hex = 'A9B8C7D6E5F40312'.repeat(4);
      const response = accepted(query, respond(query, { ad: true, answers: [rr.tlsa('_25._tcp.mx.example.org', 3, 1, 1, hex)] }));
      expect(response.records).to.deep.equal([
        {
          name: '_25._tcp.mx.example.org',
          ttl: 300,
          data: { type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: hex.toLowerCase() },
        },
      ]);
    });
    it('keeps only records of the asked type at the owner asked (no RRSIGs, no strays)', () => {
      const query = buildQuery('mx.example.org', 'A');
      const response = accepted(
        query,
        respond(query, {
          answers: [
            rr.a('mx.example.org', '192.0.2.25'),
            rr.a('other.example.org', '192.0.2.99'),
            rr.aaaa('mx.example.org', '2001:db8::25'),
            { type: 'TXT', name: 'mx.example.org', ttl: 1, data: 'hello' },
          ],
        }),
      );
      expect(response.records.map((r) => r.data)).to.deep.equal([{ type: 'A', address: '192.0.2.25' }]);
    });
  });

  describe('CNAME chains', () => {
    it('follows the chain to the records at its end, in any order', () => {
      const query = buildQuery('mail.example.org', 'A');
      const response = accepted(
        query,
        respond(query, {
          answers: [
            rr.a('mx.hoster.example', '192.0.2.25'),
            rr.cname('alias.example.net', 'MX.hoster.example.'),
            rr.cname('mail.example.org', 'alias.example.net'),
          ],
        }),
      );
      expect(response.cnameChain).to.deep.equal(['mail.example.org', 'alias.example.net', 'mx.hoster.example']);
      expect(response.records).to.deep.equal([
        { name: 'mx.hoster.example', ttl: 300, data: { type: 'A', address: '192.0.2.25' } },
      ]);
    });
    it('stops at a loop', () => {
      const query = buildQuery('a.example', 'A');
      const response = accepted(
        query,
        respond(query, { answers: [rr.cname('a.example', 'b.example'), rr.cname('b.example', 'a.example')] }),
      );
      expect(response.cnameChain).to.deep.equal(['a.example', 'b.example']);
      expect(response.records).to.deep.equal([]);
    });
    it(`stops after ${MAX_CNAME_HOPS} hops`, () => {
      const query = buildQuery('n0.example', 'A');
      const answers = Array.from({ length: 40 }, (_, i) => rr.cname(`n${i}.example`, `n${i + 1}.example`));
      const response = accepted(query, respond(query, { answers: [...answers, rr.a('n40.example', '192.0.2.1')] }));
      expect(response.cnameChain).to.have.length(MAX_CNAME_HOPS + 1);
      expect(response.records).to.deep.equal([]);
    });
    it('returns a dangling chain (target not in the answer) with no records', () => {
      const query = buildQuery('_25._tcp.mail.example.org', 'TLSA');
      const response = accepted(query, respond(query, { answers: [rr.cname('_25._tcp.mail.example.org', 'tlsa.example.net')] }));
      expect(response.cnameChain).to.deep.equal(['_25._tcp.mail.example.org', 'tlsa.example.net']);
      expect(response.records).to.deep.equal([]);
    });
    it('does not follow anything when the CNAME itself is asked for', () => {
      const query = buildQuery('mail.example.org', 'CNAME');
      const response = accepted(query, respond(query, { answers: [rr.cname('mail.example.org', 'mx.example.net')] }));
      expect(response.cnameChain).to.deep.equal(['mail.example.org']);
      expect(response.records).to.deep.equal([
        { name: 'mail.example.org', ttl: 300, data: { type: 'CNAME', target: 'mx.example.net' } },
      ]);
    });
  });
  describe('checkResponse: the RRSIGs sent with an answer (--dnssec resolver keeps them for the signature expiry report)', () => {
    const times = { inception: 1_780_000_000, expiration: 1_781_209_600, originalTtl: 3600 };
    it('keeps every RRSIG of the answer section, CNAME links included, as sent (raw 32-bit times, Original TTL, the answered TTL)', () => {
      const query = buildQuery('mail.example.org', 'A');
      const response = accepted(query, respond(query, {
        ad: true,
        answers: [
          rr.cname('mail.example.org', 'mx.example.net', 120),
          rr.rrsig('Mail.Example.ORG', 'CNAME', { ...times, signer: 'Example.ORG.' }, 120),
          rr.a('mx.example.net', '192.0.2.25', 77),
          rr.rrsig('mx.example.net', 'A', { ...times, signer: 'example.net', keyTag: 4711, algorithm: 15, originalTtl: 86_400 }, 77),
        ],
      }));
      expect(response.records.map((r) => r.data.type)).to.deep.equal(['A']);
      expect(response.rrsigs).to.deep.equal([
        { rrset: 'mail.example.org/CNAME', signer: 'example.org', keyTag: 12345, algorithm: 13, originalTtl: 3600, inception: times.inception, expiration: times.expiration, ttl: 120 },
        { rrset: 'mx.example.net/A', signer: 'example.net', keyTag: 4711, algorithm: 15, originalTtl: 86_400, inception: times.inception, expiration: times.expiration, ttl: 77 },
      ]);
    });
    it('keeps the RRSIGs over the NSEC/NSEC3 of a denial from the authority section, not the one over its SOA', () => {
      const query = buildQuery('mx.example.org', 'AAAA');
      const response = accepted(query, respond(query, {
        ad: true,
        authorities: [
          { type: 'SOA', name: 'example.org', ttl: 300, data: { mname: 'ns.example.org', rname: 'h.example.org', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 300 } },
          rr.rrsig('example.org', 'SOA', { ...times, signer: 'example.org' }),
          { type: 'NSEC', name: 'mx.example.org', ttl: 300, data: { nextDomain: 'z.example.org', rrtypes: ['A', 'RRSIG', 'NSEC'] } },
          rr.rrsig('mx.example.org', 'NSEC', { ...times, signer: 'example.org' }),
        ],
      }));
      expect(response.records).to.deep.equal([]);
      expect(response.rrsigs.map((s) => s.rrset)).to.deep.equal(['mx.example.org/NSEC']);
    });
    it('none without DNSSEC data', () => {
      const query = buildQuery('mx.example.org', 'A');
      expect(accepted(query, respond(query, { answers: [rr.a('mx.example.org', '192.0.2.1')] })).rrsigs).to.deep.equal([]);
    });
  });
});
