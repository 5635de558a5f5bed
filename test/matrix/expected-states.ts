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
// One state in every system: Zabbix and Prometheus key on the state the check
// decided (src/render/state-mapping.ts), so each row's zabbix and prometheus
// cells hold exactly one state-bearing problem and alert, the plugin's state
// mapped (none for OK), built by judged() below; everything else in them is
// detail at INFO / info (which MX host, address or certificate).
// state-table.test.ts checks every row for it, without daemons.
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
import { PROMETHEUS_ALERT, ZABBIX_PRIORITY } from '../../src/render/state-mapping.ts';

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

/** The domain's one problem in Zabbix for the plugin's state (none for OK). */
export function stateProblem(domain: string, plugin: ServiceState): ZabbixProblem[] {
  return plugin === 'OK' ? [] : [`${ZABBIX_PRIORITY[plugin]}: SMTP DANE: DANE check of ${domain} is ${plugin}`];
}

/** The domain's one alert in Prometheus for the plugin's state (none for OK). */
export function stateAlert(plugin: ServiceState): PrometheusAlert[] {
  return plugin === 'OK' ? [] : [`${PROMETHEUS_ALERT[plugin].severity}: ${PROMETHEUS_ALERT[plugin].alert}`];
}

interface Detail {
  /** MX hosts whose own judged state is not OK. */
  hosts?: string[];
  /** MX hosts with a certificate the check judged WARNING or CRITICAL. */
  certs?: string[];
  /** [MX host, address] this monitoring host cannot test. */
  notTested?: [string, string][];
  /** [MX host, address, key algorithm] whose certificate TLSA does not cover, beside a covered one (issue 16). */
  uncovered?: [string, string, string][];
  /** The judged DNSSEC signature expiry state, when not OK (Zabbix detail; Prometheus has no rule for it). */
  signatures?: 'WARNING' | 'CRITICAL';
  /** Zabbix discovers no MX host (the MX RRset failed validation): no per-MX problems there. */
  undiscovered?: true;
}

/** The zabbix and prometheus cells: the state, then the detail (INFO / info). */
function judged(domain: string, plugin: ServiceState, d: Detail = {}): Pick<Expectation, 'zabbix' | 'prometheus'> {
  const discovered = !d.undiscovered;
  return {
    zabbix: [
      ...stateProblem(domain, plugin),
      ...(discovered ? (d.hosts ?? []).map((mx): ZabbixProblem => `INFO: SMTP DANE: MX ${mx} is not OK`) : []),
      ...(discovered ? (d.certs ?? []).map((mx): ZabbixProblem => `INFO: SMTP DANE: Certificate of MX ${mx} expires soon or has expired`) : []),
      ...(d.notTested ?? []).map(([mx, addr]): ZabbixProblem => `INFO: SMTP DANE: MX ${mx} address ${addr} cannot be tested from this host`),
      ...(d.uncovered ?? []).map(([mx, addr, alg]): ZabbixProblem => `INFO: SMTP DANE: MX ${mx} address ${addr}: ${alg} certificate not covered by TLSA`),
      ...(d.signatures === 'WARNING' ? [`INFO: SMTP DANE: A DNSSEC signature of ${domain}'s DANE answers expires soon` as const] : []),
      ...(d.signatures === 'CRITICAL' ? [`INFO: SMTP DANE: A DNSSEC signature of ${domain}'s DANE answers is about to expire` as const] : []),
    ],
    prometheus: [
      ...stateAlert(plugin),
      ...(d.hosts ?? []).map((mx): PrometheusAlert => `info: SmtpDaneHostNotOk ${mx}`),
      ...(d.certs ?? []).map((mx): PrometheusAlert => `info: SmtpDaneCertificateExpiresSoon ${mx}`),
      ...(d.notTested ?? []).map(([mx]): PrometheusAlert => `info: SmtpDaneAddressNotTested ${mx}`),
    ],
  };
}

/** A row whose every MX host is not OK: hosts `mx.<domain>` unless named. */
const failing = (domain: string, state: DaneState, hosts: string[] = [`mx.${domain}`], extra: Partial<Expectation> = {}): Expectation => ({
  domain,
  state,
  plugin: 'CRITICAL',
  ...judged(domain, 'CRITICAL', { hosts, ...(extra.zabbixDiscovers?.length === 0 ? { undiscovered: true as const } : {}) }),
  ...extra,
});

const ok = (domain: string): Expectation => ({ domain, state: 'verified', plugin: 'OK', zabbix: [], prometheus: [] });

const hosts = (prefix: string, zone: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}.${zone}`);

export const EXPECTED: readonly Expectation[] = [
  ok('good.test'),
  {
    domain: 'partial.test',
    state: 'partial',
    // One of two MX hosts fails: CRITICAL by default; --severity MX_HOSTS_PARTIAL=warning makes it a
    // WARNING alone, in every system (docs: "partial"). mx1 verifies but has one TLSA record (rollover not ready).
    plugin: 'CRITICAL',
    ...judged('partial.test', 'CRITICAL', { hosts: ['mx1.partial.test', 'mx2.partial.test'] }),
  },
  failing('mismatch.test', 'failed'),
  failing('nostarttls.test', 'failed'),
  // Insecure, no TLSA and unusable TLSA are CRITICAL everywhere (DANE does not protect the mail);
  // --severity MX_INSECURE=warning (etc.) lowers them everywhere alike.
  failing('unsigned.test', 'insecure'),
  failing('expired.test', 'bogus', undefined, { zabbixDiscovers: [] }),
  failing('badds.test', 'bogus', undefined, { zabbixDiscovers: [] }),
  failing('tlsabogus.test', 'bogus'),
  failing('notlsa.test', 'no-tlsa'),
  failing('unusable.test', 'unusable-tlsa'),
  { domain: 'nullmx.test', state: 'null-mx', plugin: 'WARNING', ...judged('nullmx.test', 'WARNING') },
  ok('implicit.test'),
  ok('cname.test'),
  failing('unreachable.test', 'unreachable'),
  failing('wrongname.test', 'failed'),
  {
    domain: 'eeexpired.test',
    state: 'verified',
    // RFC 7672 §3.1.1: DANE-EE ignores dates, DANE mail flows; only PKIX-checking senders fail.
    plugin: 'WARNING',
    ...judged('eeexpired.test', 'WARNING', { hosts: ['mx.eeexpired.test'], certs: ['mx.eeexpired.test'] }),
  },
  // The leaf's expiry counts (DANE-TA checks dates).
  { ...failing('taexpired.test', 'failed'), ...judged('taexpired.test', 'CRITICAL', { hosts: ['mx.taexpired.test'], certs: ['mx.taexpired.test'] }) },
  failing('insecurehost.test', 'insecure', ['mx.unsigned.test']),
  { domain: 'lame.test', state: 'indeterminate', plugin: 'UNKNOWN', ...judged('lame.test', 'UNKNOWN') },
  ok('multi.test'),
  failing('slow.test', 'unreachable', hosts('mx', 'slow.test', 8)),
  failing('hostile.test', 'unreachable', hosts('h', 'hostile.test', 16)),
  ok('matchtypes.test'),
  ok('mixedtlsa.test'),
  // One certificate per key algorithm (issue 16): the host holding one that TLSA does not cover is partial.
  ok('dualalgo.test'),
  { domain: 'rsaonlyalgo.test', state: 'partial', plugin: 'CRITICAL', ...judged('rsaonlyalgo.test', 'CRITICAL', { hosts: ['mx.rsaonlyalgo.test'], uncovered: [['mx.rsaonlyalgo.test', '127.0.25.50', 'ecdsa']] }) },
  { domain: 'trioalgo.test', state: 'partial', plugin: 'CRITICAL', ...judged('trioalgo.test', 'CRITICAL', { hosts: ['mx.trioalgo.test'], uncovered: [['mx.trioalgo.test', '127.0.25.51', 'ed25519']] }) },
  failing('tanotsent.test', 'failed'),
  // Rollover readiness (RFC 7671 §8.1): TLSA_ROLLOVER_NOT_READY (WARNING) on the host, in every system.
  ok('rollnext.test'),
  ok('rollissuer.test'),
  { domain: 'rollsame.test', state: 'verified', plugin: 'WARNING', ...judged('rollsame.test', 'WARNING', { hosts: ['mx.rollsame.test'] }) },
  {
    domain: 'tashort.test',
    state: 'verified',
    // The DANE-TA chain's intermediate expires in 17 days: its dates matter, -w 20: alerts.
    plugin: 'WARNING',
    ...judged('tashort.test', 'WARNING', { hosts: ['mx.tashort.test'], certs: ['mx.tashort.test'] }),
  },
  // DNSSEC signature expiry: shares of each signature's validity; the judged state everywhere, the signature trigger as Zabbix detail.
  { domain: 'sigwarn.test', state: 'verified', plugin: 'WARNING', ...judged('sigwarn.test', 'WARNING', { hosts: ['mx.sigwarn.test'], signatures: 'WARNING' }) },
  { domain: 'sigttl.test', state: 'verified', plugin: 'CRITICAL', ...judged('sigttl.test', 'CRITICAL', { hosts: ['mx.sigttl.test'], signatures: 'CRITICAL' }) },
  ok('sigonline.test'),
  // --- the other MTAs and set-ups (MTA_SCENARIOS, issue 17)
  ok('postscreen.test'),
  ok('tls12.test'),
  {
    domain: 'throttle.test',
    // The server refuses every session for now (421, also when tried again a second later):
    // DANE can be neither confirmed nor ruled out.
    heldSlot: '127.0.25.32',
    state: 'indeterminate',
    hostStates: { 'mx.throttle.test': 'indeterminate' },
    plugin: 'WARNING',
    ...judged('throttle.test', 'WARNING', { hosts: ['mx.throttle.test'] }),
  },
  ok('exim-ee.test'),
  ok('exim-ta.test'),
  {
    domain: 'nov6.test',
    state: 'verified',
    // 127.0.25.1 verified, 2001:db8::25 not tested here: the host stays verified, the
    // monitoring host's blind spot is a WARNING in every system.
    plugin: 'WARNING',
    ...judged('nov6.test', 'WARNING', { hosts: ['mx.nov6.test'], notTested: [['mx.nov6.test', '2001:db8::25']] }),
  },
];

/** The row of a domain; throws on a scenario the table forgot. */
export function expectation(domain: string): Expectation {
  const row = EXPECTED.find((e) => e.domain === domain);
  if (!row) throw new Error(`test/matrix/expected-states.ts has no row for the lab scenario ${domain}`);
  return row;
}
