// DNSSEC signature expiry in each output: Nagios perfdata (rrsig_days_left with
// the limits of that signature) and long output naming the covered record, the
// JSON fields (valid against /openapi.json), with a fixed clock.
import { expect } from 'chai';
import { renderNagios } from '../../../src/render/nagios.ts';
import { domainJson, hostCheckJson } from '../../../src/render/json.ts';
import { checkComponent } from '../../support/openapi-check.ts';
import { cert, domain, host, judged, judgedDomain, pathSig, run, signedAnswer, verifiedAddress } from './fixtures.ts';
import type { CheckOutcome } from '../../../src/verdict/result.ts';

const dnskey = pathSig('example.org/DNSKEY', 14, 2.5);
const mx1 = host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 60)])], {
  signed_answers: [signedAnswer('mx1.example.org/A', pathSig('mx1.example.org/A', 14, 10), dnskey), signedAnswer('_25._tcp.mx1.example.org/TLSA', pathSig('_25._tcp.mx1.example.org/TLSA', 2, 1.9, 300))],
});
const signed = domain('example.org', [mx1], { signed_answers: [signedAnswer('example.org/MX', pathSig('example.org/MX', 14, 9), dnskey)] });

describe('DNSSEC signature expiry in the outputs', () => {
  it('Nagios: WARNING with the covered record in the status line, rrsig_days_left perfdata with that signature\'s limits, one long-output line', () => {
    const out = renderNagios(judgedDomain(signed));
    const [status, ...long] = out.text.trimEnd().split('\n');
    expect(out.exitCode).to.equal(1);
    expect(status).to.match(
      /^SMTP DANE WARNING - example\.org: RRSIG over example\.org\/DNSKEY expires 2025-06-04T00:00:00Z \(in 2\.5 days\), less than a fifth of its validity \(14 days\) left\|/,
    );
    // The earliest signature is the TLSA's, fresh from an online signer: 1.9 of 2 days left, WARNING below 0.4, CRITICAL below 0.2
    // (its 300 s TTL is shorter). The state comes from the DNSKEY's, which is nearer its own limits.
    expect(status).to.contain(' rrsig_days_left=1.9;0.4:;0.2: ');
    expect(status).to.contain(' mx1.example.org_rrsig_days_left=1.9;0.4:;0.2:');
    expect(long[0]).to.equal(
      '[WARNING] RRSIG over example.org/DNSKEY (signer example.org, key 12345) expires 2025-06-04T00:00:00Z (in 2.5 days), less than a fifth of its validity (14 days) left; example.org/MX, mx1.example.org/A rest on it',
    );
  });

  it('Nagios -v: the code on the finding line, and the earliest signature of the check', () => {
    const out = renderNagios(judgedDomain(signed), { verbosity: 1 });
    expect(out.text).to.contain('\n[WARNING] RRSIG_EXPIRY_WARNING: RRSIG over example.org/DNSKEY');
    expect(out.text).to.contain(
      '\nDNSSEC signatures: earliest 2025-06-03T09:36:00Z (1.9 days, RRSIG over _25._tcp.mx1.example.org/TLSA by example.org, for _25._tcp.mx1.example.org/TLSA), WARNING below a fifth, CRITICAL below a tenth of validity left or within the TTL\n',
    );
  });

  it('Nagios: with --days the perfdata and the text are as of the horizon', () => {
    const out = renderNagios(judgedDomain(signed, run(), { horizonDays: 1 }), { verbosity: 1 });
    expect(out.text).to.contain(' rrsig_days_left=0.9;0.4:;0.2: ');
    expect(out.text).to.match(/^SMTP DANE WARNING - example\.org: RRSIG over example\.org\/DNSKEY expires 2025-06-04T00:00:00Z \(in 2\.5 days\): 1\.5 days left at the --days 1 horizon, less than a fifth/);
    expect(out.text).to.contain('\ndates judged as of 1 day from now (--days)\n');
  });

  it('JSON: days left per answer with the record its earliest signature covers, at the host and the top; valid against the OpenAPI schema', async () => {
    const json = domainJson(judgedDomain(signed));
    expect([json.rrsig_days_left, json.rrsig_expiry_state, json.horizon_days]).to.deep.equal([1.9, 'WARNING', 0]);
    expect(json.rrsig_expiry.map((a) => [a.answer, a.host, a.days_left, a.covers])).to.deep.equal([
      ['example.org/MX', null, 2.5, 'example.org/DNSKEY'],
      ['mx1.example.org/A', 'mx1.example.org', 2.5, 'example.org/DNSKEY'],
      ['_25._tcp.mx1.example.org/TLSA', 'mx1.example.org', 1.9, '_25._tcp.mx1.example.org/TLSA'],
    ]);
    expect(json.rrsig_expiry[0]).to.deep.equal({
      answer: 'example.org/MX',
      host: null,
      scope: 'path',
      days_left: 2.5,
      covers: 'example.org/DNSKEY',
      signer: 'example.org',
      key_tag: 12345,
      algorithm: 'ECDSAP256SHA256',
      inception: '2025-05-21T00:00:00Z',
      expiration: '2025-06-04T00:00:00Z',
      validity_days: 14,
      original_ttl: 3600,
      ttl: 3600,
      warning_days: 2.8,
      critical_days: 1.4,
      expires_within_ttl: false,
    });
    const h = json.mx_hosts[0]!;
    expect([h.rrsig_days_left, h.rrsig_expiry_state, h.rrsig_expiry.map((a) => a.answer)]).to.deep.equal([1.9, 'WARNING', ['mx1.example.org/A', '_25._tcp.mx1.example.org/TLSA']]);
    await checkComponent('DomainCheck', JSON.parse(JSON.stringify(json)));
    const hostOutcome = judged({ kind: 'host', result: mx1, run: run() }) as Extract<CheckOutcome, { kind: 'host' }>;
    await checkComponent('HostCheck', JSON.parse(JSON.stringify(hostCheckJson(hostOutcome))));
    // Nothing validated: null days, OK, still valid.
    const plain = domainJson(judgedDomain(domain('example.org', [host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 60)])])])));
    expect([plain.rrsig_days_left, plain.rrsig_expiry_state, plain.rrsig_expiry]).to.deep.equal([null, 'OK', []]);
    await checkComponent('DomainCheck', JSON.parse(JSON.stringify(plain)));
  });
});
