// The chain and TLS facts the probe records, against real node:tls servers:
// exactly what the server sent, in every protocol version the probe can meet.
import { expect } from 'chai';
import net from 'node:net';
import tls from 'node:tls';
import { PLACEHOLDER_TRUST_ANCHOR, chainFromPeerCertificate } from '../../../src/probe/smtp/peer-chain.ts';
import { describeTls, serverHandshakeSecret } from '../../../src/probe/smtp/tls-details.ts';
import { testPki, type FixturePki, type TestCertificate } from '../../support/pki.ts';
import { probeFixture } from './helpers.ts';

const ders = (...certs: TestCertificate[]) => certs.map((c) => c.derBase64);
const pems = (...certs: TestCertificate[]) => certs.map((c) => c.pem).join('');

describe('tls chain and details', () => {
  let pki: FixturePki;
  before(async () => {
    pki = await testPki();
  });

  describe('the chain exactly as the server sent it', () => {
    const cases: Array<[string, (p: FixturePki) => TestCertificate[]]> = [
      ['leaf and intermediate, no root', (p) => [p.leaf, p.intermediate]],
      ['out of order: leaf, root, intermediate', (p) => [p.leaf, p.root, p.intermediate]],
      ['with a stray certificate in the middle', (p) => [p.leaf, p.stray, p.intermediate]],
      ['with a duplicate intermediate', (p) => [p.leaf, p.intermediate, p.intermediate, p.root]],
      ['a lone leaf', (p) => [p.leaf]],
    ];
    for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
      for (const [name, chainOf] of cases) {
        it(`${version}: ${name}`, async () => {
          const sent = chainOf(pki);
          const { evidence } = await probeFixture({
            tls: { cert: pems(...sent), key: pki.leaf.keyPem, minVersion: version, maxVersion: version },
          });
          expect(evidence.failure).to.equal(null);
          expect(evidence.tls?.protocol).to.equal(version);
          expect(evidence.tls?.chain).to.deep.equal(ders(...sent));
          expect(evidence.tls?.chainSource).to.equal('handshake');
        });
      }
    }

    it('keeps the first certificates of an over-long chain and says it was cut', async () => {
      const { evidence } = await probeFixture(
        { tls: { cert: pems(pki.leaf, pki.intermediate, pki.root), key: pki.leaf.keyPem } },
        {},
        { maxCertificates: 2 },
      );
      expect(evidence.failure).to.equal(null);
      expect(evidence.tls?.chain).to.deep.equal(ders(pki.leaf, pki.intermediate));
      expect(evidence.tls?.chainTruncated).to.equal(true);
    });

    it('records a self-signed RSA certificate and the RSA-PSS signature', async () => {
      const { evidence } = await probeFixture({ tls: { cert: pki.selfSigned.pem, key: pki.selfSigned.keyPem } });
      expect(evidence.tls?.chain).to.deep.equal(ders(pki.selfSigned));
      expect(evidence.tls?.signatureScheme).to.equal('rsa_pss_rsae_sha256');
    });
  });

  describe('what the probe observes without enforcing', () => {
    for (const suite of ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']) {
      it(`decrypts the TLS 1.3 handshake under ${suite}`, async () => {
        const { evidence } = await probeFixture({
          tls: { cert: pems(pki.leaf, pki.intermediate), key: pki.leaf.keyPem, ciphers: suite },
        });
        expect(evidence.tls).to.deep.include({ protocol: 'TLSv1.3', cipher: suite, chainSource: 'handshake' });
        expect(evidence.tls?.chain).to.deep.equal(ders(pki.leaf, pki.intermediate));
        expect(evidence.tls?.signatureScheme).to.equal('ecdsa_secp256r1_sha256');
      });
    }

    it('follows a HelloRetryRequest (server insists on P-384)', async () => {
      const { evidence } = await probeFixture({
        tls: { cert: pems(pki.leaf, pki.intermediate), key: pki.leaf.keyPem, ecdhCurve: 'P-384' },
      });
      expect(evidence.tls?.group).to.deep.equal({ name: 'secp384r1', size: 384 });
      expect(evidence.tls?.chain).to.deep.equal(ders(pki.leaf, pki.intermediate));
    });

    it('negotiates TLS 1.0 with a server that offers nothing better', async () => {
      const { evidence } = await probeFixture({
        tls: {
          cert: pems(pki.leaf, pki.intermediate),
          key: pki.leaf.keyPem,
          minVersion: 'TLSv1',
          maxVersion: 'TLSv1',
          ciphers: 'DEFAULT:@SECLEVEL=0',
        },
      });
      expect(evidence.failure).to.equal(null);
      expect(evidence.tls?.protocol).to.equal('TLSv1');
      expect(evidence.tls?.chain).to.deep.equal(ders(pki.leaf, pki.intermediate));
      expect(evidence.tls?.signatureScheme).to.equal(null); // TLS 1.0 signatures name no algorithm
    });

    it('records finite-field DHE (TLS 1.2)', async () => {
      const { evidence } = await probeFixture({
        tls: { cert: pki.selfSigned.pem, key: pki.selfSigned.keyPem, maxVersion: 'TLSv1.2', ciphers: 'DHE-RSA-AES128-GCM-SHA256', dhparam: 'auto' },
      });
      expect(evidence.tls).to.deep.include({ protocol: 'TLSv1.2', cipher: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256' });
      expect(evidence.tls?.group?.name).to.equal('DH');
      expect(evidence.tls?.group?.size).to.be.at.least(2048);
      expect(evidence.tls?.signatureScheme).to.match(/^rsa_/);
    });

    it('records RSA key exchange: no group, no signature (TLS 1.2)', async () => {
      const { evidence } = await probeFixture({
        tls: { cert: pki.selfSigned.pem, key: pki.selfSigned.keyPem, maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' },
      });
      expect(evidence.tls).to.deep.include({ cipher: 'TLS_RSA_WITH_AES_128_GCM_SHA256', group: null, signatureScheme: null });
      expect(evidence.tls?.chain).to.deep.equal(ders(pki.selfSigned));
    });
  });

  describe("node's getPeerCertificate(true): why the chain is read from the handshake", () => {
    /** A plain TLS client/server pair; returns the client socket once the handshake is done. */
    async function handshake(sent: TestCertificate[], clientCa: string[]): Promise<{ socket: tls.TLSSocket; done(): Promise<void> }> {
      const server = tls.createServer({ cert: pems(...sent), key: pki.leaf.keyPem }, (s) => s.on('error', () => {}));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as net.AddressInfo;
      const socket = tls.connect({ host: '127.0.0.1', port, servername: 'mx.example.test', rejectUnauthorized: false, ca: clientCa });
      socket.on('error', () => {});
      await new Promise((resolve) => socket.once('secureConnect', resolve));
      return {
        socket,
        done: () => {
          socket.destroy();
          return new Promise<void>((resolve) => server.close(() => resolve()));
        },
      };
    }

    const walk = (socket: tls.TLSSocket) => chainFromPeerCertificate(socket).map((der) => der.toString('base64'));

    it('appends trust-store certificates the server never sent', async () => {
      const { socket, done } = await handshake([pki.leaf, pki.intermediate], [pki.root.pem]);
      try {
        expect(walk(socket)).to.deep.equal(ders(pki.leaf, pki.intermediate, pki.root));
      } finally {
        await done();
      }
    });

    it('re-orders, and can lose, certificates sent out of order', async () => {
      const { socket, done } = await handshake([pki.leaf, pki.root, pki.intermediate], [PLACEHOLDER_TRUST_ANCHOR]);
      try {
        expect(walk(socket)).to.not.deep.equal(ders(pki.leaf, pki.root, pki.intermediate));
      } finally {
        await done();
      }
    });

    it('drops certificates that link to nothing', async () => {
      const { socket, done } = await handshake([pki.leaf, pki.stray, pki.intermediate], [PLACEHOLDER_TRUST_ANCHOR]);
      try {
        expect(walk(socket)).to.not.include(pki.stray.derBase64);
      } finally {
        await done();
      }
    });

    it('with the placeholder anchor, the fallback adds nothing to leaf + intermediate', async () => {
      const { socket, done } = await handshake([pki.leaf, pki.intermediate], [PLACEHOLDER_TRUST_ANCHOR]);
      try {
        expect(walk(socket)).to.deep.equal(ders(pki.leaf, pki.intermediate));
        // With nothing captured, describeTls falls back to this walk and says so.
        const details = describeTls(socket, { bytes: Buffer.alloc(0), serverHandshakeSecret: null }, 20);
        expect(details).to.deep.include({ chainSource: 'peer-certificate', chainTruncated: false });
        expect(details.chain).to.deep.equal(ders(pki.leaf, pki.intermediate));
      } finally {
        await done();
      }
    });
  });

  describe('keylog lines', () => {
    it('takes only the server handshake traffic secret', () => {
      const random = 'ab'.repeat(32);
      expect(serverHandshakeSecret(Buffer.from(`SERVER_HANDSHAKE_TRAFFIC_SECRET ${random} 0a0b0c\n`))).to.deep.equal(Buffer.from([10, 11, 12]));
      expect(serverHandshakeSecret(Buffer.from(`CLIENT_HANDSHAKE_TRAFFIC_SECRET ${random} 0a0b0c\n`))).to.equal(null);
      expect(serverHandshakeSecret(Buffer.from('garbage'))).to.equal(null);
    });
  });
});
