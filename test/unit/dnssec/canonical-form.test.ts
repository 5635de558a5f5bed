// Signature input (RFC 4034 §3.1.8.1, §6.2, §6.3): RRSIG RDATA without the
// signature, then the RRs in canonical order with the Original TTL, the owner
// replaced by the wildcard for an expanded RRset.
import { expect } from 'chai';
import { canonicalRdataOrder, signatureInput, signedOwner } from '../../../src/dnssec/core/canonical-form.ts';
import { nameText, nameWire, parseName } from '../../../src/dns/name.ts';
import { readRrsig } from '../../../src/dnssec/core/dnssec-rdata.ts';
import { RR_TYPE } from '../../../src/dns/rr-types.ts';
import type { Rrset } from '../../../src/dns/wire-record.ts';

describe('dnssec/canonical-form', () => {
  it('orders RDATA as left-justified octet strings and drops duplicates (RFC 4034 §6.3)', () => {
    const out = canonicalRdataOrder([Buffer.from([2]), Buffer.from([1, 0]), Buffer.from([1]), Buffer.from([2])]);
    expect(out).to.deep.equal([Buffer.from([1]), Buffer.from([1, 0]), Buffer.from([2])]);
  });

  it('signs an expanded RRset under its wildcard (RFC 4035 §5.3.2)', () => {
    expect(nameText(signedOwner(parseName('a.b.example'), 2))).to.equal('*.b.example');
    expect(nameText(signedOwner(parseName('a.b.example'), 3))).to.equal('a.b.example');
  });

  it('builds the input from the RRSIG prefix and each RR with the Original TTL', () => {
    const fixed = Buffer.alloc(18);
    fixed.writeUInt16BE(RR_TYPE.A, 0);
    fixed[2] = 13;
    fixed[3] = 2; // labels: the RRset below is a wildcard expansion of *.example.com
    fixed.writeUInt32BE(3600, 4); // original TTL
    const prefix = Buffer.concat([fixed, nameWire(parseName('example.com'))]);
    const rrsig = readRrsig(Buffer.concat([prefix, Buffer.from([9, 9])]));
    expect(rrsig.signedPrefix).to.deep.equal(prefix);
    const set: Rrset = { owner: parseName('www.example.com'), type: RR_TYPE.A, class: 1, ttl: 42, rdatas: [Buffer.from([192, 0, 2, 2]), Buffer.from([192, 0, 2, 1])] };
    const owner = nameWire(parseName('*.example.com'));
    const rr = (address: number[]) => Buffer.concat([owner, Buffer.from([0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4]), Buffer.from(address)]);
    expect(signatureInput(rrsig, set)).to.deep.equal(Buffer.concat([prefix, rr([192, 0, 2, 1]), rr([192, 0, 2, 2])]));
  });
});
