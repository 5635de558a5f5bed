// Real Prometheus tooling against the built service and the lab: Debian's
// `promtool check metrics` accepts what /metrics and /probe expose (and rejects
// deliberately broken samples, so the check is known to bite), and a real
// Prometheus, started here on 127.0.0.1 in its own temp dir and stopped by PID,
// scrapes /metrics with the API key as a scrape parameter (the manual's config)
// and /probe in the multi-target style; its query API then reports up == 1 and
// the lab domains' values. Install both with .ci/install-serve.sh.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST } from '../support/run-dist.ts';
import { httpCall, startServeProcess, type ServeProcess } from '../support/http-client.ts';
import { useLab } from './lab-hooks.ts';
import { suiteNeeding } from '../support/require-tool.ts';

const TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates/prometheus');
const PROMTOOL = '/usr/bin/promtool';
const PROMETHEUS = '/usr/bin/prometheus';
const KEY = 'SAsMTaxKPbTZwD0c25cCZEJXJAtqif';
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

const absent = [PROMTOOL, PROMETHEUS].filter((f) => !existsSync(f));
const missing = absent.length > 0 ? `${absent.join(', ')} missing (run .ci/install-serve.sh)` : null;

interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a tool with `input` on stdin (argument array, no shell). */
function runWithInput(file: string, args: readonly string[], input: string): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const promtool = (exposition: string) => runWithInput(PROMTOOL, ['check', 'metrics'], exposition);

/**
 * templates/prometheus/prometheus.yml made to scrape this test's service: its key,
 * its address, the lab's names, and seconds instead of minutes. Every replacement
 * must apply, so a changed template fails here instead of silently testing less.
 */
function labConfig(template: string, service: string): string {
  const edits: [RegExp, string][] = [
    [/CHANGE-ME/g, KEY],
    [/localhost:3000/g, service],
    [/- example\.org\n(\s+)- example\.net/g, '- good.test\n$1- mismatch.test'],
    [/- mx1\.example\.org/g, '- mx1.good.test'],
    [/scrape_interval: 1m/g, 'scrape_interval: 2s'],
    [/scrape_interval: 2m/g, 'scrape_interval: 3s'],
    [/scrape_timeout: 15s/g, 'scrape_timeout: 2s'],
    [/evaluation_interval: 1m/g, 'evaluation_interval: 2s'],
  ];
  let config = template;
  for (const [pattern, replacement] of edits) {
    if (!pattern.test(config)) throw new Error(`templates/prometheus/prometheus.yml no longer has ${pattern}`);
    config = config.replace(pattern, replacement);
  }
  return config;
}

/** A /probe job with the plugin's date options as scrape parameters (docs/serve.md, "Dates"): good.test 1000 days ahead. */
const AHEAD_JOB = 'smtp-dane-probe-ahead';
function aheadJob(service: string): string {
  return `
  - job_name: ${AHEAD_JOB}
    metrics_path: /probe
    scrape_interval: 3s
    scrape_timeout: 2s
    params:
      api_key: [${KEY}]
      days: ['1000']
      # Empty: not set, as an unset Zabbix macro.
      sig_warn: ['']
    static_configs:
      - targets: [good.test]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: ${service}
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>, why: () => string): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${String(last)})\n${why()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

suiteNeeding(missing, 'e2e: Prometheus tooling against dist/smtp-dane-verify serve', function () {
  this.timeout(180_000);
  let svc: ServeProcess;

  before(async () => {
    const lab = await useLab();
    // The service's other DNSSEC mode (serve.test.ts runs the default): the validating unbound's AD bit.
    svc = await startServeProcess(DIST, ['--nameserver', lab.resolver, '--dnssec', 'resolver', '--check-timeout', '20'], {
      APIKEY: KEY,
      METRICS_DOMAINS: 'good.test,mismatch.test',
      METRICS_INTERVAL: '5',
    });
    // Wait for the first background runs.
    await waitFor('the first background runs', 30_000, async () => {
      const r = await httpCall(svc.base, { path: `/metrics?api_key=${KEY}` });
      return r.body.includes('check_success{domain="good.test"}') && r.body.includes('check_success{domain="mismatch.test"}') ? true : null;
    }, () => svc.lines.join('\n'));
  });

  after(async () => {
    await svc?.stop();
  });

  describe('promtool check metrics', () => {
    it('accepts /metrics in the text format 0.0.4 (exit 0, no lint message)', async () => {
      const r = await httpCall(svc.base, { path: `/metrics?api_key=${KEY}` });
      expect(r.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
      const check = await promtool(r.body);
      expect(check.code, `${check.stdout}${check.stderr}\n${r.body}`).to.equal(0);
      expect(check.stdout + check.stderr).to.equal('');
    });

    it('accepts /metrics as OpenMetrics and /probe in both formats', async () => {
      for (const [path, accept] of [
        [`/metrics?api_key=${KEY}`, PROMETHEUS_ACCEPT],
        [`/probe?target=good.test&api_key=${KEY}`, '*/*'],
        [`/probe?target=mx1.good.test&module=host&api_key=${KEY}`, PROMETHEUS_ACCEPT],
      ] as const) {
        const r = await httpCall(svc.base, { path, headers: { Accept: accept } });
        expect(r.status).to.equal(200);
        const check = await promtool(r.body);
        expect(check.code, `${path}: ${check.stdout}${check.stderr}`).to.equal(0);
      }
    });

    it('accepts the shipped templates: promtool check config and check rules', async () => {
      const config = await runWithInput(PROMTOOL, ['check', 'config', join(TEMPLATES, 'prometheus.yml')], '');
      expect(config.code, config.stdout + config.stderr).to.equal(0);
      expect(config.stdout + config.stderr).to.include('1 rule files found');
      const rules = await runWithInput(PROMTOOL, ['check', 'rules', join(TEMPLATES, 'smtp-dane-rules.yml')], '');
      expect(rules.code, rules.stdout + rules.stderr).to.equal(0);
    });

    it('rejects deliberately broken samples: a parse error exits 1, a lint problem 3', async () => {
      const good = (await httpCall(svc.base, { path: `/metrics?api_key=${KEY}` })).body;
      // A family split in two: the second HELP is a parse error.
      const split = `${good}# HELP smtp_dane_verify_version again\n# TYPE smtp_dane_verify_version gauge\nsmtp_dane_verify_version{version="x"} 1\n`;
      expect((await promtool(split)).code).to.equal(1);
      // An unescaped quote in a label value.
      const quote = good.replace('domain="good.test"', 'domain="go"od.test"');
      expect((await promtool(quote)).code).to.equal(1);
      // A counter without _total: promlint complains, exit 3.
      const lint = `${good}# HELP smtp_dane_verify_runs Runs.\n# TYPE smtp_dane_verify_runs counter\nsmtp_dane_verify_runs 3\n`;
      const linted = await promtool(lint);
      expect(linted.code).to.equal(3);
      expect(linted.stdout + linted.stderr).to.include('_total');
    });
  });

  describe('a real Prometheus', () => {
    let dir: string;
    let prometheus: ChildProcess | null = null;
    let output = '';
    let port: number;

    const query = async (promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
      const r = await httpCall({ host: '127.0.0.1', port }, { path: `/api/v1/query?query=${encodeURIComponent(promql)}` });
      if (r.status !== 200 || r.json?.status !== 'success') throw new Error(`query ${promql}: HTTP ${r.status} ${r.body}`);
      return r.json.data.result;
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'serve-prometheus-'));
      port = await freePort();
      // The shipped template, with this test's key, address, lab targets and short intervals.
      const service = `127.0.0.1:${svc.base.port}`;
      await writeFile(join(dir, 'prometheus.yml'), labConfig(readFileSync(join(TEMPLATES, 'prometheus.yml'), 'utf8'), service) + aheadJob(service));
      await copyFile(join(TEMPLATES, 'smtp-dane-rules.yml'), join(dir, 'smtp-dane-rules.yml'));
      prometheus = spawn(
        PROMETHEUS,
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const keep = (c: Buffer) => (output = (output + c.toString()).slice(-20_000));
      prometheus.stdout!.on('data', keep);
      prometheus.stderr!.on('data', keep);
      await waitFor('Prometheus to be ready', 30_000, async () => {
        if (prometheus!.exitCode !== null) throw new Error('prometheus exited');
        const r = await httpCall({ host: '127.0.0.1', port }, { path: '/-/ready', timeoutMs: 2000 });
        return r.status === 200 ? true : null;
      }, () => output);
    });

    after(async () => {
      const child = prometheus;
      if (child && child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGTERM');
        const killer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('reports up == 1 for /metrics (api_key as scrape param) and for every /probe target', async () => {
      const ups = await waitFor('all five targets up', 60_000, async () => {
        const result = await query('up');
        return result.filter((s) => s.value[1] === '1').length === 5 ? result : null;
      }, () => `${output}\n${svc.lines.slice(-20).join('\n')}`);
      expect(ups.map((s) => `${s.metric['job']} ${s.metric['instance']}`).sort()).to.deep.equal([
        'smtp-dane-probe good.test',
        'smtp-dane-probe mismatch.test',
        `${AHEAD_JOB} good.test`,
        'smtp-dane-probe-host mx1.good.test',
        `smtp-dane-verify 127.0.0.1:${svc.base.port}`,
      ]);
      // The scrapes carried the key as a parameter and Prometheus' own Accept header.
      const scrapes = svc.lines.map((l) => JSON.parse(l)).filter((r) => r.event === 'request' && r.user_agent?.startsWith('Prometheus/'));
      expect(scrapes.some((r) => r.path === '/metrics' && r.query.api_key === '[redacted]' && r.status === 200)).to.equal(true);
      expect(scrapes.every((r) => r.status === 200)).to.equal(true);
    });

    it('has the lab domains\' values from /metrics', async () => {
      const verified = await waitFor('the verified series', 30_000, async () => {
        const r = await query('smtp_dane_verify_all_hosts_dane_verified{job="smtp-dane-verify"}');
        return r.length === 2 ? r : null;
      }, () => output);
      const byDomain = Object.fromEntries(verified.map((s) => [s.metric['domain'], s.value[1]]));
      expect(byDomain).to.deep.equal({ 'good.test': '1', 'mismatch.test': '0' });
      const state = await query('smtp_dane_verify_dane_state{job="smtp-dane-verify"} == 1');
      expect(Object.fromEntries(state.map((s) => [s.metric['domain'], s.metric['state']]))).to.deep.equal({
        'good.test': 'verified',
        'mismatch.test': 'failed',
      });
      const perMx = await query('smtp_dane_verify_num_tlsa_dane_ee{job="smtp-dane-verify"}');
      expect(perMx.every((s) => typeof s.metric['domain'] === 'string' && typeof s.metric['mx'] === 'string')).to.equal(true);
      const expiry = await query('smtp_dane_verify_earliest_cert_expiry_timestamp_seconds{job="smtp-dane-verify",domain="good.test"} > time()');
      expect(expiry).to.have.length(1);
      const fresh = await query('time() - smtp_dane_verify_last_success_timestamp_seconds{job="smtp-dane-verify",domain="good.test"} < 60');
      expect(fresh).to.have.length(1);
      // --dnssec resolver: the RRSIGs unbound sent with each answer (scope "answers"), the lab's 30-day signatures.
      const sigDays = await query('(smtp_dane_verify_rrsig_expiry_timestamp_seconds{job="smtp-dane-verify",domain="good.test"} - time()) / 86400');
      expect(sigDays.map((s) => s.metric['answer'])).to.include.members(['good.test/MX', 'mx1.good.test/A', '_25._tcp.mx1.good.test/TLSA']);
      for (const s of sigDays) {
        expect(s.metric['scope'], s.metric['answer']).to.equal('answers');
        expect(Number(s.value[1]), s.metric['answer']).to.be.within(25, 30.01);
      }
    });

    it('has probe_success per target from /probe, within the announced scrape timeout', async () => {
      const success = await waitFor('probe_success for all targets', 30_000, async () => {
        const r = await query(`probe_success{job!="${AHEAD_JOB}"}`);
        return r.length === 3 ? r : null;
      }, () => output);
      expect(Object.fromEntries(success.map((s) => [s.metric['instance'], s.value[1]]))).to.deep.equal({
        'good.test': '1',
        'mismatch.test': '0',
        'mx1.good.test': '1',
      });
      const timeout = await query('probe_timeout_seconds{instance="good.test"}');
      expect(Number(timeout[0]!.value[1])).to.equal(1.5); // scrape_timeout 2s minus the 0.5 s offset
      const host = await query('smtp_dane_verify_host_dane_verified{job="smtp-dane-probe-host"}');
      expect(host.map((s) => [s.metric['mx'], s.value[1]])).to.deep.equal([['mx1.good.test', '1']]);
    });

    it('a /probe job with params days: [1000] (and an empty sig_warn) judges good.test 1000 days ahead: CRITICAL by mx2\'s DANE-TA chain, while the plain job says OK', async () => {
      const ahead = await waitFor('the look-ahead job\'s state', 30_000, async () => {
        const r = await query(`smtp_dane_verify_service_state{job="${AHEAD_JOB}"} == 1`);
        return r.length === 1 ? r : null;
      }, () => `${output}\n${svc.lines.slice(-20).join('\n')}`);
      expect(ahead.map((s) => [s.metric['instance'], s.metric['state']])).to.deep.equal([['good.test', 'CRITICAL']]);
      const today = await query('smtp_dane_verify_service_state{job="smtp-dane-probe",instance="good.test"} == 1');
      expect(today.map((s) => s.metric['state'])).to.deep.equal(['OK']);
      // Where it comes from: mx2.good.test's certificate (DANE-TA: its dates matter) is CRITICAL at the horizon; DANE still verified.
      const certs = await query(`smtp_dane_verify_host_cert_expiry_state{job="${AHEAD_JOB}"} == 1`);
      expect(Object.fromEntries(certs.map((s) => [s.metric['mx'], s.metric['state']]))).to.deep.include({ 'mx2.good.test': 'CRITICAL' });
      const success = await query(`probe_success{job="${AHEAD_JOB}"}`);
      expect(success.map((s) => s.value[1])).to.deep.equal(['1']);
      // The scrapes carried the parameters; the service answered each with 200.
      const scrapes = svc.lines.map((l) => JSON.parse(l)).filter((r) => r.event === 'request' && r.path === '/probe' && r.query?.days === '1000');
      expect(scrapes.length).to.be.above(0);
      expect(scrapes.every((r) => r.status === 200 && r.query.sig_warn === '')).to.equal(true);
    });

    it('evaluates the shipped alerting rules on the judged state: mismatch.test CRITICAL pending, good.test and the host probe quiet', async () => {
      const alerts = await waitFor('the DANE alerts', 30_000, async () => {
        const r = await httpCall({ host: '127.0.0.1', port }, { path: '/api/v1/alerts' });
        // The look-ahead job has its own alerts (good.test CRITICAL 1000 days ahead): checked in the test above.
        const list: { labels: Record<string, string>; state: string }[] = (r.json?.data?.alerts ?? []).filter((a: { labels: Record<string, string> }) => a.labels['job'] !== AHEAD_JOB);
        const critical = list.filter((a) => a.labels['alertname'] === 'SmtpDaneCritical');
        // From both jobs: /metrics and /probe.
        return critical.length >= 2 && list.some((a) => a.labels['alertname'] === 'SmtpDaneHostNotOk') ? list : null;
      }, () => output);
      const about = (a: { labels: Record<string, string> }) => a.labels['domain'] ?? a.labels['instance'];
      const named = (n: string) => alerts.filter((a) => a.labels['alertname'] === n);
      expect(alerts.every((a) => a.state === 'pending'), JSON.stringify(alerts)).to.equal(true); // for: 15m
      expect(new Set(named('SmtpDaneCritical').map(about))).to.deep.equal(new Set(['mismatch.test']));
      expect(named('SmtpDaneCritical').map((a) => a.labels['severity'])).to.deep.equal(['critical', 'critical']);
      expect(named('SmtpDaneHostNotOk').map((a) => [a.labels['mx'], a.labels['severity']])).to.deep.include(['mx.mismatch.test', 'info']);
      for (const quiet of ['SmtpDaneWarning', 'SmtpDaneUnknown', 'SmtpDaneProbeFailed', 'SmtpDaneServiceDown', 'SmtpDaneCheckStale', 'SmtpDaneCertificateExpiresSoon']) {
        expect(named(quiet), quiet).to.deep.equal([]);
      }
    });
  });
});
