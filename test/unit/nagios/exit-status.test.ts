import { expect } from 'chai';
import { DANE_STATES } from '../../../src/verdict/dane-state.ts';
import { diagnostic, diagnosticMessage } from '../../../src/verdict/diagnostics.ts';
import { defaultExpiryThresholds } from '../../../src/verdict/certificate-expiry.ts';
import type { SeverityPolicy } from '../../../src/verdict/diagnostics.ts';
import { DANE_STATE_FALLBACK, EXIT_CODES, judgeCheck, stateOfSeverity, worstState } from '../../../src/verdict/exit-status.ts';
import type { DomainResult, HostResult } from '../../../src/verdict/result.ts';
import { STARTED, TA, cancelledAddress, cert, domain, host, mismatchAddress, verifiedAddress } from './fixtures.ts';

const NOW = new Date(STARTED);
const good = (name = 'mx1.example.org', days = 54) => host(name, 10, [verifiedAddress('192.0.2.1', [cert(name, 0, days)])]);
const bad = (name = 'mx2.example.org') => host(name, 20, [mismatchAddress('192.0.2.2', [cert(name, 0, 54)])]);
const slow = (name = 'mx3.example.org') => host(name, 30, [cancelledAddress('192.0.2.3')]);

function decide(result: DomainResult | HostResult, extra: { unfinished?: string[]; policy?: SeverityPolicy; now?: Date } = {}) {
  return judgeCheck(result, extra.unfinished ?? [], { thresholds: defaultExpiryThresholds(), severityPolicy: extra.policy ?? {} }, extra.now ?? NOW);
}
const codes = (d: ReturnType<typeof decide>) => d.findings.map((f) => f.diagnostic.code);

describe('exit status: ranking and codes', () => {
  it('uses the plugin exit codes 0-3', () => {
    expect(EXIT_CODES).to.deep.equal({ OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 });
  });

  it("ranks CRITICAL > WARNING > UNKNOWN > OK (monitoring-plugins' max_state_alt)", () => {
    expect(worstState([])).to.equal('OK');
    expect(worstState(['OK', 'UNKNOWN'])).to.equal('UNKNOWN');
    expect(worstState(['UNKNOWN', 'WARNING'])).to.equal('WARNING');
    expect(worstState(['WARNING', 'CRITICAL', 'UNKNOWN'])).to.equal('CRITICAL');
  });

  it('maps severities: critical→CRITICAL, warning→WARNING, unknown→UNKNOWN, info→OK', () => {
    expect(['critical', 'warning', 'unknown', 'info'].map((s) => stateOfSeverity(s as never))).to.deep.equal([
      'CRITICAL',
      'WARNING',
      'UNKNOWN',
      'OK',
    ]);
  });

  it('has a fallback state for every dane_state', () => {
    expect(Object.keys(DANE_STATE_FALLBACK).sort()).to.deep.equal([...DANE_STATES].sort());
    expect(DANE_STATE_FALLBACK).to.include({ verified: 'OK', 'null-mx': 'WARNING', indeterminate: 'UNKNOWN', partial: 'CRITICAL' });
  });
});

describe('exit status of domain results', () => {
  it('verified → OK (0), with no findings', () => {
    const d = decide(domain('example.org', [good()]));
    expect(d).to.deep.include({ state: 'OK', exitCode: 0, findings: [] });
  });

  it('partial → CRITICAL: one failing MX host is enough', () => {
    const d = decide(domain('example.org', [good(), bad()]));
    expect(d.exitCode).to.equal(2);
    expect(d.findings[0]).to.include({ state: 'CRITICAL' });
    expect(d.findings[0]!.diagnostic).to.include({ code: 'TLSA_MISMATCH', host: 'mx2.example.org', address: '192.0.2.2' });
  });

  it('a proven failure on one host is not hidden by an unfinished probe on another', () => {
    const d = decide(domain('example.org', [bad(), slow()]), { unfinished: ['SMTP mx3.example.org 192.0.2.3 at tls'] });
    expect(d.state).to.equal('CRITICAL');
    expect(d.findings.map((f) => f.state)).to.deep.equal(['CRITICAL', 'UNKNOWN', 'UNKNOWN']);
  });

  it("the plugin's own timeout → UNKNOWN, naming what did not finish", () => {
    const d = decide(domain('example.org', [good(), slow()]), { unfinished: ['SMTP mx3.example.org 192.0.2.3 at tls'] });
    expect(d.state).to.equal('UNKNOWN');
    expect(d.findings[0]).to.include({ source: 'unfinished' });
    expect(d.findings[0]!.diagnostic).to.deep.equal({ code: 'PROBE_UNFINISHED', args: { probes: ['SMTP mx3.example.org 192.0.2.3 at tls'] } });
  });

  it('null MX → WARNING', () => {
    const r = domain('example.org', [], {
      dane_state: 'null-mx',
      null_mx: true,
      diagnostics: [diagnostic('MX_SECURE', { domain: 'example.org' }), diagnostic('NULL_MX', { domain: 'example.org' })],
    });
    expect(decide(r)).to.deep.include({ state: 'WARNING', exitCode: 1 });
  });

  it('insecure MX (domain-level diagnostic) → CRITICAL', () => {
    const r = domain('example.org', [], { dane_state: 'insecure', diagnostics: [diagnostic('MX_INSECURE', { domain: 'example.org' })] });
    expect(decide(r).exitCode).to.equal(2);
  });

  it('a failed MX lookup → UNKNOWN', () => {
    const r = domain('example.org', [], {
      dane_state: 'indeterminate',
      diagnostics: [diagnostic('MX_LOOKUP_FAILED', { domain: 'example.org', detail: 'SERVFAIL' })],
    });
    expect(decide(r).exitCode).to.equal(3);
  });

  it('--severity demotes: every cause of a failure demoted to info → OK', () => {
    const r = domain('example.org', [good(), bad()]);
    expect(decide(r, { policy: { TLSA_MISMATCH: 'warning' } }).state).to.equal('WARNING');
    expect(decide(r, { policy: { TLSA_MISMATCH: 'info' } }).state).to.equal('OK');
  });

  it('--severity promotes: an info finding can raise the state', () => {
    const r = domain('example.org', [good()]);
    expect(decide(r, { policy: { MX_SECURE: 'critical' } }).state).to.equal('CRITICAL');
  });

  it('a non-verified state no diagnostic explains still counts (safety net)', () => {
    for (const [state, expected] of [
      ['failed', 'CRITICAL'],
      ['no-tlsa', 'CRITICAL'],
      ['null-mx', 'WARNING'],
      ['indeterminate', 'UNKNOWN'],
    ] as const) {
      const r = domain('example.org', [], { dane_state: state, diagnostics: [] });
      const d = decide(r);
      expect(d.state, state).to.equal(expected);
      expect(d.findings[0]).to.include({ source: 'dane-state' });
      const code = state === 'null-mx' ? 'NULL_MX' : state === 'indeterminate' ? 'DANE_STATE_INDETERMINATE' : 'DANE_STATE_UNEXPLAINED';
      expect(d.findings[0]!.diagnostic.code).to.equal(code);
    }
  });

  it('an info diagnostic does not count as the cause of a failure', () => {
    const r = domain('example.org', [], { dane_state: 'failed', diagnostics: [diagnostic('MX_SECURE', { domain: 'example.org' })] });
    expect(decide(r).state).to.equal('CRITICAL');
  });

  it('certificate expiry raises WARNING and CRITICAL where something checks the dates (DANE-TA)', () => {
    const ta = (days: number) => host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, days), cert('Lab CA', 1, 400)], TA)]);
    expect(decide(domain('example.org', [ta(18)])).state).to.equal('WARNING');
    const d = decide(domain('example.org', [ta(3)]));
    expect(d.state).to.equal('CRITICAL');
    expect(codes(d)).to.deep.equal(['CERT_EXPIRY_CRITICAL']);
  });
});

// Issue 14 finding 7: RFC 7672 §3.1.1, DANE-EE ignores dates, so DANE mail still flows;
// only senders that check PKIX (e.g. under MTA-STS) fail. Before: CRITICAL.
describe('exit status: an expiring DANE-EE-only leaf', () => {
  const expired = () => domain('example.org', [good('mx1.example.org', -31)]);

  it('is WARNING by default, with its own code, whether expired or about to', () => {
    for (const days of [-31, 3, 18]) {
      const d = decide(domain('example.org', [good('mx1.example.org', days)]));
      expect(d.state, `${days}`).to.equal('WARNING');
      expect(codes(d), `${days}`).to.deep.equal(['DANE_EE_CERT_EXPIRY']);
    }
  });

  it('says which senders it breaks', () => {
    const { diagnostic: d } = decide(expired()).findings[0]!;
    expect(diagnosticMessage(d)).to.match(/expired 31 days ago .*senders that check PKIX \(e\.g\. under MTA-STS\) fail; DANE-EE ignores dates/);
  });

  it('is escalable with --severity DANE_EE_CERT_EXPIRY=critical, and can be silenced', () => {
    expect(decide(expired(), { policy: { DANE_EE_CERT_EXPIRY: 'critical' } }).state).to.equal('CRITICAL');
    expect(decide(expired(), { policy: { DANE_EE_CERT_EXPIRY: 'info' } }).state).to.equal('OK');
  });

  it('a certificate another address authenticated with DANE-TA counts fully', () => {
    const leaf = cert('mx.example.org', 0, 3, 'shared');
    const r = domain('example.org', [
      host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [leaf])]),
      host('mx2.example.org', 20, [verifiedAddress('192.0.2.2', [leaf, cert('Lab CA', 1, 400)], TA)]),
    ]);
    expect(codes(decide(r))).to.deep.equal(['CERT_EXPIRY_CRITICAL']);
  });
});

// Issue 14 finding 5: partial (some MX hosts or addresses verified, others not) has
// its own codes, so --severity can make it WARNING without demoting real failures.
describe('exit status: partial', () => {
  const twoAddresses = () =>
    host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 54)]), mismatchAddress('2001:db8::1', [cert('mx1.example.org', 0, 54)])]);

  it('one of two MX hosts failing is CRITICAL by default, with MX_HOSTS_PARTIAL among the findings', () => {
    const d = decide(domain('example.org', [good(), bad()]));
    expect(d.state).to.equal('CRITICAL');
    expect(codes(d)).to.deep.equal(['TLSA_MISMATCH', 'MX_HOSTS_PARTIAL']);
  });

  it('--severity MX_HOSTS_PARTIAL=warning: one of two MX hosts failing is WARNING; the host itself stays CRITICAL', () => {
    const d = decide(domain('example.org', [good(), bad()]), { policy: { MX_HOSTS_PARTIAL: 'warning' } });
    expect(d.state).to.equal('WARNING');
    expect(d.hosts.map((h) => h.state)).to.deep.equal(['OK', 'CRITICAL']);
  });

  it('--severity MX_HOSTS_PARTIAL=warning does not demote real failures', () => {
    const policy = { MX_HOSTS_PARTIAL: 'warning' } as const;
    expect(decide(domain('example.org', [bad(), bad('mx3.example.org')], { dane_state: 'failed' }), { policy }).state).to.equal('CRITICAL');
    expect(decide(domain('example.org', [bad()], { dane_state: 'failed' }), { policy }).state).to.equal('CRITICAL');
    // A failure on the verified host's own level still counts.
    const expiring = host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 3), cert('Lab CA', 1, 400)], TA)]);
    expect(decide(domain('example.org', [expiring, bad()]), { policy }).state).to.equal('CRITICAL');
  });

  it('never raises: an unfinished probe on the other host stays UNKNOWN', () => {
    const d = decide(domain('example.org', [good(), slow()]), { unfinished: ['SMTP mx3.example.org 192.0.2.3 at tls'], policy: { MX_HOSTS_PARTIAL: 'warning' } });
    expect(d.state).to.equal('UNKNOWN');
  });

  it('--severity ADDRESSES_PARTIAL=warning: one of two addresses of a host failing is WARNING', () => {
    expect(decide(domain('example.org', [twoAddresses()])).state).to.equal('CRITICAL');
    const d = decide(domain('example.org', [twoAddresses()]), { policy: { ADDRESSES_PARTIAL: 'warning' } });
    expect(d.state).to.equal('WARNING');
    expect(d.hosts[0]!.addresses.map((a) => a.state)).to.deep.equal(['OK', 'CRITICAL']);
    expect(decide(twoAddresses(), { policy: { ADDRESSES_PARTIAL: 'warning' } }).state).to.equal('WARNING');
  });
});

describe('exit status of host results', () => {
  it('uses the host and its addresses alone', () => {
    expect(decide(good()).state).to.equal('OK');
    expect(decide(bad()).state).to.equal('CRITICAL');
    expect(decide(slow(), { unfinished: ['SMTP mx3 at tls'] }).state).to.equal('UNKNOWN');
  });

  it('no TLSA records → CRITICAL, unless TLSA_ABSENT is demoted', () => {
    const h = host('mx.example.org', null, [], {
      dane_state: 'no-tlsa',
      tlsa: [],
      usable_tlsa: [],
      diagnostics: [diagnostic('TLSA_ABSENT', { host: 'mx.example.org', name: '_25._tcp.mx.example.org' })],
    });
    expect(decide(h).state).to.equal('CRITICAL');
    expect(decide(h, { policy: { TLSA_ABSENT: 'info' } }).state).to.equal('OK');
  });
});
