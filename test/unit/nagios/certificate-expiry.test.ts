import { diagnostic, diagnosticMessage } from '../../../src/verdict/diagnostics.ts';
import { judgeCheck } from '../../../src/verdict/exit-status.ts';
import { expect } from 'chai';
import {
  commonName,
  daysLeft,
  defaultExpiryThresholds,
  earliestDaysForHost,
  evaluateExpiry,
  judgeDays,
} from '../../../src/verdict/certificate-expiry.ts';
import { parseRange } from '../../../src/verdict/threshold-range.ts';
import { STARTED, TA, cert, domain, host, mismatchAddress, verifiedAddress } from './fixtures.ts';

const NOW = new Date(STARTED);

describe('certificate expiry: days left', () => {
  it('counts whole days, rounded down, negative once expired', () => {
    expect(daysLeft('2025-06-11T12:00:00.000Z', NOW)).to.equal(10);
    expect(daysLeft('2025-06-11T11:59:59.000Z', NOW)).to.equal(9);
    expect(daysLeft('2025-06-01T13:00:00.000Z', NOW)).to.equal(0);
    expect(daysLeft('2025-06-01T11:00:00.000Z', NOW)).to.equal(-1);
    expect(daysLeft('2025-05-22T12:00:00.000Z', NOW)).to.equal(-10);
  });

  it("reads OpenSSL's date form too, and gives null for garbage", () => {
    expect(daysLeft('Jun 11 12:00:00 2025 GMT', NOW)).to.equal(10);
    expect(daysLeft('not a date', NOW)).to.equal(null);
  });
});

describe('certificate expiry: thresholds', () => {
  const t = defaultExpiryThresholds();

  it('defaults to check_ssl_cert: warning below 20 days, critical below 15', () => {
    expect(t.warning?.text).to.equal('20:');
    expect(t.critical?.text).to.equal('15:');
    expect(judgeDays(20, t)).to.equal('ok');
    expect(judgeDays(19, t)).to.equal('warning');
    expect(judgeDays(15, t)).to.equal('warning');
    expect(judgeDays(14, t)).to.equal('critical');
    expect(judgeDays(-3, t)).to.equal('critical');
    expect(judgeDays(null, t)).to.equal('ok');
  });

  it('checks critical before warning, and either may be absent', () => {
    expect(judgeDays(5, { warning: parseRange('@0:10'), critical: parseRange('@0:10') })).to.equal('critical');
    expect(judgeDays(5, { warning: parseRange('10:'), critical: null })).to.equal('warning');
    expect(judgeDays(5, { warning: null, critical: null })).to.equal('ok');
  });
});

describe('certificate expiry over a domain', () => {
  const leaf1 = cert('mx1.example.org', 0, 54);
  const inter = cert('Lab Intermediate', 1, 12);
  const leaf2 = cert('mx2.example.org', 0, 18);
  const result = domain('example.org', [
    host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [leaf1]), verifiedAddress('2001:db8::1', [leaf1])]),
    host('mx2.example.org', 20, [verifiedAddress('192.0.2.2', [leaf2, inter], TA)]),
    host('mx3.example.org', 30, [mismatchAddress('192.0.2.3', [cert('mx3.example.org', 0, 100)])]),
  ]);
  const report = evaluateExpiry(result, NOW, defaultExpiryThresholds());

  it('looks at every certificate of every chain, once per distinct certificate, soonest first', () => {
    expect(report.certificates.map((c) => [commonName(c.subject), c.daysLeft, c.state])).to.deep.equal([
      ['Lab Intermediate', 12, 'critical'],
      ['mx2.example.org', 18, 'warning'],
      ['mx1.example.org', 54, 'ok'],
      ['mx3.example.org', 100, 'ok'],
    ]);
    expect(report.earliest?.daysLeft).to.equal(12);
    expect(report.state).to.equal('critical');
  });

  it('records where each certificate was presented', () => {
    const mx1 = report.certificates.find((c) => c.subject.includes('mx1'))!;
    expect(mx1.seenAt).to.deep.equal([
      { host: 'mx1.example.org', address: '192.0.2.1', depth: 0, session: 'default', keyAlgorithm: null },
      { host: 'mx1.example.org', address: '2001:db8::1', depth: 0, session: 'default', keyAlgorithm: null },
    ]);
  });

  it('knows where DANE-EE ignores the dates and where DANE-TA or no match does not', () => {
    const dates = Object.fromEntries(report.certificates.map((c) => [commonName(c.subject), c.dates]));
    expect(dates).to.deep.equal({
      'mx1.example.org': 'dane-ee',
      'Lab Intermediate': 'dane-ta-chain',
      'mx2.example.org': 'dane-ta-chain',
      'mx3.example.org': 'not-authenticated',
    });
  });

  it('a certificate sent above the DANE-TA anchor is beyond it: WARNING at most (CERT_EXPIRY_BEYOND_ANCHOR), the chain up to the anchor counts', () => {
    const leaf = cert('mx.example.org', 0, 200);
    const anchor = cert('Lab Intermediate', 1, 100);
    const root = cert('Lab Root', 2, 3);
    const h = host('mx.example.org', null, [verifiedAddress('192.0.2.1', [leaf, anchor, root], TA)], { tlsa: [TA], usable_tlsa: [TA] });
    const r = evaluateExpiry(h, NOW, defaultExpiryThresholds());
    expect(r.certificates.map((c) => [commonName(c.subject), c.daysLeft, c.dates])).to.deep.equal([
      ['Lab Root', 3, 'beyond-anchor'],
      ['Lab Intermediate', 100, 'dane-ta-chain'],
      ['mx.example.org', 200, 'dane-ta-chain'],
    ]);
    const judged = judgeCheck(h, [], { thresholds: defaultExpiryThresholds(), severityPolicy: {} }, NOW);
    expect(judged.findings.map((f) => [f.diagnostic.code, f.state])).to.deep.equal([['CERT_EXPIRY_BEYOND_ANCHOR', 'WARNING']]);
    expect(judged.state).to.equal('WARNING');
    // The same intermediate expiring inside -c on the DANE-TA path is CRITICAL.
    const onPath = host('mx.example.org', null, [verifiedAddress('192.0.2.1', [leaf, cert('Lab Intermediate', 1, 3)], TA)], { tlsa: [TA], usable_tlsa: [TA] });
    const critical = judgeCheck(onPath, [], { thresholds: defaultExpiryThresholds(), severityPolicy: {} }, NOW);
    expect(critical.findings.map((f) => [f.diagnostic.code, f.state])).to.deep.equal([['CERT_EXPIRY_CRITICAL', 'CRITICAL']]);
  });

  it('gives the earliest expiry per host', () => {
    expect(earliestDaysForHost(report, 'mx1.example.org')).to.equal(54);
    expect(earliestDaysForHost(report, 'mx2.example.org')).to.equal(12);
    expect(earliestDaysForHost(report, 'nope.example.org')).to.equal(null);
  });

  it('says in words what expires where, and that DANE-EE ignores it', () => {
    const ee = evaluateExpiry(
      host('mx1.example.org', null, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 3)]), verifiedAddress('192.0.2.9', [cert('mx1.example.org', 0, 3)])]),
      NOW,
      defaultExpiryThresholds(),
    );
    expect(ee.certificates[0]!.dates).to.equal('dane-ee');
    expect(diagnosticMessage(diagnostic('DANE_EE_CERT_EXPIRY', ee.certificates[0]!))).to.equal(
      'certificate mx1.example.org (depth 0 at mx1.example.org 192.0.2.1 and 1 more) expires in 3 days (2025-06-04): senders that check PKIX (e.g. under MTA-STS) fail; DANE-EE ignores dates, so DANE senders still deliver',
    );
    const expired = evaluateExpiry(host('mx.example.org', null, [mismatchAddress('192.0.2.1', [cert('mx.example.org', 0, -1)])]), NOW, defaultExpiryThresholds());
    expect(diagnosticMessage(diagnostic('CERT_EXPIRY_CRITICAL', expired.certificates[0]!))).to.equal(
      'certificate mx.example.org (depth 0 at mx.example.org 192.0.2.1) expired 1 day ago (2025-05-31)',
    );
  });

  it('is empty where no chain was seen', () => {
    const none = evaluateExpiry(domain('example.org', []), NOW, defaultExpiryThresholds());
    expect(none).to.deep.include({ certificates: [], earliest: null, state: 'ok' });
  });
});
