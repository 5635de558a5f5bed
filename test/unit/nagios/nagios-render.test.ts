// Exact output of the Nagios renderer for hand-built verdicts. Each case is
// what an operator sees; a change here is a change to the plugin's interface.
import { expect } from 'chai';
import { MAX_OUTPUT_BYTES, cleanText, renderNagios as render, type NagiosOptions } from '../../../src/render/nagios.ts';
import { diagnostic } from '../../../src/verdict/diagnostics.ts';
import type { DomainResult, HostResult, RunInfo } from '../../../src/verdict/result.ts';
import * as f from './fixtures.ts';

type Unjudged = { kind: 'domain'; result: DomainResult; run: RunInfo } | { kind: 'host'; result: HostResult; run: RunInfo };
/** Judges as run-check.ts does (--severity, -w/-c, the clock), then renders. */
const renderNagios = (input: Unjudged, options: NagiosOptions & f.JudgeOptions = {}) => render(f.judged(input, options), options);

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const c1 = f.cert('mx1.example.org', 0, 54);

const verified = f.domain('example.org', [
  f.host('mx1.example.org', 10, [f.verifiedAddress('192.0.2.1', [c1]), f.verifiedAddress('2001:db8::1', [c1])]),
  f.host('mx2.example.org', 20, [f.verifiedAddress('192.0.2.2', [f.cert('mx2.example.org', 0, 80), f.cert('Lab CA', 1, 400)], f.TA)], {
    tlsa: [f.TA],
    usable_tlsa: [f.TA],
  }),
]);
const partial = f.domain('example.org', [
  f.host('mx1.example.org', 10, [f.verifiedAddress('192.0.2.1', [c1])]),
  f.host('mx2.example.org', 20, [f.mismatchAddress('192.0.2.2', [f.cert('mx2.example.org', 0, 90), f.cert('Lab CA', 1, 17)])]),
]);
const nullMx = f.domain('example.net', [], {
  dane_state: 'null-mx',
  null_mx: true,
  diagnostics: [diagnostic('MX_SECURE', { domain: 'example.net' }), diagnostic('NULL_MX', { domain: 'example.net' })],
});
const slow = f.domain(
  'slow.example',
  [
    f.host('mx1.slow.example', 10, [], {
      dane_state: 'indeterminate',
      dnssec_status: 'indeterminate',
      tlsa: [],
      usable_tlsa: [],
      diagnostics: [diagnostic('TLSA_LOOKUP_FAILED', { name: '_25._tcp.mx1.slow.example', detail: 'cancelled' }, { host: 'mx1.slow.example' })],
    }),
    f.host('mx2.slow.example', 20, [f.cancelledAddress('192.0.2.7')]),
  ],
  { dane_state: 'indeterminate' },
);
const slowRun = f.run({ duration_ms: 9012, unfinished: ['DNS _25._tcp.mx1.slow.example/TLSA', 'SMTP mx2.slow.example 192.0.2.7 at tls'] });
const noTlsa = f.domain(
  'example.com',
  [
    f.host('mx.example.com', 10, [{ ...f.verifiedAddress('192.0.2.5', [c1]), dane_state: 'no-tlsa', match: null }], {
      dane_state: 'no-tlsa',
      tlsa: [],
      usable_tlsa: [],
      diagnostics: [diagnostic('TLSA_ABSENT', { host: 'mx.example.com', name: '_25._tcp.mx.example.com' })],
    }),
  ],
  { dane_state: 'no-tlsa' },
);
const domainInput = (result: DomainResult, run = f.run()): Unjudged => ({ kind: 'domain', result, run });

describe('Nagios output: exact text per scenario', () => {
  it('verified: OK, one line per host and per address, DANE-EE and DANE-TA', () => {
    const out = renderNagios(domainInput(verified));
    expect(out.exitCode).to.equal(0);
    expect(out.text).to.equal(
      lines(
      'SMTP DANE OK - example.org: 2/2 MX hosts and 3/3 addresses DANE-verified' +
        '|' +
        [
          'mx_hosts=2;;;0',
          'mx_verified=2;;;0;2',
          'addresses=3;;;0',
          'addresses_verified=3;;;0;3',
          'tlsa_usable=2;;;0',
          'cert_days_left=54;20:;15:',
          'duration=1.234s;;;0',
          'mx1.example.org_addresses=2;;;0',
          'mx1.example.org_addresses_verified=2;;;0;2',
          'mx1.example.org_tlsa_usable=1;;;0',
          'mx1.example.org_cert_days_left=54;20:;15:',
          'mx2.example.org_addresses=1;;;0',
          'mx2.example.org_addresses_verified=1;;;0;1',
          'mx2.example.org_tlsa_usable=1;;;0',
          'mx2.example.org_cert_days_left=80;20:;15:',
        ].join(' '),
      '[OK] mx1.example.org (MX 10): verified: 2/2 addresses, 1 usable TLSA record',
      '[OK] mx1.example.org 192.0.2.1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3)',
      '[OK] mx1.example.org 2001:db8::1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3)',
      '[OK] mx2.example.org (MX 20): verified: 1/1 addresses, 1 usable TLSA record',
      '[OK] mx2.example.org 192.0.2.2: DANE-TA 2 0 1 matched at depth 1, name mx2.example.org (TLSv1.3)',
      ),
    );
  });
  it('partial: CRITICAL, failing host first, the finding in the status line', () => {
    const out = renderNagios(domainInput(partial));
    expect(out.exitCode).to.equal(2);
    expect(out.text).to.equal(
      lines(
      'SMTP DANE CRITICAL - example.org: 1/2 MX hosts not verified (mx2.example.org: certificate matches none of 1 usable TLSA record)' +
        '|' +
        [
          'mx_hosts=2;;;0',
          'mx_verified=1;;;0;2',
          'addresses=2;;;0',
          'addresses_verified=1;;;0;2',
          'tlsa_usable=2;;;0',
          'cert_days_left=17;20:;15:',
          'duration=1.234s;;;0',
          'mx1.example.org_addresses=1;;;0',
          'mx1.example.org_addresses_verified=1;;;0;1',
          'mx1.example.org_tlsa_usable=1;;;0',
          'mx1.example.org_cert_days_left=54;20:;15:',
          'mx2.example.org_addresses=1;;;0',
          'mx2.example.org_addresses_verified=0;;;0;1',
          'mx2.example.org_tlsa_usable=1;;;0',
          'mx2.example.org_cert_days_left=17;20:;15:',
        ].join(' '),
      '[CRITICAL] mx2.example.org (MX 20): failed: 0/1 addresses verified',
      '[CRITICAL] mx2.example.org 192.0.2.2: certificate matches none of 1 usable TLSA record; certificate Lab CA (depth 1 at mx2.example.org 192.0.2.2) expires in 17 days (2025-06-18)',
      '[OK] mx1.example.org (MX 10): verified: 1/1 addresses, 1 usable TLSA record',
      '[OK] mx1.example.org 192.0.2.1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3)',
      ),
    );
  });
  it('-v adds DNS, TLS and leaf-certificate details and non-OK codes', () => {
    const out = renderNagios(domainInput(partial), { verbosity: 1 });
    expect(out.exitCode).to.equal(2);
    expect(out.text).to.equal(
      lines(
      'SMTP DANE CRITICAL - example.org: 1/2 MX hosts not verified (mx2.example.org: certificate matches none of 1 usable TLSA record)' +
        '|' +
        [
          'mx_hosts=2;;;0',
          'mx_verified=1;;;0;2',
          'addresses=2;;;0',
          'addresses_verified=1;;;0;2',
          'tlsa_usable=2;;;0',
          'cert_days_left=17;20:;15:',
          'duration=1.234s;;;0',
          'mx1.example.org_addresses=1;;;0',
          'mx1.example.org_addresses_verified=1;;;0;1',
          'mx1.example.org_tlsa_usable=1;;;0',
          'mx1.example.org_cert_days_left=54;20:;15:',
          'mx2.example.org_addresses=1;;;0',
          'mx2.example.org_addresses_verified=0;;;0;1',
          'mx2.example.org_tlsa_usable=1;;;0',
          'mx2.example.org_cert_days_left=17;20:;15:',
        ].join(' '),
      // Finding 5 (issue 14): the partial roll-up and its code, for --severity MX_HOSTS_PARTIAL=warning.
      '[CRITICAL] MX_HOSTS_PARTIAL: 1/2 MX hosts of example.org not DANE-verified: mx2.example.org',
      'MX RRset of example.org: DNSSEC secure',
      '[CRITICAL] mx2.example.org (MX 20): failed: 0/1 addresses verified',
      '  DNSSEC secure; TLSA at _25._tcp.mx2.example.org: 1 record, 1 usable',
      '  [CRITICAL] TLSA_MISMATCH: mx2.example.org 192.0.2.2: certificate matches none of 1 usable TLSA record',
      '[CRITICAL] mx2.example.org 192.0.2.2: certificate matches none of 1 usable TLSA record; certificate Lab CA (depth 1 at mx2.example.org 192.0.2.2) expires in 17 days (2025-06-18)',
      '  TLSv1.3 TLS_AES_256_GCM_SHA384 X25519, 253 bits, signed ECDSA+SHA256, last EHLO line "250 CHUNKING", 0.12 s',
      '  certificate mx2.example.org valid until 2025-08-30T12:00:00.000Z (90 days left)',
      '[OK] mx1.example.org (MX 10): verified: 1/1 addresses, 1 usable TLSA record',
      '  DNSSEC secure; TLSA at _25._tcp.mx1.example.org: 1 record, 1 usable',
      '[OK] mx1.example.org 192.0.2.1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3)',
      '  TLSv1.3 TLS_AES_256_GCM_SHA384 X25519, 253 bits, signed ECDSA+SHA256, last EHLO line "250 CHUNKING", 0.12 s',
      '  certificate mx1.example.org valid until 2025-07-25T12:00:00.000Z (54 days left)',
      'certificate expiry: earliest 2025-06-18T12:00:00.000Z (17 days, Lab CA), -w 20: -c 15:',
      ),
    );
  });
  it('-vv adds every diagnostic with its code and RFC section, and the run', () => {
    const out = renderNagios(domainInput(partial), { verbosity: 2 });
    expect(out.exitCode).to.equal(2);
    expect(out.text).to.equal(
      lines(
      'SMTP DANE CRITICAL - example.org: 1/2 MX hosts not verified (mx2.example.org: certificate matches none of 1 usable TLSA record)' +
        '|' +
        [
          'mx_hosts=2;;;0',
          'mx_verified=1;;;0;2',
          'addresses=2;;;0',
          'addresses_verified=1;;;0;2',
          'tlsa_usable=2;;;0',
          'cert_days_left=17;20:;15:',
          'duration=1.234s;;;0',
          'mx1.example.org_addresses=1;;;0',
          'mx1.example.org_addresses_verified=1;;;0;1',
          'mx1.example.org_tlsa_usable=1;;;0',
          'mx1.example.org_cert_days_left=54;20:;15:',
          'mx2.example.org_addresses=1;;;0',
          'mx2.example.org_addresses_verified=0;;;0;1',
          'mx2.example.org_tlsa_usable=1;;;0',
          'mx2.example.org_cert_days_left=17;20:;15:',
        ].join(' '),
      '[OK] MX_SECURE (RFC 7672 §2.2.1): MX RRset of example.org is DNSSEC-secure',
      '[CRITICAL] MX_HOSTS_PARTIAL (RFC 7672 §2.2): 1/2 MX hosts of example.org not DANE-verified: mx2.example.org',
      'MX RRset of example.org: DNSSEC secure',
      '[CRITICAL] mx2.example.org (MX 20): failed: 0/1 addresses verified',
      '  DNSSEC secure; TLSA at _25._tcp.mx2.example.org: 1 record, 1 usable',
      '  [CRITICAL] TLSA_MISMATCH (RFC 7672 §3.1): mx2.example.org 192.0.2.2: certificate matches none of 1 usable TLSA record',
      '[CRITICAL] mx2.example.org 192.0.2.2: certificate matches none of 1 usable TLSA record; certificate Lab CA (depth 1 at mx2.example.org 192.0.2.2) expires in 17 days (2025-06-18)',
      '  TLSv1.3 TLS_AES_256_GCM_SHA384 X25519, 253 bits, signed ECDSA+SHA256, last EHLO line "250 CHUNKING", 0.12 s',
      '  certificate mx2.example.org valid until 2025-08-30T12:00:00.000Z (90 days left)',
      '[OK] mx1.example.org (MX 10): verified: 1/1 addresses, 1 usable TLSA record',
      '  DNSSEC secure; TLSA at _25._tcp.mx1.example.org: 1 record, 1 usable',
      '  [OK] TLSA_MATCHED (RFC 7672 §3.1): mx1.example.org 192.0.2.1: TLSA 3 1 1 abababababababababababababababababababababababababababababababab matched the certificate at depth 0',
      '[OK] mx1.example.org 192.0.2.1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3)',
      '  TLSv1.3 TLS_AES_256_GCM_SHA384 X25519, 253 bits, signed ECDSA+SHA256, last EHLO line "250 CHUNKING", 0.12 s',
      '  certificate mx1.example.org valid until 2025-07-25T12:00:00.000Z (54 days left)',
      'certificate expiry: earliest 2025-06-18T12:00:00.000Z (17 days, Lab CA), -w 20: -c 15:',
      'run: smtp-dane-verify 0.1.0, resolver 127.0.53.2:53, port 25, started 2025-06-01T12:00:00.000Z, took 1.234 s',
      ),
    );
  });
  it('-vvv adds TLSA records and certificate summaries', () => {
    const out = renderNagios(domainInput(partial), { verbosity: 3 });
    expect(out.exitCode).to.equal(2);
    expect(out.text).to.equal(
      lines(
      'SMTP DANE CRITICAL - example.org: 1/2 MX hosts not verified (mx2.example.org: certificate matches none of 1 usable TLSA record)' +
        '|' +
        [
          'mx_hosts=2;;;0',
          'mx_verified=1;;;0;2',
          'addresses=2;;;0',
          'addresses_verified=1;;;0;2',
          'tlsa_usable=2;;;0',
          'cert_days_left=17;20:;15:',
          'duration=1.234s;;;0',
          'mx1.example.org_addresses=1;;;0',
          'mx1.example.org_addresses_verified=1;;;0;1',
          'mx1.example.org_tlsa_usable=1;;;0',
          'mx1.example.org_cert_days_left=54;20:;15:',
          'mx2.example.org_addresses=1;;;0',
          'mx2.example.org_addresses_verified=0;;;0;1',
          'mx2.example.org_tlsa_usable=1;;;0',
          'mx2.example.org_cert_days_left=17;20:;15:',
        ].join(' '),
      '[OK] MX_SECURE (RFC 7672 §2.2.1): MX RRset of example.org is DNSSEC-secure',
      '[CRITICAL] MX_HOSTS_PARTIAL (RFC 7672 §2.2): 1/2 MX hosts of example.org not DANE-verified: mx2.example.org',
      'MX RRset of example.org: DNSSEC secure',
      '[CRITICAL] mx2.example.org (MX 20): failed: 0/1 addresses verified',
      '  DNSSEC secure; TLSA at _25._tcp.mx2.example.org: 1 record, 1 usable',
      '  TLSA 3 1 1 abababababababababababababababababababababababababababababababab (DANE-EE, usable)',
      '  [CRITICAL] TLSA_MISMATCH (RFC 7672 §3.1): mx2.example.org 192.0.2.2: certificate matches none of 1 usable TLSA record',
      '[CRITICAL] mx2.example.org 192.0.2.2: certificate matches none of 1 usable TLSA record; certificate Lab CA (depth 1 at mx2.example.org 192.0.2.2) expires in 17 days (2025-06-18)',
      '  TLSv1.3 TLS_AES_256_GCM_SHA384 X25519, 253 bits, signed ECDSA+SHA256, last EHLO line "250 CHUNKING", 0.12 s',
      '  certificate mx2.example.org valid until 2025-08-30T12:00:00.000Z (90 days left)',
      '  cert depth 0: subject CN = mx2.example.org; issuer O = Lab, CN = Lab CA; names mx2.example.org; 2025-05-02T12:00:00.000Z to 2025-08-30T12:00:00.000Z (90 days left); EC; sha256 mx2.example.org-000000000000000000000000000000000000000000000000; spki-sha256 spki-mx2.example.org-0000000000000000000000000000000000000000000',
      '  cert depth 1: subject O = Lab, CN = Lab CA; issuer O = Lab, CN = Lab CA; names -; 2025-05-02T12:00:00.000Z to 2025-06-18T12:00:00.000Z (17 days left); EC; sha256 Lab CA-100000000000000000000000000000000000000000000000000000000; spki-sha256 spki-Lab CA-1000000000000000000000000000000000000000000000000000',
      '[OK] mx1.example.org (MX 10): verified: 1/1 addresses, 1 usable TLSA record',
      '  DNSSEC secure; TLSA at _25._tcp.mx1.example.org: 1 record, 1 usable',
      '  TLSA 3 1 1 abababababababababababababababababababababababababababababababab (DANE-EE, usable)',
      '  [OK] TLSA_MATCHED (RFC 7672 §3.1): mx1.example.org 192.0.2.1: TLSA 3 1 1 abababababababababababababababababababababababababababababababab matched the certificate at depth 0',
      '[OK] mx1.example.org 192.0.2.1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3)',
      '  TLSv1.3 TLS_AES_256_GCM_SHA384 X25519, 253 bits, signed ECDSA+SHA256, last EHLO line "250 CHUNKING", 0.12 s',
      '  certificate mx1.example.org valid until 2025-07-25T12:00:00.000Z (54 days left)',
      '  cert depth 0: subject CN = mx1.example.org; issuer O = Lab, CN = Lab CA; names mx1.example.org; 2025-05-02T12:00:00.000Z to 2025-07-25T12:00:00.000Z (54 days left); EC; sha256 mx1.example.org-000000000000000000000000000000000000000000000000; spki-sha256 spki-mx1.example.org-0000000000000000000000000000000000000000000',
      'certificate expiry: earliest 2025-06-18T12:00:00.000Z (17 days, Lab CA), -w 20: -c 15:',
      'run: smtp-dane-verify 0.1.0, resolver 127.0.53.2:53, port 25, started 2025-06-01T12:00:00.000Z, took 1.234 s',
      ),
    );
  });
  // Issue 14 finding 6: cut at 80 characters, the status line lost the cause ("...failed DNSSEC
  // validation..."), and Icinga 2 kept the blank before the '|' as part of the output.
  it('bogus: the status line keeps the whole first finding, with no blank before the perfdata', () => {
    const detail = 'SERVFAIL, NOERROR with CD, EDE 7 (Signature Expired): validated here: DNSSEC_SIGNATURE_EXPIRED at bogus.example (bogus.example/DNSKEY)';
    const bogus = f.domain('bogus.example', [], {
      dane_state: 'bogus',
      mx_dnssec_status: 'bogus',
      diagnostics: [diagnostic('MX_BOGUS', { domain: 'bogus.example', detail })],
    });
    const out = renderNagios(domainInput(bogus));
    expect(out.exitCode).to.equal(2);
    const status = out.text.split('\n')[0]!;
    expect(status.split('|')[0]).to.equal(`SMTP DANE CRITICAL - bogus.example: MX lookup for bogus.example failed DNSSEC validation (${detail})`);
  });

  it('null MX: WARNING', () => {
    const out = renderNagios(domainInput(nullMx));
    expect(out.exitCode).to.equal(1);
    expect(out.text).to.equal(
      lines(
      'SMTP DANE WARNING - example.net: example.net publishes a Null MX: it accepts no mail' +
        '|' +
        [
          'mx_hosts=0;;;0',
          'mx_verified=0;;;0;0',
          'addresses=0;;;0',
          'addresses_verified=0;;;0;0',
          'tlsa_usable=0;;;0',
          'cert_days_left=U;20:;15:',
          'duration=1.234s;;;0',
        ].join(' '),
      '[WARNING] example.net publishes a Null MX: it accepts no mail',
      ),
    );
  });
  it('indeterminate after the time limit: UNKNOWN, naming what did not finish', () => {
    const out = renderNagios(domainInput(slow, slowRun));
    expect(out.exitCode).to.equal(3);
    expect(out.text).to.equal(
      lines(
      'SMTP DANE UNKNOWN - slow.example: 2/2 MX hosts not verified (2 probes not finished before the time limit)' +
        '|' +
        [
          'mx_hosts=2;;;0',
          'mx_verified=0;;;0;2',
          'addresses=1;;;0',
          'addresses_verified=0;;;0;1',
          'tlsa_usable=1;;;0',
          'cert_days_left=U;20:;15:',
          'duration=9.012s;;;0',
          'mx1.slow.example_addresses=0;;;0',
          'mx1.slow.example_addresses_verified=0;;;0;0',
          'mx1.slow.example_tlsa_usable=0;;;0',
          'mx1.slow.example_cert_days_left=U;20:;15:',
          'mx2.slow.example_addresses=1;;;0',
          'mx2.slow.example_addresses_verified=0;;;0;1',
          'mx2.slow.example_tlsa_usable=1;;;0',
          'mx2.slow.example_cert_days_left=U;20:;15:',
        ].join(' '),
      '[UNKNOWN] 2 probes not finished before the time limit: DNS _25._tcp.mx1.slow.example/TLSA, SMTP mx2.slow.example 192.0.2.7 at tls',
      '[UNKNOWN] mx1.slow.example (MX 10): indeterminate: TLSA lookup at _25._tcp.mx1.slow.example failed: cancelled',
      '[UNKNOWN] mx2.slow.example (MX 20): indeterminate: 0/1 addresses verified',
      // PROBE_UNFINISHED is one code with one template for the run and for an address.
      '[UNKNOWN] mx2.slow.example 192.0.2.7: 1 probe not finished before the time limit: SMTP at tls',
      ),
    );
  });
  it('no TLSA records: CRITICAL, addresses inherit the host state', () => {
    const out = renderNagios(domainInput(noTlsa));
    expect(out.exitCode).to.equal(2);
    expect(out.text).to.equal(
      lines(
      // Finding 6 (issue 14): the first finding whole, not cut at 80 characters.
      'SMTP DANE CRITICAL - example.com: 1/1 MX hosts not verified (mx.example.com publishes no TLSA records (DNSSEC proves it at _25._tcp.mx.example.com))' +
        '|' +
        [
          'mx_hosts=1;;;0',
          'mx_verified=0;;;0;1',
          'addresses=1;;;0',
          'addresses_verified=0;;;0;1',
          'tlsa_usable=0;;;0',
          'cert_days_left=54;20:;15:',
          'duration=1.234s;;;0',
          'mx.example.com_addresses=1;;;0',
          'mx.example.com_addresses_verified=0;;;0;1',
          'mx.example.com_tlsa_usable=0;;;0',
          'mx.example.com_cert_days_left=54;20:;15:',
        ].join(' '),
      '[CRITICAL] mx.example.com (MX 10): no-tlsa: mx.example.com publishes no TLSA records (DNSSEC proves it at _25._tcp.mx.example.com)',
      '[CRITICAL] mx.example.com 192.0.2.5: no-tlsa, as its host (TLSv1.3)',
      ),
    );
  });
  it('host check, DANE-EE-only certificate expiring: WARNING, naming the senders it breaks (finding 7)', () => {
    const out = renderNagios({ kind: 'host', result: f.host('mx1.example.org', null, [f.verifiedAddress('192.0.2.1', [f.cert('mx1.example.org', 0, 18)])]), run: f.run() });
    expect(out.exitCode).to.equal(1);
    expect(out.text).to.equal(
      lines(
      'SMTP DANE WARNING - mx1.example.org: certificate of mx1.example.org expires in 18 days: senders that check PKIX (e.g. under MTA-STS) fail; DANE-EE ignores dates, so DANE senders still deliver' +
        '|' +
        [
          'addresses=1;;;0',
          'addresses_verified=1;;;0;1',
          'tlsa_usable=1;;;0',
          'cert_days_left=18;20:;15:',
          'duration=1.234s;;;0',
        ].join(' '),
      '[WARNING] mx1.example.org: verified: 1/1 addresses, 1 usable TLSA record',
      '[WARNING] mx1.example.org 192.0.2.1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3); certificate mx1.example.org (depth 0 at mx1.example.org 192.0.2.1) expires in 18 days (2025-06-19): senders that check PKIX (e.g. under MTA-STS) fail; DANE-EE ignores dates, so DANE senders still deliver',
      ),
    );
  });
  it('--severity TLSA_MISMATCH=info: OK, saying the findings were accepted', () => {
    const out = renderNagios(domainInput(partial), { severityPolicy: { TLSA_MISMATCH: 'info' } });
    expect(out.exitCode).to.equal(1);
    expect(out.text).to.equal(
      lines(
      'SMTP DANE WARNING - example.org: 1/2 MX hosts not verified (certificate Lab CA at mx2.example.org expires in 17 days)' +
        '|' +
        [
          'mx_hosts=2;;;0',
          'mx_verified=1;;;0;2',
          'addresses=2;;;0',
          'addresses_verified=1;;;0;2',
          'tlsa_usable=2;;;0',
          'cert_days_left=17;20:;15:',
          'duration=1.234s;;;0',
          'mx1.example.org_addresses=1;;;0',
          'mx1.example.org_addresses_verified=1;;;0;1',
          'mx1.example.org_tlsa_usable=1;;;0',
          'mx1.example.org_cert_days_left=54;20:;15:',
          'mx2.example.org_addresses=1;;;0',
          'mx2.example.org_addresses_verified=0;;;0;1',
          'mx2.example.org_tlsa_usable=1;;;0',
          'mx2.example.org_cert_days_left=17;20:;15:',
        ].join(' '),
      '[WARNING] mx2.example.org (MX 20): failed: 0/1 addresses verified',
      '[WARNING] mx2.example.org 192.0.2.2: certificate matches none of 1 usable TLSA record; certificate Lab CA (depth 1 at mx2.example.org 192.0.2.2) expires in 17 days (2025-06-18)',
      '[OK] mx1.example.org (MX 10): verified: 1/1 addresses, 1 usable TLSA record',
      '[OK] mx1.example.org 192.0.2.1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3)',
      ),
    );
  });
});

describe('Nagios output: limits and hygiene', () => {
  const manyHosts = (n: number) =>
    f.domain(
      'big.example',
      Array.from({ length: n }, (_, i) =>
        f.host(`mx${i}.big-provider.example`, i, [
          f.mismatchAddress(`192.0.2.${i}`, [f.cert(`mx${i}.big-provider.example`, 0, 30)]),
          f.mismatchAddress(`2001:db8::${i}`, [f.cert(`mx${i}.big-provider.example`, 0, 30)]),
        ]),
      ),
      { dane_state: 'failed' },
    );

  it('cuts a failed domain with many hosts to 8 KB with a marker line, keeping the status line and main perfdata', () => {
    const out = renderNagios(domainInput(manyHosts(60)));
    expect(out.exitCode).to.equal(2);
    expect(MAX_OUTPUT_BYTES).to.equal(8192);
    expect(Buffer.byteLength(out.text)).to.be.at.most(8192);
    const l = out.text.split('\n');
    expect(l.at(-1)).to.equal('');
    expect(l.at(-2)).to.equal(
      '[cut] output limited to 8192 bytes: 122 of 180 detail lines and the perfdata of 47 of 60 hosts not shown; --format json has everything',
    );
    expect(l[0]).to.match(
      /^SMTP DANE CRITICAL - big\.example: 60\/60 MX hosts not verified \(mx0\.big-provider\.example: certificate matches none of 1 usable TLSA record\)\|mx_hosts=60;;;0 mx_verified=0;;;0;60 addresses=120;;;0 addresses_verified=0;;;0;120 tlsa_usable=60;;;0 cert_days_left=30;20:;15: duration=1\.234s;;;0 mx0\.big-provider\.example_addresses=2;;;0 /,
    );
    // Whole hosts' perfdata only: the last kept host has all four values.
    expect(l[0]).to.match(/ mx12\.big-provider\.example_cert_days_left=30;20:;15:$/);
    expect(l[1]).to.equal('[CRITICAL] mx0.big-provider.example (MX 0): failed: 0/2 addresses verified');
    expect(l).to.have.length(1 + 58 + 1 + 1);
  });

  it('stays under any limit it is given, perfdata first', () => {
    for (const maxBytes of [1024, 2048, 4096]) {
      const out = renderNagios(domainInput(manyHosts(40)), { maxBytes });
      expect(Buffer.byteLength(out.text), `${maxBytes}`).to.be.at.most(maxBytes);
      expect(out.text).to.contain(')|mx_hosts=40;;;0 mx_verified=0;;;0;40 ');
      expect(out.text).to.match(/\n\[cut\] output limited to \d+ bytes: \d+ of 120 detail lines/);
    }
  });

  it('does not cut what fits', () => {
    const out = renderNagios(domainInput(manyHosts(3)));
    expect(out.text).not.to.contain('[cut]');
  });

  it('never lets a | or a line break from the evidence into the text', () => {
    const evil = f.host('mx.example.org', 10, [f.mismatchAddress('192.0.2.1', [])], {
      dane_state: 'failed',
      diagnostics: [
        diagnostic('SMTP_FAILED', { detail: '554 no | really\r\nnot' }, { host: 'mx.example.org', address: '192.0.2.1' }),
      ],
    });
    const out = renderNagios(domainInput(f.domain('example.org', [evil], { dane_state: 'failed' })), { verbosity: 3 });
    const text = out.text.split('\n');
    // Exactly one |, the one that starts the perfdata on the first line.
    expect(out.text.split('|')).to.have.length(2);
    expect(text[0]).to.contain('SMTP session failed: 554 no / really not');
    expect(text.filter((l) => l.includes('really'))).to.have.length(3);
  });

  it('cleanText replaces | and control characters', () => {
    expect(cleanText('a|b\nc\td\u0000e')).to.equal('a/b c d e');
  });

  it('writes C-locale numbers whatever the process locale', () => {
    const out = renderNagios(domainInput(verified, f.run({ duration_ms: 12345.6 })));
    expect(out.text).to.contain(' duration=12.346s;;;0');
  });

  it('measures certificate expiry from the run start unless told otherwise', () => {
    const later = renderNagios(domainInput(verified), { now: new Date(Date.parse(f.STARTED) + 40 * 86_400_000) });
    // 54 - 40 = 14 days: below the critical 15, but only DANE-EE authenticates it: WARNING (finding 7).
    expect(later.exitCode).to.equal(1);
    expect(later.text).to.contain(' cert_days_left=14;20:;15: ');
    const escalated = renderNagios(domainInput(verified), {
      now: new Date(Date.parse(f.STARTED) + 40 * 86_400_000),
      severityPolicy: { DANE_EE_CERT_EXPIRY: 'critical' },
    });
    expect(escalated.exitCode).to.equal(2);
  });

  it('-w/-c ranges appear in the perfdata as given', () => {
    const out = renderNagios(domainInput(verified), {
      thresholds: { warning: { start: 30, end: Infinity, inside: false, text: '30:' }, critical: null },
    });
    expect(out.exitCode).to.equal(0);
    expect(out.text).to.contain(' cert_days_left=54;30: ');
  });
});
