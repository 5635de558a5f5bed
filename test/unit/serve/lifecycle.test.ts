// Access logs and shutdown, in-process: one JSON record per request on the log
// stream, never the key; stop() refuses new checks, answers the requests whose
// checks it cut off with 503, closes the listener and keep-alive sockets.
import { expect } from 'chai';
import { Agent, request } from 'node:http';
import { API_KEY, startHarness, until } from './fixtures.ts';

describe('serve: access log', function () {
  this.timeout(20_000);

  it('logs one JSON record per request, with the key redacted from the query and no header', async () => {
    const h = await startHarness();
    try {
      await h.call({ path: `/metrics?api_key=${API_KEY}&format=openmetrics` });
      await h.authed({ method: 'POST', path: '/verify/', headers: { 'Content-Type': 'application/json' }, body: { domain: 'good.example' } });
      await h.call({ path: '/metrics', headers: { 'x-apikey': `${API_KEY}-wrong` } });
      await h.call({ path: '/nowhere' });
      await until('four access records', () => h.records().filter((r) => r.event === 'request').length === 4);
      const all = h.logs.join('');
      expect(all).to.not.include(API_KEY);
      const requests = h.records().filter((r) => r.event === 'request');
      expect(requests.map((r) => [r.method, r.path, r.status])).to.deep.equal([
        ['GET', '/metrics', 200],
        ['POST', '/verify/', 200],
        ['GET', '/metrics', 401],
        ['GET', '/nowhere', 404],
      ]);
      expect(requests[0].query).to.deep.equal({ api_key: '[redacted]', format: 'openmetrics' });
      expect(requests[1]).to.include({ target: 'good.example', source: 'run', remote: '127.0.0.1' });
      expect(requests[1].bytes).to.be.greaterThan(100);
      expect(requests[1].duration_ms).to.be.a('number');
      expect(requests[2].error).to.equal('unauthorized');
      for (const line of h.logs) expect(() => JSON.parse(line)).to.not.throw();
      expect(h.logs.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1)).to.equal(true);
    } finally {
      await h.stop();
    }
  });
});

describe('serve: shutdown', function () {
  this.timeout(20_000);

  it('cuts off running checks (503 + Retry-After), closes keep-alive sockets and the listener', async () => {
    const h = await startHarness({ metricsDomains: ['good.example'], metricsIntervalSeconds: 3600, checkTimeoutSeconds: 10 });
    h.gate.hold();
    await until('the scheduled run', () => h.runs.length === 1);
    // A keep-alive connection that sits idle.
    const agent = new Agent({ keepAlive: true });
    const idle = await new Promise<number>((resolve, reject) => {
      const req = request({ host: h.base.host, port: h.base.port, path: '/healthz', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(idle).to.equal(200);
    const pending = h.authed({ method: 'POST', path: '/verify/', headers: { 'Content-Type': 'application/json' }, body: { domain: 'a1.example' } });
    await until('the API run', () => h.runs.length === 2);
    const started = Date.now();
    await h.app.stop('SIGTERM'); // the gate stays held: only cancellation ends the checks
    expect(Date.now() - started).to.be.below(3000);
    const r = await pending;
    expect(r.status).to.equal(503);
    expect(r.json.error).to.equal('shutting-down');
    expect(r.headers['retry-after']).to.equal('1');
    expect(h.app.server.listening).to.equal(false);
    const events = h.records().map((x) => x.event);
    expect(events).to.include.members(['stopping', 'stopped']);
    expect(events.indexOf('stopped')).to.be.greaterThan(events.indexOf('stopping'));
    agent.destroy();
    h.gate.release();
  });
});
