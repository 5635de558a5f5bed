// The DNS probe against a hostile resolver, in process: answers that cannot be
// used are failures with a reason (never "no records"), and a question the
// run's deadline cuts short still says what the time was spent on.
import { expect } from 'chai';
import { createResolver } from '../../../src/probe/dns/resolver.ts';
import { exchange } from '../../../src/probe/dns/transport.ts';
import { buildQuery } from '../../../src/probe/dns/wire.ts';
import { followCnameChain } from '../../../src/probe/dns/answer-section.ts';
import { MAX_CNAME_HOPS } from '../../../src/dns/exchange.ts';
import { classifyAnswer } from '../../../src/dane/dns-classification.ts';
import {
  type DnsFixture,
  type FixtureHandler,
  reply,
  rr,
  staticZone,
  startDnsFixture,
} from '../../support/dns-fixture-server.ts';

describe('hostile DNS: answers the probe must not believe', () => {
  let fixture: DnsFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  async function resolverFor(handler: FixtureHandler, options: { tcp?: 'serve' | 'refuse'; timeoutMs?: number; retries?: number } = {}) {
    fixture = await startDnsFixture(handler, { tcp: options.tcp ?? 'serve' });
    return createResolver({
      server: { address: fixture.address, port: fixture.port },
      timeoutMs: options.timeoutMs ?? 300,
      retries: options.retries ?? 0,
    });
  }

  describe('CNAME chains', () => {
    it('a loop is a malformed answer naming the loop, not "no address"', async () => {
      const resolver = await resolverFor(staticZone([rr.cname('a.example', 'b.example'), rr.cname('b.example', 'a.example')]));
      const evidence = await resolver.query('a.example', 'A');
      expect(evidence).to.deep.include({ outcome: 'malformed', rcode: 'NOERROR', records: [], cnameChain: ['a.example', 'b.example'] });
      expect(evidence.error).to.equal(`127.0.0.1:${fixture!.port}: CNAME loop: b.example points back to a.example`);
      const judged = classifyAnswer(evidence);
      expect(judged).to.deep.include({ security: 'indeterminate', existence: 'unknown' });
      expect(judged.detail).to.match(/^malformed after 1 attempt: .*CNAME loop/);
    });

    it('a name aliased to itself is a loop too', async () => {
      const resolver = await resolverFor(staticZone([rr.cname('self.example', 'self.example')]));
      const evidence = await resolver.query('self.example', 'AAAA');
      expect(evidence.outcome).to.equal('malformed');
      expect(evidence.error).to.match(/CNAME loop: self\.example points back to self\.example$/);
    });

    it(`a chain longer than ${MAX_CNAME_HOPS} hops is malformed; one of exactly ${MAX_CNAME_HOPS} is followed`, async () => {
      const chain = (hops: number) => [
        ...Array.from({ length: hops }, (_, i) => rr.cname(`n${i}.example`, `n${i + 1}.example`)),
        rr.a(`n${hops}.example`, '192.0.2.1'),
      ];
      const long = await resolverFor(staticZone(chain(MAX_CNAME_HOPS + 1)));
      const tooLong = await long.query('n0.example', 'A');
      expect(tooLong.outcome).to.equal('malformed');
      expect(tooLong.error).to.match(new RegExp(`CNAME chain from n0\\.example longer than ${MAX_CNAME_HOPS} hops$`));
      await fixture!.close();

      const exact = await resolverFor(staticZone(chain(MAX_CNAME_HOPS)));
      const followed = await exact.query('n0.example', 'A');
      expect(followed).to.deep.include({ outcome: 'answer', error: null });
      expect(followed.cnameChain).to.have.length(MAX_CNAME_HOPS + 1);
      expect(followed.records.map((r) => r.data)).to.deep.equal([{ type: 'A', address: '192.0.2.1' }]);
    });

    it('a dangling chain (target not in the answer) is still an answer: NODATA at the target', async () => {
      const resolver = await resolverFor(staticZone([rr.cname('mail.example', 'elsewhere.example'), rr.a('other.example', '192.0.2.2')]));
      const evidence = await resolver.query('mail.example', 'A');
      expect(evidence).to.deep.include({ outcome: 'answer', error: null, records: [], cnameChain: ['mail.example', 'elsewhere.example'] });
    });

    it('followCnameChain says why it stopped, and nothing when the chain ends', () => {
      const record = (name: string, target: string) => ({ name, ttl: 1, data: { type: 'CNAME' as const, target } });
      expect(followCnameChain('a', 'A', [record('a', 'b')]).broken).to.equal(null);
      expect(followCnameChain('a', 'A', [record('a', 'b'), record('b', 'a')]).broken).to.equal('CNAME loop: b points back to a');
      expect(followCnameChain('a', 'CNAME', [record('a', 'a')]).broken).to.equal(null); // CNAME asked for: nothing followed
    });
  });

  describe('what a cut-short or failed question reports', () => {
    it('cancelled by the deadline: the earlier timeouts and the unrelated answers are named', async () => {
      const liar: FixtureHandler = (q) => [reply(q, { id: (q.id + 1) & 0xffff }), reply(q, { question: { name: 'evil.example', type: 'A' } })];
      const resolver = await resolverFor(liar, { timeoutMs: 100, retries: 5 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('deadline')), 250);
      const evidence = await resolver.query('mx.example', 'A', { signal: controller.signal });
      expect(evidence.outcome).to.equal('cancelled');
      expect(evidence.error).to.match(
        /^no answer from 127\.0\.0\.1:\d+ before the check was cut short \(3 attempts over UDP\); 2 timed out after 100 ms each; ignored 6 unrelated messages \(last: answers evil\.example\/A, not mx\.example\/A\)$/,
      );
    });

    it('cancelled before anything timed out: only that', async () => {
      const resolver = await resolverFor(() => [], { timeoutMs: 5000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const evidence = await resolver.query('mx.example', 'A', { signal: controller.signal });
      expect(evidence.error).to.match(/^no answer from 127\.0\.0\.1:\d+ before the check was cut short \(1 attempt over UDP\)$/);
    });

    it('timeouts in whole milliseconds, even for a computed budget', async () => {
      const resolver = await resolverFor(() => [], { timeoutMs: 80.4567 });
      const evidence = await resolver.query('mx.example', 'A');
      expect(evidence.error).to.match(/within 80 ms \(1 attempt over UDP\)$/);
    });

    it('after a truncated UDP answer, the TCP failure counts its own attempts', async () => {
      fixture = await startDnsFixture((q) => [reply(q, { tc: true })], { tcp: 'refuse' });
      const result = await exchange({
        server: { address: fixture.address, port: fixture.port },
        query: buildQuery('mx.example', 'A'),
        timeoutMs: 300,
        retries: 2,
      });
      expect(result).to.include({ outcome: 'network-error', attempts: 4 });
      expect(result.error).to.match(/^UDP answer truncated, TCP fallback failed: .*\(3 attempts over TCP\)$/);
    });
  });

  describe('the fixture zone (test support)', () => {
    it('truncates over UDP only what does not fit the advertised size', async () => {
      const many = Array.from({ length: 200 }, (_, i) => rr.mx('big.example', i, `mx${i}.big.example`));
      const resolver = await resolverFor(staticZone([...many, rr.mx('small.example', 10, 'mx.small.example')], { truncateUdp: true }));
      const big = await resolver.query('big.example', 'MX');
      const small = await resolver.query('small.example', 'MX');
      expect(big).to.deep.include({ transport: 'tcp', outcome: 'answer' });
      expect(big.records).to.have.length(200);
      expect(small).to.deep.include({ transport: 'udp', outcome: 'answer' });
      expect(fixture!.queries.map((q) => `${q.name}/${q.transport}`)).to.deep.equal([
        'big.example/udp',
        'big.example/tcp',
        'small.example/udp',
      ]);
    });
  });
});
