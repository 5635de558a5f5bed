// The built executable as a service against the lab: `dist/smtp-dane-verify
// serve` on 127.0.0.1 and an ephemeral port, configured through the original's
// environment variables, validating DNSSEC itself (the default) through the
// lab's NON-validating resolver from TRUST_ANCHOR. The API answers what the
// CLI prints; the original's integrations (Uptime Kuma's JSON query, the
// Zabbix HTTP item) get the answers they expect; /metrics carries the lab
// domains; SIGTERM ends it with exit 0.
import { expect } from 'chai';
import { DIST, runDist, runDistJson } from '../support/run-dist.ts';
import { startServeProcess, type HttpAnswer, type ServeProcess } from '../support/http-client.ts';
import { checkedCall } from '../support/openapi-check.ts';
import { useLab } from './lab-hooks.ts';
import type { Lab } from '../lab/lab.ts';
import { validateArgs } from '../support/lab-dnssec.ts';

const KEY = 'SAsMTaxKPbTZwD0c25cCZEJXJAtqif'; // the manual's example key

/** Fields that differ between two runs of the same check: timing, what counts down, and the order unbound rotates RRsets in. */
function withoutTiming(json: any): any {
  const copy = structuredClone(json);
  delete copy.run.started_at;
  delete copy.run.duration_ms;
  const hosts = copy.mx_hosts ?? [copy];
  // Signature days left and the cached TTL count down between the two runs.
  for (const node of copy.mx_hosts ? [copy, ...hosts] : hosts) {
    delete node.rrsig_days_left;
    for (const s of node.rrsig_expiry ?? []) {
      delete s.days_left;
      delete s.ttl;
    }
  }
  for (const h of hosts) {
    for (const a of h.addresses) {
      delete a.elapsed_ms;
      for (const e of a.certificates_by_algorithm) delete e.elapsed_ms;
    }
    h.tlsa_resource_records.sort();
    h.usable_tlsa_records.sort();
  }
  return copy;
}

/**
 * Uptime Kuma's "HTTP(s) - Json Query" monitor as the manual sets it up: POST
 * with the JSON body and the Headers field as given, then the JSONata query
 * `all_hosts_dane_verified` compared as a string with the expected value "true".
 * (A plain property is all the query is; no JSONata engine is needed for it.)
 */
async function uptimeKuma(base: { host: string; port: number }, body: string, headersField: string): Promise<{ status: 'UP' | 'DOWN'; answer: HttpAnswer }> {
  const answer = await checkedCall(base, {
    method: 'POST',
    path: '/verify/',
    headers: { Accept: '*/*', 'User-Agent': 'Uptime-Kuma/1.23.16', 'Content-Type': 'application/json', ...JSON.parse(headersField) },
    body: JSON.stringify(JSON.parse(body)),
  });
  if (answer.status < 200 || answer.status > 299) return { status: 'DOWN', answer };
  const result = answer.json?.['all_hosts_dane_verified'];
  return { status: String(result) === 'true' ? 'UP' : 'DOWN', answer };
}

/** What a judgement decides; days left in messages count down between the CLI's run and the service's. */
const judged = (j: any) => ({
  service_state: j.service_state,
  exit_code: j.exit_code,
  dane_state: j.dane_state,
  horizon_days: j.horizon_days,
  cert_expiry_state: j.cert_expiry_state,
  rrsig_expiry_state: j.rrsig_expiry_state,
  findings: j.findings.map((f: any) => `${f.code}:${f.severity}`).sort(),
});

/** /metrics once the background check of `domain` is in it (up to 20 s). */
async function metricsOf(service: ServeProcess, domain: string): Promise<string> {
  let metrics = '';
  for (let i = 0; i < 80 && !metrics.includes(`service_state{domain="${domain}"`); i++) {
    metrics = (await checkedCall(service.base, { path: `/metrics?api_key=${KEY}` })).body;
    if (!metrics.includes(`service_state{domain="${domain}"`)) await new Promise((r) => setTimeout(r, 250));
  }
  return metrics;
}

describe('e2e: dist/smtp-dane-verify serve against the lab', function () {
  this.timeout(120_000);
  let lab: Lab;
  let resolver: string;
  let cliArgs: string[];
  let ipv6: boolean;
  let svc: ServeProcess;

  before(async () => {
    lab = await useLab();
    resolver = lab.plainResolver;
    cliArgs = validateArgs(lab);
    ipv6 = lab.ipv6;
    svc = await startServeProcess(DIST, ['--nameserver', resolver, '--check-timeout', '20'], {
      APIKEY: KEY,
      TRUST_ANCHOR: lab.trustAnchorFile,
      METRICS_DOMAINS: 'good.test,mismatch.test,partial.test',
      METRICS_INTERVAL: '2',
      // The service's own --severity: "one of two MX hosts fails" is a WARNING here, /metrics included.
      SEVERITY: 'MX_HOSTS_PARTIAL=warning',
    });
  });

  after(async () => {
    await svc?.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    checkedCall(svc.base, { method: 'POST', path, headers: { 'x-apikey': KEY, 'Content-Type': 'application/json', ...headers }, body: body as object });

  it('refuses to start without APIKEY: one clear line, exit 3, no key invented', async () => {
    const run = await runDist(['serve', '--listen', '127.0.0.1', '--port', '0', '--nameserver', resolver]);
    expect(run.code).to.equal(3);
    expect(run.stdout).to.match(/no API key: set the APIKEY environment variable/);
    expect(run.stdout.trim().split('\n')).to.have.length(1);
    expect(run.stdout).to.not.match(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no uuid4 as the original logged
  });

  it('DNSSEC settings: the listening record names them; a contradiction or a bad anchor file stops the start (exit 3)', async () => {
    const listening = JSON.parse(svc.lines[0]!);
    expect(listening).to.include({ event: 'listening', dnssec: 'validate', trust_anchor: lab.trustAnchorFile, resolver: `${resolver}:53` });
    const both = await runDist(['serve', '--listen', '127.0.0.1', '--port', '0', '--nameserver', resolver, '--dnssec', 'resolver'], { APIKEY: KEY, TRUST_ANCHOR: lab.trustAnchorFile });
    expect(both.code).to.equal(3);
    expect(both.stdout).to.match(/^SMTP DANE UNKNOWN - serve: TRUST_ANCHOR \(--trust-anchor\) needs DNSSEC \(--dnssec\) validate/);
    const badMode = await runDist(['serve', '--listen', '127.0.0.1', '--port', '0', '--nameserver', resolver], { APIKEY: KEY, DNSSEC: 'yes' });
    expect(badMode.code).to.equal(3);
    expect(badMode.stdout).to.match(/DNSSEC \(--dnssec\) must be one of validate, resolver/);
    const missing = await runDist(['serve', '--listen', '127.0.0.1', '--port', '0', '--nameserver', resolver, '--trust-anchor', '/nonexistent/root.ds'], {
      APIKEY: KEY,
    });
    expect(missing.code).to.equal(3);
    expect(missing.stdout).to.match(/^SMTP DANE UNKNOWN - serve: TRUST_ANCHOR \(--trust-anchor\) \/nonexistent\/root\.ds: ENOENT/);
    expect(missing.stdout.trim().split('\n')).to.have.length(1);
  });

  it('?format=text answers what the plugin prints (status line without perfdata, long output), for both checks', async () => {
    const strip = (t: string) => {
      const [status, ...long] = t.trimEnd().split('\n');
      return [status!.split('|')[0]!.trimEnd(), ...long.map((l) => l.split('|')[0]!.trimEnd())];
    };
    for (const [path, body, args] of [
      ['/verify/?format=text', { domain: 'mismatch.test' }, ['domain', 'mismatch.test']],
      ['/verify_host/?format=text', { hostname: 'mx1.good.test' }, ['host', 'mx1.good.test']],
    ] as const) {
      const [api, cli] = await Promise.all([post(path, body), runDist([...args, ...cliArgs, '-t', '20'])]);
      expect(api.status, api.body).to.equal(200);
      expect(api.headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(strip(api.body), path).to.deep.equal(strip(cli.stdout));
    }
  });

  it('POST /verify/ answers what `domain --format json` prints, for a verified and a failed domain', async () => {
    for (const [domain, state] of [
      ['good.test', 'verified'],
      ['mismatch.test', 'failed'],
    ] as const) {
      const [api, cli] = await Promise.all([post('/verify/', { domain }), runDistJson(['domain', domain, ...cliArgs, '-t', '20'])]);
      expect(api.status, api.body).to.equal(200);
      expect(api.headers['content-type']).to.equal('application/json');
      expect(api.json.dane_state).to.equal(state);
      expect(api.json.all_hosts_dane_verified).to.equal(state === 'verified');
      expect(withoutTiming(api.json)).to.deep.equal(withoutTiming(cli.json));
    }
  });

  it('POST /verify_host/ answers what `host --format json` prints', async () => {
    const [api, cli] = await Promise.all([
      post('/verify_host', { hostname: 'mx1.good.test' }),
      runDistJson(['host', 'mx1.good.test', ...cliArgs, '-t', '20']),
    ]);
    expect(api.status).to.equal(200);
    expect(api.json.host_dane_verified).to.equal(true);
    expect(withoutTiming(api.json)).to.deep.equal(withoutTiming(cli.json));
  });

  it('the manual\'s Uptime Kuma recipe: JSON query all_hosts_dane_verified == true is UP for good.test, DOWN for mismatch.test', async () => {
    // The recipe's fields, verbatim but for the lab domain.
    const headersField = `{ "x-apikey":\n"${KEY}" }`;
    const good = await uptimeKuma(svc.base, '{ "hostname": "good.test" }', headersField);
    expect(good.status, good.answer.body).to.equal('UP');
    const bad = await uptimeKuma(svc.base, '{ "domain": "mismatch.test" }', headersField);
    expect(bad.status).to.equal('DOWN');
    expect(bad.answer.status).to.equal(200);
    const wrongKey = await uptimeKuma(svc.base, '{ "domain": "good.test" }', '{ "x-apikey": "wrong" }');
    expect(wrongKey.status).to.equal('DOWN');
    expect(wrongKey.answer.status).to.equal(401);
  });

  it('the original\'s Zabbix HTTP agent item: ?api_key= in the URL, post_type JSON, $.all_hosts_dane_verified', async () => {
    const r = await checkedCall(svc.base, {
      method: 'POST',
      path: `/verify/?api_key=${KEY}`,
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Zabbix 6.0' },
      body: '{"domain":"good.test"}',
    });
    expect(r.status).to.equal(200);
    expect(r.json.all_hosts_dane_verified).to.equal(true);
  });

  it('SEVERITY and ?severity= judge as `domain --severity` does: partial.test WARNING or CRITICAL, dane_state unchanged', async () => {
    const cli = async (level: string) => (await runDistJson(['domain', 'partial.test', ...cliArgs, '-t', '20', '--severity', `MX_HOSTS_PARTIAL=${level}`])).json;
    // The service's own SEVERITY applies to every answer; a request's parameters are laid over it.
    for (const [query, level] of [
      ['', 'warning'],
      ['?severity=MX_HOSTS_PARTIAL=critical', 'critical'],
      ['?severity=&severity=mx_hosts_partial%3Dcrit,TLSA_MISMATCH%3Dcritical', 'critical'],
    ] as const) {
      const [api, expected] = await Promise.all([post(`/verify/${query}`, { domain: 'partial.test' }), cli(level)]);
      expect(api.status, api.body).to.equal(200);
      expect(api.json.dane_state, query).to.equal('partial');
      expect(api.json.service_state, query).to.equal(level.toUpperCase());
      expect(withoutTiming(api.json), query).to.deep.equal(withoutTiming(expected));
    }
    const text = await post('/verify/?format=text&severity=MX_HOSTS_PARTIAL=critical', { domain: 'partial.test' });
    expect(text.body).to.match(/^SMTP DANE CRITICAL - partial\.test: /);
    const probe = async (query: string) => (await checkedCall(svc.base, { path: `/probe?target=partial.test&api_key=${KEY}${query}` })).body;
    expect(await probe('')).to.include('smtp_dane_verify_service_state{domain="partial.test",state="WARNING"} 1');
    expect(await probe('&severity=MX_HOSTS_PARTIAL%3Dcritical')).to.include('smtp_dane_verify_service_state{domain="partial.test",state="CRITICAL"} 1');
    const metrics = await metricsOf(svc, 'partial.test');
    expect(metrics).to.include('smtp_dane_verify_service_state{domain="partial.test",state="WARNING"} 1');
    expect(metrics).to.include('smtp_dane_verify_dane_state{domain="partial.test",state="partial"} 1');
  });

  it('?days=, ?sig_warn=/?sig_crit= and ?warning= judge good.test as `domain --days`, `--sig-warn/--sig-crit` and `-w` do', async () => {
    for (const [query, options, state] of [
      ['', [], 'OK'],
      // Every signature and certificate of the lab has expired by then.
      ['?days=4000', ['--days', '4000'], 'CRITICAL'],
      ['?sig_warn=36500&sig_crit=0', ['--sig-warn', '36500', '--sig-crit', '0'], 'WARNING'],
      ['?warning=40000:', ['-w', '40000:'], 'WARNING'],
    ] as const) {
      const [api, cli] = await Promise.all([post(`/verify/${query}`, { domain: 'good.test' }), runDistJson(['domain', 'good.test', ...cliArgs, '-t', '20', ...options])]);
      expect(api.status, api.body).to.equal(200);
      expect(judged(api.json), query).to.deep.equal(judged(cli.json));
      expect(api.json.service_state, query).to.equal(state);
    }
    const ahead = (await post('/verify/?days=4000', { domain: 'good.test' })).json;
    expect(ahead.rrsig_expiry.some((s: any) => s.days_left < 0), 'signatures expired at the horizon').to.equal(true);
    const host = await post('/verify_host/?format=text&sig_warn=36500&sig_crit=0', { hostname: 'mx1.good.test' });
    expect(host.body).to.match(/^SMTP DANE WARNING - mx1\.good\.test: /);
    const probe = (await checkedCall(svc.base, { path: `/probe?target=good.test&api_key=${KEY}&days=4000` })).body;
    expect(probe).to.include('smtp_dane_verify_service_state{domain="good.test",state="CRITICAL"} 1');
    expect(probe).to.include('smtp_dane_verify_dane_state{domain="good.test",state="verified"} 1');
    const bad = await post('/verify/?days=soon', { domain: 'good.test' });
    expect([bad.status, bad.json]).to.deep.equal([400, { error: 'invalid-parameter', detail: 'days "soon": expected a number of days, e.g. 7 or 1.5' }]);
  });

  it('DAYS / SIG_WARN / SIG_CRIT of the service judge every answer as `domain --days --sig-warn` does, /metrics included; a request\'s ?days= replaces DAYS', async () => {
    // An empty SIG_CRIT (a compose file's `SIG_CRIT=`) is not set: a tenth of each signature's validity.
    const ahead = await startServeProcess(DIST, ['--nameserver', resolver, '--check-timeout', '20'], {
      APIKEY: KEY,
      TRUST_ANCHOR: lab.trustAnchorFile,
      METRICS_DOMAINS: 'good.test',
      METRICS_INTERVAL: '2',
      DAYS: '1000',
      SIG_WARN: '40',
      SIG_CRIT: '',
    });
    try {
      const postTo = (path: string) => checkedCall(ahead.base, { method: 'POST', path, headers: { 'x-apikey': KEY, 'Content-Type': 'application/json' }, body: { domain: 'good.test' } });
      for (const [query, options, state] of [
        // In 1000 days mx2's DANE-TA chain and every signature have expired.
        ['', ['--days', '1000', '--sig-warn', '40'], 'CRITICAL'],
        ['?days=', ['--days', '1000', '--sig-warn', '40'], 'CRITICAL'],
        // Today, with SIG_WARN 40: the lab's 30-day signatures are WARNING.
        ['?days=0', ['--sig-warn', '40'], 'WARNING'],
      ] as const) {
        const [api, cli] = await Promise.all([postTo(`/verify/${query}`), runDistJson(['domain', 'good.test', ...cliArgs, '-t', '20', ...options])]);
        expect(api.status, api.body).to.equal(200);
        expect(judged(api.json), query).to.deep.equal(judged(cli.json));
        expect(api.json.service_state, query).to.equal(state);
      }
      const metrics = await metricsOf(ahead, 'good.test');
      expect(metrics).to.include('smtp_dane_verify_service_state{domain="good.test",state="CRITICAL"} 1');
      expect(metrics).to.include('smtp_dane_verify_dane_state{domain="good.test",state="verified"} 1');
      const probe = (await checkedCall(ahead.base, { path: `/probe?target=good.test&api_key=${KEY}&days=0` })).body;
      expect(probe).to.include('smtp_dane_verify_rrsig_expiry_state{domain="good.test",state="WARNING"} 1');
      // The request's sig_crit against the service's SIG_WARN: one clear 400.
      const bad = await postTo('/verify/?sig_crit=50');
      expect([bad.status, bad.json]).to.deep.equal([400, { error: 'invalid-parameter', detail: "sig_crit 50 is above the service's SIG_WARN 40: CRITICAL must be the nearer limit" }]);
    } finally {
      await ahead.stop();
    }
    // A bad value stops the start: one line, exit 3.
    const run = await runDist(['serve', '--listen', '127.0.0.1', '--port', '0', '--nameserver', resolver], { APIKEY: KEY, DAYS: 'soon' });
    expect([run.code, run.stdout.trim()]).to.deep.equal([3, 'SMTP DANE UNKNOWN - serve: DAYS (--days) "soon": expected a number of days, e.g. 7 or 1.5 (see --help)']);
  });

  it('a bad ?severity= is a 400 invalid-parameter that says what is wrong, on every check endpoint', async () => {
    for (const [pending, detail] of [
      [post('/verify/?severity=MX_HOSTS_PARTAL=warning', { domain: 'good.test' }), "severity: unknown diagnostic code 'MX_HOSTS_PARTAL' (did you mean MX_HOSTS_PARTIAL?)"],
      [post('/verify_host/?severity=TLSA_MISMATCH=loud', { hostname: 'mx1.good.test' }), "severity TLSA_MISMATCH: unknown level 'loud' (use info, warning, critical or unknown)"],
      [checkedCall(svc.base, { path: `/probe?target=good.test&api_key=${KEY}&severity=warning` }), "severity 'warning': expected CODE=LEVEL, e.g. MX_TOO_MANY=info"],
    ] as const) {
      const r = await pending;
      expect(r.status, r.body).to.equal(400);
      expect(r.json).to.deep.equal({ error: 'invalid-parameter', detail });
    }
  });

  it('answers every error with the right status and a JSON body', async () => {
    const cases: [Promise<HttpAnswer>, number, string][] = [
      [checkedCall(svc.base, { method: 'POST', path: '/verify/', body: { domain: 'good.test' } }), 401, 'unauthorized'],
      [post('/verify/', '{"domain":'), 400, 'malformed-json'],
      [post('/verify/', { domain: 'not a domain' }), 400, 'invalid-name'],
      [post('/verify/', {}), 400, 'missing-field'],
      [post('/verify/', { domain: 'x'.repeat(5000) }), 413, 'body-too-large'],
      [post('/verify/', 'domain=good.test', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'unsupported-media-type'],
      [checkedCall(svc.base, { path: '/nope', headers: { 'x-apikey': KEY } }), 404, 'not-found'],
      [checkedCall(svc.base, { path: '/verify/', headers: { 'x-apikey': KEY } }), 405, 'method-not-allowed'],
      [checkedCall(svc.base, { path: '/probe', headers: { 'x-apikey': KEY } }), 400, 'invalid-parameter'],
    ];
    for (const [pending, status, code] of cases) {
      const r = await pending;
      expect(r.status, r.body).to.equal(status);
      expect(r.json.error).to.equal(code);
      expect(r.body).to.not.match(/\n\s+at /);
    }
  });

  it('GET /metrics carries the lab domains from the background runs', async () => {
    let body = '';
    for (let i = 0; i < 60 && !/all_hosts_dane_verified\{domain="mismatch\.test"\}/.test(body); i++) {
      body = (await checkedCall(svc.base, { path: `/metrics?api_key=${KEY}` })).body;
      if (!body.includes('mismatch.test')) await new Promise((r) => setTimeout(r, 250));
    }
    expect(body).to.include('smtp_dane_verify_all_hosts_dane_verified{domain="good.test"} 1');
    expect(body).to.include('smtp_dane_verify_all_hosts_dane_verified{domain="mismatch.test"} 0');
    expect(body).to.include('smtp_dane_verify_dane_state{domain="mismatch.test",state="failed"} 1');
    expect(body).to.include('smtp_dane_verify_address_dane_verified{domain="good.test",mx="mx1.good.test",address="127.0.25.1",family="ipv4"} 1');
    if (ipv6) expect(body).to.include('smtp_dane_verify_address_dane_verified{domain="good.test",mx="mx1.good.test",address="::1",family="ipv6"} 1');
    expect(body).to.include('smtp_dane_verify_check_success{domain="good.test"} 1');
    expect(body).to.match(/^smtp_dane_verify_earliest_cert_expiry_timestamp_seconds\{domain="good\.test"\} \d+/m);
  });

  it('GET /probe checks on demand, for a domain and for a host', async () => {
    const d = await checkedCall(svc.base, { path: `/probe?target=mismatch.test&api_key=${KEY}`, headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '10' } });
    expect(d.status).to.equal(200);
    expect(d.body).to.match(/^probe_success 0$/m);
    expect(d.body).to.match(/^probe_timeout_seconds 9\.5$/m);
    const h = await checkedCall(svc.base, { path: `/probe?target=mx1.good.test&module=host&api_key=${KEY}` });
    expect(h.body).to.match(/^probe_success 1$/m);
    expect(h.body).to.include('smtp_dane_verify_host_dane_verified{mx="mx1.good.test"} 1');
  });

  it('logs requests and background runs as JSON lines on stdout, never the key', () => {
    const records = svc.lines.map((l) => JSON.parse(l));
    expect(records[0].event).to.equal('listening');
    expect(records.some((r) => r.event === 'request' && r.path === '/verify/' && r.status === 200)).to.equal(true);
    expect(records.some((r) => r.event === 'scheduled-check' && r.domain === 'good.test' && r.dane_state === 'verified')).to.equal(true);
    expect(svc.lines.join('\n')).to.not.include(KEY);
    expect(svc.stderr()).to.equal('');
  });

  it('a port in use is one clear line and exit 3, not a stack trace', async () => {
    const run = await runDist(['serve', '--listen', '127.0.0.1', '--port', String(svc.base.port), '--nameserver', resolver], { APIKEY: KEY });
    expect(run.code).to.equal(3);
    expect(run.stdout).to.include(`cannot listen on 127.0.0.1:${svc.base.port}: EADDRINUSE`);
    expect(run.stdout + run.stderr).to.not.match(/\n\s+at /);
  });

  it('SIGTERM stops it cleanly: exit 0, a "stopped" record, the port closed', async () => {
    const result = await svc.stop();
    expect(result.code).to.equal(0);
    expect(result.ms).to.be.below(6000);
    const events: string[] = svc.lines.map((l) => JSON.parse(l).event);
    // A background run cut off by the stop may still log in between.
    expect(events.at(-1)).to.equal('stopped');
    expect(events.lastIndexOf('stopping')).to.be.within(0, events.length - 2);
    const refused = await checkedCall(svc.base, { path: '/healthz', timeoutMs: 2000 }).then(
      () => false,
      () => true,
    );
    expect(refused).to.equal(true);
  });
});
