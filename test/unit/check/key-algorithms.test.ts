// One certificate per key algorithm (issue 16 item 1): sessions that offer one key
// algorithm only, against a real TLS server on loopback holding RSA, ECDSA and
// Ed25519 certificates in any combination; what each finds, how the address is
// judged, and that one address never sees more than two of our connections at once.
import { expect } from 'chai';
import type { SmtpConnector, SmtpProbeRequest } from '../../../src/ports.ts';
import type { RecordData } from '../../../src/evidence/dns.ts';
import type { KeyAlgorithm } from '../../../src/evidence/smtp.ts';
import { createSmtpConnector } from '../../../src/probe/smtp/session.ts';
import { SESSIONS_PER_ADDRESS } from '../../../src/probe/walk.ts';
import { runCheck, type CheckRequest } from '../../../src/app/run-check.ts';
import { defaultExpiryThresholds } from '../../../src/verdict/certificate-expiry.ts';
import { judgeCheck } from '../../../src/verdict/exit-status.ts';
import { catalogueSeverity, locatedMessage } from '../../../src/verdict/diagnostics.ts';
import { startFixtureServer, type FixtureServer } from '../../support/smtp-fixture-server.ts';
import { fixedClock, zoneResolver, type Zone } from '../../support/fake-deps.ts';
import { makeCertificate, tlsaFor, type TestCertificate } from '../../support/pki.ts';
import { request as probeRequest } from '../smtp/helpers.ts';

type Leaves = Partial<Record<KeyAlgorithm, TestCertificate>>;

/** A server holding the given leaves, each sent with the intermediate. */
function holding(leaves: Leaves, intermediate: TestCertificate, maxVersion: 'TLSv1.3' | 'TLSv1.2' = 'TLSv1.3'): Promise<FixtureServer> {
  const held = Object.values(leaves);
  return startFixtureServer({ tls: { cert: held.map((l) => l.pem + intermediate.pem), key: held.map((l) => l.keyPem), maxVersion } });
}

/** Counts the sessions open at once per address, around the real connector. */
function counting(inner: SmtpConnector): SmtpConnector & { requests: SmtpProbeRequest[]; peak: number } {
  let open = 0;
  const c = {
    requests: [] as SmtpProbeRequest[],
    peak: 0,
    async probe(req: SmtpProbeRequest) {
      c.requests.push(req);
      c.peak = Math.max(c.peak, ++open);
      try {
        return await inner.probe(req);
      } finally {
        open--;
      }
    },
  };
  return c;
}

describe('one certificate per key algorithm', function () {
  this.timeout(20_000);
  let intermediate: TestCertificate;
  let rsa: TestCertificate;
  let ecdsa: TestCertificate;
  let ed25519: TestCertificate;
  before(async () => {
    const root = await makeCertificate({ subject: 'CN=Test Root CA', ca: true });
    intermediate = await makeCertificate({ subject: 'CN=Test Issuing CA', ca: true, issuer: root });
    const leaf = (key: 'rsa-2048' | 'ec-p256' | 'ed25519') => makeCertificate({ dnsNames: ['mx.example.org'], key, issuer: intermediate });
    [rsa, ecdsa, ed25519] = await Promise.all([leaf('rsa-2048'), leaf('ec-p256'), leaf('ed25519')]);
  });

  describe('a session that asks for one algorithm', () => {
    for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
      it(`gets that algorithm's certificate from a server holding several, and ends right after the handshake (${maxVersion})`, async () => {
        const server = await holding({ rsa, ecdsa, ed25519 }, intermediate, maxVersion);
        try {
          for (const [keyAlgorithm, leaf] of [['rsa', rsa], ['ecdsa', ecdsa], ['ed25519', ed25519]] as const) {
            const e = await createSmtpConnector().probe(probeRequest(server.port, { keyAlgorithm }));
            expect(e.failure, keyAlgorithm).to.equal(null);
            expect(e.stage).to.equal('done');
            expect(e.keyAlgorithm).to.equal(keyAlgorithm);
            expect(e.tls!.protocol).to.equal(maxVersion);
            expect(e.tls!.chain[0], keyAlgorithm).to.equal(leaf.derBase64);
          }
          expect(server.connections.map((c) => c.tlsCommands)).to.deep.equal([['QUIT'], ['QUIT'], ['QUIT']]);
        } finally {
          await server.close();
        }
      });

      it(`records the server's handshake_failure alert (40) when it holds no such certificate (${maxVersion})`, async () => {
        const server = await holding({ ecdsa }, intermediate, maxVersion);
        try {
          const e = await createSmtpConnector().probe(probeRequest(server.port, { keyAlgorithm: 'rsa' }));
          expect(e.stage).to.equal('tls');
          expect(e.failure).to.include({ kind: 'tls', alert: 40 });
          expect(e.tls).to.equal(null);
        } finally {
          await server.close();
        }
      });
    }

    it('a handshake that fails without an alert (the server hangs up) carries none', async () => {
      const server = await startFixtureServer({ handshake: { cutAfter: 0, then: 'close' }, tls: { cert: ecdsa.pem, key: ecdsa.keyPem } });
      try {
        const e = await createSmtpConnector().probe(probeRequest(server.port, { keyAlgorithm: 'rsa' }));
        expect(e.stage).to.equal('tls');
        expect(e.failure!.alert).to.equal(undefined);
      } finally {
        await server.close();
      }
    });
  });

  describe('a check of a host whose address holds several certificates', () => {
    const tlsa = (cert: TestCertificate): RecordData => ({ type: 'TLSA', ...tlsaFor(cert, 3, 1, 1) });
    const zoneFor = (server: FixtureServer, records: RecordData[]): Zone => ({
      'mx.example.org': { A: { records: [{ type: 'A', address: '127.0.0.1' }] } },
      [`_${server.port}._tcp.mx.example.org`]: { TLSA: { records } },
    });
    const hostCheck = (server: FixtureServer): CheckRequest => ({
      kind: 'host',
      name: 'mx.example.org',
      walk: { port: server.port, helo: 'monitor.example.net', ipv4: true, ipv6: false, stageTimeoutMs: 5000, maxMxHosts: 16, smtpConcurrency: 16 },
      deadlineMs: 15_000,
      judgement: { thresholds: defaultExpiryThresholds(), severityPolicy: {} },
      resolverLabel: '127.0.0.1:53',
      version: 'test',
    });
    const check = async (server: FixtureServer, records: RecordData[]) => {
      const smtp = counting(createSmtpConnector());
      const outcome = await runCheck({ dns: zoneResolver(zoneFor(server, records)), smtp, clock: fixedClock('2026-06-01T00:00:00Z') }, hostCheck(server));
      if (outcome.kind !== 'host') throw new Error('host expected');
      const judged = judgeCheck(outcome.result, [], { thresholds: { warning: null, critical: null }, severityPolicy: {} }, new Date('2026-06-01T00:00:00Z'));
      return { host: outcome.result, address: outcome.result.addresses[0]!, smtp, judged };
    };

    it('RSA and ECDSA, TLSA for both: verified, each certificate covered', async () => {
      const server = await holding({ rsa, ecdsa }, intermediate);
      try {
        const { address, smtp } = await check(server, [tlsa(rsa), tlsa(ecdsa)]);
        expect(address.dane_state).to.equal('verified');
        expect(address.certificates_by_algorithm.map((e) => [e.key_algorithm, e.session, e.status, e.dane_state])).to.deep.equal([
          ['ecdsa', 'default', 'presented', 'verified'],
          ['rsa', 'asked', 'presented', 'verified'],
          ['ed25519', 'asked', 'not-held', null],
        ]);
        expect(smtp.requests.map((r) => r.keyAlgorithm)).to.deep.equal([undefined, 'rsa', 'ed25519']);
        expect(smtp.peak, 'connections at once to the one address').to.equal(SESSIONS_PER_ADDRESS);
      } finally {
        await server.close();
      }
    });

    it('RSA and ECDSA, TLSA for the RSA key only: partial, KEY_ALGORITHM_NOT_COVERED names ECDSA (CRITICAL, --severity can lower it)', async () => {
      const server = await holding({ rsa, ecdsa }, intermediate);
      try {
        const { host, address, judged } = await check(server, [tlsa(rsa)]);
        expect(address.dane_state).to.equal('partial');
        expect(host.dane_state).to.equal('partial');
        const codes = host.diagnostics.map((d) => d.code);
        expect(codes).to.include('KEY_ALGORITHM_NOT_COVERED').and.not.include('TLSA_MISMATCH');
        const d = host.diagnostics.find((x) => x.code === 'KEY_ALGORITHM_NOT_COVERED')!;
        expect(locatedMessage(d)).to.equal(
          `mx.example.org 127.0.0.1: the ECDSA certificate is not covered by TLSA (certificate matches none of 1 usable TLSA record): ` +
            'senders that negotiate ECDSA fail DANE authentication',
        );
        expect(catalogueSeverity('KEY_ALGORITHM_NOT_COVERED')).to.equal('critical');
        expect(judged.state).to.equal('CRITICAL');
        const lowered = judgeCheck(host, [], { thresholds: { warning: null, critical: null }, severityPolicy: { KEY_ALGORITHM_NOT_COVERED: 'warning' } }, new Date('2026-06-01T00:00:00Z'));
        expect(lowered.state).to.equal('WARNING');
      } finally {
        await server.close();
      }
    });

    it('RSA and ECDSA, TLSA for the ECDSA key only: partial naming RSA; TLSA for neither: failed', async () => {
      const server = await holding({ rsa, ecdsa }, intermediate);
      try {
        const some = await check(server, [tlsa(ecdsa)]);
        expect(some.address.dane_state).to.equal('partial');
        expect(some.host.diagnostics.filter((d) => d.code === 'KEY_ALGORITHM_NOT_COVERED').map((d) => d.args)).to.deep.equal([
          { algorithm: 'RSA', detail: 'certificate matches none of 1 usable TLSA record' },
        ]);
        const none = await check(server, [tlsa(ed25519)]);
        expect(none.address.dane_state).to.equal('failed');
        expect(none.host.diagnostics.map((d) => d.code).filter((c) => c !== 'TLSA_MATCHED')).to.include.members(['TLSA_MISMATCH', 'KEY_ALGORITHM_NOT_COVERED']);
      } finally {
        await server.close();
      }
    });

    it('one ECDSA certificate: verified, RSA and Ed25519 not held (no finding), three sessions, two at most at once', async () => {
      const server = await holding({ ecdsa }, intermediate);
      try {
        const { address, smtp, judged } = await check(server, [tlsa(ecdsa)]);
        expect(address.dane_state).to.equal('verified');
        expect(address.certificates_by_algorithm.map((e) => [e.key_algorithm, e.status])).to.deep.equal([
          ['ecdsa', 'presented'],
          ['rsa', 'not-held'],
          ['ed25519', 'not-held'],
        ]);
        expect(judged.hosts[0]!.addresses[0]!.state, 'no finding at the address').to.equal('OK');
        expect(judged.findings.map((f) => f.diagnostic.code).filter((c) => c.startsWith('KEY_ALGORITHM'))).to.deep.equal([]);
        expect(smtp.requests).to.have.length(3);
        expect(smtp.peak).to.be.at.most(SESSIONS_PER_ADDRESS);
      } finally {
        await server.close();
      }
    });

    it('an Ed25519 certificate beside an RSA one is asked for and judged too', async () => {
      const server = await holding({ rsa, ed25519 }, intermediate);
      try {
        const { address } = await check(server, [tlsa(rsa)]);
        expect(address.dane_state).to.equal('partial');
        expect(address.certificates_by_algorithm.map((e) => [e.key_algorithm, e.status, e.dane_state])).to.deep.equal([
          ['ed25519', 'presented', 'failed'],
          ['rsa', 'presented', 'verified'],
          ['ecdsa', 'not-held', null],
        ]);
      } finally {
        await server.close();
      }
    });

    it('a session for one algorithm that fails otherwise (the server hangs up) leaves it unknown: an info finding, the address keeps its state', async () => {
      const server = await holding({ ecdsa }, intermediate);
      const inner = createSmtpConnector();
      // The second and later connections are cut at once, as a server at its connection limit does.
      let n = 0;
      const cut: SmtpConnector = { probe: (req) => (n++ === 0 ? inner.probe(req) : inner.probe({ ...req, port: 1 })) };
      try {
        const outcome = await runCheck({ dns: zoneResolver(zoneFor(server, [tlsa(ecdsa)])), smtp: cut, clock: fixedClock('2026-06-01T00:00:00Z') }, hostCheck(server));
        if (outcome.kind !== 'host') throw new Error('host expected');
        const address = outcome.result.addresses[0]!;
        expect(address.dane_state).to.equal('verified');
        expect(address.certificates_by_algorithm.map((e) => e.status)).to.deep.equal(['presented', 'unknown', 'unknown']);
        const unknown = outcome.result.diagnostics.filter((d) => d.code === 'KEY_ALGORITHM_UNKNOWN');
        expect(unknown).to.have.length(2);
        expect(catalogueSeverity('KEY_ALGORITHM_UNKNOWN')).to.equal('info');
      } finally {
        await server.close();
      }
    });
  });
});
