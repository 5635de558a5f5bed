// Certificate expiry over every certificate an address presents (RFC 7671 §5): the
// default session's chain and each chain a session got by asking for one key
// algorithm, each judged by its own verdict (RFC 7672 §3.1.1, §3.2.2). Built from
// evidence: SMTP sessions as the probe records them, certificates from the test
// PKI, a fixed clock. The dual-certificate server shows a healthy ECDSA chain by
// default and an RSA chain, whose dates are the point, only when RSA is asked for.
import { expect } from 'chai';
import type { HostEvidence } from '../../../src/evidence/walk.ts';
import type { SmtpEvidence } from '../../../src/evidence/smtp.ts';
import { evaluateHost } from '../../../src/verdict/evaluate-host.ts';
import { judgeCheck, type CheckJudgement } from '../../../src/verdict/exit-status.ts';
import { commonName, defaultExpiryThresholds } from '../../../src/verdict/certificate-expiry.ts';
import { diagnosticMessage } from '../../../src/verdict/diagnostics.ts';
import type { HostResult, TlsaRecord } from '../../../src/verdict/result.ts';
import { renderNagios } from '../../../src/render/nagios.ts';
import { hostCheckJson } from '../../../src/render/json.ts';
import { metricSamples } from '../../../src/render/metrics-samples.ts';
import { CERT_DAYS_JS } from '../../../src/render/zabbix-preprocessing.ts';
import { es5Problems, zabbixJs } from '../zabbix/zabbix-js.ts';
import { answer } from '../../support/fake-deps.ts';
import { completedSession } from '../../support/smtp-evidence.ts';
import { makeChain, TEST_NOW, tlsaFor, type TestChain } from '../../support/pki.ts';

const HOST = 'mx.example.org';
const ADDRESS = '192.0.2.1';
const DAY_MS = 86_400_000;
/** The RSA leaf expires 10 days after the clock: critical under the default -c 15:. */
const SOON = new Date(TEST_NOW.getTime() + 10 * DAY_MS + 3_600_000);

function session(chain: string[]): SmtpEvidence {
  return completedSession(HOST, ADDRESS, chain);
}

/** ECDSA by default; RSA (rsaSent) when asked; no Ed25519 certificate (handshake failure). */
function dual(ecSent: string[], rsaSent: string[]): SmtpEvidence {
  const noEd25519: SmtpEvidence = {
    ...session([]),
    keyAlgorithm: 'ed25519',
    stage: 'tls',
    tls: null,
    ehloTls: null,
    failure: { kind: 'tls', message: 'alert 40 handshake failure', reply: null, alert: 40 },
  };
  return { ...session(ecSent), byKeyAlgorithm: [{ ...session(rsaSent), keyAlgorithm: 'rsa' }, noEd25519] };
}

function hostWith(records: TlsaRecord[], smtp: SmtpEvidence): HostResult {
  const ev: HostEvidence = {
    hostname: HOST,
    preference: 10,
    a: answer(HOST, 'A', { records: [{ type: 'A' as const, address: ADDRESS }] }),
    aaaa: answer(HOST, 'AAAA', { records: [] }),
    tlsa: [answer(`_25._tcp.${HOST}`, 'TLSA', { records: records.map((r) => ({ type: 'TLSA' as const, ...r })) })],
    sni: HOST,
    smtp: [smtp],
  };
  return evaluateHost(ev, { port: 25, nextHopDomain: 'example.org', now: TEST_NOW });
}

const judge = (h: HostResult): CheckJudgement => judgeCheck(h, [], { severityPolicy: {}, thresholds: defaultExpiryThresholds() }, TEST_NOW);
const expiryCodes = (j: CheckJudgement) => j.findings.filter((f) => f.source === 'expiry').map((f) => [f.diagnostic.code, f.state]);

describe('certificate expiry of every key algorithm an address presents', () => {
  let ec: TestChain;
  let rsaSoon: TestChain;
  let rsaRootSoon: TestChain;
  before(async () => {
    ec = await makeChain();
    rsaSoon = await makeChain({ key: 'rsa-2048', leaf: { notAfter: SOON } });
    rsaRootSoon = await makeChain({ key: 'rsa-2048', root: { notAfter: SOON } });
  });

  it('DANE-TA for both: the RSA leaf behind the healthy ECDSA default is on its dated path, so -c applies (CRITICAL)', () => {
    const h = hostWith([tlsaFor(ec.intermediate, 2, 1, 1), tlsaFor(rsaSoon.intermediate, 2, 1, 1)], dual(ec.sent, rsaSoon.sent));
    expect(h.addresses[0]!.dane_state).to.equal('verified');
    const rsaEntry = h.addresses[0]!.certificates_by_algorithm.find((e) => e.key_algorithm === 'rsa')!;
    expect(rsaEntry.dated_path).to.deep.equal([0, 1]);
    const j = judge(h);
    const leaf = j.expiry.certificates.find((c) => c.sha256 === rsaSoon.leaf.sha256)!;
    expect(leaf, 'the RSA leaf is in the expiry report').to.not.equal(undefined);
    expect(leaf).to.include({ daysLeft: 10, state: 'critical', dates: 'dane-ta-chain' });
    expect(leaf.seenAt).to.deep.equal([{ host: HOST, address: ADDRESS, depth: 0, session: 'asked', keyAlgorithm: 'rsa' }]);
    const ecLeaf = j.expiry.certificates.find((c) => c.sha256 === ec.leaf.sha256)!;
    expect(ecLeaf.seenAt).to.deep.equal([{ host: HOST, address: ADDRESS, depth: 0, session: 'default', keyAlgorithm: 'ecdsa' }]);
    expect(j.expiry.earliest?.sha256).to.equal(rsaSoon.leaf.sha256);
    expect(expiryCodes(j)).to.deep.equal([['CERT_EXPIRY_CRITICAL', 'CRITICAL']]);
    expect(j.state).to.equal('CRITICAL');
  });

  it('says in the Nagios line which session the certificate came from, and cert_days_left is the earliest over all sessions', () => {
    const h = hostWith([tlsaFor(ec.intermediate, 2, 1, 1), tlsaFor(rsaSoon.intermediate, 2, 1, 1)], dual(ec.sent, rsaSoon.sent));
    const run = { version: '0', started_at: TEST_NOW.toISOString(), duration_ms: 1, resolver: '127.0.0.1:53', port: 25, unfinished: [], dns_queries: null };
    const out = renderNagios({ kind: 'host', result: h, run, judgement: judge(h) });
    expect(out.text).to.include(`certificate ${HOST} (depth 0 at ${HOST} ${ADDRESS}, RSA session) expires in 10 days`);
    expect(out.text.split('\n')[0]).to.include(`certificate of ${HOST} (RSA session) expires in 10 days`);
    expect(out.text).to.match(/\bcert_days_left=10;/);
    expect(out.exitCode).to.equal(2);
  });

  it('JSON certificate_expiry names the session and key algorithm of each sighting', () => {
    const h = hostWith([tlsaFor(ec.intermediate, 2, 1, 1), tlsaFor(rsaSoon.intermediate, 2, 1, 1)], dual(ec.sent, rsaSoon.sent));
    const run = { version: '0', started_at: TEST_NOW.toISOString(), duration_ms: 1, resolver: '127.0.0.1:53', port: 25, unfinished: [], dns_queries: null };
    const json = hostCheckJson({ kind: 'host', result: h, run, judgement: judge(h) }) as unknown as {
      certificate_expiry: { sha256: string; seen_at: unknown[] }[];
    };
    const entry = json.certificate_expiry.find((c) => c.sha256 === rsaSoon.leaf.sha256)!;
    expect(entry.seen_at).to.deep.equal([{ host: HOST, address: ADDRESS, depth: 0, session: 'asked', key_algorithm: 'rsa' }]);
  });

  it("OpenMetrics: the host's earliest certificate expiry is the RSA leaf's", () => {
    const h = hostWith([tlsaFor(ec.intermediate, 2, 1, 1), tlsaFor(rsaSoon.intermediate, 2, 1, 1)], dual(ec.sent, rsaSoon.sent));
    const run = { version: '0', started_at: TEST_NOW.toISOString(), duration_ms: 1, resolver: '127.0.0.1:53', port: 25, unfinished: [], dns_queries: null };
    const samples = metricSamples({
      version: '0',
      probe: null,
      targets: [
        { kind: 'host', name: HOST, outcome: { kind: 'host', result: h, run, judgement: judge(h) }, lastAttemptAt: TEST_NOW, lastSuccessAt: TEST_NOW, lastDurationSeconds: 1, lastAttemptComplete: true },
      ],
    });
    const earliest = samples.find((x) => x.family === 'smtp_dane_verify_host_earliest_cert_expiry_timestamp_seconds');
    expect(earliest?.value).to.equal(Math.floor(SOON.getTime() / 1000));
  });

  it("Zabbix: the certificate days item counts the RSA leaf (the item's script reads the JSON answer, against the real clock)", () => {
    const h = hostWith([tlsaFor(ec.intermediate, 2, 1, 1), tlsaFor(rsaSoon.intermediate, 2, 1, 1)], dual(ec.sent, rsaSoon.sent));
    const run = { version: '0', started_at: TEST_NOW.toISOString(), duration_ms: 1, resolver: '127.0.0.1:53', port: 25, unfinished: [], dns_queries: null };
    const json = JSON.stringify(hostCheckJson({ kind: 'host', result: h, run, judgement: judge(h) }));
    expect(es5Problems(CERT_DAYS_JS)).to.deep.equal([]);
    const before = Math.floor((SOON.getTime() - Date.now()) / DAY_MS);
    expect(Number(zabbixJs(CERT_DAYS_JS, json))).to.be.within(before - 1, before);
  });

  it('DANE-EE for both: the expiring RSA leaf is a WARNING at most (DANE_EE_CERT_EXPIRY)', () => {
    const h = hostWith([tlsaFor(ec.leaf, 3, 1, 1), tlsaFor(rsaSoon.leaf, 3, 1, 1)], dual(ec.sent, rsaSoon.sent));
    const j = judge(h);
    expect(j.expiry.certificates.find((c) => c.sha256 === rsaSoon.leaf.sha256)).to.include({ state: 'critical', dates: 'dane-ee' });
    expect(expiryCodes(j)).to.deep.equal([['DANE_EE_CERT_EXPIRY', 'WARNING']]);
    expect(j.state).to.equal('WARNING');
  });

  it('an RSA root sent above the DANE-TA anchor: CERT_EXPIRY_BEYOND_ANCHOR', () => {
    const sent = [...rsaRootSoon.sent, rsaRootSoon.root.derBase64];
    const h = hostWith([tlsaFor(ec.intermediate, 2, 1, 1), tlsaFor(rsaRootSoon.intermediate, 2, 1, 1)], dual(ec.sent, sent));
    const j = judge(h);
    const root = j.expiry.certificates.find((c) => c.sha256 === rsaRootSoon.root.sha256)!;
    expect(root).to.include({ dates: 'beyond-anchor', daysLeft: 10 });
    expect(root.seenAt).to.deep.equal([{ host: HOST, address: ADDRESS, depth: 2, session: 'asked', keyAlgorithm: 'rsa' }]);
    expect(expiryCodes(j)).to.deep.equal([['CERT_EXPIRY_BEYOND_ANCHOR', 'WARNING']]);
  });

  it('an RSA certificate no TLSA record covers: not authenticated, judged by -w/-c as today (CRITICAL)', () => {
    const h = hostWith([tlsaFor(ec.intermediate, 2, 1, 1)], dual(ec.sent, rsaSoon.sent));
    expect(h.addresses[0]!.dane_state).to.equal('partial');
    const j = judge(h);
    const leaf = j.expiry.certificates.find((c) => c.sha256 === rsaSoon.leaf.sha256)!;
    expect(leaf).to.include({ dates: 'not-authenticated', state: 'critical' });
    expect(expiryCodes(j)).to.deep.equal([['CERT_EXPIRY_CRITICAL', 'CRITICAL']]);
    expect(diagnosticMessage(j.findings.find((f) => f.source === 'expiry')!.diagnostic)).to.include(', RSA session)');
    expect(commonName(leaf.subject)).to.equal(HOST);
  });
});
