// The built-in validator against the lab, RRset by RRset: asked directly at the
// authoritative server (knotd, no recursion) and through the non-validating
// unbound, it must reach the same verdict as the validating unbound (AD bit,
// SERVFAIL + CD retry) and as BIND's delv, on every row of the DNSSEC case
// table and on the DNSSEC-relevant zones of the scenario table, and report the
// right finding. Also: a signature corrupted in flight is caught, the clock is
// the injected one, and every DS/DNSKEY RRset is fetched once per run.
// DNSSEC_AGREEMENT_TABLE=1 prints the whole table.
import type { DnsSecurity } from '../../src/dns/security.ts';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Clock } from '../../src/ports.ts';
import type { DnsAnswerEvidence, QueryType } from '../../src/evidence/dns.ts';
import { createResolver } from '../../src/probe/dns/resolver.ts';
import { createValidatingResolver } from '../../src/probe/dns/validating-resolver.ts';
import { createAnswerValidator } from '../../src/dnssec/answer-validation.ts';
import { createDnssecFetcher } from '../../src/probe/dns/dnssec-fetcher.ts';
import type { DnssecFetcher } from '../../src/dnssec/fetcher.ts';
import { createTrustChain } from '../../src/dnssec/trust-chain.ts';
import { classifyAnswer } from '../../src/dane/dns-classification.ts';
import { parseName } from '../../src/dns/name.ts';
import { RR_TYPE } from '../../src/dns/rr-types.ts';
import { type TrustAnchor, parseTrustAnchors } from '../../src/dnssec/trust-anchors.ts';
import { DNSSEC_SCENARIOS, SCENARIO_TABLE_CHECKS, type DnssecCheck } from '../lab/dnssec-scenarios.ts';
import type { Lab } from '../lab/lab.ts';
import { useLab } from './lab-hooks.ts';
import { delv, delvVerdict } from '../support/delv.ts';

const systemClock: Clock = { now: () => new Date() };

interface Row {
  check: DnssecCheck;
  viaAuthoritative: DnsAnswerEvidence;
  viaPlain: DnsAnswerEvidence;
  unbound: DnsSecurity;
  delvAuthoritative: DnsSecurity;
  delvPlain: DnsSecurity;
}

describe('e2e: built-in DNSSEC validation agrees with unbound and delv', function () {
  this.timeout(120_000);
  let lab: Lab;
  let anchors: readonly TrustAnchor[];
  const rows: Row[] = [];
  const checks = [...SCENARIO_TABLE_CHECKS, ...DNSSEC_SCENARIOS.flatMap((s) => s.checks)];

  before(async () => {
    lab = await useLab();
    anchors = parseTrustAnchors(await readFile(lab.trustAnchorFile, 'utf8'));
    const server = (address: string) => ({ server: { address, port: 53 }, timeoutMs: 2000, retries: 1 });
    const viaAuthoritative = createValidatingResolver({ ...server(lab.authServer), anchors, clock: systemClock });
    const viaPlain = createValidatingResolver({ ...server(lab.plainResolver), anchors, clock: systemClock });
    const unbound = createResolver(server(lab.resolver));
    for (const check of checks) {
      const [auth, plain, validating, delvAuth, delvPlain] = await Promise.all([
        viaAuthoritative.query(check.name, check.type),
        viaPlain.query(check.name, check.type),
        unbound.query(check.name, check.type),
        delv(lab.authServer, lab.delvAnchorFile, check.name, check.type),
        delv(lab.plainResolver, lab.delvAnchorFile, check.name, check.type),
      ]);
      rows.push({
        check,
        viaAuthoritative: auth,
        viaPlain: plain,
        unbound: classifyAnswer(validating).security,
        delvAuthoritative: delvVerdict(delvAuth),
        delvPlain: delvVerdict(delvPlain),
      });
    }
    if (process.env['DNSSEC_AGREEMENT_TABLE']) {
      const line = (r: Row) =>
        [
          `${r.check.name}/${r.check.type}`.padEnd(38),
          r.check.security.padEnd(9),
          classifyAnswer(r.viaAuthoritative).security.padEnd(9),
          classifyAnswer(r.viaPlain).security.padEnd(9),
          r.unbound.padEnd(9),
          r.delvAuthoritative.padEnd(9),
          r.delvPlain.padEnd(9),
          r.viaAuthoritative.validation?.findings[0]?.code ?? '',
        ].join(' ');
      console.log(['RRset                                  expected  ours@auth ours@plain unbound   delv@auth delv@plain finding', ...rows.map(line)].join('\n'));
    }
  });

  for (const check of checks) {
    it(`${check.name}/${check.type} is ${check.security}${check.finding ? ` (${check.finding})` : ''} for all`, () => {
      const row = rows.find((r) => r.check === check)!;
      const verdicts = {
        'ours via knotd': classifyAnswer(row.viaAuthoritative).security,
        'ours via plain unbound': classifyAnswer(row.viaPlain).security,
        'validating unbound': row.unbound,
        'delv via knotd': row.delvAuthoritative,
        'delv via plain unbound': row.delvPlain,
      };
      const expected = Object.fromEntries(Object.keys(verdicts).map((k) => [k, check.security]));
      expect(verdicts, JSON.stringify(row.viaPlain.validation)).to.deep.equal(expected);
      for (const evidence of [row.viaAuthoritative, row.viaPlain]) {
        // The conclusion is this program's; the AD bit stays the server's, and neither knotd nor the plain unbound validates.
        expect(evidence.validation?.security).to.equal(check.security);
        expect(evidence.ad).to.equal(false);
        if (check.finding) expect(evidence.validation?.findings[0]?.code, JSON.stringify(evidence.validation)).to.equal(check.finding);
        if (check.security === 'secure') expect(evidence.validation?.findings).to.deep.equal([]);
      }
    });
  }

  it('the lame delegation stays indeterminate: a referral from knotd, SERVFAIL from the plain unbound', async () => {
    const clock = systemClock;
    const auth = createValidatingResolver({ server: { address: lab.authServer, port: 53 }, timeoutMs: 2000, retries: 0, anchors, clock });
    const plain = createValidatingResolver({ server: { address: lab.plainResolver, port: 53 }, timeoutMs: 2000, retries: 0, anchors, clock });
    const [a, p] = await Promise.all([auth.query('lame.test', 'MX'), plain.query('lame.test', 'MX')]);
    expect(classifyAnswer(a).security).to.equal('indeterminate');
    expect(a.validation?.findings[0]?.code).to.equal('DNSSEC_ANSWER_UNUSABLE');
    expect(classifyAnswer(p).security).to.equal('indeterminate');
    expect(p.validation?.findings[0]?.code).to.equal('DNSSEC_LOOKUP_FAILED');
    expect(delvVerdict(await delv(lab.authServer, lab.delvAnchorFile, 'lame.test', 'MX'))).to.equal('indeterminate');
  });

  it('catches a signature corrupted in flight (one bit of the MX RRSIG of good.test)', async () => {
    const real = createDnssecFetcher({ server: { address: lab.plainResolver, port: 53 }, timeoutMs: 2000, retries: 1 });
    const tampering: DnssecFetcher = {
      ...real,
      async fetch(name, type, signal) {
        const result = await real.fetch(name, type, signal);
        if (type !== RR_TYPE.MX || !result.response) return result;
        const answer = result.response.answer.map((r) => {
          if (r.type !== RR_TYPE.RRSIG || r.rdata.readUInt16BE(0) !== RR_TYPE.MX) return r;
          const rdata = Buffer.from(r.rdata);
          rdata[rdata.length - 1]! ^= 0x01;
          return { ...r, rdata };
        });
        return { ...result, response: { ...result.response, answer } };
      },
    };
    const chain = createTrustChain({ fetcher: tampering, anchors, clock: systemClock });
    const validator = createAnswerValidator({ fetcher: tampering, chain, clock: systemClock });
    const tampered = await validator.validate(parseName('good.test'), RR_TYPE.MX);
    expect(tampered.security).to.equal('bogus');
    expect(tampered.findings[0]?.code).to.equal('DNSSEC_SIGNATURE_INVALID');
    expect(tampered.findings[0]?.rrset).to.equal('good.test/MX');
    // The untouched A RRset from the same zone still validates.
    expect((await validator.validate(parseName('mx1.good.test'), RR_TYPE.A)).security).to.equal('secure');
  });

  it('judges signature validity by the injected clock, not the system clock', async () => {
    const at = (date: string): Clock => ({ now: () => new Date(date) });
    const ask = (clock: Clock) =>
      createValidatingResolver({ server: { address: lab.plainResolver, port: 53 }, timeoutMs: 2000, retries: 1, anchors, clock }).query('good.test', 'MX');
    const past = await ask(at('2020-01-01T00:00:00Z'));
    expect(classifyAnswer(past).security).to.equal('bogus');
    expect(past.validation?.findings[0]?.code).to.equal('DNSSEC_SIGNATURE_NOT_YET_VALID');
    // Within 68 years of the signing time: RFC 1982 serial arithmetic makes anything further ambiguous.
    const future = await ask(at('2040-01-01T00:00:00Z'));
    expect(future.validation?.findings[0]?.code).to.equal('DNSSEC_SIGNATURE_EXPIRED');
  });

  it('fetches each DS and DNSKEY RRset once per run (multi.test: 8 MX hosts, 1 zone)', async () => {
    const resolver = createValidatingResolver({ server: { address: lab.plainResolver, port: 53 }, timeoutMs: 2000, retries: 1, anchors, clock: systemClock });
    const hosts = Array.from({ length: 8 }, (_, i) => `mx${i + 1}.multi.test`);
    const questions: [string, QueryType][] = [['multi.test', 'MX'], ...hosts.flatMap((h): [string, QueryType][] => [[h, 'A'], [h, 'AAAA'], [`_25._tcp.${h}`, 'TLSA']])];
    const answers = await Promise.all(questions.map(([n, t]) => resolver.query(n, t)));
    expect(answers.map((a) => classifyAnswer(a).security)).to.deep.equal(questions.map(() => 'secure'));
    const stats = resolver.stats();
    // DNSKEY of ., test., multi.test.; DS of test. and multi.test.: nothing twice.
    expect(stats.byType['DNSKEY']).to.equal(3);
    expect(stats.byType['DS']).to.equal(2);
    expect(stats.queries).to.equal(questions.length + 5);
  });
});
