// Days left for the DNSSEC signatures each answer rests on, judged with a fixed
// clock: the shares of each signature's own validity (a fifth: WARNING, a tenth:
// CRITICAL), expiry within the RRset's TTL, --sig-warn/--sig-crit, --days, and
// how the findings reach hosts, the domain and the exit code.
import { expect } from 'chai';
import { type SignatureThresholds, judgeSignature } from '../../../src/verdict/signature-expiry.ts';
import { diagnosticMessage } from '../../../src/verdict/diagnostics.ts';
import { EE, STARTED, cert, domain, host, judgedDomain, pathSig, run, signedAnswer, verifiedAddress } from '../nagios/fixtures.ts';

const NOW = new Date(STARTED);
const DEFAULT: SignatureThresholds = { warningDays: null, criticalDays: null };

describe('verdict/signature expiry', () => {
  describe('one signature', () => {
    it('is WARNING below a fifth of its own validity left and CRITICAL below a tenth, boundaries included in the better state', () => {
      const level = (left: number) => judgeSignature(pathSig('example.org/MX', 10, left), NOW, DEFAULT).level;
      expect([level(2.01), level(2), level(1.99), level(1), level(0.99), level(-1)]).to.deep.equal(['ok', 'ok', 'warning', 'warning', 'critical', 'critical']);
    });

    it('fits every signer: a fresh online signature valid 2 days, 1.9 left, is OK; a 30-day one with 5 left is WARNING', () => {
      const online = judgeSignature(pathSig('example.org/A', 2, 1.9, 300), NOW, DEFAULT);
      expect([online.level, online.withinTtl, online.daysLeft, online.validityDays]).to.deep.equal(['ok', false, 1.9, 2]);
      expect(judgeSignature(pathSig('example.org/A', 30, 5), NOW, DEFAULT).level).to.equal('warning');
    });

    it('flags a signature that expires before its RRset\'s TTL runs out, whatever its share', () => {
      const s = judgeSignature(pathSig('example.org/TLSA', 5, 1.5, 2 * 86_400), NOW, DEFAULT);
      expect([s.level, s.withinTtl]).to.deep.equal(['ok', true]);
      expect(judgeSignature(pathSig('example.org/TLSA', 5, 1.5, 86_400), NOW, DEFAULT).withinTtl).to.equal(false);
    });

    it('--sig-warn / --sig-crit replace the shares with fixed days, each on its own', () => {
      const fixed = { warningDays: 7, criticalDays: 3 };
      const level = (left: number, t: SignatureThresholds = fixed) => judgeSignature(pathSig('example.org/MX', 30, left), NOW, t).level;
      expect([level(8), level(6.5), level(2.5)]).to.deep.equal(['ok', 'warning', 'critical']);
      // Only --sig-warn: CRITICAL still below a tenth (3 days of 30).
      expect([level(2.9, { warningDays: 1, criticalDays: null }), level(3.5, { warningDays: 1, criticalDays: null })]).to.deep.equal(['critical', 'ok']);
    });
  });

  describe('in a judged check', () => {
    const dnskey = pathSig('example.org/DNSKEY', 14, 2.5);
    const mxOk = pathSig('example.org/MX', 14, 9);
    function check(aSignatures = [pathSig('mx1.example.org/A', 14, 10), dnskey]) {
      const h = host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 60)])], {
        signed_answers: [signedAnswer('mx1.example.org/A', ...aSignatures), signedAnswer('_25._tcp.mx1.example.org/TLSA', pathSig('_25._tcp.mx1.example.org/TLSA', 14, 11), dnskey)],
      });
      return domain('example.org', [h], { signed_answers: [signedAnswer('example.org/MX', mxOk, dnskey)] });
    }

    it('reports per answer the earliest-expiring signature on its path and the record it covers', () => {
      const outcome = judgedDomain(check());
      const report = outcome.judgement.signatures;
      expect(report.answers.map((a) => [a.answer, a.host, a.earliest.signature.rrset, a.earliest.daysLeft, a.state])).to.deep.equal([
        ['example.org/MX', null, 'example.org/DNSKEY', 2.5, 'warning'],
        ['mx1.example.org/A', 'mx1.example.org', 'example.org/DNSKEY', 2.5, 'warning'],
        ['_25._tcp.mx1.example.org/TLSA', 'mx1.example.org', 'example.org/DNSKEY', 2.5, 'warning'],
      ]);
      expect(report.earliest?.answer).to.equal('example.org/MX');
    });

    it('one finding per signature, naming every answer that rests on it; host, domain and exit code follow', () => {
      const { judgement } = judgedDomain(check());
      const found = judgement.findings.filter((f) => f.source === 'signature');
      expect(found.map((f) => f.diagnostic.code)).to.deep.equal(['RRSIG_EXPIRY_WARNING']);
      expect(diagnosticMessage(found[0]!.diagnostic)).to.equal(
        'RRSIG over example.org/DNSKEY (signer example.org, key 12345) expires 2025-06-04T00:00:00Z (in 2.5 days), ' +
          'less than a fifth of its validity (14 days) left; example.org/MX, mx1.example.org/A, _25._tcp.mx1.example.org/TLSA rest on it',
      );
      expect([judgement.state, judgement.exitCode, judgement.signatureState, judgement.hosts[0]!.signatureState, judgement.hosts[0]!.state]).to.deep.equal([
        'WARNING',
        1,
        'WARNING',
        'WARNING',
        'WARNING',
      ]);
    });

    it('the state comes from the worst signature, not only the earliest: a DNSKEY RRSIG below a tenth behind a fresh online one', () => {
      const { judgement } = judgedDomain(check([pathSig('mx1.example.org/A', 2, 1.2, 60), pathSig('example.org/DNSKEY', 30, 2.5)]));
      const a = judgement.signatures.answers.find((x) => x.answer === 'mx1.example.org/A')!;
      expect([a.earliest.signature.rrset, a.state, a.alarms.map((s) => s.signature.rrset)]).to.deep.equal(['mx1.example.org/A', 'critical', ['example.org/DNSKEY']]);
      expect(judgement.hosts[0]!.state).to.equal('CRITICAL');
    });

    it('RRSIG_EXPIRES_WITHIN_TTL is its own CRITICAL finding, beside a share finding of the same signature', () => {
      const { judgement } = judgedDomain(check([pathSig('mx1.example.org/A', 10, 1.5, 2 * 86_400)]));
      const ofA = judgement.findings.filter((f) => f.source === 'signature' && 'rrset' in f.diagnostic.args && f.diagnostic.args.rrset === 'mx1.example.org/A');
      expect(ofA.map((f) => `${f.diagnostic.code} ${f.state}`)).to.deep.equal(['RRSIG_EXPIRES_WITHIN_TTL CRITICAL', 'RRSIG_EXPIRY_WARNING WARNING']);
      expect(diagnosticMessage(ofA[0]!.diagnostic)).to.equal(
        'RRSIG over mx1.example.org/A (signer example.org, key 12345) expires 2025-06-03T00:00:00Z (in 1.5 days), within the RRset\'s TTL of 172800 s: ' +
          'caches that fetch it now may hand it out after it stopped validating; mx1.example.org/A rests on it',
      );
    });

    it('a zone whose re-signing stopped is one finding per code, naming how many more of its signatures share it', () => {
      const { judgement } = judgedDomain(check([pathSig('mx1.example.org/A', 14, 2.4), dnskey]));
      const found = judgement.findings.filter((f) => f.source === 'signature');
      expect(found.map((f) => f.diagnostic.code)).to.deep.equal(['RRSIG_EXPIRY_WARNING']);
      expect(diagnosticMessage(found[0]!.diagnostic)).to.equal(
        'RRSIG over mx1.example.org/A (signer example.org, key 12345) expires 2025-06-03T21:36:00Z (in 2.4 days), ' +
          'less than a fifth of its validity (14 days) left; so does 1 more of example.org; example.org/MX, mx1.example.org/A, _25._tcp.mx1.example.org/TLSA rest on them',
      );
    });

    it('--severity applies to the codes once: demoted, the check is OK', () => {
      const outcome = judgedDomain(check(), run(), { severityPolicy: { RRSIG_EXPIRY_WARNING: 'info' } });
      expect([outcome.judgement.state, outcome.judgement.signatureState]).to.deep.equal(['OK', 'OK']);
    });

    it('--days N judges signatures and certificates as of N days from now', () => {
      const quiet = domain('example.org', [host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 25)], EE)], { signed_answers: [signedAnswer('mx1.example.org/A', pathSig('mx1.example.org/A', 14, 12))] })]);
      expect(judgedDomain(quiet).judgement.state).to.equal('OK');
      const later = judgedDomain(quiet, run(), { horizonDays: 10 }).judgement;
      expect(later.signatures.answers[0]!.earliest.daysLeft).to.equal(2);
      expect(later.findings.map((f) => f.diagnostic.code)).to.have.members(['RRSIG_EXPIRY_WARNING', 'DANE_EE_CERT_EXPIRY']);
      const sig = later.findings.find((f) => f.source === 'signature')!;
      expect(diagnosticMessage(sig.diagnostic)).to.match(/expires 2025-06-13T12:00:00Z \(in 12 days\): 2 days left at the --days 10 horizon, less than a fifth/);
    });

    it('--sig-warn / --sig-crit reach the verdict and the message', () => {
      const { judgement } = judgedDomain(check(), run(), { signatureThresholds: { warningDays: 10, criticalDays: 5 } });
      const codes = judgement.findings.filter((f) => f.source === 'signature').map((f) => f.diagnostic.code);
      // DNSKEY 2.5 days left: below 5; MX 9: below 10; A 10 and TLSA 11: not.
      expect(codes).to.deep.equal(['RRSIG_EXPIRY_CRITICAL', 'RRSIG_EXPIRY_WARNING']);
      expect(diagnosticMessage(judgement.findings[0]!.diagnostic)).to.contain('below --sig-crit 5 days');
    });

    it('no signed answers (resolver mode, insecure zones): nothing to report, nothing decided', () => {
      const { judgement } = judgedDomain(domain('example.org', [host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 60)])])]));
      expect([judgement.signatures.answers, judgement.signatures.earliest, judgement.signatureState]).to.deep.equal([[], null, 'OK']);
    });
  });
});
