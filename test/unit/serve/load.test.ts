// Load rules over real sockets: identical concurrent requests share one check,
// finished checks are cached for the configured time (and answered with Age),
// at most max-checks run at once, max-queue wait, and the rest get 503 with
// Retry-After at once. /metrics keeps answering while checks are stuck.
import { expect } from 'chai';
import { Limiter, LimiterRejection } from '../../../src/serve/limiter.ts';
import { ResultCache } from '../../../src/serve/result-cache.ts';
import { SingleFlight } from '../../../src/serve/single-flight.ts';
import { sleep, startHarness, until, type Harness } from './fixtures.ts';

const JSON_POST = { 'Content-Type': 'application/json' };

describe('serve: load', function () {
  this.timeout(20_000);
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it('identical concurrent requests share one check in flight (verify, verify and probe alike)', async () => {
    h = await startHarness({ cacheTtlSeconds: 0 });
    h.gate.hold();
    const calls = [
      ...Array.from({ length: 8 }, () => h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain: 'good.example' } })),
      h.authed({ path: '/probe?target=good.example' }),
    ];
    await until('the check to start', () => h.runs.length > 0);
    await sleep(100);
    h.gate.release();
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.status)).to.deep.equal(Array(9).fill(200));
    expect(h.runs).to.deep.equal(['good.example']);
    // Every JSON answer is the same result.
    const bodies = new Set(answers.slice(0, 8).map((a) => a.body));
    expect(bodies.size).to.equal(1);
    const sources = h.records().filter((r) => r.event === 'request').map((r) => r.source);
    expect(sources.filter((s) => s === 'run')).to.have.length(1);
    expect(sources.filter((s) => s === 'joined')).to.have.length(8);
  });

  it('a domain check and a host check of the same name are different checks', async () => {
    h = await startHarness({ cacheTtlSeconds: 0 });
    await Promise.all([
      h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain: 'mx1.good.example' } }),
      h.authed({ method: 'POST', path: '/verify_host/', headers: JSON_POST, body: { hostname: 'mx1.good.example' } }),
    ]);
    expect(h.runs).to.have.length(2);
  });

  it('a finished check is cached for cache-ttl seconds and answered with Age', async () => {
    h = await startHarness({ cacheTtlSeconds: 1 });
    const first = await h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain: 'good.example' } });
    expect(first.headers.age).to.equal(undefined);
    const second = await h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain: 'good.example' } });
    expect(second.body).to.equal(first.body);
    expect(second.headers.age).to.equal('0');
    const probe = await h.authed({ path: '/probe?target=good.example' });
    expect(probe.status).to.equal(200);
    expect(h.runs).to.deep.equal(['good.example']);
    await sleep(1100);
    await h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain: 'good.example' } });
    expect(h.runs).to.deep.equal(['good.example', 'good.example']);
  });

  it('cache-ttl 0 turns the cache off', async () => {
    h = await startHarness({ cacheTtlSeconds: 0 });
    for (let i = 0; i < 3; i++) await h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain: 'good.example' } });
    expect(h.runs).to.have.length(3);
  });

  it('bounded: max-checks run, max-queue wait, the rest get 503 with Retry-After at once', async () => {
    h = await startHarness({ maxChecks: 2, maxQueue: 1, cacheTtlSeconds: 0, checkTimeoutSeconds: 5 });
    h.gate.hold();
    const names = ['a1.example', 'a2.example', 'a3.example', 'a4.example', 'a5.example'];
    const pending = names.map((domain) => h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain } }));
    // a4 and a5 are refused while a1, a2 run and a3 waits.
    await until('two running and one queued', () => h.app.service.limiter.active === 2 && h.app.service.limiter.queued === 1);
    const refusedEarly = await Promise.race([Promise.all([pending[3], pending[4]]), sleep(1000).then(() => null)]);
    expect(refusedEarly, 'the overflow is refused without waiting').to.not.equal(null);
    for (const r of refusedEarly ?? []) {
      expect(r!.status).to.equal(503);
      expect(r!.json.error).to.equal('busy');
      expect(r!.headers['retry-after']).to.equal('5');
    }
    // /metrics answers meanwhile.
    expect((await h.authed({ path: '/metrics' })).status).to.equal(200);
    h.gate.release();
    const done = await Promise.all(pending.slice(0, 3));
    expect(done.map((r) => r.status)).to.deep.equal([200, 200, 200]);
    expect([...h.runs].sort()).to.deep.equal(['a1.example', 'a2.example', 'a3.example']);
  });
});

describe('serve: load building blocks', () => {
  it('SingleFlight runs a key once while in flight, again afterwards', async () => {
    const f = new SingleFlight<number>();
    let runs = 0;
    const task = async () => {
      runs++;
      await sleep(20);
      return runs;
    };
    const a = f.run('k', task);
    const b = f.run('k', task);
    expect([a.joined, b.joined]).to.deep.equal([false, true]);
    expect(await a.promise).to.equal(await b.promise);
    const c = f.run('k', task);
    expect(c.joined).to.equal(false);
    expect(await c.promise).to.equal(2);
    expect(f.size).to.equal(0);
  });

  it('ResultCache expires after its TTL and keeps at most maxEntries', () => {
    const cache = new ResultCache<string>(1000, 2);
    cache.set('a', 'A', 0);
    expect(cache.get('a', 999)).to.deep.equal({ value: 'A', ageMs: 999 });
    expect(cache.get('a', 1000)).to.equal(null);
    cache.set('a', 'A', 0);
    cache.set('b', 'B', 0);
    cache.set('c', 'C', 0);
    expect(cache.size).to.equal(2);
    expect(cache.get('a', 1)).to.equal(null);
    expect(new ResultCache<string>(0).get('x', 0)).to.equal(null);
  });

  it('Limiter: FIFO queue, queue timeout, stop refuses waiters', async () => {
    const l = new Limiter(1, 2);
    const r1 = await l.acquire('reject', 1000);
    const order: string[] = [];
    const w2 = l.acquire('reject', 1000).then((r) => (order.push('2'), r));
    const w3 = l.acquire('reject', 1000).then((r) => (order.push('3'), r));
    await l.acquire('reject', 1000).then(
      () => expect.fail('should be busy'),
      (e) => expect((e as LimiterRejection).reason).to.equal('busy'),
    );
    // 'wait' ignores the queue bound (the scheduler), but not its own timeout.
    const w4 = l.acquire('wait', 50).catch((e: LimiterRejection) => e.reason);
    expect(l.queued).to.equal(3);
    expect(await w4).to.equal('queue-timeout');
    expect(l.queued).to.equal(2);
    r1();
    (await w2)();
    (await w3)();
    expect(order).to.deep.equal(['2', '3']);
    expect(l.active).to.equal(0);
    const held = await l.acquire('reject', 1000);
    const w5 = l.acquire('wait', 1000).catch((e: LimiterRejection) => e.reason);
    l.stop();
    expect(await w5).to.equal('stopped');
    held();
    await l.acquire('reject', 10).then(
      () => expect.fail('stopped'),
      (e) => expect((e as LimiterRejection).reason).to.equal('stopped'),
    );
  });
});
