// The handshake reader on synthetic TLS 1.2 flights; TLS 1.3 decryption is
// exercised against real node:tls servers in tls-chain.test.ts.
import { expect } from 'chai';
import fc from 'fast-check';
import { readServerHandshake } from '../../../src/probe/smtp/server-handshake.ts';

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
const cat = (...parts: Buffer[]) => Buffer.concat(parts);

const record = (type: number, body: Buffer) => cat(u8(type), u16(0x0303), u16(body.length), body);
const message = (type: number, body: Buffer) => cat(u8(type), u24(body.length), body);

const serverHello = message(2, Buffer.alloc(38, 1));
const certificate = (certs: Buffer[]) => {
  const list = cat(...certs.flatMap((c) => [u24(c.length), c]));
  return message(11, cat(u24(list.length), list));
};
const ecdheKeyExchange = (scheme: number) =>
  message(12, cat(u8(3), u16(29), u8(32), Buffer.alloc(32, 7), u16(scheme), u16(4), Buffer.alloc(4, 9)));
const dheKeyExchange = (scheme: number) =>
  message(12, cat(u16(3), Buffer.alloc(3, 1), u16(1), u8(2), u16(3), Buffer.alloc(3, 5), u16(scheme), u16(0)));
const serverHelloDone = message(14, Buffer.alloc(0));

// Stand-ins for DER: the reader does not parse certificates.
const certs = [Buffer.from('leaf-der'), Buffer.from('intermediate-der'), Buffer.from('root-der')];
const flight = cat(serverHello, certificate(certs), ecdheKeyExchange(0x0804), serverHelloDone);

const tls12 = (bytes: Buffer, cipher = 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', protocol = 'TLSv1.2') =>
  readServerHandshake({ bytes, protocol, cipher, serverHandshakeSecret: null });

/** The flight cut into handshake records of the given sizes (the last one takes the rest). */
function fragment(bytes: Buffer, sizes: number[]): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= bytes.length) break;
    out.push(record(22, bytes.subarray(at, at + size)));
    at += size;
  }
  if (at < bytes.length) out.push(record(22, bytes.subarray(at)));
  return cat(...out);
}

describe('server handshake reader', () => {
  it('reads the chain in the order sent and the ServerKeyExchange scheme (TLS 1.2)', () => {
    expect(tls12(record(22, flight))).to.deep.equal({
      certificates: certs,
      signatureScheme: 'rsa_pss_rsae_sha256',
      problem: null,
    });
  });

  it('reassembles messages across any record boundaries (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }), (sizes) => {
        const facts = tls12(fragment(flight, sizes));
        expect(facts.certificates).to.deep.equal(certs);
        expect(facts.signatureScheme).to.equal('rsa_pss_rsae_sha256');
      }),
    );
  });

  it('reads the DHE parameters to reach the scheme', () => {
    const bytes = record(22, cat(serverHello, certificate(certs), dheKeyExchange(0x0401), serverHelloDone));
    expect(tls12(bytes, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256').signatureScheme).to.equal('rsa_pkcs1_sha256');
  });

  it('names an unregistered scheme by its code point', () => {
    const bytes = record(22, cat(certificate(certs), ecdheKeyExchange(0xfe01)));
    expect(tls12(bytes).signatureScheme).to.equal('0xfe01');
  });

  it('has no scheme for RSA key exchange, nor before TLS 1.2', () => {
    const rsa = record(22, cat(serverHello, certificate(certs), serverHelloDone));
    expect(tls12(rsa, 'TLS_RSA_WITH_AES_128_GCM_SHA256')).to.deep.equal({ certificates: certs, signatureScheme: null, problem: null });
    const tls10 = tls12(record(22, flight), 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLSv1');
    expect(tls10).to.deep.equal({ certificates: certs, signatureScheme: null, problem: null });
  });

  it('skips records of other types and stops at ChangeCipherSpec', () => {
    const bytes = cat(record(21, Buffer.from([1, 0])), record(22, serverHello), record(20, u8(1)), record(22, certificate(certs)));
    const facts = tls12(bytes);
    expect(facts.certificates).to.equal(null);
    expect(facts.problem).to.match(/no Certificate message/);
  });

  it('reports a capture that ends inside the Certificate message', () => {
    const whole = record(22, flight);
    const facts = tls12(whole.subarray(0, 60));
    expect(facts.certificates).to.equal(null);
    expect(facts.problem).to.match(/no Certificate message/);
  });

  it('reports inconsistent lengths', () => {
    const body = cat(u24(100), u24(3), Buffer.from('abc'));
    const facts = tls12(record(22, message(11, body)));
    expect(facts.certificates).to.equal(null);
    expect(facts.problem).to.match(/truncated/);
  });

  it('reports an empty certificate list', () => {
    expect(tls12(record(22, certificate([]))).problem).to.match(/empty certificate list/);
  });

  it('reports a record longer than TLS allows', () => {
    const bytes = cat(u8(22), u16(0x0303), u16(0xffff), Buffer.alloc(10));
    expect(tls12(bytes).problem).to.match(/TLS record of 65535 bytes/);
  });

  it('keeps the chain when a later message is malformed', () => {
    const badKeyExchange = message(12, cat(u8(3), u16(29), u8(200)));
    const facts = tls12(record(22, cat(certificate(certs), badKeyExchange)));
    expect(facts.certificates).to.deep.equal(certs);
    expect(facts.signatureScheme).to.equal(null);
    expect(facts.problem).to.match(/truncated/);
  });

  it('needs the handshake secret and a known suite for TLS 1.3', () => {
    const noSecret = readServerHandshake({ bytes: record(23, Buffer.alloc(40)), protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', serverHandshakeSecret: null });
    expect(noSecret.problem).to.match(/no server handshake traffic secret/);
    const unknown = readServerHandshake({ bytes: record(23, Buffer.alloc(40)), protocol: 'TLSv1.3', cipher: 'TLS_AES_128_CCM_8_SHA256', serverHandshakeSecret: Buffer.alloc(32) });
    expect(unknown.problem).to.match(/cannot decrypt cipher suite/);
  });

  it('reports a TLS 1.3 record that does not decrypt', () => {
    const facts = readServerHandshake({ bytes: record(23, Buffer.alloc(40)), protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', serverHandshakeSecret: Buffer.alloc(32) });
    expect(facts).to.deep.equal({ certificates: null, signatureScheme: null, problem: 'a handshake record did not decrypt' });
  });
});
