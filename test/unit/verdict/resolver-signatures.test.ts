// --dnssec resolver: the signature expiry report from the RRSIGs the resolver
// sent with each answer (evidence.rrsigs), through the walk, the verdict and
// every output, over fake Deps: the same limits as validate mode, the RRSIG's
// Original TTL (not the resolver's decremented TTL) for expiry within the TTL,
// and scope 'answers' wherever the report is shown.
import { expect } from 'chai';
import { runCheck } from '../../../src/app/run-check.ts';
import type { PathSignature, RrsigFields } from '../../../src/dnssec/path-signature.ts';
import { domainJson } from '../../../src/render/json.ts';
import { metricSamples } from '../../../src/render/metrics-samples.ts';
import { renderNagios } from '../../../src/render/nagios.ts';
import { signedAnswers } from '../../../src/verdict/signature-expiry.ts';
import { checkRequest } from '../../support/check-request.ts';
import { answer, fakeDeps, type Zone } from '../../support/fake-deps.ts';
import { makeChain, tlsaFor, type TestChain } from '../../support/pki.ts';
import { a, mx, tlsa } from '../../support/records.ts';

const NOW_ISO = '2026-06-01T00:00:00Z';
const NOW_S = Date.parse(NOW_ISO) / 1000;
const DAY_S = 86_400;

/** An RRSIG as sent: valid `validityDays`, `daysLeft` left at NOW; `ttl` as the resolver answered it. */
function sent(rrset: string, validityDays: number, daysLeft: number, originalTtl = 3600, ttl = originalTtl): RrsigFields {
  const expiration = NOW_S + Math.round(daysLeft * DAY_S);
  return { rrset, signer: 'example.org', keyTag: 4711, algorithm: 13, originalTtl, inception: expiration - validityDays * DAY_S, expiration, ttl };
}

describe('verdict/signature expiry with --dnssec resolver (the RRSIGs sent with the answers)', () => {
  let chain: TestChain;
  before(async () => {
    chain = await makeChain({ dnsNames: ['mx1.example.org'] });
  });

  const zone = (): Zone => ({
    // 2 of 14 days left: under a fifth.
    'example.org': { MX: { records: [mx(10, 'mx1.example.org')], rrsigs: [sent('example.org/MX', 14, 2)] } },
    'mx1.example.org': {
      // Two RRSIGs over the A RRset: the later one keeps it valid, so the older one raises nothing.
      A: { records: [a('192.0.2.1')], rrsigs: [sent('mx1.example.org/A', 14, 0.5), sent('mx1.example.org/A', 14, 10)] },
      // NODATA: its proof, the NSEC and the RRSIG over it, is what it rests on.
      AAAA: { records: [], rrsigs: [sent('mx1.example.org/NSEC', 14, 10)] },
    },
    // 1.5 of 4 days left (over a fifth), but the zone's TTL is 2 days; the resolver answered 600 s, cut down to fit.
    '_25._tcp.mx1.example.org': { TLSA: { records: [tlsa(tlsaFor(chain.leaf, 3, 1, 1))], rrsigs: [sent('_25._tcp.mx1.example.org/TLSA', 4, 1.5, 2 * DAY_S, 600)] } },
  });

  async function check(z: Zone = zone()) {
    const { deps } = fakeDeps(z, { '192.0.2.1': { chain: chain.sent } }, NOW_ISO);
    const outcome = await runCheck(deps, checkRequest('domain', 'example.org'));
    if (outcome.kind !== 'domain') throw new Error('domain expected');
    return outcome;
  }

  it('reports each secure answer\'s earliest sent RRSIG with scope "answers", judged by the shares of its own validity', async () => {
    const outcome = await check();
    expect(outcome.result.dane_state).to.equal('verified');
    const json = domainJson(outcome);
    expect(json.rrsig_expiry.map((s) => [s.answer, s.scope, s.covers, s.days_left, s.expires_within_ttl])).to.deep.equal([
      ['example.org/MX', 'answers', 'example.org/MX', 2, false],
      ['mx1.example.org/A', 'answers', 'mx1.example.org/A', 10, false],
      ['mx1.example.org/AAAA', 'answers', 'mx1.example.org/NSEC', 10, false],
      ['_25._tcp.mx1.example.org/TLSA', 'answers', '_25._tcp.mx1.example.org/TLSA', 1.5, true],
    ]);
    expect([json.rrsig_days_left, json.rrsig_expiry_state, json.service_state]).to.deep.equal([1.5, 'CRITICAL', 'CRITICAL']);
    expect(json.findings.map((f) => f.code)).to.include.members(['RRSIG_EXPIRES_WITHIN_TTL', 'RRSIG_EXPIRY_WARNING']);
    const host = json.mx_hosts[0]!;
    expect([host.rrsig_days_left, host.rrsig_expiry_state, host.rrsig_expiry.map((s) => s.scope)]).to.deep.equal([1.5, 'CRITICAL', ['answers', 'answers', 'answers']]);
  });

  it('judges expiry within the TTL by the RRSIG\'s Original TTL, not the TTL the resolver counted down', async () => {
    const tlsaAnswer = (await check()).judgement.signatures.answers.find((s) => s.answer.endsWith('/TLSA'))!;
    expect([tlsaAnswer.earliest.signature.originalTtl, tlsaAnswer.earliest.signature.ttl, tlsaAnswer.earliest.withinTtl, tlsaAnswer.state]).to.deep.equal([2 * DAY_S, 600, true, 'critical']);
    // The same signature with a zone TTL of an hour is OK (1.5 of 4 days left is over a fifth).
    const z = zone();
    z['_25._tcp.mx1.example.org']!.TLSA!.rrsigs = [sent('_25._tcp.mx1.example.org/TLSA', 4, 1.5, 3600, 600)];
    const relaxed = (await check(z)).judgement.signatures.answers.find((s) => s.answer.endsWith('/TLSA'))!;
    expect([relaxed.earliest.withinTtl, relaxed.state]).to.deep.equal([false, 'ok']);
  });

  it('says the scope in the Nagios long output and as an OpenMetrics label', async () => {
    const outcome = await check();
    const text = renderNagios(outcome, { verbosity: 1 }).text;
    expect(text).to.match(/\nDNSSEC signatures \(answer signatures only; the resolver validated the chain\): earliest \S+ \(1\.5 days, RRSIG over _25\._tcp\.mx1\.example\.org\/TLSA by example\.org, for _25\._tcp\.mx1\.example\.org\/TLSA\), /);
    expect(text).to.contain(' rrsig_days_left=1.5;0.8:;2: ');
    const samples = metricSamples({ version: 't', probe: null, targets: [{ kind: 'domain', name: 'example.org', outcome, lastAttemptAt: null, lastSuccessAt: null, lastDurationSeconds: null, lastAttemptComplete: false }] });
    const expiry = samples.filter((m) => m.family === 'smtp_dane_verify_rrsig_expiry_timestamp_seconds');
    expect(expiry.map((m) => [m.labels['answer'], m.labels['scope'], m.value])).to.deep.equal([
      ['example.org/MX', 'answers', NOW_S + 2 * DAY_S],
      ['mx1.example.org/A', 'answers', NOW_S + 10 * DAY_S],
      ['mx1.example.org/AAAA', 'answers', NOW_S + 10 * DAY_S],
      ['_25._tcp.mx1.example.org/TLSA', 'answers', NOW_S + 1.5 * DAY_S],
    ]);
  });

  it('takes nothing from an answer the resolver did not vouch for (no AD), nor from one validated here', () => {
    const now = new Date(NOW_ISO);
    const rrsigs = [sent('example.org/MX', 14, 2)];
    const unvouched = { ...answer('example.org', 'MX', { ad: false, records: [mx(10, 'mx1.example.org')] }), rrsigs };
    const failed = { ...answer('example.org', 'MX', { rcode: 'SERVFAIL', checkingDisabledRcode: 'NOERROR' }), rrsigs };
    expect(signedAnswers([unvouched, failed, null], now)).to.deep.equal([]);
    // Validate mode: the validator's path is the report, scope 'path', and what the server sent is not looked at.
    const validated = (signatures: PathSignature[]) => ({ ...answer('example.org', 'MX', {}), rrsigs, validation: { security: 'secure' as const, upstreamRcode: 'NOERROR', zones: ['example.org'], findings: [], signatures } });
    expect(signedAnswers([validated([])], now)).to.deep.equal([]);
    const dnskey: PathSignature = { rrset: 'example.org/DNSKEY', signer: 'example.org', keyTag: 1, algorithm: 'ECDSAP256SHA256', inception: '2026-05-20T00:00:00Z', expiration: '2026-06-03T00:00:00Z', originalTtl: 3600, ttl: 3600 };
    expect(signedAnswers([validated([dnskey])], now)).to.deep.equal([{ answer: 'example.org/MX', scope: 'path', signatures: [dnskey] }]);
  });
});
