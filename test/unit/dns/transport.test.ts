import { expect } from 'chai';
import { exchange, type ExchangeRequest } from '../../../src/probe/dns/transport.ts';
import { MAX_TCP_BYTES } from '../../../src/probe/dns/tcp-exchange.ts';
import { buildQuery } from '../../../src/probe/dns/wire.ts';
import {
  type DnsFixture,
  type FixtureHandler,
  type FixtureQuery,
  RCODE,
  closeConnection,
  delay,
  raw,
  reply,
  rr,
  startDnsFixture,
} from '../../support/dns-fixture-server.ts';

const NAME = 'mx.example.org';
const answerA = (q: FixtureQuery) => [reply(q, { ad: true, answers: [rr.a(NAME, '192.0.2.25')] })];
const silent: FixtureHandler = () => [];

describe('dns/transport', () => {
  let fixture: DnsFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  async function ask(handler: FixtureHandler, options: Partial<ExchangeRequest> & { refuseTcp?: boolean } = {}) {
    fixture = await startDnsFixture(handler, { tcp: options.refuseTcp ? 'refuse' : 'serve' });
    return exchange({
      server: { address: fixture.address, port: fixture.port },
      query: buildQuery(NAME, 'A'),
      timeoutMs: 150,
      retries: 0,
      ...options,
    });
  }

  it('gets an answer over UDP in one attempt', async () => {
    const result = await ask(answerA);
    expect(result).to.include({ outcome: 'answer', error: null, transport: 'udp', attempts: 1 });
    expect(result.response).to.include({ rcode: 'NOERROR', ad: true });
    expect(result.response!.records).to.have.length(1);
    expect(fixture!.queries.map((q) => q.transport)).to.deep.equal(['udp']);
  });

  it('falls back to TCP when the UDP answer is truncated', async () => {
    const result = await ask((q) =>
      q.transport === 'udp' ? [reply(q, { tc: true })] : answerA(q),
    );
    expect(result).to.include({ outcome: 'answer', transport: 'tcp', attempts: 2 });
    expect(result.response!.tc).to.equal(false);
    expect(result.response!.records).to.have.length(1);
    expect(fixture!.queries.map((q) => q.transport)).to.deep.equal(['udp', 'tcp']);
  });

  it('reports a failed TCP fallback as a network error, not the truncated answer', async () => {
    const result = await ask((q) => [reply(q, { tc: true })], { refuseTcp: true });
    expect(result.outcome).to.equal('network-error');
    expect(result.response).to.equal(null);
    expect(result.transport).to.equal(null);
    expect(result.error).to.match(/^UDP answer truncated, TCP fallback failed: /);
  });

  it('asks over TCP directly when told to', async () => {
    const result = await ask(answerA, { tcp: true });
    expect(result).to.include({ outcome: 'answer', transport: 'tcp', attempts: 1 });
    expect(fixture!.queries.map((q) => q.transport)).to.deep.equal(['tcp']);
  });

  it('reassembles a TCP answer that arrives in pieces', async () => {
    const result = await ask(
      (q) => {
        const { bytes } = reply(q, { answers: [rr.a(NAME, '192.0.2.25')] });
        const framed = Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
        return [raw(framed.subarray(0, 1)), delay(20), raw(framed.subarray(1, 10)), delay(20), raw(framed.subarray(10))];
      },
      { tcp: true },
    );
    expect(result).to.include({ outcome: 'answer', transport: 'tcp' });
  });

  it('ignores an answer with the wrong id and accepts the right one after it', async () => {
    const result = await ask((q) => [reply(q, { id: (q.id + 1) & 0xffff, rcode: RCODE.NXDOMAIN }), delay(10), ...answerA(q)]);
    expect(result).to.include({ outcome: 'answer', attempts: 1 });
    expect(result.response!.rcode).to.equal('NOERROR');
  });

  it('ignores an answer to another question, and garbage, before the right one', async () => {
    const result = await ask((q) => [
      reply(q, { question: { name: 'evil.example', type: 'A' }, answers: [rr.a('evil.example', '203.0.113.66')] }),
      raw(Buffer.from('definitely not DNS')),
      delay(10),
      ...answerA(q),
    ]);
    expect(result.outcome).to.equal('answer');
    expect(result.response!.records.map((r) => r.data)).to.deep.equal([{ type: 'A', address: '192.0.2.25' }]);
  });

  it('ignores mismatched TCP messages too', async () => {
    const result = await ask((q) => [reply(q, { id: (q.id + 7) & 0xffff }), ...answerA(q)], { tcp: true });
    expect(result).to.include({ outcome: 'answer', transport: 'tcp' });
  });

  it('times out when only unrelated answers arrive, and says so', async () => {
    const result = await ask((q) => [reply(q, { id: (q.id + 1) & 0xffff })]);
    expect(result).to.include({ outcome: 'timeout', attempts: 1, response: null, transport: null });
    expect(result.error).to.match(/ignored 1 unrelated message \(last: id \d+ instead of \d+\)/);
  });

  it('retries after a timeout: retries + 1 attempts, each one a query at the server', async () => {
    const result = await ask(silent, { retries: 2, timeoutMs: 80 });
    expect(result).to.include({ outcome: 'timeout', attempts: 3 });
    expect(result.error).to.match(/within 80 ms \(3 attempts over UDP\)/);
    expect(fixture!.queries).to.have.length(3);
    expect(result.elapsedMs).to.be.at.least(200);
  });

  it('succeeds on a retry when the first query is lost', async () => {
    let seen = 0;
    const result = await ask((q) => (++seen === 1 ? [] : answerA(q)), { retries: 2, timeoutMs: 80 });
    expect(result).to.include({ outcome: 'answer', attempts: 2 });
  });

  it('does not retry a malformed answer', async () => {
    const result = await ask(
      (q) => {
        const { bytes } = reply(q, { answers: [rr.a(NAME, '192.0.2.25')] });
        return [raw(bytes.subarray(0, bytes.length - 10))];
      },
      { retries: 3 },
    );
    expect(result).to.include({ outcome: 'malformed', attempts: 1 });
    expect(result.error).to.match(/undecodable response/);
  });

  it('reports a closed TCP connection as a network error', async () => {
    const result = await ask(() => [closeConnection], { tcp: true });
    expect(result.outcome).to.equal('network-error');
    expect(result.error).to.match(/connection closed/);
  });

  it('reports a refused TCP connection as a network error, after retries', async () => {
    const result = await ask(answerA, { tcp: true, refuseTcp: true, retries: 1 });
    expect(result).to.include({ outcome: 'network-error', attempts: 2 });
    expect(result.error).to.match(/ECONNRESET|ECONNREFUSED/);
  });

  it(`gives up on a TCP stream of more than ${MAX_TCP_BYTES} bytes without an answer`, async () => {
    const result = await ask(
      (q) => {
        const junk = reply(q, { id: (q.id + 1) & 0xffff, answers: Array.from({ length: 400 }, (_, i) => rr.a(`n${i}.example`, '192.0.2.1')) });
        return Array.from({ length: 20 }, () => junk);
      },
      { tcp: true, timeoutMs: 2000 },
    );
    expect(result.outcome).to.equal('malformed');
    expect(result.error).to.match(/without an answer/);
  });

  it('reports ICMP port unreachable on UDP as a network error', async () => {
    fixture = await startDnsFixture(silent);
    const server = { address: fixture.address, port: fixture.port };
    await fixture.close();
    fixture = undefined;
    const result = await exchange({ server, query: buildQuery(NAME, 'A'), timeoutMs: 300, retries: 1 });
    expect(result).to.include({ outcome: 'network-error', attempts: 2 });
    expect(result.error).to.match(/ECONNREFUSED/);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const result = await ask(silent, { signal: controller.signal, timeoutMs: 5000, retries: 3 });
    expect(result).to.include({ outcome: 'cancelled', attempts: 1, response: null });
    expect(Date.now() - started).to.be.below(1000);
  });

  it('stops a TCP exchange when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await ask(silent, { signal: controller.signal, timeoutMs: 5000, tcp: true });
    expect(result.outcome).to.equal('cancelled');
  });

  it('sends nothing when the signal has already aborted', async () => {
    const result = await ask(answerA, { signal: AbortSignal.abort() });
    expect(result).to.include({ outcome: 'cancelled', attempts: 0 });
    expect(fixture!.queries).to.have.length(0);
  });
});
