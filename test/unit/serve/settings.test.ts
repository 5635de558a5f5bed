// Settings from flags and the original's environment variables, and the pure
// helpers of the HTTP layer: key comparison, format negotiation, probe timeout.
import { expect } from 'chai';
import { keyMatcher } from '../../../src/serve/api-key.ts';
import { expositionFormat } from '../../../src/serve/negotiate.ts';
import { probeTimeoutSeconds } from '../../../src/serve/scrape-timeout.ts';
import { serveSettings } from '../../../src/serve/settings.ts';

describe('serve: settings', () => {
  it('reads the original environment variables, with the original defaults (port 3000, interval 60)', () => {
    const r = serveSettings({}, { APIKEY: 'k'.repeat(30), NAMESERVER: 'unbound', METRICS_DOMAINS: 'Example.COM, example.net,,example.com' });
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.settings).to.include({ apiKey: 'k'.repeat(30), nameserver: 'unbound', metricsIntervalSeconds: 60, port: 3000, listen: null });
    expect(r.settings.metricsDomains).to.deep.equal(['example.com', 'example.net']);
  });

  it('flags win over the environment', () => {
    const r = serveSettings(
      { 'api-key': 'flag-key', nameserver: '127.0.0.1:5353', 'metrics-domains': 'a.example', 'metrics-interval': 5, port: 8080, listen: '127.0.0.1' },
      { APIKEY: 'env-key', NAMESERVER: 'unbound', METRICS_DOMAINS: 'b.example', METRICS_INTERVAL: '600' },
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.settings).to.include({ apiKey: 'flag-key', nameserver: '127.0.0.1:5353', metricsIntervalSeconds: 5, port: 8080, listen: '127.0.0.1' });
    expect(r.settings.metricsDomains).to.deep.equal(['a.example']);
  });

  it('--severity (repeatable, comma lists) else SEVERITY: the policy of every check; a bad one stops the start', () => {
    const key = { APIKEY: 'k'.repeat(20) };
    const policy = (argv: Record<string, unknown>, env: Record<string, string>) => {
      const r = serveSettings(argv, { ...key, ...env });
      return r.ok ? r.settings.severityPolicy : r.message;
    };
    expect(policy({}, {})).to.deep.equal({});
    expect(policy({}, { SEVERITY: 'MX_HOSTS_PARTIAL=warning,addresses_partial=warn' })).to.deep.equal({ MX_HOSTS_PARTIAL: 'warning', ADDRESSES_PARTIAL: 'warning' });
    expect(policy({ severity: ['MX_HOSTS_PARTIAL=critical', 'NULL_MX=info'] }, { SEVERITY: 'MX_HOSTS_PARTIAL=warning' })).to.deep.equal({ MX_HOSTS_PARTIAL: 'critical', NULL_MX: 'info' });
    expect(policy({}, { SEVERITY: 'MX_HOSTS_PARTAL=warning' })).to.equal("SEVERITY (--severity): unknown diagnostic code 'MX_HOSTS_PARTAL' (did you mean MX_HOSTS_PARTIAL?)");
  });

  it('--days / DAYS, --sig-warn / SIG_WARN, --sig-crit / SIG_CRIT: the dates of every check, flags first; empty is not set; a bad one stops the start', () => {
    const key = { APIKEY: 'k'.repeat(20) };
    const dates = (argv: Record<string, unknown>, env: Record<string, string>) => {
      const r = serveSettings(argv, { ...key, ...env });
      return r.ok ? [r.settings.horizonDays, r.settings.signatureThresholds.warningDays, r.settings.signatureThresholds.criticalDays] : r.message;
    };
    expect(dates({}, {})).to.deep.equal([0, null, null]);
    expect(dates({}, { DAYS: '14', SIG_WARN: '7', SIG_CRIT: '2.5' })).to.deep.equal([14, 7, 2.5]);
    expect(dates({ days: '30', 'sig-warn': '10' }, { DAYS: '14', SIG_WARN: '7' })).to.deep.equal([30, 10, null]);
    // An empty variable (a compose file's `DAYS=`) is not set.
    expect(dates({}, { DAYS: '', SIG_WARN: ' ', SIG_CRIT: '' })).to.deep.equal([0, null, null]);
    expect(dates({}, { DAYS: 'soon' })).to.equal('DAYS (--days) "soon": expected a number of days, e.g. 7 or 1.5');
    expect(dates({ 'sig-warn': '-1' }, {})).to.equal('SIG_WARN (--sig-warn) "-1": expected a number of days, e.g. 7 or 1.5');
    expect(dates({ 'sig-crit': '5' }, { SIG_WARN: '2' })).to.equal('SIG_CRIT (--sig-crit) 5 is above SIG_WARN (--sig-warn) 2: CRITICAL must be the nearer limit');
  });

  it('DNSSEC: validate by default, from the built-in anchors; DNSSEC / TRUST_ANCHOR, flags first', () => {
    const key = { APIKEY: 'k'.repeat(20) };
    const get = (argv: Record<string, unknown>, env: Record<string, string>) => {
      const r = serveSettings(argv, { ...key, ...env });
      if (!r.ok) throw new Error(r.message);
      return { dnssec: r.settings.dnssec, trustAnchorFile: r.settings.trustAnchorFile };
    };
    expect(get({}, {})).to.deep.equal({ dnssec: 'validate', trustAnchorFile: null });
    expect(get({}, { DNSSEC: 'resolver' })).to.deep.equal({ dnssec: 'resolver', trustAnchorFile: null });
    expect(get({}, { TRUST_ANCHOR: '/etc/root.ds' })).to.deep.equal({ dnssec: 'validate', trustAnchorFile: '/etc/root.ds' });
    expect(get({ dnssec: 'validate' }, { DNSSEC: 'resolver' })).to.deep.equal({ dnssec: 'validate', trustAnchorFile: null });
    expect(get({ 'trust-anchor': '/flag.ds' }, { TRUST_ANCHOR: '/env.ds' })).to.deep.equal({ dnssec: 'validate', trustAnchorFile: '/flag.ds' });
    expect(get({}, { DNSSEC: ' ', TRUST_ANCHOR: '' })).to.deep.equal({ dnssec: 'validate', trustAnchorFile: null });
  });

  it('fails closed without an API key (unset, empty or blank): no random key', () => {
    for (const env of [{}, { APIKEY: '' }, { APIKEY: '   ' }]) {
      const r = serveSettings({}, env);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.message).to.match(/^no API key: set the APIKEY environment variable/);
    }
    expect(serveSettings({ 'api-key': '' }, {}).ok).to.equal(false);
  });

  it('refuses bad values with a message naming the setting', () => {
    const bad: [Record<string, unknown>, Record<string, string>, RegExp][] = [
      [{}, { METRICS_INTERVAL: 'soon' }, /METRICS_INTERVAL/],
      [{}, { METRICS_INTERVAL: '0' }, /METRICS_INTERVAL/],
      [{}, { METRICS_DOMAINS: 'good.example,not a domain' }, /METRICS_DOMAINS/],
      [{}, { METRICS_DOMAINS: '192.0.2.1' }, /METRICS_DOMAINS/],
      [{ port: 70000 }, {}, /--port/],
      [{ port: NaN }, {}, /--port/],
      [{ listen: 'localhost' }, {}, /--listen/],
      [{ 'check-timeout': 0 }, {}, /--check-timeout/],
      [{ 'max-checks': 0 }, {}, /--max-checks/],
      [{ 'cache-ttl': -1 }, {}, /--cache-ttl/],
      [{ helo: 'bad helo' }, {}, /--helo/],
      [{}, { DNSSEC: 'yes' }, /^DNSSEC \(--dnssec\) must be one of validate, resolver$/],
      [{}, { DNSSEC: 'resolver', TRUST_ANCHOR: '/etc/root.ds' }, /^TRUST_ANCHOR \(--trust-anchor\) needs DNSSEC \(--dnssec\) validate/],
      [{ dnssec: 'resolver' }, { TRUST_ANCHOR: '/etc/root.ds' }, /^TRUST_ANCHOR \(--trust-anchor\) needs DNSSEC \(--dnssec\) validate/],
    ];
    for (const [argv, env, re] of bad) {
      const r = serveSettings(argv, { APIKEY: 'x'.repeat(20), ...env });
      expect(r.ok, JSON.stringify([argv, env])).to.equal(false);
      if (!r.ok) expect(r.message).to.match(re);
    }
  });
});

describe('serve: key, negotiation, probe timeout', () => {
  it('the key matcher accepts only the exact key, from any candidate', () => {
    const ok = keyMatcher('s3cret-key');
    expect(ok(['s3cret-key'])).to.equal(true);
    expect(ok([null, undefined, 's3cret-key'])).to.equal(true);
    expect(ok(['wrong', 's3cret-key'])).to.equal(true);
    for (const c of ['', 's3cret-ke', 's3cret-key ', 'S3CRET-KEY', 's3cret-key\u0000']) expect(ok([c]), JSON.stringify(c)).to.equal(false);
    expect(ok([])).to.equal(false);
    expect(ok([null, undefined])).to.equal(false);
  });

  it('negotiates OpenMetrics only when asked for by name and not less wanted than text', () => {
    const prom = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
    expect(expositionFormat(prom, null)).to.equal('openmetrics');
    expect(expositionFormat('application/openmetrics-text', null)).to.equal('openmetrics');
    expect(expositionFormat(undefined, null)).to.equal('text');
    expect(expositionFormat('*/*', null)).to.equal('text');
    expect(expositionFormat('text/plain;version=0.0.4;q=0.5,*/*;q=0.1', null)).to.equal('text');
    expect(expositionFormat('application/openmetrics-text;q=0', null)).to.equal('text');
    expect(expositionFormat('application/openmetrics-text;q=0.5,text/*;q=0.9', null)).to.equal('text');
    expect(expositionFormat('*/*', 'openmetrics')).to.equal('openmetrics');
    expect(expositionFormat(prom, 'prometheus')).to.equal('text');
    expect(() => expositionFormat(undefined, 'json')).to.throw(/format must be/);
  });

  it('the probe gets the announced scrape timeout minus the offset, capped by the check timeout', () => {
    expect(probeTimeoutSeconds('10', 0.5, 30)).to.equal(9.5);
    expect(probeTimeoutSeconds('10', 0.5, 5)).to.equal(5);
    expect(probeTimeoutSeconds(undefined, 0.5, 10)).to.equal(10);
    expect(probeTimeoutSeconds('garbage', 0.5, 10)).to.equal(10);
    expect(probeTimeoutSeconds('-3', 0.5, 10)).to.equal(10);
    expect(probeTimeoutSeconds('0.6', 0.5, 10)).to.equal(0.5);
    expect(probeTimeoutSeconds(['4', '9'], 1, 10)).to.equal(3);
  });
});
