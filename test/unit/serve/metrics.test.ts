// GET /metrics and GET /probe over a real socket: the original's families with
// their defects fixed, the new families, content negotiation (OpenMetrics with
// `# EOF` for Prometheus, text 0.0.4 otherwise), answers from memory, and the
// blackbox-style probe within the announced scrape timeout.
import { expect } from 'chai';
import { DANE_STATES } from '../../../src/verdict/dane-state.ts';
import { startHarness, until, type Harness } from './fixtures.ts';

const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** Parses `name{labels} value` lines into [name, labels, value]. */
function samples(body: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

function value(body: string, name: string, labels: Record<string, string>): number | undefined {
  return samples(body).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v) && Object.keys(s.labels).length === Object.keys(labels).length)?.value;
}

describe('serve: /metrics', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await startHarness({ metricsDomains: ['good.example', 'bad.example', 'broken.example'], metricsIntervalSeconds: 3600 });
    // The first background runs start at once (spread over at most a tenth of the interval).
    await until('first background runs', () => h.app.store.snapshot().every((t) => t.lastAttemptAt !== null));
  });
  after(async () => {
    await h.stop();
  });

  it('has the original families, with a domain label on the per-MX series and counts that mean their HELP', async () => {
    const r = await h.authed({ path: '/metrics' });
    expect(r.status).to.equal(200);
    const b = r.body;
    expect(value(b, 'smtp_dane_verify_version', { version: '9.9.9-test' })).to.equal(1);
    expect(value(b, 'smtp_dane_verify_all_hosts_dane_verified', { domain: 'good.example' })).to.equal(1);
    expect(value(b, 'smtp_dane_verify_all_hosts_dane_verified', { domain: 'bad.example' })).to.equal(0);
    expect(value(b, 'smtp_dane_verify_dnssec_valid', { domain: 'good.example' })).to.equal(1);
    expect(value(b, 'smtp_dane_verify_total_mx', { domain: 'good.example' })).to.equal(1);
    // Two records published for mx1.good.example, only the DANE-EE one authenticated (both addresses, counted once).
    expect(value(b, 'smtp_dane_verify_num_tlsa', { domain: 'good.example', mx: 'mx1.good.example' })).to.equal(2);
    expect(value(b, 'smtp_dane_verify_num_tlsa_dane_ee', { domain: 'good.example', mx: 'mx1.good.example' })).to.equal(1);
    expect(value(b, 'smtp_dane_verify_num_tlsa_dane_ta', { domain: 'good.example', mx: 'mx1.good.example' })).to.equal(1);
    expect(value(b, 'smtp_dane_verify_total_tlsa_openssl_ok', { domain: 'good.example' })).to.equal(1);
    // The original counted usable records here (1 for bad.example); none authenticated.
    expect(value(b, 'smtp_dane_verify_total_tlsa_openssl_ok', { domain: 'bad.example' })).to.equal(0);
    expect(value(b, 'smtp_dane_verify_num_tlsa', { domain: 'bad.example', mx: 'mx.bad.example' })).to.equal(1);
    // The original's defective families are gone.
    expect(b).to.not.match(/^dane_smtp_host_verified/m);
    expect(b).to.not.match(/\{mx="[^"]*"\}/); // no per-MX series without its domain
  });

  it('has per-address verification, dane_state as a labelled gauge, expiry and check timestamps', async () => {
    const b = (await h.authed({ path: '/metrics' })).body;
    for (const [address, family] of [
      ['192.0.2.1', 'ipv4'],
      ['2001:db8::1', 'ipv6'],
    ]) {
      expect(value(b, 'smtp_dane_verify_address_dane_verified', { domain: 'good.example', mx: 'mx1.good.example', address: address!, family: family! })).to.equal(1);
    }
    expect(value(b, 'smtp_dane_verify_address_dane_verified', { domain: 'bad.example', mx: 'mx.bad.example', address: '192.0.2.9', family: 'ipv4' })).to.equal(0);
    for (const state of DANE_STATES) {
      expect(value(b, 'smtp_dane_verify_dane_state', { domain: 'good.example', state }), state).to.equal(state === 'verified' ? 1 : 0);
      expect(value(b, 'smtp_dane_verify_dane_state', { domain: 'bad.example', state }), state).to.equal(state === 'failed' ? 1 : 0);
      expect(value(b, 'smtp_dane_verify_host_dane_state', { domain: 'bad.example', mx: 'mx.bad.example', state }), state).to.equal(state === 'failed' ? 1 : 0);
    }
    expect(value(b, 'smtp_dane_verify_host_dane_verified', { domain: 'good.example', mx: 'mx1.good.example' })).to.equal(1);
    // test/support/pki.ts: intermediates and leaves are valid until 2035-01-01.
    const expiry = value(b, 'smtp_dane_verify_earliest_cert_expiry_timestamp_seconds', { domain: 'good.example' });
    expect(expiry).to.be.a('number');
    expect(new Date(expiry! * 1000).getUTCFullYear()).to.be.within(2026, 2035);
    expect(value(b, 'smtp_dane_verify_host_earliest_cert_expiry_timestamp_seconds', { domain: 'good.example', mx: 'mx1.good.example' })).to.equal(expiry);
    const now = Date.now() / 1000;
    expect(value(b, 'smtp_dane_verify_last_success_timestamp_seconds', { domain: 'good.example' })).to.be.within(now - 60, now + 1);
    expect(value(b, 'smtp_dane_verify_last_check_timestamp_seconds', { domain: 'good.example' })).to.be.within(now - 60, now + 1);
    expect(value(b, 'smtp_dane_verify_check_success', { domain: 'good.example' })).to.equal(1);
    expect(value(b, 'smtp_dane_verify_check_duration_seconds', { domain: 'good.example' })).to.be.within(0, 5);
  });

  it('a domain whose check fails internally shows check_success 0 and breaks neither the others nor the scrape', async () => {
    const b = (await h.authed({ path: '/metrics' })).body;
    expect(value(b, 'smtp_dane_verify_check_success', { domain: 'broken.example' })).to.equal(0);
    expect(value(b, 'smtp_dane_verify_last_check_timestamp_seconds', { domain: 'broken.example' })).to.be.a('number');
    expect(value(b, 'smtp_dane_verify_last_success_timestamp_seconds', { domain: 'broken.example' })).to.equal(undefined);
    expect(value(b, 'smtp_dane_verify_all_hosts_dane_verified', { domain: 'broken.example' })).to.equal(undefined);
    expect(h.records().some((r) => r.event === 'scheduled-check-failed' && r.domain === 'broken.example')).to.equal(true);
  });

  it('OpenMetrics for Prometheus\' Accept header, ending in # EOF; text 0.0.4 for */* and no header', async () => {
    const om = await h.authed({ path: '/metrics', headers: { Accept: PROMETHEUS_ACCEPT } });
    expect(om.headers['content-type']).to.equal('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(om.body.endsWith('\n# EOF\n')).to.equal(true);
    for (const accept of [undefined, '*/*', 'text/plain', 'text/plain;version=0.0.4', 'application/json']) {
      const text = await h.authed({ path: '/metrics', headers: accept ? { Accept: accept } : {} });
      expect(text.headers['content-type'], String(accept)).to.equal('text/plain; version=0.0.4; charset=utf-8');
      expect(text.body).to.not.include('# EOF');
      expect(text.body.endsWith('\n')).to.equal(true);
    }
    // text/plain preferred over OpenMetrics: text.
    const prefersText = await h.authed({ path: '/metrics', headers: { Accept: 'application/openmetrics-text;q=0.3,text/plain;q=0.9' } });
    expect(prefersText.headers['content-type']).to.match(/^text\/plain/);
    // The original's ?format= parameter overrides.
    const forced = await h.authed({ path: '/metrics?format=openmetrics' });
    expect(forced.body.endsWith('# EOF\n')).to.equal(true);
    const bad = await h.authed({ path: '/metrics?format=xml' });
    expect(bad.status).to.equal(400);
    // Same samples either way.
    const text = await h.authed({ path: '/metrics' });
    const strip = (b: string) => samples(b).filter((s) => !s.name.includes('timestamp') && !s.name.includes('duration'));
    expect(strip(om.body)).to.deep.equal(strip(text.body));
  });

  it('every family has exactly one HELP and TYPE gauge, and every series is unique', async () => {
    const b = (await h.authed({ path: '/metrics' })).body;
    const helps = [...b.matchAll(/^# HELP (\S+) /gm)].map((m) => m[1]);
    const types = [...b.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(new Set(helps).size).to.equal(helps.length);
    expect(types.map((t) => t[0])).to.deep.equal(helps);
    expect(types.every((t) => t[1] === 'gauge')).to.equal(true);
    const keys = samples(b).map((s) => `${s.name}${JSON.stringify(s.labels)}`);
    expect(new Set(keys).size).to.equal(keys.length);
  });

  it('answers from memory: no check runs for a scrape', async () => {
    const before = h.runs.length;
    for (let i = 0; i < 5; i++) expect((await h.authed({ path: '/metrics' })).status).to.equal(200);
    expect(h.runs.length).to.equal(before);
  });
});

describe('serve: /metrics before the first background run', function () {
  it('answers 200 with the version only (the original answered 503)', async () => {
    const h = await startHarness({ metricsDomains: ['good.example'], metricsIntervalSeconds: 3600 });
    h.gate.hold();
    try {
      const r = await h.authed({ path: '/metrics' });
      expect(r.status).to.equal(200);
      expect(r.body).to.include('smtp_dane_verify_version{version="9.9.9-test"} 1');
      expect(r.body).to.not.include('good.example');
    } finally {
      await h.stop();
    }
  });
});

describe('serve: /probe', function () {
  this.timeout(20_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ checkTimeoutSeconds: 5 });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('checks the target on demand: probe_success and the target\'s series', async () => {
    const good = await h.authed({ path: '/probe?target=good.example', headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '3' } });
    expect(good.status).to.equal(200);
    expect(value(good.body, 'probe_success', {})).to.equal(1);
    expect(value(good.body, 'probe_timeout_seconds', {})).to.equal(2.5);
    expect(value(good.body, 'probe_duration_seconds', {})).to.be.within(0, 2.5);
    expect(value(good.body, 'smtp_dane_verify_all_hosts_dane_verified', { domain: 'good.example' })).to.equal(1);
    const bad = await h.authed({ path: '/probe?target=bad.example&module=domain' });
    expect(value(bad.body, 'probe_success', {})).to.equal(0);
    expect(value(bad.body, 'probe_timeout_seconds', {})).to.equal(5); // no header: the check timeout
    expect(value(bad.body, 'smtp_dane_verify_dane_state', { domain: 'bad.example', state: 'failed' })).to.equal(1);
  });

  it('module=host checks one host; its series carry the mx label only', async () => {
    const r = await h.authed({ path: '/probe?target=mx1.good.example&module=host' });
    expect(r.status).to.equal(200);
    expect(value(r.body, 'probe_success', {})).to.equal(1);
    expect(value(r.body, 'smtp_dane_verify_host_dane_verified', { mx: 'mx1.good.example' })).to.equal(1);
    expect(value(r.body, 'smtp_dane_verify_check_success', { mx: 'mx1.good.example' })).to.equal(1);
  });

  it('the api_key may come as a scrape parameter, and negotiation works as on /metrics', async () => {
    const { API_KEY } = await import('./fixtures.ts');
    const r = await h.call({ path: `/probe?target=good.example&api_key=${API_KEY}`, headers: { Accept: PROMETHEUS_ACCEPT } });
    expect(r.status).to.equal(200);
    expect(r.body.endsWith('# EOF\n')).to.equal(true);
  });

  it('400 for a missing target, an unknown module or a bad name', async () => {
    for (const [path, detail] of [
      ['/probe', 'Target parameter is missing'],
      ['/probe?target=', 'Target parameter is missing'],
      ['/probe?target=good.example&module=http_2xx', 'Unknown module'],
      ['/probe?target=http://good.example/', 'invalid target domain'],
      ['/probe?target=192.0.2.1', 'invalid target domain'],
    ] as const) {
      const r = await h.authed({ path });
      expect(r.status, path).to.equal(400);
      expect(r.json.detail, path).to.include(detail);
    }
    expect(h.runs).to.deep.equal([]);
  });

  it('finishes within the announced scrape timeout even when the SMTP servers hang', async () => {
    h.gate.hold(); // every SMTP probe hangs until the run's deadline cancels it
    const started = Date.now();
    const r = await h.authed({ path: '/probe?target=good.example', headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '2' } });
    const took = Date.now() - started;
    expect(r.status).to.equal(200);
    expect(took).to.be.below(2000); // within the announced 2 s (the check itself gets 1.5 s)
    expect(value(r.body, 'probe_success', {})).to.equal(0);
    expect(value(r.body, 'probe_timeout_seconds', {})).to.equal(1.5);
    expect(value(r.body, 'smtp_dane_verify_check_success', { domain: 'good.example' })).to.equal(0);
  });
});
