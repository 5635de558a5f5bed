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
// Every lab scenario means SCENARIOS and MTA_SCENARIOS (the other MTAs and
// set-ups of issue 17) alike: MATRIX_SCENARIOS. Two of the latter need the run
// to be arranged, and say so in their rows:
//   throttle.test  a server that takes one session per client at a time (and
//                  2 per 10 s). Every integration checks it within seconds of
//                  the others, so which of them the server refuses is a race.
//                  The matrix makes the refusal certain instead: another client
//                  from the monitoring host's address (as a busy outbound MTA on
//                  the same machine would) holds the only slot for the whole run
//                  (heldSlot). Every system must then show the temporary refusal
//                  (tried twice, RFC 5321 §4.2.5) as WARNING / indeterminate, never
//                  as an outage. The free server's verified path is
//                  test/e2e/other-mtas.test.ts.
//   nov6.test      an MX host with a global AAAA (2001:db8::25) besides its
//                  loopback A: a monitoring host without IPv6 cannot test it
//                  (not-tested, WARNING). The matrix runs in a loopback-only
//                  network namespace (npm run test:matrix: unshare -n), which is
//                  exactly such a host, and refuses to start anywhere else, so
//                  nothing is ever sent beyond loopback. test/e2e/no-ipv6.test.ts
//                  keeps the plugin's detail (the reason, the -4 hint).
//
// A cell that is wrong today carries `knownWrong`: the issue finding that will
// fix it and what main shows meanwhile. The test then expects either the right
// value (the fix landed: remove the mark) or exactly the recorded wrong one
// (shown as pending); anything else fails.
import type { DaneState } from '../../src/verdict/dane-state.ts';
import { MTA_SCENARIOS, SCENARIOS, type Scenario } from '../lab/scenarios.ts';
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

/** The matrix's rows, in this order: every lab scenario. */
export const MATRIX_SCENARIOS: readonly Scenario[] = [...SCENARIOS, ...MTA_SCENARIOS];

export interface Expectation {
  domain: string;
  /** Equals scenarios.ts's, unless the row has a heldSlot. */
  state: DaneState;
  /**
   * A server address whose one session per client another client from this
   * host holds during the whole run (test/lab/smtp-hold.ts): the states are
   * those of its temporary refusal, not scenarios.ts's.
   */
  heldSlot?: string;
  /** Per-MX dane_state, when a heldSlot makes it differ from scenarios.ts's. */
  hostStates?: Record<string, DaneState>;
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
const mxPartly = (mx: string): ZabbixProblem => `WARNING: SMTP DANE: MX ${mx} is only partly DANE-verified`;
const certCrit = (mx: string): ZabbixProblem => `AVERAGE: SMTP DANE: Certificate of MX ${mx} expires in less than 15 days`;
const sigSoon = (d: string): ZabbixProblem => `WARNING: SMTP DANE: A DNSSEC signature of ${d}'s DANE answers expires soon`;
const sigAboutToExpire = (d: string): ZabbixProblem => `AVERAGE: SMTP DANE: A DNSSEC signature of ${d}'s DANE answers is about to expire`;
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
  // One certificate per key algorithm (issue 16): the host holding one that TLSA does not cover is partial.
  { domain: 'dualalgo.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  { domain: 'rsaonlyalgo.test', state: 'partial', plugin: 'CRITICAL', zabbix: [mxPartly('mx.rsaonlyalgo.test')], prometheus: notVerified('mx.rsaonlyalgo.test') },
  { domain: 'trioalgo.test', state: 'partial', plugin: 'CRITICAL', zabbix: [mxPartly('mx.trioalgo.test')], prometheus: notVerified('mx.trioalgo.test') },
  { domain: 'tanotsent.test', state: 'failed', plugin: 'CRITICAL', zabbix: [noMxVerified('tanotsent.test')], prometheus: notVerified('mx.tanotsent.test') },
  // Rollover readiness (RFC 7671 §8.1): only the plugin's state shows it (TLSA_ROLLOVER_NOT_READY, WARNING); no trigger or alert rule.
  { domain: 'rollnext.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  { domain: 'rollissuer.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  { domain: 'rollsame.test', state: 'verified', plugin: 'WARNING', zabbix: [], prometheus: [] },
  {
    domain: 'tashort.test',
    state: 'verified',
    // The DANE-TA chain's intermediate expires in 17 days: its dates matter, -w 20: alerts.
    plugin: 'WARNING',
    zabbix: [certWarn('mx.tashort.test')],
    prometheus: [expiresSoon('mx.tashort.test')],
  },
  // DNSSEC signature expiry: shares of each signature's validity; Prometheus has no rule for it (the series are there).
  { domain: 'sigwarn.test', state: 'verified', plugin: 'WARNING', zabbix: [sigSoon('sigwarn.test')], prometheus: [] },
  { domain: 'sigttl.test', state: 'verified', plugin: 'CRITICAL', zabbix: [sigAboutToExpire('sigttl.test')], prometheus: [] },
  { domain: 'sigonline.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  // --- the other MTAs and set-ups (MTA_SCENARIOS, issue 17)
  { domain: 'postscreen.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  { domain: 'tls12.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  {
    domain: 'throttle.test',
    // The server refuses every session for now (421, also when tried again a second later):
    // DANE can be neither confirmed nor ruled out.
    heldSlot: '127.0.25.32',
    state: 'indeterminate',
    hostStates: { 'mx.throttle.test': 'indeterminate' },
    plugin: 'WARNING',
    zabbix: ['WARNING: SMTP DANE: DANE state of throttle.test is indeterminate', 'WARNING: SMTP DANE: DANE state of MX mx.throttle.test is indeterminate'],
    prometheus: ['warning: SmtpDaneIndeterminate', 'warning: SmtpDaneHostNotVerified mx.throttle.test'],
  },
  { domain: 'exim-ee.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  { domain: 'exim-ta.test', state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] },
  {
    domain: 'nov6.test',
    state: 'verified',
    // 127.0.25.1 verified, 2001:db8::25 not tested here: the host stays verified, the
    // monitoring host's blind spot is a WARNING in every system.
    plugin: 'WARNING',
    zabbix: ['WARNING: SMTP DANE: MX mx.nov6.test address 2001:db8::25 cannot be tested from this host'],
    prometheus: ['warning: SmtpDaneAddressNotTested mx.nov6.test'],
  },
];

/** The row of a domain; throws on a scenario the table forgot. */
export function expectation(domain: string): Expectation {
  const row = EXPECTED.find((e) => e.domain === domain);
  if (!row) throw new Error(`test/matrix/expected-states.ts has no row for the lab scenario ${domain}`);
  return row;
}
