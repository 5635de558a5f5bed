// The shipped Prometheus alerting rules, run by promtool's own rule tests on
// series as the service writes them: one alert per check for the state the
// verdict decided (src/render/state-mapping.ts: CRITICAL → SmtpDaneCritical,
// WARNING → SmtpDaneWarning, UNKNOWN → SmtpDaneUnknown), whatever the DANE
// state, so "partial" made a WARNING with --severity is a warning here as in
// Nagios and Zabbix; per host, address and certificate only detail (info).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onPath, skipOrFail } from '../../support/require-tool.ts';

const RULES = new URL('../../../templates/prometheus/smtp-dane-rules.yml', import.meta.url).pathname;

/** A decided-state set (OK … UNKNOWN), `current` at 1, for `n` minutes. */
function stateSet(family: string, labels: string, current: string, n = 5): string {
  return ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN']
    .map((state) => `      - series: '${family}{${labels}${labels ? ',' : ''}state="${state}"}'\n        values: '${state === current ? 1 : 0}x${n}'`)
    .join('\n');
}

/** One MX host's smtp_dane_verify_host_cert_expiry_state state set. */
const series = (mx: string, current: string) => stateSet('smtp_dane_verify_host_cert_expiry_state', `domain="example.org",mx="${mx}"`, current);

const DESCRIPTIONS = {
  critical:
    'Senders that enforce DANE (RFC 7672) may defer mail: e.g. no MX host authenticated with its TLSA records, DNSSEC validation failed, DANE does not apply, or a certificate expires. smtp_dane_verify_dane_state says which; POST /verify/ (or ?format=text) lists the findings.',
  unknown:
    'A DNS lookup failed without proof (timeout, SERVFAIL, REFUSED) or a server did not answer within the time limit: DANE can be neither confirmed nor ruled out. Look at the resolver and --check-timeout, or POST /verify/ for the findings.',
};

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
          - exp_labels: { severity: info, domain: example.org, mx: ee.example.org, state: WARNING }
            exp_annotations:
              summary: 'A certificate of ee.example.org expires within 20 days or has expired (WARNING)'
              description: 'WARNING within 20 days, CRITICAL within 15; a certificate only DANE-EE authenticated stays WARNING: DANE senders still deliver, senders that check PKIX (e.g. under MTA-STS) fail. smtp_dane_verify_host_earliest_cert_expiry_timestamp_seconds has the date.'
          - exp_labels: { severity: info, domain: example.org, mx: ta.example.org, state: CRITICAL }
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
          - exp_labels: { severity: info, domain: example.org, mx: mx.example.org, address: '2001:db8::25', family: ipv6 }
            exp_annotations:
              summary: '2001:db8::25 of MX host mx.example.org cannot be tested from this monitoring host'
              description: 'The connection failed before reaching the network (no route or no address of its family): check with -4, or give this host (or its container) IPv6.'
  # The judged state, whatever the DANE state: partial.example judged WARNING (MX_HOSTS_PARTIAL=warning)
  # while its failing host stays CRITICAL; a host check (no domain label) raises the state alert itself.
  - interval: 1m
    input_series:
${stateSet('smtp_dane_verify_service_state', 'job="smtp-dane-verify",domain="partial.example"', 'WARNING', 20)}
${stateSet('smtp_dane_verify_host_service_state', 'job="smtp-dane-verify",domain="partial.example",mx="mx2.partial.example"', 'CRITICAL', 20)}
${stateSet('smtp_dane_verify_host_service_state', 'job="smtp-dane-verify",domain="partial.example",mx="mx1.partial.example"', 'OK', 20)}
${stateSet('smtp_dane_verify_service_state', 'job="smtp-dane-verify",domain="failed.example"', 'CRITICAL', 20)}
${stateSet('smtp_dane_verify_service_state', 'job="smtp-dane-verify",domain="lame.example"', 'UNKNOWN', 20)}
${stateSet('smtp_dane_verify_host_service_state', 'job="smtp-dane-probe-host",instance="mx.host.example",mx="mx.host.example"', 'CRITICAL', 20)}
    alert_rule_test:
      - eval_time: 16m
        alertname: SmtpDaneWarning
        exp_alerts:
          - exp_labels: { severity: warning, job: smtp-dane-verify, domain: partial.example, state: WARNING }
            exp_annotations:
              summary: 'The DANE check of partial.example is WARNING'
              description: 'Mail flows, but something needs attention: e.g. a certificate only DANE-EE authenticates expires, a temporary refusal, an address this host cannot test, a Null MX, or a finding set to warning with --severity. POST /verify/ (or ?format=text) lists the findings.'
      - eval_time: 16m
        alertname: SmtpDaneCritical
        exp_alerts:
          - exp_labels: { severity: critical, job: smtp-dane-verify, domain: failed.example, state: CRITICAL }
            exp_annotations:
              summary: 'The DANE check of failed.example is CRITICAL'
              description: '${DESCRIPTIONS.critical}'
          - exp_labels: { severity: critical, job: smtp-dane-probe-host, instance: mx.host.example, mx: mx.host.example, state: CRITICAL }
            exp_annotations:
              summary: 'The DANE check of mx.host.example is CRITICAL'
              description: '${DESCRIPTIONS.critical}'
      - eval_time: 16m
        alertname: SmtpDaneUnknown
        exp_alerts:
          - exp_labels: { severity: warning, job: smtp-dane-verify, domain: lame.example, state: UNKNOWN }
            exp_annotations:
              summary: 'The DANE check of lame.example could not decide (UNKNOWN)'
              description: '${DESCRIPTIONS.unknown}'
      - eval_time: 16m
        alertname: SmtpDaneHostNotOk
        exp_alerts:
          - exp_labels: { severity: info, job: smtp-dane-verify, domain: partial.example, mx: mx2.partial.example, state: CRITICAL }
            exp_annotations:
              summary: 'MX host mx2.partial.example of partial.example is CRITICAL'
`;

describe('templates/prometheus/smtp-dane-rules.yml (promtool test rules)', function () {
  this.timeout(30_000);

  it('one alert for the state the verdict decided (critical, warning, unknown → warning); host, address and certificate as detail (info)', async function () {
    if (!(await onPath('promtool'))) skipOrFail(this, 'promtool is not installed (Debian: prometheus)');
    const dir = await mkdtemp(join(tmpdir(), 'rules-'));
    try {
      const file = join(dir, 'tests.yml');
      await writeFile(file, TESTS);
      const r = await promisify(execFile)('promtool', ['test', 'rules', file]).catch((e: { stdout: string; stderr: string }) => e);
      expect(`${r.stdout}${r.stderr}`, `${r.stdout}${r.stderr}`).to.contain('SUCCESS');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
