// The MTAs and set-ups monitoring meets besides a plain Postfix, in the lab
// (MTA_SCENARIOS): Exim (GnuTLS) under DANE-EE and DANE-TA, Postfix behind
// postscreen (multi-line greeting, deep protocol tests, STARTTLS through
// tlsproxy) three checks in a row, a TLS 1.2-only Postfix, and a throttling
// Postfix, whose second check in 10 s is a temporary refusal (WARNING), never an
// outage. Each: the state, the code and the message in JSON and Nagios output.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Lab } from '../lab/lab.ts';
import { smtpHello } from '../lab/smtp-hello.ts';
import { useLab } from './lab-hooks.ts';
import { skipOrFail } from '../support/require-tool.ts';
import { runDist, runDistJson, type DistRun } from '../support/run-dist.ts';
import { resolverModeArgs } from '../support/lab-dnssec.ts';

const nagios = (lab: Lab, domain: string): Promise<DistRun> => runDist(['domain', domain, ...resolverModeArgs(lab), '-t', '20']);
const json = async (lab: Lab, domain: string): Promise<any> => (await runDistJson(['domain', domain, ...resolverModeArgs(lab), '-t', '20'])).json;

const codes = (host: any): string[] => host.diagnostics.map((d: any) => d.code);

/** One verified address: the JSON says so with TLSA_MATCHED, Nagios with the same line. */
function expectVerified(result: any, run: DistRun, host: string, address: string, line: RegExp, protocol: string): void {
  expect(result.dane_state, JSON.stringify(result.diagnostics)).to.equal('verified');
  const h = result.mx_hosts[0];
  expect(h.hostname).to.equal(host);
  expect(h.dane_state, JSON.stringify(h.diagnostics)).to.equal('verified');
  expect(h.addresses.map((a: any) => [a.address, a.dane_state])).to.deep.equal([[address, 'verified']]);
  expect(h.addresses[0].tls.protocol).to.equal(protocol);
  const matched = h.diagnostics.find((d: any) => d.code === 'TLSA_MATCHED');
  expect(matched?.message).to.match(new RegExp(`^${host.replace(/\./g, '\\.')} ${address.replace(/\./g, '\\.')}: TLSA [23] 1 1 [0-9a-f]{64} matched the certificate at depth [01]$`));
  expect(run.code, run.stdout).to.equal(0);
  expect(run.stdout).to.match(new RegExp(`^SMTP DANE OK - ${result.domain.replace(/\./g, '\\.')}: 1/1 MX hosts and 1/1 addresses DANE-verified`));
  expect(run.stdout).to.match(line);
  expect(run.stderr).to.equal('');
}

describe('e2e: other MTAs and Postfix set-ups in the lab', function () {
  this.timeout(180_000);
  let lab: Lab;
  before(async () => {
    lab = await useLab();
  });

  describe('Exim 4 (GnuTLS)', () => {
    before(function () {
      // A machine that has not run .ci/install-exim.sh: CI must not pass without these cases.
      if (!lab.exim) skipOrFail(this, `Exim is not available: ${lab.eximMissing}`);
    });

    it('DANE-EE: exim-ee.test is verified, 3 1 1 of the leaf at depth 0', async () => {
      const [result, run] = await Promise.all([json(lab, 'exim-ee.test'), nagios(lab, 'exim-ee.test')]);
      expectVerified(result, run, 'mx.exim-ee.test', '127.0.25.41', /^\[OK\] mx\.exim-ee\.test 127\.0\.25\.41: DANE-EE 3 1 1 matched at depth 0 \(TLSv1\.3\)$/m, 'TLSv1.3');
      expect(result.mx_hosts[0].addresses[0].matched_usage).to.equal('DANE-EE');
      // Exim's EHLO reply ends with HELP (Postfix's with CHUNKING or SMTPUTF8): it was Exim that answered.
      expect(result.mx_hosts[0].log_messages).to.include('250 HELP');
    });

    it('DANE-TA: exim-ta.test is verified through the intermediate, with the leaf naming the MX host', async () => {
      const [result, run] = await Promise.all([json(lab, 'exim-ta.test'), nagios(lab, 'exim-ta.test')]);
      expectVerified(
        result,
        run,
        'mx.exim-ta.test',
        '127.0.25.42',
        /^\[OK\] mx\.exim-ta\.test 127\.0\.25\.42: DANE-TA 2 1 1 matched at depth 1, name mx\.exim-ta\.test \(TLSv1\.3\)$/m,
        'TLSv1.3',
      );
      const a = result.mx_hosts[0].addresses[0];
      expect(a.matched_usage).to.equal('DANE-TA');
      expect(a.certificates).to.have.length(2);
      expect(result.mx_hosts[0].log_messages).to.include('250 HELP');
    });
  });

  describe('Postfix behind postscreen', () => {
    it('greets in several lines (postscreen_greet_banner, then the banner after greet_wait)', async () => {
      const hello = await smtpHello('127.0.25.30', 25, 10_000);
      expect(hello.banner.length, JSON.stringify(hello.banner)).to.be.at.least(2);
      expect(hello.banner[0]).to.match(/^220-/);
      expect(hello.starttls).to.equal(true);
    });

    it('three checks in a row are each verified (STARTTLS through tlsproxy during the deep protocol tests)', async () => {
      const first = await json(lab, 'postscreen.test');
      const second = await nagios(lab, 'postscreen.test');
      const third = await json(lab, 'postscreen.test');
      for (const result of [first, third]) {
        expect(result.dane_state, JSON.stringify(result.mx_hosts[0]?.diagnostics)).to.equal('verified');
        expect(codes(result.mx_hosts[0])).to.include('TLSA_MATCHED').and.not.include('SMTP_TEMPORARY_REFUSAL');
      }
      expect(second.code, second.stdout).to.equal(0);
      expect(second.stdout).to.match(/^\[OK\] mx\.postscreen\.test 127\.0\.25\.30: DANE-EE 3 1 1 matched at depth 0 \(TLSv1\.[23]\)$/m);
      const log = readFileSync(lab.logFiles.postfix, 'utf8');
      expect((log.match(/postscreen\[\d+\]: CONNECT from \[127\.0\.0\.1\]:\d+ to \[127\.0\.25\.30\]:25/g) ?? []).length, 'postscreen answered').to.be.at.least(3);
    });
  });

  describe('Postfix that speaks TLS 1.2 only', () => {
    it('tls12.test is verified over TLSv1.2', async () => {
      const [result, run] = await Promise.all([json(lab, 'tls12.test'), nagios(lab, 'tls12.test')]);
      expectVerified(result, run, 'mx.tls12.test', '127.0.25.31', /^\[OK\] mx\.tls12\.test 127\.0\.25\.31: DANE-EE 3 1 1 matched at depth 0 \(TLSv1\.2\)$/m, 'TLSv1.2');
    });
  });

  describe('a throttling Postfix (1 connection at a time, 2 per 10 s, $mynetworks not exempt)', () => {
    it('the first check is verified; the next two are a temporary refusal (WARNING) with the stage and the server\'s 421', async () => {
      // A check opens up to three sessions with an address (the default one, then one per other key
      // algorithm), so the first check already spends the 2 sessions per 10 s this server allows.
      const first = await json(lab, 'throttle.test');
      expect(first.dane_state, JSON.stringify(first.diagnostics)).to.equal('verified');
      const [verified] = first.mx_hosts[0].addresses;
      expect([verified.address, verified.dane_state, verified.tls.protocol]).to.deep.equal(['127.0.25.32', 'verified', 'TLSv1.3']);
      // The refused extra sessions say nothing about the key: never "not covered".
      expect(verified.certificates_by_algorithm.map((c: any) => c.coverage)).to.not.include('not-covered');
      // Still inside the 10 s window: refused, tried once more a second later, refused again.
      const [third, fourth] = await Promise.all([json(lab, 'throttle.test'), nagios(lab, 'throttle.test')]);
      const host = third.mx_hosts[0];
      expect(third.dane_state).to.equal('indeterminate');
      expect(host.dane_state).to.equal('indeterminate');
      const [address] = host.addresses;
      expect(address.dane_state).to.equal('indeterminate');
      expect(address.stage).to.equal('banner');
      expect(address.reason).to.match(/^the server refused the session for now: 421 4\.7\.0 mx\.throttle\.test Error: too many connections from 127\.0\.0\.1$/);
      const refusal = host.diagnostics.find((d: any) => d.code === 'SMTP_TEMPORARY_REFUSAL');
      expect(refusal, JSON.stringify(host.diagnostics)).to.deep.include({ severity: 'warning', address: '127.0.25.32' });
      expect(refusal.message).to.equal(
        'mx.throttle.test 127.0.25.32: temporary refusal, DANE not tested: the server refused the session for now: ' +
          '421 4.7.0 mx.throttle.test Error: too many connections from 127.0.0.1 (stage banner, also when tried again)',
      );
      expect(fourth.code, fourth.stdout).to.equal(1);
      expect(fourth.stdout).to.match(/^SMTP DANE WARNING - throttle\.test: /);
      expect(fourth.stdout).to.match(
        /^\[WARNING\] mx\.throttle\.test 127\.0\.25\.32: temporary refusal, DANE not tested: the server refused the session for now: 421 4\.7\.0 mx\.throttle\.test Error: too many connections from 127\.0\.0\.1 \(stage banner, also when tried again\)$/m,
      );
      expect(fourth.stdout).to.not.match(/CRITICAL|unreachable/);
      const log = readFileSync(lab.logFiles.postfix, 'utf8');
      expect(log).to.match(/Connection rate limit exceeded: \d+ from unknown\[127\.0\.0\.1\] for service 127\.0\.25\.32:25/);
    });
  });
});
