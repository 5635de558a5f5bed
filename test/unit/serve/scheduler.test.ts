// Background checks of METRICS_DOMAINS: at start, then every interval with
// jitter; never two runs of one domain at once (also not with an API request
// for it); a failing domain neither stops its own loop nor the others.
import { expect } from 'chai';
import { firstDelayMs, initialSpreadMs, jitterMs, nextDelayMs, Scheduler } from '../../../src/serve/scheduler.ts';
import { sleep, startHarness, until, type Harness } from './fixtures.ts';

describe('serve: scheduler', function () {
  this.timeout(20_000);

  it('spreads the first runs and jitters the next ones by up to ±10 % of the interval', async () => {
    expect(jitterMs(60_000)).to.equal(6000);
    expect(jitterMs(3_600_000)).to.equal(30_000);
    expect(initialSpreadMs(60_000)).to.equal(5000);
    expect(initialSpreadMs(1000)).to.equal(100);
    expect(firstDelayMs(60_000, 0)).to.equal(0);
    expect(firstDelayMs(60_000, 0.5)).to.equal(2500);
    // Start to start: a run that took 10 s of a 60 s interval waits 50 s ± 6 s.
    expect(nextDelayMs(60_000, 10_000, 0)).to.equal(44_000);
    expect(nextDelayMs(60_000, 10_000, 0.5)).to.equal(50_000);
    expect(nextDelayMs(60_000, 10_000, 1)).to.equal(56_000);
    // A run longer than the interval is followed at once, never with a negative delay.
    expect(nextDelayMs(60_000, 90_000, 1)).to.equal(0);
  });

  it('runs on those delays with real timers (lower bounds only: a loaded machine can only be late)', async () => {
    async function startsWith(random: number): Promise<number[]> {
      const starts: number[] = [];
      const t0 = Date.now();
      const s = new Scheduler({ domains: ['a'], intervalMs: 400, run: async () => void starts.push(Date.now() - t0), onError: () => undefined, random: () => random });
      s.start();
      await sleep(1000);
      await s.stop();
      return starts;
    }
    const [early, late] = await Promise.all([startsWith(0), startsWith(0.999)]);
    const gaps = (t: number[]) => t.slice(1).map((x, i) => x - t[i]!);
    expect(early.length).to.be.at.least(2);
    expect(late.length).to.be.at.least(2);
    expect(late[0]).to.be.at.least(35);
    for (const g of gaps(early)) expect(g).to.be.at.least(355);
    for (const g of gaps(late)) expect(g).to.be.at.least(435);
  });

  it('checks every METRICS_DOMAINS domain at start and then every interval', async () => {
    const h = await startHarness({ metricsDomains: ['good.example', 'bad.example'], metricsIntervalSeconds: 0.3 });
    try {
      await sleep(1100);
      const count = (d: string) => h.runs.filter((r) => r === d).length;
      // 0, 270, 540, 810, 1080 ms with random 0; a loaded machine may manage fewer.
      expect(count('good.example')).to.be.within(2, 5);
      expect(count('bad.example')).to.be.within(2, 5);
    } finally {
      await h.stop();
    }
  });

  it('never runs one domain twice at once, and an API request joins the scheduled run', async () => {
    const h: Harness = await startHarness({ metricsDomains: ['good.example'], metricsIntervalSeconds: 0.05, cacheTtlSeconds: 0, checkTimeoutSeconds: 5 });
    try {
      h.gate.hold();
      await until('the first run', () => h.runs.length === 1);
      // Many intervals pass while the run hangs: no second run starts.
      await sleep(400);
      expect(h.runs).to.deep.equal(['good.example']);
      const api = h.authed({ method: 'POST', path: '/verify/', headers: { 'Content-Type': 'application/json' }, body: { domain: 'good.example' } });
      await sleep(100);
      expect(h.runs).to.deep.equal(['good.example']);
      h.gate.release();
      const r = await api;
      expect(r.status).to.equal(200);
      expect(h.records().find((x) => x.event === 'request')?.source).to.equal('joined');
    } finally {
      await h.stop();
    }
  });

  it('a domain whose check throws is retried every interval and the others go on', async () => {
    const h = await startHarness({ metricsDomains: ['broken.example', 'good.example'], metricsIntervalSeconds: 0.2 });
    try {
      await sleep(900);
      const failures = h.records().filter((r) => r.event === 'scheduled-check-failed' && r.domain === 'broken.example');
      const successes = h.records().filter((r) => r.event === 'scheduled-check' && r.domain === 'good.example');
      expect(failures.length).to.be.at.least(2);
      expect(successes.length).to.be.at.least(2);
      expect(failures[0].error).to.equal('resolver exploded');
      const t = h.app.store.snapshot().find((x) => x.name === 'good.example')!;
      expect(t.lastAttemptComplete).to.equal(true);
    } finally {
      await h.stop();
    }
  });

  it('a failed run keeps the previous verdict, marked by check_success 0', async () => {
    const { MetricsStore } = await import('../../../src/serve/metrics-store.ts');
    const store = new MetricsStore(['x.example']);
    const outcome = { kind: 'domain', result: { dane_state: 'verified' }, run: {} } as any;
    store.record('x.example', { outcome, finishedAt: new Date(1000), durationSeconds: 1, complete: true });
    store.record('x.example', { outcome: null, finishedAt: new Date(2000), durationSeconds: 2, complete: false });
    const [t] = store.snapshot();
    expect(t!.outcome).to.equal(outcome);
    expect(t!.lastAttemptComplete).to.equal(false);
    expect(t!.lastSuccessAt).to.deep.equal(new Date(1000));
    expect(t!.lastAttemptAt).to.deep.equal(new Date(2000));
    // Results for other names are not recorded.
    store.record('other.example', { outcome, finishedAt: new Date(3000), durationSeconds: 1, complete: true });
    expect(store.snapshot()).to.have.length(1);
  });
});
