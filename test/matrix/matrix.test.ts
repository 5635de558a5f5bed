// The matrix (issue 14): every lab scenario through every integration, each
// daemon started once for all scenarios, all of them side by side:
//   - the plugin itself: exit code, status line, perfdata;
//   - Icinga 2 and Nagios 4 running it through the shipped templates;
//   - Zabbix 6.0 with both shipped templates (external check, HTTP agent);
//   - Prometheus scraping /metrics and /probe with the shipped config and
//     rules, promtool checking every exposition.
// Each cell is compared with test/matrix/expected-states.ts.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { eximBinary } from '../lab/exim.ts';
import { holdSmtpSession, type HeldSession } from '../lab/smtp-hold.ts';
import { DANE_STATE_CODES } from '../../src/render/zabbix-preprocessing.ts';
import { EXIT_CODES, type ServiceState } from '../../src/verdict/exit-status.ts';
import { useLab } from '../e2e/lab-hooks.ts';
import { DIST, type DistRun } from '../support/run-dist.ts';
import { startServeProcess, type ServeProcess } from '../support/http-client.ts';
import { ICINGA2, NAGIOS4, type IcingaCheckResult, type NagiosServiceStatus } from '../support/monitoring-daemons.ts';
import { missingZabbix, type ZabbixStack } from '../support/zabbix-server.ts';
import { EXPECTED, MATRIX_SCENARIOS, expectation, type Cell, type Expectation } from './expected-states.ts';
import {
  CHECK_SECONDS,
  PROMETHEUS,
  PROMTOOL,
  runIcinga,
  runNagios,
  runPlugin,
  runPrometheus,
  runZabbix,
  startMatrixZabbix,
  timed,
  type PrometheusResult,
  type ZabbixViews,
} from './integrations.ts';
import type { Lab } from '../lab/lab.ts';
import type { DaneState } from '../../src/verdict/dane-state.ts';

const missing = [
  existsSync(ICINGA2) ? null : `${ICINGA2} (.ci/install-monitoring.sh)`,
  existsSync(NAGIOS4) ? null : `${NAGIOS4} (.ci/install-monitoring.sh)`,
  missingZabbix(),
  existsSync(PROMETHEUS) ? null : `${PROMETHEUS} (.ci/install-serve.sh)`,
  existsSync(PROMTOOL) ? null : `${PROMTOOL} (.ci/install-serve.sh)`,
  existsSync(eximBinary()) ? null : `${eximBinary()} (.ci/install-exim.sh)`,
].filter((m): m is string => m !== null);
// Under CI a missing daemon fails the run (before() below); elsewhere the matrix says why it is skipped.
const suite = missing.length > 0 && !process.env['CI'] ? describe.skip : describe;

const KEY = `matrix-key-${process.pid}`;
/** The status text as Icinga 2 and Nagios keep it: the first line, up to the perfdata's '|'. */
const statusText = (output: string) => output.split('\n')[0]!.split('|')[0]!;
/** Monitoring Plugins perfdata: 'label'=value[UOM];[warn];[crit];[min];[max]. */
const PERF_TOKEN = /^[A-Za-z0-9_.:-]+=(-?\d+(\.\d+)?|U)(s|ms|%|B|KB|MB|TB|c)?(;[^; ]*){0,4}$/;

const STATE_NAMES: readonly ServiceState[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
/** The status line's start for a domain in a state. */
const statusLine = (domain: string, state: string) => new RegExp(`^SMTP DANE ${state} - ${domain.replace(/\./g, '\\.')}: `);

/** What is wrong with a status text, by the rules of issue 14 finding 6; none: []. */
function statusLineFaults(text: string): string[] {
  return [...(/\.\.\.(\)|\s*$)/.test(text) ? ['cut'] : []), ...(/\s$/.test(text) ? ['trailing space'] : [])];
}

const staleMarks: string[] = [];

/** Network interfaces of this process's namespace (/proc/net is per namespace; /sys/class/net is not). */
const interfaces = () =>
  readFileSync('/proc/net/dev', 'utf8')
    .split('\n')
    .slice(2)
    .map((l) => l.split(':')[0]!.trim())
    .filter(Boolean);

/**
 * The lab's start-up deadline (20 s by default) is tight on a loaded machine,
 * and the matrix starts it beside busy daemons: a longer one, and a retry.
 */
async function labWithRetries(attempts: number): Promise<Lab> {
  for (let i = 1; ; i++) {
    try {
      return await useLab(90_000);
    } catch (error) {
      if (i >= attempts) throw error;
      console.log(`      the lab did not start (attempt ${i}): ${String((error as Error).message).split('\n')[0]}`);
    }
  }
}

/**
 * One cell: right → passes; marked known-wrong and showing exactly the
 * recorded wrong value → pending, naming the finding; anything else fails.
 */
function judge(ctx: Mocha.Context, row: Expectation, cell: Cell, actual: unknown, expected: unknown, what: string): void {
  const known = row.knownWrong?.[cell];
  if (isDeepStrictEqual(actual, expected)) {
    if (known) staleMarks.push(`${row.domain} ${cell} (${known.finding}) is right now: remove its knownWrong mark`);
    return;
  }
  if (known && isDeepStrictEqual(actual, known.today)) {
    ctx.test!.title += ` — KNOWN WRONG until ${known.finding}: ${JSON.stringify(actual)}`;
    ctx.skip();
  }
  expect(actual, `${row.domain}: ${what}`).to.deep.equal(expected);
}

suite(`matrix: every lab scenario × every integration${missing.length > 0 ? ` (missing: ${missing.join('; ')})` : ''}`, function () {
  this.timeout(60_000);
  let lab: Lab;
  let serve: ServeProcess | null = null;
  let zabbix: Promise<ZabbixStack> | null = null;
  const timings: Record<string, number> = {};
  let plugin: Map<string, DistRun>;
  let icinga: Map<string, IcingaCheckResult>;
  let nagios: Map<string, NagiosServiceStatus>;
  let zabbixViews: ZabbixViews;
  let prometheus: PrometheusResult;
  const held = new Map<string, HeldSession>();
  /** Rows whose held session had ended by the time every integration was done. */
  const heldLost = new Set<string>();
  const failures: Record<string, Error> = {};
  const started = Date.now();

  before(async function () {
    this.timeout(900_000);
    if (missing.length > 0) throw new Error(`the matrix cannot run: missing ${missing.join('; ')}`);
    // nov6.test has a global AAAA: only a namespace with nothing but loopback may try it.
    if (interfaces().join() !== 'lo') {
      throw new Error(`the matrix runs in a loopback-only network namespace (npm run test:matrix makes one); here: ${interfaces().join(', ')}`);
    }
    // The lab first: its start-up has a deadline that a loaded machine (Zabbix
    // loading its schema beside it) can miss. Zabbix's start then overlaps the others' runs.
    lab = await labWithRetries(3);
    timings['lab'] = Date.now() - started;
    if (!lab.exim) throw new Error(`the matrix cannot run: ${lab.eximMissing}`);
    // Before anything checks: the slot must be taken from the first session on.
    for (const row of EXPECTED.filter((r) => r.heldSlot)) held.set(row.domain, await holdSmtpSession(row.heldSlot!));
    zabbix = startMatrixZabbix();
    zabbix.catch(() => undefined);
    // One service for Zabbix's HTTP template and Prometheus: every scenario in
    // METRICS_DOMAINS (checked once), /verify/ and /probe share its cache.
    serve = await startServeProcess(
      DIST,
      ['--resolver', lab.plainResolver, '--trust-anchor', lab.trustAnchorFile, '--check-timeout', String(CHECK_SECONDS), '--cache-ttl', '900', '--max-queue', '500', '--metrics-interval', '900'],
      { APIKEY: KEY, METRICS_DOMAINS: MATRIX_SCENARIOS.map((s) => s.domain).join(',') },
    );
    const service = { url: `http://127.0.0.1:${serve.base.port}`, apiKey: KEY };
    const run = async <T>(name: string, work: () => Promise<T>, keep: (v: T) => void) => {
      try {
        const r = await timed(work);
        timings[name] = r.ms;
        keep(r.value);
      } catch (e) {
        failures[name] = e as Error;
      }
    };
    await Promise.all([
      run('plugin', () => runPlugin(lab, MATRIX_SCENARIOS), (v) => (plugin = v)),
      run('icinga2', () => runIcinga(lab, MATRIX_SCENARIOS), (v) => (icinga = v)),
      run('nagios4', () => runNagios(lab, MATRIX_SCENARIOS), (v) => (nagios = v)),
      run('zabbix', async () => runZabbix(await zabbix!, lab, MATRIX_SCENARIOS, service), (v) => (zabbixViews = v)),
      run('prometheus', () => runPrometheus(serve!, KEY, MATRIX_SCENARIOS), (v) => (prometheus = v)),
    ]);
    for (const [domain, session] of held) if (!session.open()) heldLost.add(domain);
    timings['total'] = Date.now() - started;
    console.log(`      matrix wall times (ms, side by side after the lab): ${JSON.stringify(timings)}`);
  });

  after(async function () {
    this.timeout(300_000);
    await serve?.stop();
    await Promise.all([...held.values()].map((h) => h.release()));
    await zabbix?.then((z) => z.stop()).catch(() => undefined);
    if (staleMarks.length > 0) console.log(`      known-wrong marks that are right now:\n        ${staleMarks.join('\n        ')}`);
    console.log(`      the matrix took ${Date.now() - started} ms in all`);
  });

  const ran = (name: string) => {
    if (failures[name]) throw failures[name];
  };

  it('has one expectation per lab scenario, with the dane_state scenarios.ts lists', () => {
    expect(EXPECTED.map((e) => e.domain)).to.deep.equal(MATRIX_SCENARIOS.map((s) => s.domain));
    for (const s of MATRIX_SCENARIOS) {
      const row = expectation(s.domain);
      if (row.heldSlot) expect(s.hosts.flatMap((h) => h.addresses), s.domain).to.include(row.heldSlot);
      else expect([row.state, row.hostStates], s.domain).to.deep.equal([s.expected, undefined]);
    }
  });

  for (const s of MATRIX_SCENARIOS) {
    const row = expectation(s.domain);
    const code = EXIT_CODES[row.plugin];
    const stateCode = String(DANE_STATE_CODES[row.state]);
    /** The per-MX states this run must show. */
    const hostStates: Record<string, DaneState> = Object.fromEntries(s.hosts.map((h) => [h.name, row.hostStates?.[h.name] ?? h.expected]));
    describe(`${s.domain} (${row.state})`, () => {
      if (row.heldSlot) {
        it(`another client held the only session slot of ${row.heldSlot} through the whole run`, () => {
          expect(held.has(s.domain), 'the session was taken').to.equal(true);
          expect(heldLost.has(s.domain), 'the server ended the held session before the integrations were done').to.equal(false);
        });
      }

      it(`plugin: exit ${code} ${row.plugin}, status line and perfdata`, function () {
        ran('plugin');
        const r = plugin.get(s.domain)!;
        const [first] = r.stdout.split('\n');
        expect(first, r.stdout + r.stderr).to.match(statusLine(s.domain, STATE_NAMES[r.code] ?? 'no state'));
        const perf = (first!.split('|')[1] ?? '').split(' ');
        for (const token of perf) expect(token, first).to.match(PERF_TOKEN);
        expect(perf).to.include(`mx_hosts=${s.hosts.length};;;0`);
        expect(r.stderr).to.equal('');
        judge(this, row, 'plugin', STATE_NAMES[r.code], row.plugin, `state; output:\n${r.stdout}`);
      });

      it('plugin: the status line keeps its finding whole, without a trailing space', function () {
        ran('plugin');
        judge(this, row, 'statusLine', statusLineFaults(statusText(plugin.get(s.domain)!.stdout)), [], 'status line');
      });

      it(`Icinga 2: state ${code} ${row.plugin} through the shipped CheckCommand and apply rule`, function () {
        ran('icinga2');
        const r = icinga.get(s.domain)!;
        expect(r.exit_status).to.equal(r.state);
        expect(r.output.split('\n')[0]).to.match(statusLine(s.domain, STATE_NAMES[r.state] ?? 'no state'));
        expect(r.performance_data).to.include(`mx_hosts=${s.hosts.length};;;0`);
        judge(this, row, 'plugin', STATE_NAMES[r.state], row.plugin, `state; output:\n${r.output}`);
      });

      it(`Nagios 4: state ${code} ${row.plugin} through the shipped check_smtp_dane`, function () {
        ran('nagios4');
        const r = nagios.get(s.domain)!;
        expect(r.plugin_output).to.match(statusLine(s.domain, STATE_NAMES[r.current_state] ?? 'no state'));
        expect(r.performance_data.split(' ')).to.include(`mx_hosts=${s.hosts.length};;;0`);
        judge(this, row, 'plugin', STATE_NAMES[r.current_state], row.plugin, `state; output:\n${r.plugin_output}`);
      });

      const discovers = row.zabbixDiscovers ?? s.hosts.map((h) => h.name).sort();
      for (const variant of ['external', 'http'] as const) {
        const label = variant === 'external' ? 'Zabbix external check' : 'Zabbix HTTP agent';
        it(`${label}: domain state ${stateCode} (${row.state}), per-MX states, MX hosts discovered`, function () {
          ran('zabbix');
          const v = zabbixViews.get(s.domain)![variant];
          expect(v.values['dane.domain.state'], JSON.stringify(v.errors)).to.equal(stateCode);
          judge(this, row, 'zabbixDiscovery', v.discovered, discovers, 'discovered MX hosts');
          for (const h of s.hosts.filter((x) => discovers.includes(x.name))) {
            expect(v.values[`dane.mx.state["${h.name}"]`], `${h.name}: ${JSON.stringify(v.errors)}`).to.equal(String(DANE_STATE_CODES[hostStates[h.name]!]));
          }
        });

        it(`${label}: problems ${JSON.stringify(row.zabbix)}`, function () {
          ran('zabbix');
          judge(this, row, 'zabbix', zabbixViews.get(s.domain)![variant].problems, [...row.zabbix].sort(), 'open problems');
        });
      }

      it(`Prometheus: dane_state ${row.state} on /metrics and /probe, probe_success, per-MX states, promtool`, function () {
        ran('prometheus');
        const v = prometheus.byDomain.get(s.domain)!;
        expect(v.metricsState, '/metrics').to.equal(row.state);
        expect(v.probeState, '/probe').to.equal(row.state);
        expect(v.probeSuccess).to.equal(row.state === 'verified' ? '1' : '0');
        expect(v.hostStates).to.deep.equal(hostStates);
        expect(v.promtool.code, v.promtool.output).to.equal(0);
      });

      it(`Prometheus: alerts ${JSON.stringify(row.prometheus)}`, function () {
        ran('prometheus');
        judge(this, row, 'prometheus', prometheus.byDomain.get(s.domain)!.alerts, [...row.prometheus].sort(), 'alerts pending or firing');
      });
    });
  }

  it('Prometheus: every target is up, and promtool accepts /metrics with every scenario', () => {
    ran('prometheus');
    expect(prometheus.metricsPromtool.code, prometheus.metricsPromtool.output).to.equal(0);
    expect(Object.values(prometheus.up).every((u) => u === '1'), JSON.stringify(prometheus.up)).to.equal(true);
    expect(Object.keys(prometheus.up)).to.have.length(MATRIX_SCENARIOS.length + 2); // + /metrics + the host probe
  });
});
