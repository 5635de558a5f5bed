// The matrix's one table: for every lab scenario, what each monitoring system
// must show with the shipped templates and default settings. test/matrix/
// matrix.test.ts runs every scenario through every integration and compares
// each cell with this table; the state tables in README.md, docs/nagios.md,
// docs/zabbix.md and docs/serve.md are rendered from it (state-table.ts) and a
// test keeps them equal.
//
// Per scenario:
//   state       the domain's dane_state (must equal test/lab/scenarios.ts).
//               Zabbix's dane.domain.state item and Prometheus'
//               smtp_dane_verify_dane_state{state=…} == 1 carry it; the per-MX
//               items and series carry scenarios.ts's host states.
//   plugin      the Nagios plugin's state (exit code), which Icinga 2 and
//               Nagios 4 must record, with the shipped CheckCommand / command.
//   zabbix      the problems open on a host linked to either shipped template,
//               "PRIORITY: trigger name" with macros expanded.
//   prometheus  the alerts of templates/prometheus/smtp-dane-rules.yml that are
//               pending or firing for the domain, "severity: alertname [mx]".
//
// A cell that is wrong today carries `knownWrong`: the issue finding that will
// fix it and what main shows meanwhile. The test then expects either the right
// value (the fix landed: remove the mark) or exactly the recorded wrong one
// (shown as pending); anything else fails.
import type { DaneState } from '../../src/verdict/dane-state.ts';
import type { ServiceState } from '../../src/verdict/exit-status.ts';

export type ZabbixPriority = 'DISASTER' | 'HIGH' | 'AVERAGE' | 'WARNING' | 'INFO';
export type ZabbixProblem = `${ZabbixPriority}: ${string}`;
export type PrometheusAlert = `${'critical' | 'warning' | 'info'}: ${string}`;

/** The cells of one row that can be marked known-wrong. */
export type Cell = 'plugin' | 'statusLine' | 'zabbix' | 'zabbixDiscovery' | 'prometheus';

export interface KnownWrong {
  /** Where the fix is tracked, e.g. "issue 14 finding 7". */
  finding: string;
  /** What main shows today instead (same shape as the cell). */
  today: unknown;
}

export interface Expectation {
  domain: string;
  state: DaneState;
  plugin: ServiceState;
  zabbix: ZabbixProblem[];
  prometheus: PrometheusAlert[];
  /**
   * MX hosts Zabbix discovers (dane.mx.state[…] items). Default: the
   * scenario's hosts; none when the MX RRset failed validation (issue 14 finding 2).
   */
  zabbixDiscovers?: string[];
  knownWrong?: Partial<Record<Cell, KnownWrong>>;
}

// Small builders keep the rows readable.
const noMxVerified = (d: string): ZabbixProblem => `HIGH: SMTP DANE: No MX host of ${d} is DANE-verified`;
const notProtected = (d: string): ZabbixProblem => `WARNING: SMTP DANE: ${d} is not protected by DANE`;
const mxFails = (mx: string): ZabbixProblem => `AVERAGE: SMTP DANE: MX ${mx} fails DANE`;
const certCrit = (mx: string): ZabbixProblem => `AVERAGE: SMTP DANE: Certificate of MX ${mx} expires in less than 15 days`;
const certWarn = (mx: string): ZabbixProblem => `WARNING: SMTP DANE: Certificate of MX ${mx} expires in less than 20 days`;
/** Every alert the shipped rules raise for a domain that is not verified, with the hosts that are not. */
const notVerified = (...mx: string[]): PrometheusAlert[] => [
  'critical: SmtpDaneNotVerified',
  'critical: SmtpDaneProbeFailed',
  ...mx.map((m): PrometheusAlert => `warning: SmtpDaneHostNotVerified ${m}`),
];
/** The expiry alert's severity is the state the verdict decided (smtp_dane_verify_host_cert_expiry_state). */
const expiresSoon = (mx: string, severity: 'warning' | 'critical' = 'warning'): PrometheusAlert => `${severity}: SmtpDaneCertificateExpiresSoon ${mx}`;

const hosts = (prefix: string, zone: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}.${zone}`);

export const EXPECTED: readonly Expectation[] = [
  { domain: 'good.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  {
    domain: 'partial.test',
    state: 'partial',
    plugin: 'CRITICAL',
    zabbix: [mxFails('mx2.partial.test')],
    prometheus: notVerified('mx2.partial.test'),
  },
  { domain: 'mismatch.test', state: 'failed', plugin: 'CRITICAL', zabbix: [noMxVerified('mismatch.test')], prometheus: notVerified('mx.mismatch.test') },
  {
    domain: 'nostarttls.test',
    state: 'failed',
    plugin: 'CRITICAL',
    zabbix: [noMxVerified('nostarttls.test')],
    prometheus: notVerified('mx.nostarttls.test'),
  },
  {
    domain: 'unsigned.test',
    state: 'insecure',
    plugin: 'CRITICAL',
    zabbix: [notProtected('unsigned.test')],
    prometheus: notVerified('mx.unsigned.test'),
  },
  {
    domain: 'expired.test',
    state: 'bogus',
    plugin: 'CRITICAL',
    zabbix: [noMxVerified('expired.test')],
    prometheus: notVerified('mx.expired.test'),
    zabbixDiscovers: [],
  },
  {
    domain: 'badds.test',
    state: 'bogus',
    plugin: 'CRITICAL',
    zabbix: [noMxVerified('badds.test')],
    prometheus: notVerified('mx.badds.test'),
    zabbixDiscovers: [],
  },
  {
    domain: 'tlsabogus.test',
    state: 'bogus',
    plugin: 'CRITICAL',
    zabbix: [noMxVerified('tlsabogus.test')],
    prometheus: notVerified('mx.tlsabogus.test'),
  },
  {
    domain: 'notlsa.test',
    state: 'no-tlsa',
    plugin: 'CRITICAL',
    zabbix: [notProtected('notlsa.test')],
    prometheus: notVerified('mx.notlsa.test'),
  },
  {
    domain: 'unusable.test',
    state: 'unusable-tlsa',
    plugin: 'CRITICAL',
    zabbix: [notProtected('unusable.test')],
    prometheus: notVerified('mx.unusable.test'),
  },
  {
    domain: 'nullmx.test',
    state: 'null-mx',
    plugin: 'WARNING',
    zabbix: ['INFO: SMTP DANE: nullmx.test publishes a Null MX'],
    prometheus: ['info: SmtpDaneNullMx'],
  },
  { domain: 'implicit.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  { domain: 'cname.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  {
    domain: 'unreachable.test',
    state: 'unreachable',
    plugin: 'CRITICAL',
    zabbix: [noMxVerified('unreachable.test')],
    prometheus: notVerified('mx.unreachable.test'),
  },
  {
    domain: 'wrongname.test',
    state: 'failed',
    plugin: 'CRITICAL',
    zabbix: [noMxVerified('wrongname.test')],
    prometheus: notVerified('mx.wrongname.test'),
  },
  {
    domain: 'eeexpired.test',
    state: 'verified',
    // RFC 7672 §3.1.1: DANE-EE ignores dates, DANE mail flows; only PKIX-checking senders fail.
    plugin: 'WARNING',
    zabbix: [certWarn('mx.eeexpired.test')],
    prometheus: [expiresSoon('mx.eeexpired.test')],
  },
  {
    domain: 'taexpired.test',
    state: 'failed',
    plugin: 'CRITICAL',
    zabbix: [noMxVerified('taexpired.test'), certCrit('mx.taexpired.test')],
    // The leaf's expiry counts (DANE-TA checks dates): CRITICAL, as in the plugin.
    prometheus: [...notVerified('mx.taexpired.test'), expiresSoon('mx.taexpired.test', 'critical')],
  },
  {
    domain: 'insecurehost.test',
    state: 'insecure',
    plugin: 'CRITICAL',
    zabbix: [notProtected('insecurehost.test')],
    prometheus: notVerified('mx.unsigned.test'),
  },
  {
    domain: 'lame.test',
    state: 'indeterminate',
    plugin: 'UNKNOWN',
    zabbix: ['WARNING: SMTP DANE: DANE state of lame.test is indeterminate'],
    prometheus: ['warning: SmtpDaneIndeterminate'],
  },
  { domain: 'multi.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  {
    domain: 'slow.test',
    state: 'unreachable',
    plugin: 'CRITICAL',
    zabbix: [noMxVerified('slow.test')],
    prometheus: notVerified(...hosts('mx', 'slow.test', 8)),
  },
  {
    domain: 'hostile.test',
    state: 'unreachable',
    plugin: 'CRITICAL',
    zabbix: [noMxVerified('hostile.test')],
    prometheus: notVerified(...hosts('h', 'hostile.test', 16)),
  },
  { domain: 'matchtypes.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  { domain: 'mixedtlsa.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  { domain: 'tanotsent.test', state: 'failed', plugin: 'CRITICAL', zabbix: [noMxVerified('tanotsent.test')], prometheus: notVerified('mx.tanotsent.test') },
];

/** The row of a domain; throws on a scenario the table forgot. */
export function expectation(domain: string): Expectation {
  const row = EXPECTED.find((e) => e.domain === domain);
  if (!row) throw new Error(`test/matrix/expected-states.ts has no row for the lab scenario ${domain}`);
  return row;
}
