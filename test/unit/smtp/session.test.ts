// The SMTP/STARTTLS session against scripted loopback servers.
import { expect } from 'chai';
import { createSmtpConnector, offersStartTls } from '../../../src/probe/smtp/session.ts';
import { DEFAULT_EHLO_TLS, reply, startFixtureServer } from '../../support/smtp-fixture-server.ts';
import { testPki } from '../../support/pki.ts';
import { hasIpv6Loopback, skipOrFail } from '../../support/require-tool.ts';
import {
  activeResources,
  closedPort,
  defaultTls,
  probeFixture,
  rawServer,
  request,
} from './helpers.ts';

const EHLO_WITHOUT_STARTTLS = reply(250, 'fixture.example.test', 'PIPELINING', 'SIZE 1000');

describe('smtp session', () => {
  describe('a full session', () => {
    it('records banner, EHLO, TLS details, the chain as sent and EHLO inside TLS', async () => {
      const pki = await testPki();
      const { evidence, server } = await probeFixture({});
      expect(evidence.failure).to.equal(null);
      expect(evidence.stage).to.equal('done');
      expect(evidence.family).to.equal(4);
      expect(evidence.banner).to.deep.equal({ code: 220, lines: ['fixture.example.test ESMTP'] });
      expect(evidence.ehlo?.lines).to.include('STARTTLS');
      expect(evidence.starttlsOffered).to.equal(true);
      expect(evidence.tls).to.deep.include({
        protocol: 'TLSv1.3',
        group: { name: 'X25519', size: 253 },
        chain: [pki.leaf.derBase64, pki.intermediate.derBase64],
        chainSource: 'handshake',
        chainTruncated: false,
        signatureScheme: 'ecdsa_secp256r1_sha256',
      });
      expect(evidence.tls?.cipher).to.match(/^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/);
      expect(evidence.tls?.sharedSigalgs).to.be.an('array');
      expect(evidence.ehloTls).to.deep.equal({ code: 250, lines: ['fixture.example.test', 'PIPELINING', 'SIZE 10240000', '8BITMIME'] });
      expect(evidence.elapsedMs).to.be.a('number').and.at.least(0);
      const [connection] = server.connections;
      expect(connection?.commands).to.deep.equal(['EHLO probe.example.test', 'STARTTLS']);
      expect(connection?.tlsCommands).to.deep.equal(['EHLO probe.example.test', 'QUIT']);
      expect(JSON.parse(JSON.stringify(evidence))).to.deep.equal(evidence); // plain JSON data
    });

    it('sends req.sni as the TLS server name', async () => {
      const { evidence, server } = await probeFixture({}, { sni: 'mail.sni-check.example' });
      expect(evidence.stage).to.equal('done');
      expect(server.connections[0]?.servername).to.equal('mail.sni-check.example');
    });

    it('sends the SNI without a trailing dot, and none for an IP literal', async () => {
      const dotted = await probeFixture({}, { sni: 'mx.example.test.' });
      expect(dotted.server.connections[0]?.servername).to.equal('mx.example.test');
      const literal = await probeFixture({}, { sni: '127.0.0.1' });
      expect(literal.evidence.stage).to.equal('done');
      expect(literal.server.connections[0]?.servername).to.equal(null);
    });

    it('accepts a multi-line banner', async () => {
      const { evidence } = await probeFixture({ banner: reply(220, 'mx.example.test ESMTP', 'no UCE', 'be nice') });
      expect(evidence.stage).to.equal('done');
      expect(evidence.banner?.lines).to.deep.equal(['mx.example.test ESMTP', 'no UCE', 'be nice']);
    });

    it('finds STARTTLS case-insensitively, with or without parameters', () => {
      expect(offersStartTls({ code: 250, lines: ['mx', 'starttls'] })).to.equal(true);
      expect(offersStartTls({ code: 250, lines: ['mx', 'StartTLS REQUIRED'] })).to.equal(true);
      expect(offersStartTls({ code: 250, lines: ['STARTTLS', 'SIZE'] })).to.equal(false); // the greeting is not a keyword
      expect(offersStartTls({ code: 250, lines: ['mx', 'X-STARTTLS'] })).to.equal(false);
    });

    it('does not count a missing 221 as a failure', async () => {
      const { evidence } = await probeFixture({ quit: null });
      expect(evidence.failure).to.equal(null);
      expect(evidence.stage).to.equal('done');
    });

    it('works over IPv6 on ::1', async function () {
      if (!(await hasIpv6Loopback())) skipOrFail(this, 'this host has no IPv6 loopback ::1');
      const { evidence, server } = await probeFixture({}, { address: '::1' });
      expect(evidence).to.deep.include({ address: '::1', family: 6, stage: 'done', failure: null });
      expect(server.connections[0]?.servername).to.equal('mx.example.test');
    });
  });

  describe('RFC 3207 §6: nothing read in clear survives STARTTLS', () => {
    it('drops text the server appends to its 220 instead of reading it as TLS or as the EHLO reply', async () => {
      const injected = `${reply(220, 'Ready to start TLS')}${reply(250, 'INJECTED', 'AUTH PLAIN')}`;
      const { evidence, server } = await probeFixture({ starttls: injected });
      expect(evidence.failure).to.equal(null);
      expect(evidence.stage).to.equal('done');
      expect(evidence.ehloTls?.lines).to.deep.equal(['fixture.example.test', 'PIPELINING', 'SIZE 10240000', '8BITMIME']);
      expect(JSON.stringify(evidence)).to.not.include('INJECTED');
      expect(server.connections[0]?.tlsCommands[0]).to.equal('EHLO probe.example.test');
      expect(DEFAULT_EHLO_TLS).to.not.include('INJECTED');
    });
  });

  describe('refusals', () => {
    it('reports STARTTLS not offered at ehlo, and says QUIT', async () => {
      const { evidence, server } = await probeFixture({ ehlo: EHLO_WITHOUT_STARTTLS });
      expect(evidence.stage).to.equal('ehlo');
      expect(evidence.starttlsOffered).to.equal(false);
      expect(evidence.failure?.kind).to.equal('not-offered');
      expect(evidence.ehlo?.lines).to.deep.equal(['fixture.example.test', 'PIPELINING', 'SIZE 1000']);
      expect(evidence.tls).to.equal(null);
      expect(server.connections[0]?.commands).to.deep.equal(['EHLO probe.example.test', 'QUIT']);
    });

    it('reports 454 to STARTTLS as a temporary refusal at starttls, and says QUIT', async () => {
      const { evidence, server } = await probeFixture({ starttls: reply(454, '4.7.0 TLS not available due to local problem') });
      expect(evidence.stage).to.equal('starttls');
      expect(evidence.failure).to.deep.include({ kind: 'temporary' });
      expect(evidence.failure?.reply).to.deep.equal({ code: 454, lines: ['4.7.0 TLS not available due to local problem'] });
      expect(evidence.failure?.message).to.include('454 4.7.0 TLS not available');
      expect(server.connections[0]?.commands).to.deep.equal(['EHLO probe.example.test', 'STARTTLS', 'QUIT']);
    });

    it('reports a 421 banner as a temporary refusal at banner, with the server\'s text, without QUIT', async () => {
      const { evidence, server } = await probeFixture({ banner: reply(421, '4.3.2 Service not available') });
      expect(evidence.stage).to.equal('banner');
      expect(evidence.failure?.kind).to.equal('temporary');
      expect(evidence.failure?.message).to.equal('the server refused the session for now: 421 4.3.2 Service not available');
      expect(evidence.banner?.code).to.equal(421);
      expect(evidence.failure?.reply?.code).to.equal(421);
      expect(server.connections[0]?.commands).to.deep.equal([]);
    });

    it('reports a 554 banner as rejected and says QUIT', async () => {
      const { evidence, server } = await probeFixture({ banner: reply(554, '5.7.1 No SMTP service here') });
      expect(evidence.failure?.kind).to.equal('rejected');
      expect(server.connections[0]?.commands).to.deep.equal(['QUIT']);
    });

    it('reports a 450 to EHLO as a temporary refusal at ehlo, and says QUIT', async () => {
      const { evidence, server } = await probeFixture({ ehlo: reply(450, '4.7.1 slow down') });
      expect(evidence.stage).to.equal('ehlo');
      expect(evidence.failure?.kind).to.equal('temporary');
      expect(evidence.failure?.message).to.equal('the server refused EHLO for now: 450 4.7.1 slow down');
      expect(server.connections[0]?.commands).to.deep.equal(['EHLO probe.example.test', 'QUIT']);
    });

    it('reports a 4xx to EHLO inside TLS as rejected: after the handshake it is no longer "not now"', async () => {
      const { evidence } = await probeFixture({ ehloTls: reply(421, '4.3.2 bye') });
      expect(evidence.stage).to.equal('ehlo-tls');
      expect(evidence.failure?.kind).to.equal('rejected');
      expect(evidence.tls?.chain).to.have.length(2);
    });

    it('reports a refused EHLO at ehlo (no HELO fallback)', async () => {
      const { evidence, server } = await probeFixture({ ehlo: reply(550, '5.7.1 go away') });
      expect(evidence.stage).to.equal('ehlo');
      expect(evidence.failure?.kind).to.equal('rejected');
      expect(evidence.ehlo?.code).to.equal(550);
      expect(server.connections[0]?.commands).to.deep.equal(['EHLO probe.example.test', 'QUIT']);
    });

    it('reports a refused EHLO inside TLS at ehlo-tls, with the TLS details kept', async () => {
      const { evidence, server } = await probeFixture({ ehloTls: reply(554, 'no') });
      expect(evidence.stage).to.equal('ehlo-tls');
      expect(evidence.failure?.kind).to.equal('rejected');
      expect(evidence.tls?.chain).to.have.length(2);
      expect(server.connections[0]?.tlsCommands).to.deep.equal(['EHLO probe.example.test', 'QUIT']);
    });

    it('reports an unexpected success code as a protocol error', async () => {
      const { evidence } = await probeFixture({ banner: reply(250, 'hello?') });
      expect(evidence.stage).to.equal('banner');
      expect(evidence.failure?.kind).to.equal('protocol');
      expect(evidence.failure?.message).to.match(/expected 220, got 250/);
    });

    it('refuses to send an EHLO name with CR/LF in it', async () => {
      const { evidence, server } = await probeFixture({}, { helo: 'probe\r\nRCPT TO:<x@y>' });
      expect(evidence.stage).to.equal('ehlo');
      expect(evidence.failure?.kind).to.equal('protocol');
      expect(server.connections[0]?.commands).to.deep.equal([]);
    });
  });

  describe('silence and timeouts', () => {
    it('times out at banner when the server says nothing', async () => {
      const { evidence } = await probeFixture({ banner: null }, { stageTimeoutMs: 150 });
      expect(evidence.stage).to.equal('banner');
      expect(evidence.failure?.kind).to.equal('timeout');
      expect(evidence.failure?.message).to.equal('no banner within 150 ms');
      expect(evidence.elapsedMs).to.be.within(140, 1000);
    });

    it('times out at ehlo when EHLO gets no answer', async () => {
      const { evidence } = await probeFixture({ ehlo: null }, { stageTimeoutMs: 150 });
      expect(evidence.stage).to.equal('ehlo');
      expect(evidence.failure?.kind).to.equal('timeout');
      expect(evidence.banner?.code).to.equal(220);
    });

    it('times out at starttls when STARTTLS gets no answer', async () => {
      const { evidence } = await probeFixture({ starttls: null }, { stageTimeoutMs: 150 });
      expect(evidence).to.deep.include({ stage: 'starttls' });
      expect(evidence.failure?.kind).to.equal('timeout');
    });

    it('times out at tls when the handshake never answers', async () => {
      const { evidence } = await probeFixture({ handshake: { garbage: '' } }, { stageTimeoutMs: 150 });
      expect(evidence.stage).to.equal('tls');
      expect(evidence.failure?.kind).to.equal('timeout');
      expect(evidence.failure?.message).to.equal('no TLS handshake within 150 ms');
    });

    it('times out at ehlo-tls when EHLO inside TLS gets no answer', async () => {
      const { evidence } = await probeFixture({ ehloTls: null }, { stageTimeoutMs: 150 });
      expect(evidence.stage).to.equal('ehlo-tls');
      expect(evidence.failure?.kind).to.equal('timeout');
      expect(evidence.tls?.protocol).to.equal('TLSv1.3');
    });
  });

  describe('broken peers', () => {
    it('reports a handshake failure when the server answers the ClientHello with text', async () => {
      const { evidence } = await probeFixture({ handshake: { garbage: 'this is not TLS\r\n' } });
      expect(evidence.stage).to.equal('tls');
      expect(evidence.failure?.kind).to.equal('tls');
      expect(evidence.failure?.message).to.match(/^TLS handshake failed: /);
      expect(evidence.tls).to.equal(null);
    });

    it('reports a TLS failure when the server hangs up during the handshake', async () => {
      const server = await rawServer((socket) => {
        socket.write(reply(220, 'hi'));
        socket.on('data', (data) => {
          const text = data.toString('latin1');
          if (text.startsWith('EHLO')) socket.write(reply(250, 'mx', 'STARTTLS'));
          else if (text.startsWith('STARTTLS')) socket.write(reply(220, 'go'));
          else socket.destroy(); // the ClientHello
        });
      });
      try {
        const evidence = await createSmtpConnector().probe(request(server.port));
        expect(evidence.stage).to.equal('tls');
        expect(evidence.failure?.kind).to.equal('tls');
      } finally {
        await server.close();
      }
    });

    it('reports garbage instead of a banner as a protocol error', async () => {
      const { evidence } = await probeFixture({ banner: 'HTTP/1.1 400 Bad Request\r\n\r\n' });
      expect(evidence.stage).to.equal('banner');
      expect(evidence.failure?.kind).to.equal('protocol');
      expect(evidence.failure?.message).to.include('not an SMTP reply line: "HTTP/1.1 400 Bad Request"');
    });

    it('reports a close before the banner', async () => {
      const server = await rawServer((socket) => socket.end());
      try {
        const evidence = await createSmtpConnector().probe(request(server.port));
        expect(evidence.stage).to.equal('banner');
        expect(evidence.failure?.kind).to.equal('closed');
      } finally {
        await server.close();
      }
    });

    it('reports a reset before the banner as refused', async () => {
      const server = await rawServer((socket) => socket.resetAndDestroy());
      try {
        const evidence = await createSmtpConnector().probe(request(server.port));
        expect(evidence.stage).to.be.oneOf(['connect', 'banner']);
        expect(evidence.failure?.kind).to.equal('refused');
      } finally {
        await server.close();
      }
    });

    it('reports a close in the middle of a reply', async () => {
      const server = await rawServer((socket) => socket.end('220-first line\r\n220-second'));
      try {
        const evidence = await createSmtpConnector().probe(request(server.port));
        expect(evidence.failure).to.deep.include({ kind: 'closed', message: 'the server closed the connection in the middle of a reply' });
      } finally {
        await server.close();
      }
    });

    it('stops reading after the byte budget', async () => {
      const longBanner = `${'220-padding padding padding padding padding padding padding\r\n'.repeat(400)}220 done\r\n`;
      const { evidence } = await probeFixture({ banner: longBanner }, {}, { maxBytes: 10_000 });
      expect(evidence.stage).to.equal('banner');
      expect(evidence.failure).to.deep.include({ kind: 'protocol', message: 'the server sent more than 10000 bytes' });
    });
  });

  describe('connecting', () => {
    it('reports a closed port as refused at connect', async () => {
      const port = await closedPort();
      const evidence = await createSmtpConnector().probe(request(port));
      expect(evidence.stage).to.equal('connect');
      expect(evidence.failure?.kind).to.equal('refused');
      expect(evidence.failure?.message).to.match(/ECONNREFUSED/);
      expect(evidence.banner).to.equal(null);
    });

    it('refuses a host name (resolution belongs to the DNS layer) and a bad port', async () => {
      const named = await createSmtpConnector().probe(request(25, { address: 'localhost' }));
      expect(named.failure).to.deep.include({ kind: 'network', message: '"localhost" is not an IP address' });
      const badPort = await createSmtpConnector().probe(request(70000));
      expect(badPort.failure).to.deep.include({ kind: 'network', message: 'invalid port 70000' });
    });
  });

  describe('cancellation', () => {
    it('stops at once when the signal aborts mid-session', async () => {
      const server = await startFixtureServer({ tls: await defaultTls(), ehlo: null });
      try {
        const controller = new AbortController();
        setTimeout(() => controller.abort(new Error('deadline reached')), 100);
        const started = Date.now();
        const evidence = await createSmtpConnector().probe(request(server.port, { stageTimeoutMs: 10_000, signal: controller.signal }));
        expect(Date.now() - started).to.be.below(1000);
        expect(evidence.stage).to.equal('ehlo');
        expect(evidence.failure).to.deep.include({ kind: 'cancelled', message: 'the run was cancelled: deadline reached' });
        await server.connections[0]?.closed; // the socket was destroyed
      } finally {
        await server.close();
      }
    });

    it('stops during the TLS handshake', async () => {
      const server = await startFixtureServer({ tls: await defaultTls(), handshake: { garbage: '' } });
      try {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 100);
        const evidence = await createSmtpConnector().probe(request(server.port, { stageTimeoutMs: 10_000, signal: controller.signal }));
        expect(evidence.stage).to.equal('tls');
        expect(evidence.failure?.kind).to.equal('cancelled');
        await server.connections[0]?.closed;
      } finally {
        await server.close();
      }
    });

    it('does not connect at all when the signal is already aborted', async () => {
      const server = await startFixtureServer({});
      try {
        const evidence = await createSmtpConnector().probe(request(server.port, { signal: AbortSignal.abort() }));
        expect(evidence).to.deep.include({ stage: 'connect' });
        expect(evidence.failure?.kind).to.equal('cancelled');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(server.connections).to.have.length(0);
      } finally {
        await server.close();
      }
    });
  });

  describe('hygiene', () => {
    it('leaves no socket or timer behind, whatever the outcome', async () => {
      await new Promise((resolve) => setImmediate(resolve)); // let mocha arm its own test timer first
      const before = activeResources();
      await probeFixture({});
      await probeFixture({ banner: null }, { stageTimeoutMs: 50 });
      await probeFixture({ handshake: { garbage: 'nope\r\n' } });
      await probeFixture({ ehlo: EHLO_WITHOUT_STARTTLS });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      await probeFixture({ ehlo: null }, { stageTimeoutMs: 10_000, signal: controller.signal });
      await createSmtpConnector().probe(request(await closedPort()));
      // Handles close asynchronously: give them a moment, then nothing may be left.
      const kinds = ['TCPSocketWrap', 'TLSWrap', 'TCPServerWrap', 'Timeout', 'JSSTREAM'];
      const settled = () => kinds.every((kind) => (activeResources()[kind] ?? 0) <= (before[kind] ?? 0));
      for (let i = 0; i < 50 && !settled(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      const after = activeResources();
      for (const kind of kinds) expect(after[kind] ?? 0, kind).to.be.at.most(before[kind] ?? 0);
    });
  });
});
