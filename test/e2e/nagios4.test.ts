// Proof by the real consumer: Debian's Nagios 4 accepts the shipped command
// definitions and example (and rejects a broken copy), and a running Nagios 4
// executes the built plugin through them against the lab and records the
// state, output and perfdata in status.dat.
import { expect } from 'chai';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  NAGIOS4,
  NAGIOS_TEMPLATES,
  PLUGIN,
  missingDaemon,
  nagios4Verify,
  pluginDir,
  startNagios4,
  tempDir,
  withBrokenCopy,
  type Nagios4Daemon,
  type NagiosServiceStatus,
} from '../support/monitoring-daemons.ts';
import { useLab } from './lab-hooks.ts';
import { suiteNeeding } from '../support/require-tool.ts';
import { resolverModeArgs, validateArgs } from '../support/lab-dnssec.ts';

const missing = missingDaemon(NAGIOS4, 'nagios4-core');

suiteNeeding(missing, 'e2e: Nagios 4 with templates/nagios', function () {
  this.timeout(180_000);

  describe('nagios4 -v', () => {
    it('accepts the command definitions and the example host and services', async () => {
      const r = await nagios4Verify(NAGIOS_TEMPLATES);
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.contain('Checked 2 services.');
      expect(r.stdout).to.match(/Total Errors:\s+0/);
    });

    const BREAKS: [string, (cfg: string) => string, RegExp][] = [
      ['a misspelt directive', (c) => c.replace('command_line ', 'command_lin '), /Invalid command object directive 'command_lin'/],
      ['a command renamed away from its services', (c) => c.replace(/command_name(\s+)check_smtp_dane_host/, 'command_name$1check_smtp_dane_hots'), /check_smtp_dane_host/],
    ];
    for (const [what, breakIt, message] of BREAKS) {
      it(`rejects a copy with ${what}`, async () => {
        const r = await withBrokenCopy(NAGIOS_TEMPLATES[0]!, breakIt, (file) => nagios4Verify([file, NAGIOS_TEMPLATES[1]!]));
        expect(r.code).to.equal(1);
        expect(r.stdout + r.stderr).to.match(message);
      });
    }
  });

  describe('a running Nagios 4 checks the lab through the command definitions', () => {
    let root: string;
    let daemon: Nagios4Daemon | null = null;
    let services: Record<string, NagiosServiceStatus>;

    before(async () => {
      const lab = await useLab();
      // Nagios runs the plugin with its own environment: the DNSSEC settings are options in $ARGn$.
      // The domains in the default mode through the non-validating resolver, the host in the resolver mode.
      const validate = validateArgs(lab).join(' ');
      const resolverMode = resolverModeArgs(lab).join(' ');
      root = await tempDir('nagios4-e2e-');
      const plugins = await pluginDir(root, PLUGIN);
      // Hosts and services of the test; the commands are the shipped ones.
      const objects = join(root, 'lab.cfg');
      const host = (name: string) => `define host {
    use                     generic-host
    host_name               ${name}
    address                 127.0.0.1
    max_check_attempts      1
    check_period            24x7
    contact_groups          admins
}
`;
      const service = (hostName: string, description: string, command: string) => `define service {
    use                     generic-service
    host_name               ${hostName}
    service_description     ${description}
    check_command           ${command}
    max_check_attempts      1
    check_interval          3600
    notification_interval   0
}
`;
      await writeFile(
        objects,
        [
          host('lab-mail'),
          host('mx1.good.test'),
          service('lab-mail', 'SMTP DANE good.test', `check_smtp_dane!good.test!${validate}`),
          service('lab-mail', 'SMTP DANE mismatch.test', `check_smtp_dane!mismatch.test!${validate} -w 30: -c 7:`),
          service('mx1.good.test', 'SMTP DANE host', `check_smtp_dane_host!${resolverMode}`),
        ].join('\n'),
      );
      daemon = await startNagios4({ root, pluginDir: plugins, objectFiles: [NAGIOS_TEMPLATES[0]!, objects] });
      services = await daemon.services(['SMTP DANE good.test', 'SMTP DANE mismatch.test', 'SMTP DANE host'], 90_000);
    });

    after(async () => {
      await daemon?.stop();
      if (root) await rm(root, { recursive: true, force: true });
    });

    it('good.test: OK (0), status line, long output and perfdata in status.dat', () => {
      const s = services['SMTP DANE good.test']!;
      expect(s.current_state, s.plugin_output).to.equal(0);
      expect(s.plugin_output).to.match(/^SMTP DANE OK - good\.test: 2\/2 MX hosts and (\d+)\/\1 addresses DANE-verified$/);
      const long = s.long_plugin_output.split('\n');
      expect(long).to.include('[OK] mx2.good.test (MX 20): verified: 1/1 addresses, 2 usable TLSA records');
      expect(long.some((l) => /^\[OK\] mx1\.good\.test 127\.0\.25\.1: DANE-EE 3 1 1 matched at depth 0/.test(l))).to.equal(true);
      const perf = s.performance_data.split(' ');
      expect(perf).to.include.members(['mx_hosts=2;;;0', 'mx_verified=2;;;0;2', 'mx2.good.test_addresses_verified=1;;;0;1']);
      expect(perf.find((p) => p.startsWith('cert_days_left='))).to.match(/^cert_days_left=\d+;20:;15:$/);
    });

    it('mismatch.test: CRITICAL (2), with the -w/-c given through $ARG2$ in its perfdata', () => {
      const s = services['SMTP DANE mismatch.test']!;
      expect(s.current_state, s.plugin_output).to.equal(2);
      expect(s.plugin_output).to.match(/^SMTP DANE CRITICAL - mismatch\.test: 1\/1 MX hosts not verified \(mx\.mismatch\.test: certificate matches none of 2 usable TLSA records\)$/);
      expect(s.long_plugin_output.split('\n')[0]).to.equal('[CRITICAL] mx.mismatch.test (MX 10): failed: 0/1 addresses verified');
      expect(s.performance_data).to.match(/(^| )cert_days_left=\d+;30:;7:( |$)/);
    });

    it('check_smtp_dane_host checks the Nagios host by its name: OK (0)', () => {
      const s = services['SMTP DANE host']!;
      expect(s.current_state, s.plugin_output).to.equal(0);
      expect(s.plugin_output).to.match(/^SMTP DANE OK - mx1\.good\.test: (\d+)\/\1 addresses DANE-verified$/);
    });
  });
});
