// Proof by the real consumer: Debian's Icinga 2 accepts the shipped templates
// (and rejects a broken copy), and a running Icinga 2 executes the built plugin
// through them against the lab and records the state, output and perfdata.
import { expect } from 'chai';
import { createSocket, type Socket } from 'node:dgram';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ICINGA2,
  ICINGA2_TEMPLATES,
  PLUGIN,
  icinga2Validate,
  icingaString,
  missingDaemon,
  pluginDir,
  startIcinga2,
  tempDir,
  withBrokenCopy,
  type Icinga2Daemon,
  type IcingaCheckResult,
} from '../support/monitoring-daemons.ts';
import { useLab } from './lab-hooks.ts';
import { suiteNeeding } from '../support/require-tool.ts';
import type { Lab } from '../lab/lab.ts';

const missing = missingDaemon(ICINGA2, 'icinga2-bin');

// A host that triggers both shipped apply rules.
const exampleHost = `
object Host "mail.example.org" {
  check_command = "dummy"
  vars.smtp_dane_domains = [ "example.org", "example.net" ]
  vars.smtp_dane_mx = true
}
`;

suiteNeeding(missing, 'e2e: Icinga 2 with templates/icinga2', function () {
  this.timeout(180_000);

  describe('icinga2 daemon -C', () => {
    it('accepts the CheckCommands and apply rules, which create the services', async () => {
      const r = await icinga2Validate({ includes: ICINGA2_TEMPLATES, body: exampleHost });
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.contain('Instantiated 3 Services.');
      expect(r.stdout).to.contain('Finished validating the configuration file(s).');
    });

    const BREAKS: [string, (conf: string) => string, RegExp][] = [
      ['a misspelt argument attribute', (c) => c.replace('repeat_key = true', 'repeat_keyz = true'), /repeat_keyz/],
      ['a misspelt set_if', (c) => c.replace('set_if = "$smtp_dane_ipv4$"', 'set_iff = "$smtp_dane_ipv4$"'), /set_iff/],
      ['a missing closing brace', (c) => c.replace(/\}\s*$/, ''), /syntax error|unexpected end of file/i],
    ];
    for (const [what, breakIt, message] of BREAKS) {
      it(`rejects a copy with ${what}`, async () => {
        const r = await withBrokenCopy(ICINGA2_TEMPLATES[0]!, breakIt, (file) =>
          icinga2Validate({ includes: [file, ICINGA2_TEMPLATES[1]!], body: exampleHost }),
        );
        expect(r.code).to.equal(1);
        expect(r.stdout + r.stderr).to.match(message);
        expect(r.stdout + r.stderr).to.contain('Config validation failed');
      });
    }
  });

  describe('a running Icinga 2 checks the lab through the templates', () => {
    let root: string;
    let plugins: string;
    let lab: Lab;
    let daemon: Icinga2Daemon | null = null;
    let results: Record<string, IcingaCheckResult>;
    let blackhole: Socket | null = null;
    const GOOD = 'lab-mail!smtp-dane-good.test';
    const MISMATCH = 'lab-mail!smtp-dane-mismatch.test';
    const HOST = 'mx1.good.test!smtp-dane-host';
    const OWN_TIMEOUT = 'blackhole!own-timeout';
    const KILLED = 'blackhole!killed';

    before(async () => {
      lab = await useLab();
      // A "resolver" on loopback that never answers: checks through it can only time out.
      const hole = createSocket('udp4');
      blackhole = hole;
      hole.on('message', () => {});
      const holePort = await new Promise<number>((done) => hole.bind(0, '127.0.0.1', () => done(hole.address().port)));
      root = await tempDir('icinga2-e2e-');
      plugins = await pluginDir(root, PLUGIN);
      // Only the shipped templates and apply rules decide how the plugin is called.
      const body = `
// The domains in the default mode (validate) through the non-validating
// resolver, from the lab's root; the host trusting the validating one's AD bit.
object Host "lab-mail" {
  check_command = "dummy"
  vars.smtp_dane_domains = [ "good.test", "mismatch.test" ]
  vars.smtp_dane_resolver = ${icingaString(lab.plainResolver)}
  vars.smtp_dane_trust_anchor = ${icingaString(lab.trustAnchorFile)}
}
object Host "mx1.good.test" {
  check_command = "dummy"
  vars.smtp_dane_mx = true
  vars.smtp_dane_resolver = ${icingaString(lab.resolver)}
  vars.smtp_dane_dnssec = "resolver"
}
object Host "blackhole" {
  check_command = "dummy"
  vars.smtp_dane_resolver = ${icingaString(`127.0.0.1:${holePort}`)}
}
// The plugin's own deadline (-t 2) passes first: it reports what did not finish.
object Service "own-timeout" {
  host_name = "blackhole"
  check_command = "smtp_dane"
  vars.smtp_dane_domain = "timeout.test"
  vars.smtp_dane_timeout = 2
}
// Icinga's timeout passes first: it sends SIGTERM, the plugin answers at once.
// (Icinga 2.13 sends SIGKILL 0.1-0.5 s later; 5 s leaves a loaded machine time
// to have started the plugin and installed its handler.)
object Service "killed" {
  host_name = "blackhole"
  check_command = "smtp_dane"
  vars.smtp_dane_domain = "sigterm.test"
  vars.smtp_dane_timeout = 20
  check_timeout = 5s
}
`;
      daemon = await startIcinga2({ root, pluginDir: plugins, includes: ICINGA2_TEMPLATES, body });
      const since = Date.now() / 1000 - 1;
      await daemon.checkNow();
      results = await daemon.results([GOOD, MISMATCH, HOST, OWN_TIMEOUT, KILLED], since, 90_000);
    });

    after(async () => {
      blackhole?.close();
      await daemon?.stop();
      if (root) await rm(root, { recursive: true, force: true });
    });

    it('calls the plugin with the arguments the CheckCommand builds', () => {
      expect(results[GOOD]!.command).to.deep.equal([
        join(plugins, 'smtp-dane-verify'),
        'domain',
        'good.test',
        '--critical',
        '15:',
        '--port',
        '25',
        '--resolver',
        lab.plainResolver,
        '--timeout',
        '10',
        '--trust-anchor',
        lab.trustAnchorFile,
        '--warning',
        '20:',
      ]);
      expect(results[HOST]!.command.slice(1, 3)).to.deep.equal(['host', 'mx1.good.test']);
      expect(results[HOST]!.command.join(' ')).to.contain(`--dnssec resolver --port 25 --resolver ${lab.resolver} `);
    });

    it('good.test: OK (exit 0), status line, long output and perfdata recorded', () => {
      const r = results[GOOD]!;
      expect(r.exit_status, r.output).to.equal(0);
      expect(r.state).to.equal(0);
      // Icinga keeps the text before '|' as it is, a blank included: the plugin writes none (issue 14 finding 6).
      const [status, ...long] = r.output.split('\n').map((l, i) => (i === 0 ? l : l.trimEnd()));
      expect(status).to.match(/^SMTP DANE OK - good\.test: 2\/2 MX hosts and (\d+)\/\1 addresses DANE-verified$/);
      expect(long).to.include.members(['[OK] mx2.good.test (MX 20): verified: 1/1 addresses, 2 usable TLSA records']);
      expect(long.some((l) => /^\[OK\] mx1\.good\.test 127\.0\.25\.1: DANE-EE 3 1 1 matched at depth 0 \(TLSv1\.[23]\)$/.test(l))).to.equal(true);
      expect(long.some((l) => /^\[OK\] mx2\.good\.test 127\.0\.25\.2: DANE-TA 2 1 1 matched at depth 1, name mx2\.good\.test/.test(l))).to.equal(true);
      expect(r.output).not.to.contain('|');
      expect(r.performance_data).to.include.members(['mx_hosts=2;;;0', 'mx_verified=2;;;0;2', 'tlsa_usable=4;;;0']);
      expect(r.performance_data.find((p) => p.startsWith('cert_days_left='))).to.match(/^cert_days_left=\d+;20:;15:$/);
      expect(r.performance_data.find((p) => p.startsWith('duration='))).to.match(/^duration=\d+(\.\d+)?s;;;0$/);
      expect(r.performance_data).to.include('mx2.good.test_addresses_verified=1;;;0;1');
      // Icinga parsed every value: no label picked up stray spaces or quotes.
      for (const p of r.performance_data) expect(p).to.match(/^[a-z0-9_.]+=[-\dU.]+s?(;[^; ]*){0,4}$/);
    });

    it('mismatch.test: CRITICAL (exit 2), naming the host and the finding', () => {
      const r = results[MISMATCH]!;
      expect(r.exit_status, r.output).to.equal(2);
      expect(r.state).to.equal(2);
      const [status, ...long] = r.output.split('\n').map((l, i) => (i === 0 ? l : l.trimEnd()));
      expect(status).to.match(/^SMTP DANE CRITICAL - mismatch\.test: 1\/1 MX hosts not verified \(mx\.mismatch\.test: certificate matches none of 2 usable TLSA records\)$/);
      expect(long[0]).to.equal('[CRITICAL] mx.mismatch.test (MX 10): failed: 0/1 addresses verified');
      expect(r.performance_data).to.include.members(['mx_hosts=1;;;0', 'mx_verified=0;;;0;1']);
    });

    it('smtp_dane_host on mx1.good.test: OK (exit 0)', () => {
      const r = results[HOST]!;
      expect(r.exit_status, r.output).to.equal(0);
      expect(r.output.split('\n')[0]).to.match(/^SMTP DANE OK - mx1\.good\.test: (\d+)\/\1 addresses DANE-verified$/);
      expect(r.performance_data.map((p) => p.split('=')[0])).to.deep.equal([
        'addresses',
        'addresses_verified',
        'tlsa_usable',
        'cert_days_left',
        // --dnssec resolver: the RRSIGs unbound sent with the A, AAAA and TLSA answers (the lab signs for 30 days).
        'rrsig_days_left',
        'duration',
      ]);
      expect(r.performance_data.find((p) => p.startsWith('rrsig_days_left='))).to.match(/^rrsig_days_left=(2[5-9]|30)(\.\d+)?;6(\.\d+)?:;3(\.\d+)?:$/);
    });

    it("the plugin's own timeout: UNKNOWN (exit 3), naming what did not finish", () => {
      const r = results[OWN_TIMEOUT]!;
      expect(r.exit_status, r.output).to.equal(3);
      expect(r.state).to.equal(3);
      const [status, ...long] = r.output.split('\n').map((l) => l.trimEnd());
      expect(status).to.equal('SMTP DANE UNKNOWN - timeout.test: 1 probe not finished before the time limit: DNS timeout.test/MX');
      expect(long[0]).to.equal('[UNKNOWN] 1 probe not finished before the time limit: DNS timeout.test/MX');
      // Well before Icinga's own timeout (30 s); Node's start-up on a loaded machine adds to -t.
      expect(r.execution_end - r.execution_start).to.be.below(5);
      expect(r.performance_data).to.include('cert_days_left=U;20:;15:');
    });

    it("Icinga's timeout: SIGTERM makes the plugin print an UNKNOWN line at once", () => {
      const r = results[KILLED]!;
      expect(r.state, r.output).to.equal(3);
      // Icinga writes its marker first, then what the plugin printed after SIGTERM
      // (a plugin without a handler shows "<Terminated by signal 15 ...>" instead).
      expect(r.output).to.equal('<Timeout exceeded.>SMTP DANE UNKNOWN - terminated by SIGTERM before the check finished');
      expect(r.execution_end - r.execution_start).to.be.within(5, 5.5);
    });
  });
});
