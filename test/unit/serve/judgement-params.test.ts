// ?days=, ?sig_warn=, ?sig_crit=, ?warning= and ?critical= on the check
// endpoints: the plugin's --days, --sig-warn, --sig-crit, -w and -c for one
// request. The fake world's certificates expire in 3136 days (DANE-EE: WARNING
// at most, RFC 7672 §3.1.1). It is probed once (cache) and each request judged
// again, so one request's parameters never leak into another's answer.
import { expect } from 'chai';
import { requestedJudgement } from '../../../src/serve/judgement-params.ts';
import { ApiError } from '../../../src/serve/api-error.ts';
import { startHarness, type Harness } from './fixtures.ts';

const JSON_POST = { 'Content-Type': 'application/json' };

function detailOf(query: string): string {
  try {
    requestedJudgement(new URL(`http://x/verify/${query}`));
  } catch (error) {
    if (error instanceof ApiError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('serve: judgement parameters (days, sig_warn, sig_crit, warning, critical)', function () {
  this.timeout(20_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  const verify = (query: string) => h.authed({ method: 'POST', path: `/verify/${query}`, headers: JSON_POST, body: { domain: 'good.example' } });

  it('?days=N judges the dates N days ahead, on the one cached probe; the next plain request is judged as before', async () => {
    const now = await verify('');
    expect([now.json.service_state, now.json.horizon_days, now.json.certificate_expiry[0].days_left]).to.deep.equal(['OK', 0, 3136]);
    const ahead = await verify('?days=4000');
    expect(ahead.status).to.equal(200);
    expect([ahead.json.service_state, ahead.json.exit_code, ahead.json.horizon_days]).to.deep.equal(['WARNING', 1, 4000]);
    expect(ahead.json.certificate_expiry.map((c: any) => [c.days_left, c.state])).to.deep.equal([[-864, 'critical'], [-864, 'critical']]);
    expect(ahead.json.dane_state).to.equal(now.json.dane_state);
    expect(ahead.headers.age, 'answered from the cache').to.be.a('string');
    expect((await verify('')).json.service_state).to.equal('OK');
    expect((await verify('?days=3000')).json.service_state).to.equal('OK');
    expect(h.runs).to.deep.equal(['good.example']);
  });

  it('?warning= and ?critical= replace -w/-c for certificate dates; empty values are none, the last value counts', async () => {
    const warn = await verify('?warning=4000:');
    expect([warn.json.service_state, warn.json.horizon_days]).to.deep.equal(['WARNING', 0]);
    expect(warn.json.certificate_expiry.map((c: any) => c.state)).to.deep.equal(['warning', 'warning']);
    const crit = await verify('?critical=4000:');
    expect(crit.json.certificate_expiry.map((c: any) => c.state)).to.deep.equal(['critical', 'critical']);
    expect((await verify('?days=&warning=')).json.service_state).to.equal('OK');
    expect((await verify('?days=4000&days=0')).json.service_state).to.equal('OK');
    expect((await verify('?days=0&days=4000')).json.service_state).to.equal('WARNING');
  });

  it('/verify_host/ (text) and /probe take them too', async () => {
    const text = await h.authed({ method: 'POST', path: '/verify_host/?format=text&days=4000', headers: JSON_POST, body: { hostname: 'mx1.good.example' } });
    expect(text.body).to.match(/^SMTP DANE WARNING - mx1\.good\.example: /);
    expect(text.body).to.match(/ cert_days_left=-864;/);
    const plain = await h.authed({ path: '/probe?target=good.example' });
    expect(plain.body).to.include('smtp_dane_verify_service_state{domain="good.example",state="OK"} 1');
    const probe = await h.authed({ path: '/probe?target=good.example&days=4000' });
    expect(probe.body).to.include('smtp_dane_verify_service_state{domain="good.example",state="WARNING"} 1');
    expect(probe.body).to.include('probe_success 1');
  });

  it('a bad value is a 400 invalid-parameter naming the parameter, on every check endpoint', async () => {
    const calls = [
      verify('?days=soon'),
      h.authed({ method: 'POST', path: '/verify_host/?sig_crit=5&sig_warn=2', headers: JSON_POST, body: { hostname: 'mx1.good.example' } }),
      h.authed({ path: '/probe?target=good.example&warning=abc' }),
    ];
    const details = [];
    for (const r of await Promise.all(calls)) {
      expect(r.status, r.body).to.equal(400);
      expect(r.json.error).to.equal('invalid-parameter');
      details.push(r.json.detail);
    }
    expect(details[0]).to.equal('days "soon": expected a number of days, e.g. 7 or 1.5');
    expect(details[1]).to.equal('sig_crit 5 is above sig_warn 2: CRITICAL must be the nearer limit');
    expect(details[2]).to.match(/^warning: /);
    expect(h.runs, 'nothing probed for a bad request').to.deep.equal([]);
  });

  it('the service\'s DAYS / SIG_WARN / SIG_CRIT judge every answer, /metrics and /probe included; a request\'s parameters replace them one by one', async () => {
    await h.stop();
    h = await startHarness({ metricsDomains: ['good.example'], horizonDays: 4000, signatureThresholds: { warningDays: 10, criticalDays: 5 } });
    const service = await verify('');
    expect([service.json.service_state, service.json.horizon_days]).to.deep.equal(['WARNING', 4000]);
    expect((await verify('?days=0')).json.service_state).to.equal('OK');
    // An empty value (an unset Zabbix macro) is no parameter: the service's.
    expect((await verify('?days=')).json.horizon_days).to.equal(4000);
    const probe = await h.authed({ path: '/probe?target=good.example' });
    expect(probe.body).to.include('smtp_dane_verify_service_state{domain="good.example",state="WARNING"} 1');
    expect((await h.authed({ path: '/probe?target=good.example&days=0' })).body).to.include('smtp_dane_verify_service_state{domain="good.example",state="OK"} 1');
    // /metrics: the background check, judged with the service's settings.
    let metrics = '';
    for (let i = 0; i < 50 && !metrics.includes('smtp_dane_verify_service_state{domain="good.example",state="WARNING"} 1'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      metrics = (await h.authed({ path: '/metrics' })).body;
    }
    expect(metrics).to.include('smtp_dane_verify_service_state{domain="good.example",state="WARNING"} 1');
    // sig_crit above the service's SIG_WARN 10 (or sig_warn below its SIG_CRIT 5): a 400 naming both.
    const high = await verify('?sig_crit=12');
    expect([high.status, high.json.detail]).to.deep.equal([400, "sig_crit 12 is above the service's SIG_WARN 10: CRITICAL must be the nearer limit"]);
    const low = await verify('?sig_warn=3');
    expect([low.status, low.json.detail]).to.deep.equal([400, "the service's SIG_CRIT 5 is above sig_warn 3: CRITICAL must be the nearer limit"]);
    expect((await verify('?sig_warn=3&sig_crit=1')).status).to.equal(200);
  });

  it('each parameter parsed and checked on its own', () => {
    expect(requestedJudgement(new URL('http://x/verify/'))).to.equal(null);
    expect(requestedJudgement(new URL('http://x/verify/?severity=&days='))).to.equal(null);
    // Empty Zabbix macros ({$DANE.DAYS}, {$DANE.SIG_WARN}, {$DANE.SIG_CRIT}) arrive as empty values: not set.
    expect(requestedJudgement(new URL('http://x/verify/?days=&sig_warn=&sig_crit=%20'))).to.equal(null);
    const lastSet = requestedJudgement(new URL('http://x/verify/?sig_warn=10&sig_warn=&sig_crit='));
    expect([lastSet?.sigWarnDays, lastSet?.sigCritDays, lastSet?.horizonDays]).to.deep.equal([10, null, null]);
    const asked = requestedJudgement(new URL('http://x/verify/?sig_warn=10&sig_crit=2.5&days=7'));
    expect([asked?.sigWarnDays, asked?.sigCritDays, asked?.horizonDays, asked?.warning, asked?.severity]).to.deep.equal([10, 2.5, 7, null, null]);
    expect(detailOf('?sig_warn=-3')).to.equal('invalid-parameter: sig_warn "-3": expected a number of days, e.g. 7 or 1.5');
    expect(detailOf('?sig_crit=1e3')).to.equal('invalid-parameter: sig_crit "1e3": expected a number of days, e.g. 7 or 1.5');
    expect(detailOf('?days=99999999999')).to.equal('invalid-parameter: days "99999999999": at most 36500 days');
    expect(detailOf('?critical=1:2:3')).to.match(/^invalid-parameter: critical: /);
    expect(detailOf('?sig_warn=3&sig_crit=3')).to.equal('accepted');
  });
});
