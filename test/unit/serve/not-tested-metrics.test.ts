// /metrics says which addresses this host could not test: one series per address.
import { expect } from 'chai';
import { metricSamples } from '../../../src/render/metrics-samples.ts';
import type { AddressResult } from '../../../src/verdict/result.ts';
import { cert, domain, host, judgedDomain, verifiedAddress } from '../nagios/fixtures.ts';

describe('metrics: addresses not tested from this host', () => {
  it('smtp_dane_verify_address_not_tested is 1 for the address this host cannot reach, 0 for the tested one', () => {
    const unreachableHere: AddressResult = {
      ...verifiedAddress('2001:db8::1', []),
      dane_state: 'not-tested',
      stage: 'connect',
      reason: 'cannot connect: connect ENETUNREACH 2001:db8::1:25 - Local (:::0)',
      starttls_offered: null,
      match: null,
      tls: null,
      last_ehlo_line: null,
    };
    const mx1 = host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 90)]), unreachableHere], { dane_state: 'verified' });
    const outcome = judgedDomain(domain('example.org', [mx1], { dane_state: 'verified' }));
    const samples = metricSamples({
      version: 'test',
      probe: null,
      targets: [{ kind: 'domain', name: 'example.org', outcome, lastAttemptAt: null, lastSuccessAt: null, lastDurationSeconds: null, lastAttemptComplete: true }],
    });
    const notTested = samples.filter((s) => s.family === 'smtp_dane_verify_address_not_tested');
    expect(notTested.map((s) => [s.labels, s.value])).to.deep.equal([
      [{ domain: 'example.org', mx: 'mx1.example.org', address: '192.0.2.1', family: 'ipv4' }, 0],
      [{ domain: 'example.org', mx: 'mx1.example.org', address: '2001:db8::1', family: 'ipv6' }, 1],
    ]);
    const verified = samples.filter((s) => s.family === 'smtp_dane_verify_address_dane_verified').map((s) => s.value);
    expect(verified).to.deep.equal([1, 0]);
  });
});
