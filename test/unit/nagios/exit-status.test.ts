import { expect } from 'chai';
import { DANE_STATES } from '../../../src/verdict/dane-state.ts';
import { diagnostic } from '../../../src/verdict/diagnostics.ts';
import { defaultExpiryThresholds, evaluateExpiry } from '../../../src/verdict/certificate-expiry.ts';
import {
  DANE_STATE_FALLBACK,
  EXIT_CODES,
  decideExit,
  exitStatusOf,
  stateOfSeverity,
  worstState,
  type ExitInput,
} from '../../../src/verdict/exit-status.ts';
import type { DomainResult } from '../../../src/verdict/result.ts';
import { STARTED, cancelledAddress, cert, domain, host, mismatchAddress, run, verifiedAddress } from './fixtures.ts';

const NOW = new Date(STARTED);
const good = (name = 'mx1.example.org', days = 54) => host(name, 10, [verifiedAddress('192.0.2.1', [cert(name, 0, days)])]);
const bad = (name = 'mx2.example.org') => host(name, 20, [mismatchAddress('192.0.2.2', [cert(name, 0, 54)])]);
const slow = (name = 'mx3.example.org') => host(name, 30, [cancelledAddress('192.0.2.3')]);

function decide(result: DomainResult, extra: Partial<ExitInput> = {}) {
  return decideExit({ result, unfinished: [], expiry: evaluateExpiry(result, NOW, defaultExpiryThresholds()), policy: {}, ...extra });
}

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
    expect(d).to.deep.equal({ state: 'OK', exitCode: 0, findings: [] });
  });

  it('partial → CRITICAL: one failing MX host is enough', () => {
    const d = decide(domain('example.org', [good(), bad()]));
    expect(d.exitCode).to.equal(2);
    expect(d.findings[0]).to.include({ state: 'CRITICAL', code: 'TLSA_MISMATCH', host: 'mx2.example.org', address: '192.0.2.2' });
  });

  it('a proven failure on one host is not hidden by an unfinished probe on another', () => {
    const d = decide(domain('example.org', [bad(), slow()]), { unfinished: ['SMTP mx3.example.org 192.0.2.3 at tls'] });
    expect(d.state).to.equal('CRITICAL');
    expect(d.findings.map((f) => f.state)).to.deep.equal(['CRITICAL', 'UNKNOWN', 'UNKNOWN']);
  });

  it("the plugin's own timeout → UNKNOWN, naming what did not finish", () => {
    const d = decide(domain('example.org', [good(), slow()]), { unfinished: ['SMTP mx3.example.org 192.0.2.3 at tls'] });
    expect(d.state).to.equal('UNKNOWN');
    expect(d.findings[0]).to.include({
      source: 'unfinished',
      message: '1 probe not finished before the time limit: SMTP mx3.example.org 192.0.2.3 at tls',
    });
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
      expect(d.findings[0]).to.include({ source: 'dane-state', message: `example.org: DANE state is ${state}` });
    }
  });

  it('an info diagnostic does not count as the cause of a failure', () => {
    const r = domain('example.org', [], { dane_state: 'failed', diagnostics: [diagnostic('MX_SECURE', { domain: 'example.org' })] });
    expect(decide(r).state).to.equal('CRITICAL');
  });

  it('certificate expiry raises WARNING and CRITICAL even on a verified DANE-EE domain', () => {
    expect(decide(domain('example.org', [good('mx1.example.org', 18)])).state).to.equal('WARNING');
    const d = decide(domain('example.org', [good('mx1.example.org', 3)]));
    expect(d.state).to.equal('CRITICAL');
    expect(d.findings[0]!.message).to.contain('DANE-EE ignores dates');
  });

  it('exitStatusOf works from a check outcome and the plugin settings', () => {
    const outcome = { result: domain('example.org', [good('mx1.example.org', 18)]), run: run() };
    const thresholds = defaultExpiryThresholds();
    expect(exitStatusOf(outcome, { thresholds, severityPolicy: {} }, NOW).exitCode).to.equal(1);
    expect(exitStatusOf(outcome, { thresholds: { warning: null, critical: null }, severityPolicy: {} }, NOW).exitCode).to.equal(0);
  });
});

describe('exit status of host results', () => {
  it('uses the host and its addresses alone', () => {
    const expiry = null;
    expect(decideExit({ result: good(), unfinished: [], expiry, policy: {} }).state).to.equal('OK');
    expect(decideExit({ result: bad(), unfinished: [], expiry, policy: {} }).state).to.equal('CRITICAL');
    expect(decideExit({ result: slow(), unfinished: ['SMTP mx3 at tls'], expiry, policy: {} }).state).to.equal('UNKNOWN');
  });

  it('no TLSA records → CRITICAL, unless TLSA_ABSENT is demoted', () => {
    const h = host('mx.example.org', null, [], {
      dane_state: 'no-tlsa',
      tlsa: [],
      usable_tlsa: [],
      diagnostics: [diagnostic('TLSA_ABSENT', { host: 'mx.example.org', name: '_25._tcp.mx.example.org' })],
    });
    expect(decideExit({ result: h, unfinished: [], expiry: null, policy: {} }).state).to.equal('CRITICAL');
    expect(decideExit({ result: h, unfinished: [], expiry: null, policy: { TLSA_ABSENT: 'info' } }).state).to.equal('OK');
  });
});
