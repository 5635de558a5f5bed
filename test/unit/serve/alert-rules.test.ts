// The shipped Prometheus alerting rules, run by promtool's own rule tests on
// series as the service writes them: certificate expiry alerts with the state
// the verdict decided, so an expired leaf only DANE-EE authenticated is a
// warning there as in the Nagios plugin (issue 14 finding 7).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onPath, skipOrFail } from '../../support/require-tool.ts';

const RULES = new URL('../../../templates/prometheus/smtp-dane-rules.yml', import.meta.url).pathname;

/** One MX host's smtp_dane_verify_host_cert_expiry_state state set, `current` at 1. */
function series(mx: string, current: string): string {
  return ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN']
    .map((state) => `      - series: 'smtp_dane_verify_host_cert_expiry_state{domain="example.org",mx="${mx}",state="${state}"}'\n        values: '${state === current ? 1 : 0}x5'`)
    .join('\n');
}

const TESTS = `rule_files:
  - ${JSON.stringify(RULES)}
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
${series('ee.example.org', 'WARNING')}
${series('ta.example.org', 'CRITICAL')}
${series('ok.example.org', 'OK')}
    alert_rule_test:
      - eval_time: 2m
        alertname: SmtpDaneCertificateExpiresSoon
        exp_alerts:
          - exp_labels: { severity: warning, domain: example.org, mx: ee.example.org, state: WARNING }
            exp_annotations:
              summary: 'A certificate of ee.example.org expires within 20 days or has expired (WARNING)'
              description: 'WARNING within 20 days, CRITICAL within 15; a certificate only DANE-EE authenticated stays WARNING: DANE senders still deliver, senders that check PKIX (e.g. under MTA-STS) fail. smtp_dane_verify_host_earliest_cert_expiry_timestamp_seconds has the date.'
          - exp_labels: { severity: critical, domain: example.org, mx: ta.example.org, state: CRITICAL }
            exp_annotations:
              summary: 'A certificate of ta.example.org expires within 20 days or has expired (CRITICAL)'
              description: 'WARNING within 20 days, CRITICAL within 15; a certificate only DANE-EE authenticated stays WARNING: DANE senders still deliver, senders that check PKIX (e.g. under MTA-STS) fail. smtp_dane_verify_host_earliest_cert_expiry_timestamp_seconds has the date.'
  - interval: 1m
    input_series:
      - series: 'smtp_dane_verify_address_not_tested{domain="example.org",mx="mx.example.org",address="2001:db8::25",family="ipv6"}'
        values: '1x20'
      - series: 'smtp_dane_verify_address_not_tested{domain="example.org",mx="mx.example.org",address="192.0.2.25",family="ipv4"}'
        values: '0x20'
    alert_rule_test:
      - eval_time: 16m
        alertname: SmtpDaneAddressNotTested
        exp_alerts:
          - exp_labels: { severity: warning, domain: example.org, mx: mx.example.org, address: '2001:db8::25', family: ipv6 }
            exp_annotations:
              summary: '2001:db8::25 of MX host mx.example.org cannot be tested from this monitoring host'
              description: 'The connection failed before reaching the network (no route or no address of its family): check with -4, or give this host (or its container) IPv6.'
`;

describe('templates/prometheus/smtp-dane-rules.yml (promtool test rules)', function () {
  this.timeout(30_000);

  it('alerts on certificate expiry with the severity the verdict decided, and on an address this host cannot test', async function () {
    if (!(await onPath('promtool'))) skipOrFail(this, 'promtool is not installed (Debian: prometheus)');
    const dir = await mkdtemp(join(tmpdir(), 'rules-'));
    try {
      const file = join(dir, 'tests.yml');
      await writeFile(file, TESTS);
      const r = await promisify(execFile)('promtool', ['test', 'rules', file]).catch((e: { stdout: string; stderr: string }) => e);
      expect(`${r.stdout}${r.stderr}`).to.contain('SUCCESS');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
