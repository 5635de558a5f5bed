// Slow and stalled HTTP clients against the service app in process, with its
// timeouts scaled down (headers 300 ms, request 800 ms, checked every 50 ms) so
// that what the built service does after 10 s / 30 s (test/e2e/hostile-http.test.ts
// proves the headers case end to end) is shown here in a second: every stalled
// request ends in a JSON 408 and a closed connection, and the service goes on.
import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { createServeApp, type ServeApp } from '../../../src/serve/app.ts';
import { createLogger } from '../../../src/serve/log.ts';
import { fakeDeps } from '../../support/fake-deps.ts';
import { httpCall } from '../../support/http-client.ts';
import { rawHttp } from '../../e2e/hostile-support.ts';
import { API_KEY, settings } from '../serve/fixtures.ts';

describe('hostile: slow and stalled HTTP clients (service timeouts scaled down)', function () {
  this.timeout(20_000);
  let app: ServeApp;
  let base: { host: string; port: number };
  const logs: string[] = [];

  before(async () => {
    app = createServeApp({
      settings: settings({ cacheTtlSeconds: 0 }),
      makeDeps: () => fakeDeps({}, {}).deps,
      context: { helo: 'monitor.example.net', resolverLabel: '127.0.0.1:53', version: '9.9.9-test' },
      log: createLogger((line) => logs.push(line)),
      shutdownGraceMs: 500,
    });
    // Before listen(): Node arms its connection checker when the server starts listening.
    app.server.headersTimeout = 300;
    app.server.requestTimeout = 800;
    (app.server as typeof app.server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 50;
    const address: AddressInfo = await app.listen();
    base = { host: '127.0.0.1', port: address.port };
  });

  after(async () => {
    await app?.stop('test');
  });

  const head = (extra: string[]) => ['POST /verify/ HTTP/1.1', 'Host: 127.0.0.1', `x-apikey: ${API_KEY}`, 'Content-Type: application/json', ...extra].join('\r\n');

  const CASES: [string, () => Promise<Awaited<ReturnType<typeof rawHttp>>>, number][] = [
    ['slowloris: a header line every 100 ms, never the end of them', () => rawHttp(base, `${head([])}\r\n`, { untilClose: true, timeoutMs: 5000, drip: { then: 'X-Slow: 1\r\n', everyMs: 100 } }), 300],
    ['half a request line, then silence', () => rawHttp(base, 'POST /veri', { untilClose: true, timeoutMs: 5000 }), 300],
    ['a chunked body that never ends (a byte every 100 ms)', () => rawHttp(base, `${head(['Transfer-Encoding: chunked'])}\r\n\r\n1\r\n{\r\n`, { untilClose: true, timeoutMs: 5000, drip: { then: '1\r\n \r\n', everyMs: 100 } }), 800],
    ['a body shorter than its Content-Length', () => rawHttp(base, `${head(['Content-Length: 100'])}\r\n\r\n{"domain"`, { untilClose: true, timeoutMs: 5000 }), 800],
  ];

  for (const [title, run, timeoutMs] of CASES) {
    it(`${title}: a JSON 408 and a close soon after the ${timeoutMs} ms timeout`, async () => {
      const answer = await run();
      const context = `${answer.status} after ${answer.ms} ms, closed ${answer.closed}: ${answer.body.slice(0, 200)}`;
      expect(answer.closed, context).to.equal(true);
      expect(answer.ms, context).to.be.within(timeoutMs - 50, timeoutMs + 1000);
      expect(answer.status, context).to.equal(408);
      expect(answer.headers['connection'], context).to.equal('close');
      expect(answer.json, context).to.deep.equal({ error: 'bad-request', detail: 'Request Timeout' });
    });
  }

  it('fifty stalled clients at once are all cut off, and the service still answers', async () => {
    const stalled = Array.from({ length: 50 }, (_, i) =>
      rawHttp(base, i % 2 ? 'GET /heal' : `${head(['Content-Length: 50'])}\r\n\r\n{`, { untilClose: true, timeoutMs: 5000 }),
    );
    const health = await httpCall(base, { path: '/healthz' });
    expect(health.status).to.equal(200);
    const answers = await Promise.all(stalled);
    expect(answers.map((a) => a.status)).to.deep.equal(answers.map(() => 408));
    expect(answers.every((a) => a.closed)).to.equal(true);
    expect(logs.map((l) => JSON.parse(l).level)).to.not.include('error');
  });
});
