// Hostile HTTP clients against `dist/smtp-dane-verify serve` on 127.0.0.1, in
// addition to the error cases of test/unit/serve and test/e2e/serve.test.ts:
// bad JSON, wrong types, huge bodies, missing fields, header tricks (duplicate
// x-apikey, a key in header and query, CR/LF/NUL in values, smuggling-shaped
// framing) and slowloris headers. Each gets a
// 4xx JSON error or a closed connection within a bound, and the service stays
// healthy. Then a soak: 2000 mixed valid and invalid requests, real checks
// against DNS and SMTP fixtures, with no growth in memory or open sockets.
import { expect } from 'chai';
import { connect } from 'node:net';
import { RCODE, reply, rr, staticZone, startDnsFixture, type DnsFixture } from '../support/dns-fixture-server.ts';
import { httpCall, startServeProcess, type ServeProcess } from '../support/http-client.ts';
import { DIST } from '../support/run-dist.ts';
import { testPki } from '../support/pki.ts';
import { startFixtureServer, type FixtureServer } from '../support/smtp-fixture-server.ts';
import { processFootprint, rawHttp, type RawAnswer } from './hostile-support.ts';

const KEY = 'hostile-http-key-0123456789';
const DOMAIN = 'hostile.test';
const MX = 'mx.hostile.test';
/** Where the checks' SMTP peer listens: the service always checks port 25. Not a lab address. */
const SMTP_ADDRESS = '127.88.25.1';

/** A raw request: head lines and a body, with a Content-Length unless the lines set the framing. */
function request(line: string, headers: string[], body = ''): string {
  const framed = headers.some((h) => /^(content-length|transfer-encoding):/i.test(h));
  const length = framed || body === '' ? [] : [`Content-Length: ${Buffer.byteLength(body)}`];
  return [line, 'Host: 127.0.0.1', ...headers, ...length, '', body].join('\r\n');
}
const post = (path: string, headers: string[], body: string) => request(`POST ${path} HTTP/1.1`, headers, body);
const withKey = [`x-apikey: ${KEY}`, 'Content-Type: application/json'];

interface World {
  dns: DnsFixture;
  smtp: FixtureServer | null;
  /** Whether the SMTP fixture got port 25 (needs root): then checks verify, else they are refused. */
  verifiedState: 'verified' | 'unreachable';
}

async function startWorld(): Promise<World> {
  const pki = await testPki();
  const tlsa = pki.leaf.spkiSha256;
  let smtp: FixtureServer | null = null;
  try {
    smtp = await startFixtureServer({ tls: { cert: pki.leaf.pem + pki.intermediate.pem, key: pki.leaf.keyPem } }, SMTP_ADDRESS, 25);
  } catch {
    smtp = null; // not root, or the address is taken: checks still run, and end refused
  }
  const zone = staticZone([
    rr.mx(DOMAIN, 10, MX),
    rr.a(MX, SMTP_ADDRESS),
    rr.tlsa(`_25._tcp.${MX}`, 3, 1, 1, tlsa),
    rr.mx('refused.hostile.test', 10, MX),
  ]);
  // refused.hostile.test's own lookups are REFUSED: a failing check among the good ones.
  const dns = await startDnsFixture((q) => (q.name === 'refused.hostile.test' ? [reply(q, { rcode: RCODE.REFUSED })] : zone(q)));
  return { dns, smtp, verifiedState: smtp ? 'verified' : 'unreachable' };
}

async function startService(world: World, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  // The fixture plays a validating resolver (AD on unsigned data): the resolver mode reads it.
  return startServeProcess(DIST, ['--nameserver', `127.0.0.1:${world.dns.port}`, '--dnssec', 'resolver', '--check-timeout', '3', '--helo', 'soak.hostile.test', ...extra], {
    APIKEY: KEY,
    ...env,
  });
}

/**
 * [title, raw request, expected status, error code]: status 0 means a close without an
 * answer is the answer; a negative status, that answer or a close without one.
 */
const CASES: [string, string | Buffer, number, string | null][] = [
  // --- bad JSON
  ['JSON cut short', post('/verify/', withKey, '{"domain": "hostile.te'), 400, 'malformed-json'],
  ['JSON with a trailing comma', post('/verify/', withKey, '{"domain": "hostile.test",}'), 400, 'malformed-json'],
  ['JSON with single quotes', post('/verify/', withKey, "{'domain': 'hostile.test'}"), 400, 'malformed-json'],
  ['a JSON array', post('/verify/', withKey, '["hostile.test"]'), 400, 'malformed-json'],
  ['a JSON string', post('/verify/', withKey, '"hostile.test"'), 400, 'malformed-json'],
  ['JSON null', post('/verify/', withKey, 'null'), 400, 'malformed-json'],
  ['an empty body', post('/verify/', withKey, ''), 400, 'malformed-json'],
  ['a UTF-8 byte-order mark', post('/verify/', withKey, '\ufeff{"domain":"hostile.test"}'), 400, 'malformed-json'],
  ['bytes that are not UTF-8', Buffer.concat([Buffer.from(post('/verify/', withKey.concat('Content-Length: 4'), '')), Buffer.from([0xff, 0xfe, 0x7b, 0x7d])]), 400, 'malformed-json'],
  ['2000 nested arrays', post('/verify/', withKey, `${'['.repeat(2000)}${']'.repeat(2000)}`), 400, 'malformed-json'],
  // --- wrong types and missing fields
  ['domain a number', post('/verify/', withKey, '{"domain": 42}'), 400, 'invalid-name'],
  ['domain null', post('/verify/', withKey, '{"domain": null}'), 400, 'invalid-name'],
  ['domain an array', post('/verify/', withKey, '{"domain": ["hostile.test"]}'), 400, 'invalid-name'],
  ['domain an object', post('/verify/', withKey, '{"domain": {"name": "hostile.test"}}'), 400, 'invalid-name'],
  ['domain nested 1900 deep', post('/verify/', withKey, `{"domain": ${'['.repeat(1900)}${']'.repeat(1900)}}`), 400, 'invalid-name'],
  ['hostname a boolean (/verify_host/)', post('/verify_host/', withKey, '{"hostname": true}'), 400, 'invalid-name'],
  ['an empty object', post('/verify/', withKey, '{}'), 400, 'missing-field'],
  ['the field misspelt', post('/verify/', withKey, '{"Domain": "hostile.test"}'), 400, 'missing-field'],
  ['/verify_host/ with only "domain"', post('/verify_host/', withKey, '{"domain": "mx.hostile.test"}'), 400, 'missing-field'],
  ['the name hidden in __proto__', post('/verify/', withKey, '{"__proto__": {"domain": "hostile.test"}}'), 400, 'missing-field'],
  ['the name hidden in constructor.prototype', post('/verify/', withKey, '{"constructor": {"prototype": {"domain": "hostile.test"}}}'), 400, 'missing-field'],
  ['CR LF inside the name', post('/verify/', withKey, '{"domain": "hostile.test\\r\\nX-Injected: 1"}'), 400, 'invalid-name'],
  ['a NUL inside the name', post('/verify/', withKey, '{"domain": "hostile\\u0000.test"}'), 400, 'invalid-name'],
  ['a name of 3000 characters', post('/verify/', withKey, JSON.stringify({ domain: `${'a.'.repeat(1500)}test` })), 400, 'invalid-name'],
  ['an IP literal', post('/verify/', withKey, '{"domain": "127.0.0.1"}'), 400, 'invalid-name'],
  // --- huge bodies
  ['Content-Length of a terabyte', request('POST /verify/ HTTP/1.1', [...withKey, 'Content-Length: 1000000000000'], '{'), 413, 'body-too-large'],
  // The server answers 413 at once and closes; the reset of the unread rest can overtake the answer.
  ['5 MB sent in full', post('/verify/', withKey, JSON.stringify({ domain: 'hostile.test', pad: 'x'.repeat(5 * 1024 * 1024) })), -413, 'body-too-large'],
  ['a chunked body over the limit', request('POST /verify/ HTTP/1.1', [...withKey, 'Transfer-Encoding: chunked'], `2000\r\n${'a'.repeat(0x2000)}\r\n0\r\n\r\n`), 413, 'body-too-large'],
  ['a negative Content-Length', request('POST /verify/ HTTP/1.1', [...withKey, 'Content-Length: -1'], '{}'), 400, 'bad-request'],
  ['Content-Length not a number', request('POST /verify/ HTTP/1.1', [...withKey, 'Content-Length: ten'], '{}'), 400, 'bad-request'],
  ['a chunk size that is not hex', request('POST /verify/ HTTP/1.1', [...withKey, 'Transfer-Encoding: chunked'], 'zz\r\n{}\r\n0\r\n\r\n'), 400, 'bad-request'],
  // --- header tricks
  ['x-apikey twice, right then wrong', post('/verify/', [`x-apikey: ${KEY}`, 'x-apikey: wrong', 'Content-Type: application/json'], '{"domain": "hostile.test"}'), 401, 'unauthorized'],
  ['x-apikey twice, wrong then right', post('/verify/', ['x-apikey: wrong', `x-apikey: ${KEY}`], '{"domain": "hostile.test"}'), 401, 'unauthorized'],
  ['x-apikey twice, both right (ambiguous: refused)', post('/verify/', [`x-apikey: ${KEY}`, `x-apikey: ${KEY}`], '{"domain": "hostile.test"}'), 401, 'unauthorized'],
  ['a wrong key in header and query', post('/verify/?api_key=nope', ['x-apikey: wrong'], '{"domain": "hostile.test"}'), 401, 'unauthorized'],
  ['the key with a trailing space (trimmed by HTTP) and a case change', post('/verify/', [`x-apikey: ${KEY.toUpperCase()} `], '{}'), 401, 'unauthorized'],
  ['the key in a query with broken percent-encoding', request(`GET /probe?api_key=%zz${KEY}&target=%ff HTTP/1.1`, []), 401, 'unauthorized'],
  ['a bare CR in a header value (header injection)', post('/verify/', [`x-apikey: ${KEY}\rX-Injected: 1`], '{}'), 400, 'bad-request'],
  ['a NUL in a header value', post('/verify/', [`x-apikey: ${KEY}\u0000`], '{}'), 400, 'bad-request'],
  ['an obsolete folded header line', post('/verify/', [`x-apikey: ${KEY}`, ' folded'], '{}'), 400, 'bad-request'],
  ['a space in a header name', post('/verify/', [`x apikey: ${KEY}`], '{}'), 400, 'bad-request'],
  ['Content-Length and Transfer-Encoding (smuggling)', request('POST /verify/ HTTP/1.1', [...withKey, 'Content-Length: 5', 'Transfer-Encoding: chunked'], '0\r\n\r\n'), 400, 'bad-request'],
  ['two different Content-Lengths', request('POST /verify/ HTTP/1.1', [...withKey, 'Content-Length: 2', 'Content-Length: 30'], '{}'), 400, 'bad-request'],
  ['a header of 20 KB', post('/verify/', [...withKey, `X-Big: ${'a'.repeat(20_000)}`], '{}'), 431, 'bad-request'],
  ['a URL of 20 KB', request(`GET /probe?target=${'a'.repeat(20_000)} HTTP/1.1`, withKey), 431, 'bad-request'],
  ['form data', post('/verify/', [`x-apikey: ${KEY}`, 'Content-Type: application/x-www-form-urlencoded'], 'domain=hostile.test'), 415, 'unsupported-media-type'],
  ['a garbage request line', 'HELLO THERE\r\n\r\n', 400, 'bad-request'],
  ['an SMTP command', 'EHLO attacker.example\r\n', 400, 'bad-request'],
  ['a TLS ClientHello', Buffer.from('16030100f1010000ed0303', 'hex'), 400, 'bad-request'],
  ['CONNECT (no proxying here)', request('CONNECT 127.0.0.1:25 HTTP/1.1', withKey), 0, null],
  ['PUT on /verify/', request('PUT /verify/ HTTP/1.1', withKey, '{"domain": "hostile.test"}'), 405, 'method-not-allowed'],
  ['a path that climbs', request('GET /verify/../healthz/..%2f..%2fetc/passwd HTTP/1.1', withKey), 404, 'not-found'],
];

describe('e2e: hostile HTTP clients against dist/smtp-dane-verify serve', function () {
  this.timeout(120_000);
  let world: World;
  let svc: ServeProcess;
  /** Started at once, asserted last: they take the server's own timeouts to end. */
  let slow: { slowloris: Promise<RawAnswer>; idleHeaders: Promise<RawAnswer> };

  before(async () => {
    world = await startWorld();
    svc = await startService(world);
    const bound = { timeoutMs: 60_000, untilClose: true };
    slow = {
      // One header line a second, never the blank line that ends them.
      slowloris: rawHttp(svc.base, `POST /verify/ HTTP/1.1\r\nHost: 127.0.0.1\r\n`, { ...bound, drip: { then: 'X-Slow: 1\r\n', everyMs: 1000 } }),
      // Half a request line, then nothing.
      idleHeaders: rawHttp(svc.base, 'POST /verify/ HT', bound),
    };
  });

  after(async () => {
    await svc?.stop();
    await world?.dns.close();
    await world?.smtp?.close();
  });

  for (const [title, bytes, status, code] of CASES) {
    const shown = status === 0 ? 'closed without an answer' : status < 0 ? `${-status} ${code} or closed` : `${status} ${code}`;
    it(`${title}: ${shown}`, async () => {
      const answer = await rawHttp(svc.base, bytes, { timeoutMs: 5000 });
      const context = `${answer.status} after ${answer.ms} ms, closed ${answer.closed}: ${answer.body.slice(0, 300)}`;
      expect(answer.ms, context).to.be.below(5000);
      if (status === 0 || (status < 0 && answer.status === 0)) {
        expect(answer.closed, context).to.equal(true);
        expect(answer.status, context).to.equal(0);
        return;
      }
      expect(answer.status, context).to.equal(Math.abs(status));
      expect(answer.headers['content-type'], context).to.match(/^application\/json/);
      expect(answer.json, context).to.be.an('object');
      expect(answer.json.error, context).to.equal(code);
      expect(answer.json.detail, context).to.be.a('string').and.not.equal('');
      expect(answer.body, context).to.not.match(/\bat .*:\d+:\d+|Error:/);
      // No control character of the request comes back (JSON escapes them; detail shows none at all).
      expect(answer.json.detail, context).to.not.match(/[\u0000-\u001f\u007f]/);
    });
  }

  it('the key in the query suffices when the header carries a wrong one, and the reverse (as the original)', async () => {
    const body = '{"domain": "hostile.test"}';
    const [queryKey, headerKey] = await Promise.all([
      rawHttp(svc.base, post(`/verify/?api_key=${KEY}`, ['x-apikey: wrong', 'Content-Type: application/json'], body)),
      rawHttp(svc.base, post('/verify/?api_key=wrong', [`x-apikey: ${KEY}`, 'Content-Type: application/json'], body)),
    ]);
    for (const answer of [queryKey, headerKey]) {
      expect(answer.status, answer.body.slice(0, 300)).to.equal(200);
      expect(answer.json.domain).to.equal(DOMAIN);
      expect(answer.json.dane_state).to.equal(world.verifiedState);
    }
  });

  it('pipelined requests, a bad one between good ones, are each answered in order', async () => {
    const three = [
      request('GET /healthz HTTP/1.1', []),
      post('/verify/', withKey, '{"domain": 1}'),
      request('GET /healthz HTTP/1.1', ['Connection: close']),
    ].join('');
    const text = await new Promise<string>((resolve) => {
      const socket = connect({ host: svc.base.host, port: svc.base.port }, () => socket.write(three));
      let data = '';
      socket.on('data', (c: Buffer) => (data += c.toString()));
      socket.on('error', () => {});
      socket.on('close', () => resolve(data));
      setTimeout(() => socket.destroy(), 5000);
    });
    expect([...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]))).to.deep.equal([200, 400, 200]);
  });

  it('a client that hangs up mid-request, 50 times, leaves the service answering', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        new Promise<void>((resolve) => {
          const socket = connect({ host: svc.base.host, port: svc.base.port }, () => {
            socket.write(post('/verify/', withKey, `{"domain": "hostile.test", "n": ${i}}`).slice(0, 40 + i));
            socket.destroy();
            resolve();
          });
          socket.on('error', () => resolve());
        }),
      ),
    );
    const health = await httpCall(svc.base, { path: '/healthz' });
    expect(health.status).to.equal(200);
  });

  it('after all that: healthy, checks still work, nothing on stderr, every log line JSON', async () => {
    const health = await httpCall(svc.base, { path: '/healthz' });
    expect(health.json).to.deep.equal({ status: 'ok' });
    const check = await httpCall(svc.base, { method: 'POST', path: '/verify_host/', headers: { 'x-apikey': KEY }, body: { hostname: MX } });
    expect(check.status).to.equal(200);
    expect(check.json.dane_state).to.equal(world.verifiedState);
    expect(svc.stderr()).to.equal('');
    for (const line of svc.lines) expect(() => JSON.parse(line), line).to.not.throw();
    expect(svc.lines.join('\n')).to.not.include(KEY);
  });

  describe('soak: 2000 mixed valid and invalid requests', function () {
    this.timeout(120_000);
    let soak: ServeProcess;

    before(async () => {
      // Its own process, so that the slow clients above do not count among its sockets. A small
      // heap makes V8 collect as it goes: RSS then follows what is live instead of lazy heap
      // growth, and a leak ends in an out-of-memory crash (failed requests) rather than hiding.
      soak = await startService(world, ['--cache-ttl', '0', '--max-checks', '4', '--max-queue', '64'], {
        NODE_OPTIONS: '--max-old-space-size=48 --max-semi-space-size=2',
      });
    });
    after(async () => {
      const { code } = await soak.stop();
      expect(code, 'SIGTERM ends the soaked service cleanly').to.equal(0);
    });

    it('memory and open descriptors do not grow; every answer is the expected one', async () => {
      const TOTAL = 2000;
      const WARM_UP = 500;
      const WORKERS = 8;
      type Kind = { name: string; status: number; run: (i: number) => Promise<number> };
      const call = async (c: Parameters<typeof httpCall>[1]) => (await httpCall(soak.base, { timeoutMs: 10_000, ...c })).status;
      const raw = async (bytes: string) => (await rawHttp(soak.base, bytes, { timeoutMs: 5000 })).status;
      const KINDS: Kind[] = [
        { name: 'verify', status: 200, run: () => call({ method: 'POST', path: '/verify/', headers: { 'x-apikey': KEY }, body: { domain: DOMAIN } }) },
        { name: 'verify_host', status: 200, run: () => call({ method: 'POST', path: '/verify_host/', headers: { 'x-apikey': KEY }, body: { hostname: MX } }) },
        { name: 'verify refused DNS', status: 200, run: () => call({ method: 'POST', path: '/verify/', headers: { 'x-apikey': KEY }, body: { domain: 'refused.hostile.test' } }) },
        { name: 'probe', status: 200, run: () => call({ path: `/probe?target=${DOMAIN}`, headers: { 'x-apikey': KEY } }) },
        { name: 'invalid name', status: 400, run: (i) => call({ method: 'POST', path: '/verify/', headers: { 'x-apikey': KEY }, body: { domain: `bad_${i}.test` } }) },
        { name: 'bad JSON', status: 400, run: () => call({ method: 'POST', path: '/verify/', headers: { 'x-apikey': KEY }, body: '{"domain":' }) },
        { name: 'wrong key', status: 401, run: () => call({ method: 'POST', path: '/verify/', headers: { 'x-apikey': 'wrong' }, body: { domain: DOMAIN } }) },
        { name: 'healthz', status: 200, run: () => call({ path: '/healthz' }) },
        { name: 'metrics', status: 200, run: () => call({ path: '/metrics', headers: { 'x-apikey': KEY } }) },
        { name: 'too large', status: 413, run: () => raw(request('POST /verify/ HTTP/1.1', [`x-apikey: ${KEY}`, 'Content-Length: 99999999'], '{')) },
        { name: 'garbage', status: 400, run: () => raw('GARBAGE\r\n\r\n') },
        { name: 'not found', status: 404, run: () => call({ path: '/nope', headers: { 'x-apikey': KEY } }) },
      ];
      const wrong: string[] = [];
      const samples: { at: number; rssKb: number; fds: number }[] = [];
      let next = 0;
      const pid = soak.child.pid!;
      const started = Date.now();
      const worker = async () => {
        for (let i = next++; i < TOTAL; i = next++) {
          const kind = KINDS[i % KINDS.length]!;
          const status = await kind.run(i).catch(() => -1);
          if (status !== kind.status) wrong.push(`#${i} ${kind.name}: ${status}`);
          if (i === WARM_UP || i === TOTAL / 2) samples.push({ at: i, ...processFootprint(pid) });
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
      const ms = Date.now() - started;
      // Let closing sockets close, then measure the end state.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      samples.push({ at: TOTAL, ...processFootprint(pid) });

      const warm = samples[0]!;
      const end = samples.at(-1)!;
      const mb = (kb: number) => (kb / 1024).toFixed(1);
      console.log(
        `      soak: ${TOTAL} requests in ${ms} ms; RSS ${samples.map((s) => `${mb(s.rssKb)} MB @${s.at}`).join(', ')}; fds ${samples.map((s) => s.fds).join(', ')}`,
      );
      expect(wrong, wrong.slice(0, 10).join('; ')).to.deep.equal([]);
      expect(end.rssKb - warm.rssKb, 'RSS growth after warm-up (KiB)').to.be.below(16 * 1024);
      expect(end.fds, 'open descriptors at the end vs after warm-up').to.be.at.most(warm.fds + 2);
      expect(soak.stderr()).to.equal('');
      expect(ms).to.be.below(90_000);
    });
  });

  describe('slow clients (started with the suite; ended by the server\'s own timeouts)', () => {
    // headersTimeout is 10 s, enforced by Node's connection check every 30 s: at most ~40 s.
    // Stalled bodies (requestTimeout, 30 s, so up to 60 s) are shown with scaled-down timeouts
    // in test/unit/hostile/http-slow-clients.test.ts.
    const BOUND_MS = 45_000;
    for (const [title, which] of [
      ['slowloris: one header line a second, never finished', 'slowloris'],
      ['half a request line, then silence', 'idleHeaders'],
    ] as const) {
      it(`${title}: a JSON 408 and a close within ${BOUND_MS / 1000} s`, async function () {
        this.timeout(BOUND_MS + 10_000);
        const answer = await slow[which];
        const context = `${answer.status} after ${answer.ms} ms, closed ${answer.closed}: ${answer.body.slice(0, 200)}`;
        expect(answer.closed, context).to.equal(true);
        expect(answer.ms, context).to.be.below(BOUND_MS);
        expect(answer.status, context).to.equal(408);
        expect(answer.json, context).to.deep.equal({ error: 'bad-request', detail: 'Request Timeout' });
      });
    }
  });
});
