// Rollover readiness as every renderer shows it: the Nagios long-output line
// (always when not ready, from -v on otherwise), the JSON object, the
// OpenMetrics state set and TTL gauge. Hand-built verdicts, real catalogue.
import { expect } from 'chai';
import { diagnostic } from '../../../src/verdict/diagnostics.ts';
import { renderNagios } from '../../../src/render/nagios.ts';
import { domainJson } from '../../../src/render/json.ts';
import { metricSamples } from '../../../src/render/metrics-samples.ts';
import type { RolloverReadiness } from '../../../src/verdict/rollover.ts';
import * as f from './fixtures.ts';

const LEAF = `3 1 1 ${'ab'.repeat(32)}`;
const SAME = `3 0 1 ${'cd'.repeat(32)}`;
const NEXT = `3 1 1 ${'ef'.repeat(32)}`;

function withRollover(rollover: RolloverReadiness, notReady: boolean) {
  const h = f.host('mx.example.org', 10, [f.verifiedAddress('192.0.2.1', [f.cert('mx.example.org', 0, 200)])], { rollover });
  if (notReady) h.diagnostics.push(diagnostic('TLSA_ROLLOVER_NOT_READY', { host: 'mx.example.org', reason: 'leaf-only', usable: 2, ttl: 300 }, { host: 'mx.example.org' }));
  return f.judgedDomain(f.domain('example.org', [h]));
}

const notReady: RolloverReadiness = {
  state: 'not-ready',
  reason: 'leaf-only',
  matching: [
    { record: SAME, role: 'leaf', matches: [{ address: '192.0.2.1', depth: 0 }] },
    { record: LEAF, role: 'leaf', matches: [{ address: '192.0.2.1', depth: 0 }] },
  ],
  not_matching: [],
  tlsa_ttl: 300,
};
const ready: RolloverReadiness = {
  state: 'ready',
  reason: 'next-key-published',
  matching: [{ record: LEAF, role: 'leaf', matches: [{ address: '192.0.2.1', depth: 0 }] }],
  not_matching: [{ record: NEXT, role: 'unmatched', matches: [] }],
  tlsa_ttl: 3600,
};

describe('rollover readiness in every output', () => {
  it('Nagios: WARNING with its own status line; the rollover line with the records and the TTL even at -v 0', () => {
    const out = renderNagios(withRollover(notReady, true));
    expect(out.exitCode).to.equal(1);
    const lines = out.text.split('\n');
    expect(lines[0]).to.match(/^SMTP DANE WARNING - example\.org: mx\.example\.org: TLSA rollover not ready \(every record pins the current key\)\|/);
    expect(lines).to.include(
      '  TLSA rollover: not-ready, every usable TLSA record pins a leaf key in use now; TTL 300 s; matching: 3 0 1 cdcdcdcd… (leaf, 192.0.2.1 depth 0), 3 1 1 abababab… (leaf, 192.0.2.1 depth 0)',
    );
  });

  it('Nagios: a ready host is OK and shows its rollover line only from -v on', () => {
    const judged = withRollover(ready, false);
    expect(renderNagios(judged).text).to.not.include('TLSA rollover');
    expect(renderNagios(judged, { verbosity: 1 }).text).to.include(
      '  TLSA rollover: ready, a usable record matches no key presented now: a pre-published next key (or a stale one); TTL 3600 s; matching: 3 1 1 abababab… (leaf, 192.0.2.1 depth 0); not matching (stale or pre-published): 3 1 1 efefefef… (unmatched)',
    );
  });

  it('JSON: the rollover object with its reason in words', () => {
    const json = domainJson(withRollover(ready, false));
    expect(json.mx_hosts[0]!.rollover).to.deep.equal({ ...ready, detail: 'a usable record matches no key presented now: a pre-published next key (or a stale one)' });
    expect(json.service_state).to.equal('OK');
  });

  it('OpenMetrics: a rollover state set and the TLSA TTL per MX host', () => {
    const samples = metricSamples({
      version: 't',
      probe: null,
      targets: [{ kind: 'domain', name: 'example.org', outcome: withRollover(notReady, true), lastAttemptAt: null, lastSuccessAt: null, lastDurationSeconds: null, lastAttemptComplete: true }],
    });
    const of = (family: string) => samples.filter((s) => s.family === family).map((s) => [s.labels['state'] ?? null, s.value]);
    expect(of('smtp_dane_verify_host_rollover_state')).to.deep.equal([['ready', 0], ['not-ready', 1], ['n/a', 0]]);
    expect(of('smtp_dane_verify_host_tlsa_ttl_seconds')).to.deep.equal([[null, 300]]);
  });
});
