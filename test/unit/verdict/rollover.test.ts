// Rollover readiness (RFC 7671 §8.1, RFC 7672 §3.1.1), judged from evidence: DNS
// answers and SMTP sessions as the probe records them, certificates from the test
// PKI, a fixed clock.
import { expect } from 'chai';
import { rolloverReadiness } from '../../../src/dane/rollover-readiness.ts';
import type { HostEvidence } from '../../../src/evidence/walk.ts';
import type { SmtpEvidence } from '../../../src/evidence/smtp.ts';
import { evaluateHost } from '../../../src/verdict/evaluate-host.ts';
import { tlsaRrsetTtl } from '../../../src/verdict/rollover.ts';
import { judgeCheck } from '../../../src/verdict/exit-status.ts';
import { defaultExpiryThresholds } from '../../../src/verdict/certificate-expiry.ts';
import type { HostResult, TlsaRecord } from '../../../src/verdict/result.ts';
import { tlsaText } from '../../../src/verdict/tlsa-record.ts';
import { answer } from '../../support/fake-deps.ts';
import { completedSession } from '../../support/smtp-evidence.ts';
import { makeCertificate, makeChain, TEST_NOW, tlsaFor, type TestChain } from '../../support/pki.ts';

const HOST = 'mx.example.org';

function session(address: string, chain: string[]): SmtpEvidence {
  return completedSession(HOST, address, chain);
}

function hostWith(records: TlsaRecord[], sessions: SmtpEvidence[], tlsaTtl = 3600): HostResult {
  const tlsa = answer(`_25._tcp.${HOST}`, 'TLSA', { records: records.map((r) => ({ type: 'TLSA' as const, ...r })) });
  tlsa.records.forEach((r) => (r.ttl = tlsaTtl));
  const ev: HostEvidence = {
    hostname: HOST,
    preference: 10,
    a: answer(HOST, 'A', { records: sessions.map((s) => ({ type: 'A' as const, address: s.address })) }),
    aaaa: answer(HOST, 'AAAA', { records: [] }),
    tlsa: [tlsa],
    sni: HOST,
    smtp: sessions,
  };
  return evaluateHost(ev, { port: 25, nextHopDomain: 'example.org', now: TEST_NOW });
}

const codes = (h: HostResult) => h.diagnostics.map((d) => d.code);

describe('rollover readiness: the rule (RFC 7671 §8.1)', () => {
  it('needs more than one usable record and one not tied to the current leaf key', () => {
    expect(rolloverReadiness(['leaf', 'unmatched'], true)).to.deep.equal({ state: 'ready', reason: 'next-key-published' });
    expect(rolloverReadiness(['leaf', 'issuer'], true)).to.deep.equal({ state: 'ready', reason: 'issuer-record' });
    expect(rolloverReadiness(['issuer', 'unmatched'], true)).to.deep.equal({ state: 'ready', reason: 'issuer-record' });
    expect(rolloverReadiness(['leaf', 'leaf'], true)).to.deep.equal({ state: 'not-ready', reason: 'leaf-only' });
    expect(rolloverReadiness(['leaf'], true)).to.deep.equal({ state: 'not-ready', reason: 'single-record' });
    expect(rolloverReadiness(['issuer'], true)).to.deep.equal({ state: 'not-ready', reason: 'single-record' });
  });

  it('is n/a without DANE, without a presented certificate, or when nothing matches now', () => {
    expect(rolloverReadiness(null, true)).to.deep.equal({ state: 'n/a', reason: 'dane-not-applicable' });
    expect(rolloverReadiness([], true)).to.deep.equal({ state: 'n/a', reason: 'dane-not-applicable' });
    expect(rolloverReadiness(['leaf', 'unmatched'], false)).to.deep.equal({ state: 'n/a', reason: 'nothing-presented' });
    expect(rolloverReadiness(['unmatched', 'unmatched'], true)).to.deep.equal({ state: 'n/a', reason: 'nothing-matches' });
  });
});

describe('rollover readiness of a host, from evidence', () => {
  let ec: TestChain;
  let rsa: TestChain;
  let nextKey: Awaited<ReturnType<typeof makeCertificate>>;
  before(async () => {
    ec = await makeChain();
    rsa = await makeChain({ key: 'rsa-2048' });
    nextKey = await makeCertificate({ dnsNames: [HOST], issuer: ec.intermediate });
  });

  it('current + next key: ready, the next key listed apart as matching nothing; the TTL', () => {
    const current = tlsaFor(ec.leaf, 3, 1, 1);
    const next = tlsaFor(nextKey, 3, 1, 1);
    const h = hostWith([current, next], [session('192.0.2.1', ec.sent)], 1800);
    expect(h.dane_state).to.equal('verified');
    expect(h.rollover).to.deep.equal({
      state: 'ready',
      reason: 'next-key-published',
      matching: [{ record: tlsaText(current), role: 'leaf', matches: [{ address: '192.0.2.1', depth: 0 }] }],
      not_matching: [{ record: tlsaText(next), role: 'unmatched', matches: [] }],
      tlsa_ttl: 1800,
    });
    expect(codes(h)).to.not.include('TLSA_ROLLOVER_NOT_READY');
  });

  it('issuer 2 1 1 + leaf 3 1 1: ready, the issuer record matched at depth 1', () => {
    const issuer = tlsaFor(ec.intermediate, 2, 1, 1);
    const leaf = tlsaFor(ec.leaf, 3, 1, 1);
    const h = hostWith([issuer, leaf], [session('192.0.2.1', ec.sent)]);
    expect(h.rollover.state).to.equal('ready');
    expect(h.rollover.reason).to.equal('issuer-record');
    expect(h.rollover.matching.map((r) => [r.role, r.matches])).to.deep.equal([
      ['issuer', [{ address: '192.0.2.1', depth: 1 }]],
      ['leaf', [{ address: '192.0.2.1', depth: 0 }]],
    ]);
    expect(h.rollover.not_matching).to.deep.equal([]);
  });

  it('3 1 1 + 3 0 1 of the same leaf: not-ready, a WARNING of its own code', () => {
    const h = hostWith([tlsaFor(ec.leaf, 3, 1, 1), tlsaFor(ec.leaf, 3, 0, 1)], [session('192.0.2.1', ec.sent)], 300);
    expect(h.dane_state).to.equal('verified');
    expect(h.rollover).to.include({ state: 'not-ready', reason: 'leaf-only', tlsa_ttl: 300 });
    const d = h.diagnostics.find((x) => x.code === 'TLSA_ROLLOVER_NOT_READY');
    expect(d).to.deep.equal({ code: 'TLSA_ROLLOVER_NOT_READY', args: { host: HOST, reason: 'leaf-only', usable: 2, ttl: 300 }, host: HOST });
    const judged = judgeCheck(h, [], { thresholds: defaultExpiryThresholds(), severityPolicy: {} }, TEST_NOW);
    expect(judged.state).to.equal('WARNING');
    const demoted = judgeCheck(h, [], { thresholds: defaultExpiryThresholds(), severityPolicy: { TLSA_ROLLOVER_NOT_READY: 'info' } }, TEST_NOW);
    expect(demoted.state).to.equal('OK');
  });

  it('one record per algorithm of a dual-certificate server pins both current keys: not-ready', () => {
    // Internet.nl #664 counted this as a rollover scheme; each record is still tied to a key in use.
    const h = hostWith(
      [tlsaFor(ec.leaf, 3, 1, 1), tlsaFor(rsa.leaf, 3, 1, 1)],
      [session('192.0.2.1', ec.sent), session('192.0.2.2', rsa.sent)],
    );
    expect(h.rollover).to.include({ state: 'not-ready', reason: 'leaf-only' });
  });

  it('a dual-certificate address (ECDSA by default, RSA when asked) with one record per key: not-ready, both pin a leaf in use', () => {
    const dual: SmtpEvidence = { ...session('192.0.2.1', ec.sent), byKeyAlgorithm: [{ ...session('192.0.2.1', rsa.sent), keyAlgorithm: 'rsa' }] };
    const h = hostWith([tlsaFor(ec.leaf, 3, 1, 1), tlsaFor(rsa.leaf, 3, 1, 1)], [dual]);
    expect(h.rollover).to.include({ state: 'not-ready', reason: 'leaf-only' });
    expect(h.rollover.matching.map((r) => r.matches)).to.deep.equal([[{ address: '192.0.2.1', depth: 0 }], [{ address: '192.0.2.1', depth: 0 }]]);
  });

  it('a single record: not-ready', () => {
    const h = hostWith([tlsaFor(ec.intermediate, 2, 1, 1)], [session('192.0.2.1', ec.sent)]);
    expect(h.rollover).to.include({ state: 'not-ready', reason: 'single-record' });
    expect(codes(h)).to.include('TLSA_ROLLOVER_NOT_READY');
  });

  it('a DANE-EE record that matches only an issuer matches nothing that works', () => {
    const h = hostWith([tlsaFor(ec.leaf, 3, 1, 1), tlsaFor(ec.intermediate, 3, 1, 1)], [session('192.0.2.1', ec.sent)]);
    expect(h.rollover.not_matching).to.deep.equal([
      { record: tlsaText(tlsaFor(ec.intermediate, 3, 1, 1)), role: 'unmatched', matches: [{ address: '192.0.2.1', depth: 1 }] },
    ]);
  });

  it('n/a when no usable record matches what is presented (the host fails now): no rollover finding', () => {
    const h = hostWith([tlsaFor(nextKey, 3, 1, 1), tlsaFor(rsa.leaf, 3, 1, 1)], [session('192.0.2.1', ec.sent)]);
    expect(h.dane_state).to.equal('failed');
    expect(h.rollover).to.include({ state: 'n/a', reason: 'nothing-matches' });
    expect(codes(h)).to.not.include('TLSA_ROLLOVER_NOT_READY');
  });

  it('n/a when the DNS decides the host (no usable TLSA records), with no TTL', () => {
    const h = hostWith([{ usage: 1, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }], [session('192.0.2.1', ec.sent)]);
    expect(h.dane_state).to.equal('unusable-tlsa');
    expect(h.rollover).to.deep.equal({ state: 'n/a', reason: 'dane-not-applicable', matching: [], not_matching: [], tlsa_ttl: null });
  });

  it('n/a when no address presented a certificate', () => {
    const refused: SmtpEvidence = { ...session('192.0.2.1', []), stage: 'connect', failure: { kind: 'refused', message: 'refused', reply: null }, tls: null };
    const h = hostWith([tlsaFor(ec.leaf, 3, 1, 1), tlsaFor(nextKey, 3, 1, 1)], [refused]);
    expect(h.rollover).to.include({ state: 'n/a', reason: 'nothing-presented' });
  });
});

describe('rollover readiness: the TLSA TTL', () => {
  const records = [{ type: 'TLSA' as const, usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }];

  it("is the zone's own when validated here (the RRSIG's Original TTL), not a cache's countdown", () => {
    const a = answer(`_25._tcp.${HOST}`, 'TLSA', { records });
    a.records[0]!.ttl = 1234;
    a.validation = {
      security: 'secure',
      signatures: [
        { rrset: `_25._tcp.${HOST}/TLSA`, signer: 'example.org', keyTag: 1, algorithm: 'ECDSAP256SHA256', inception: '2026-01-01T00:00:00Z', expiration: '2026-02-01T00:00:00Z', originalTtl: 3600, ttl: 1234 },
      ],
    } as never;
    expect(tlsaRrsetTtl(a)).to.equal(3600);
  });

  it('is as the resolver answered without validation; null without records', () => {
    const a = answer(`_25._tcp.${HOST}`, 'TLSA', { records });
    a.records[0]!.ttl = 1234;
    expect(tlsaRrsetTtl(a)).to.equal(1234);
    expect(tlsaRrsetTtl(answer(`_25._tcp.${HOST}`, 'TLSA', { records: [] }))).to.equal(null);
    expect(tlsaRrsetTtl(null)).to.equal(null);
  });
});
