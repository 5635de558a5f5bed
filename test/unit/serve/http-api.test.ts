// The REST API over a real socket, in-process with fake Deps: every endpoint,
// both key transports, and every error answer (status, JSON body, no stack).
import { expect } from 'chai';
import { domainJson, hostCheckJson, renderJson } from '../../../src/render/json.ts';
import { runCheck } from '../../../src/app/run-check.ts';
import { checkRequest } from '../../../src/serve/check-request.ts';
import { fakeDeps } from '../../support/fake-deps.ts';
import { compileErrors, validate } from '@readme/openapi-parser';
import { openApiDocument } from '../../../src/serve/openapi.ts';
import { ROUTES } from '../../../src/serve/routes.ts';
import { rawExchange } from '../../support/http-client.ts';
import { API_KEY, startHarness, world, type Harness } from './fixtures.ts';

const JSON_POST = { 'Content-Type': 'application/json' };

function expectJsonError(answer: { status: number; body: string; json: any; headers: Record<string, unknown> }, status: number, code: string) {
  expect(answer.status, answer.body).to.equal(status);
  expect(String(answer.headers['content-type'])).to.match(/^application\/json/);
  expect(answer.json).to.be.an('object');
  expect(answer.json.error).to.equal(code);
  expect(answer.json.detail).to.be.a('string').and.not.empty;
  // Never a stack trace.
  expect(answer.body).to.not.match(/\n\s+at |\.ts:\d+/);
}

/** The keys of a host check's JSON, in the order the CLI prints them. */
async function hostCheckKeys(): Promise<string[]> {
  const w = await world();
  const { deps } = fakeDeps(w.zone, w.sessions);
  const context = { helo: 'monitor.example.net', resolverLabel: '127.0.0.1:53', version: 'x' };
  const outcome = await runCheck(deps, checkRequest({ kind: 'host', name: 'mx1.good.example' }, 4000, context));
  if (outcome.kind !== 'host') throw new Error('host expected');
  return Object.keys(hostCheckJson(outcome));
}

describe('serve: REST API over HTTP', function () {
  this.timeout(20_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('POST /verify/ answers byte for byte what `domain --format json` prints', async () => {
    const w = await world();
    const answer = await h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain: 'good.example' } });
    expect(answer.status).to.equal(200);
    expect(answer.headers['content-type']).to.equal('application/json');
    expect(answer.json.all_hosts_dane_verified).to.equal(true);
    expect(answer.json.domain).to.equal('good.example');
    // The CLI's rendering of the same check over the same fake world.
    const { deps } = fakeDeps(w.zone, w.sessions);
    const context = { helo: 'monitor.example.net', resolverLabel: '127.0.0.1:53', version: '9.9.9-test' };
    const outcome = await runCheck(deps, checkRequest({ kind: 'domain', name: 'good.example' }, 4000, context));
    if (outcome.kind !== 'domain') throw new Error('domain expected');
    const expected = JSON.parse(renderJson(domainJson(outcome)));
    // Only the run's timing may differ between two runs.
    for (const x of [answer.json, expected]) delete x.run.duration_ms;
    expect(answer.json).to.deep.equal(expected);
    expect(answer.body.endsWith('}\n')).to.equal(true);
    expect(answer.body).to.equal(renderJson(JSON.parse(answer.body)));
  });

  it('POST /verify and /verify_host work with and without the trailing slash', async () => {
    for (const path of ['/verify', '/verify/']) {
      const r = await h.authed({ method: 'POST', path, headers: JSON_POST, body: { domain: 'bad.example' } });
      expect(r.status, path).to.equal(200);
      expect(r.json.all_hosts_dane_verified).to.equal(false);
      expect(r.json.dane_state).to.equal('failed');
    }
    for (const path of ['/verify_host', '/verify_host/']) {
      const r = await h.authed({ method: 'POST', path, headers: JSON_POST, body: { hostname: 'mx1.good.example' } });
      expect(r.status, path).to.equal(200);
      expect(r.json.host_dane_verified).to.equal(true);
      expect(r.json.hostname).to.equal('mx1.good.example');
      expect(Object.keys(r.json)).to.deep.equal(await hostCheckKeys());
    }
  });

  it('accepts the key as the api_key query parameter, as the Zabbix item of the original does', async () => {
    const r = await h.call({ method: 'POST', path: `/verify/?api_key=${API_KEY}`, headers: JSON_POST, body: '{"domain":"good.example"}' });
    expect(r.status).to.equal(200);
    expect(r.json.all_hosts_dane_verified).to.equal(true);
  });

  it('reads a body without Content-Type as JSON (as FastAPI did) and accepts application/*+json', async () => {
    const bare = await h.authed({ method: 'POST', path: '/verify/', body: '{"domain":"good.example"}' });
    expect(bare.status).to.equal(200);
    const plus = await h.authed({ method: 'POST', path: '/verify/', headers: { 'Content-Type': 'application/vnd.api+json; charset=utf-8' }, body: { domain: 'good.example' } });
    expect(plus.status).to.equal(200);
  });

  it('/verify/ takes {"hostname"} as the domain: the manual\'s Uptime Kuma recipe sends that', async () => {
    const r = await h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: '{ "hostname": "good.example" }' });
    expect(r.status).to.equal(200);
    expect(r.json.domain).to.equal('good.example');
    expect(r.json.all_hosts_dane_verified).to.equal(true);
  });

  it('normalises the name (case, trailing dot, IDN) before checking', async () => {
    const r = await h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain: 'GOOD.Example.' } });
    expect(r.status).to.equal(200);
    expect(r.json.domain).to.equal('good.example');
  });

  it('401 for a missing, wrong, or almost-right key, on every endpoint but /healthz', async () => {
    const attempts: { method: string; path: string; headers?: Record<string, string>; body?: unknown }[] = [
      { method: 'POST', path: '/verify/', body: { domain: 'good.example' } },
      { method: 'POST', path: '/verify_host/', body: { hostname: 'mx1.good.example' } },
      { method: 'GET', path: '/metrics' },
      { method: 'GET', path: '/probe?target=good.example' },
      { method: 'GET', path: '/' },
    ];
    const wrongKeys: (Record<string, string> | null)[] = [
      null,
      { 'x-apikey': 'nope' },
      { 'x-apikey': `${API_KEY}x` },
      { 'x-apikey': API_KEY.slice(0, -1) },
      { 'x-apikey': '' },
      { 'X-Api-Key': API_KEY }, // not the original's header name
      { Authorization: `Bearer ${API_KEY}` },
    ];
    for (const a of attempts) {
      for (const headers of wrongKeys) {
        const r = await h.call({ method: a.method, path: a.path, headers: { ...JSON_POST, ...headers }, body: a.body as object });
        expectJsonError(r, 401, 'unauthorized');
        expect(r.json.detail).to.equal('Invalid or missing API Key');
      }
      const q = await h.call({ method: a.method, path: `${a.path}${a.path.includes('?') ? '&' : '?'}api_key=wrong`, headers: JSON_POST, body: a.body as object });
      expectJsonError(q, 401, 'unauthorized');
    }
    // No check ran for any of them.
    expect(h.runs).to.deep.equal([]);
    const health = await h.call({ path: '/healthz' });
    expect(health.status).to.equal(200);
    expect(health.json).to.deep.equal({ status: 'ok' });
  });

  it('either transport suffices when the other carries a wrong key (as the original)', async () => {
    const r = await h.call({ method: 'POST', path: `/verify/?api_key=${API_KEY}`, headers: { ...JSON_POST, 'x-apikey': 'wrong' }, body: { domain: 'good.example' } });
    expect(r.status).to.equal(200);
  });

  it('400 for malformed JSON, a non-object body, a missing field, a non-string or bad name', async () => {
    const cases: [string, string, string][] = [
      ['/verify/', '{"domain": ', 'malformed-json'],
      ['/verify/', '', 'malformed-json'],
      ['/verify/', 'domain=good.example', 'malformed-json'],
      ['/verify/', '["good.example"]', 'malformed-json'],
      ['/verify/', '"good.example"', 'malformed-json'],
      ['/verify/', 'null', 'malformed-json'],
      ['/verify/', '{}', 'missing-field'],
      ['/verify/', '{"name":"good.example"}', 'missing-field'],
      ['/verify_host/', '{"domain":"good.example"}', 'missing-field'],
      ['/verify/', '{"domain": 42}', 'invalid-name'],
      ['/verify/', '{"domain": null}', 'invalid-name'],
      ['/verify/', '{"domain": ["a.example"]}', 'invalid-name'],
      ['/verify/', '{"domain": ""}', 'invalid-name'],
      ['/verify/', '{"domain": "192.0.2.1"}', 'invalid-name'],
      ['/verify/', '{"domain": "localhost"}', 'invalid-name'],
      ['/verify/', '{"domain": "a..example"}', 'invalid-name'],
      ['/verify/', '{"domain": "x; rm -rf /.example"}', 'invalid-name'],
      ['/verify/', '{"domain": "-bad.example"}', 'invalid-name'],
      ['/verify/', `{"domain": "${'a'.repeat(64)}.example"}`, 'invalid-name'],
      ['/verify_host/', '{"hostname": "mx1.good.example\\nInjected: yes"}', 'invalid-name'],
    ];
    for (const [path, body, code] of cases) {
      const r = await h.authed({ method: 'POST', path, headers: JSON_POST, body });
      expectJsonError(r, 400, code);
    }
    expect(h.runs).to.deep.equal([]);
  });

  it('413 for a body over the limit, announced or streamed; the connection is closed', async () => {
    const big = JSON.stringify({ domain: 'good.example', padding: 'x'.repeat(10_000) });
    const announced = await h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: big });
    expectJsonError(announced, 413, 'body-too-large');
    expect(announced.headers.connection).to.equal('close');
    // Chunked: no Content-Length, the limit is enforced while reading.
    const chunked = await rawExchange(
      h.base,
      [
        'POST /verify/ HTTP/1.1',
        'Host: 127.0.0.1',
        `x-apikey: ${API_KEY}`,
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
        '',
        `${(5000).toString(16)}\r\n${'x'.repeat(5000)}\r\n0\r\n\r\n`,
      ].join('\r\n'),
    );
    expect(chunked).to.match(/^HTTP\/1\.1 413 /);
    expect(chunked).to.include('"error": "body-too-large"');
  });

  it('415 for a body that is not JSON by its Content-Type', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const r = await h.authed({ method: 'POST', path: '/verify/', headers: { 'Content-Type': type }, body: '{"domain":"good.example"}' });
      expectJsonError(r, 415, 'unsupported-media-type');
    }
  });

  it('an error before the body was read closes the connection; one without a body keeps it', async () => {
    const keep = { Connection: 'keep-alive' };
    expect((await h.call({ path: '/nope', headers: keep })).headers.connection).to.equal('keep-alive');
    expect((await h.call({ method: 'POST', path: '/verify/', headers: keep })).headers.connection).to.equal('keep-alive');
    const unread = await h.call({ method: 'POST', path: '/verify/', headers: keep, body: { domain: 'good.example' } });
    expect(unread.status).to.equal(401);
    expect(unread.headers.connection).to.equal('close');
  });

  it('404 for unknown paths and 405 with Allow for wrong methods', async () => {
    for (const path of ['/verify/x', '/nope', '/Verify/', '/metrics.json', '/docs.html', '/openapi.yaml', '/verify//']) {
      expectJsonError(await h.authed({ path }), 404, 'not-found');
    }
    const wrong: [string, string, string][] = [
      ['GET', '/verify/', 'POST'],
      ['PUT', '/verify/', 'POST'],
      ['DELETE', '/verify_host', 'POST'],
      ['POST', '/metrics', 'GET, HEAD'],
      ['POST', '/probe?target=good.example', 'GET, HEAD'],
      ['OPTIONS', '/metrics', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of wrong) {
      const r = await h.authed({ method, path });
      expectJsonError(r, 405, 'method-not-allowed');
      expect(r.headers.allow, `${method} ${path}`).to.equal(allow);
    }
  });

  it('400 for a format the API does not speak, naming the ones it does', async () => {
    const r = await h.authed({ method: 'POST', path: '/verify/?format=yaml', headers: JSON_POST, body: { domain: 'good.example' } });
    expectJsonError(r, 400, 'invalid-parameter');
    expect(r.json.detail).to.equal('format must be json, text, openmetrics, prometheus');
  });

  it('?format=text on /verify/ and /verify_host/: the human-readable check output (the plugin\'s text) as text/plain', async () => {
    const good = await h.authed({ method: 'POST', path: '/verify/?format=text', headers: JSON_POST, body: { domain: 'good.example' } });
    expect(good.status).to.equal(200);
    expect(good.headers['content-type']).to.equal('text/plain; charset=utf-8');
    const [status, ...long] = good.body.trimEnd().split('\n');
    expect(status).to.match(/^SMTP DANE OK - good\.example: [^|]*[^ ] ?\|mx_hosts=1;;;0 | \| mx_hosts=1;;;0 /);
    expect(long).to.include('[OK] mx1.good.example 192.0.2.1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3)');
    const bad = await h.authed({ method: 'POST', path: '/verify/?format=text', headers: JSON_POST, body: { domain: 'bad.example' } });
    expect(bad.body).to.match(/^SMTP DANE CRITICAL - bad\.example: /);
    const host = await h.authed({ method: 'POST', path: '/verify_host?format=text', headers: JSON_POST, body: { hostname: 'mx1.good.example' } });
    expect(host.status).to.equal(200);
    expect(host.body).to.match(/^SMTP DANE OK - mx1\.good\.example: /);
    // The same rendering as the plugin's, from the same check (the cache answers the second time).
    const again = await h.authed({ method: 'POST', path: '/verify/?format=text', headers: JSON_POST, body: { domain: 'good.example' } });
    expect(again.body).to.equal(good.body);
  });

  it('GET /openapi.json: the OpenAPI 3.1 document, behind the key, valid for @readme/openapi-parser', async () => {
    expectJsonError(await h.call({ path: '/openapi.json' }), 401, 'unauthorized');
    const r = await h.authed({ path: '/openapi.json' });
    expect(r.status).to.equal(200);
    expect(r.json.openapi).to.equal('3.1.0');
    expect(r.json).to.deep.equal(openApiDocument(r.json.info.version));
    const valid = await validate(structuredClone(r.json));
    expect(valid.valid, compileErrors(valid)).to.equal(true);
    // Every route the service answers is described, with each of its methods (HEAD with GET).
    for (const route of ROUTES) {
      const documented = route.paths.filter((p) => p in r.json.paths);
      expect(documented, route.name).to.have.length(1);
      const methods = Object.keys(r.json.paths[documented[0]!]).map((m) => m.toUpperCase());
      expect(route.methods.filter((m) => m !== 'HEAD'), route.name).to.deep.equal(methods);
      expect(Boolean(r.json.paths[documented[0]!][methods[0]!.toLowerCase()].security?.length === 0), route.name).to.equal(!route.auth);
    }
  });

  it('GET /docs: the interactive page, behind the key, self-contained under a strict Content-Security-Policy', async () => {
    expectJsonError(await h.call({ path: '/docs' }), 401, 'unauthorized');
    const r = await h.call({ path: `/docs?api_key=${API_KEY}` });
    expect(r.status).to.equal(200);
    expect(r.headers['content-type']).to.equal('text/html; charset=utf-8');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).to.match(/^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; connect-src 'self'/);
    // Nothing is loaded from elsewhere: no src or href attribute at all.
    expect(r.body).to.not.match(/\s(src|href)=/);
    expect(r.body).to.include("fetch('/openapi.json'");
  });

  it('/verify/?format=openmetrics gives the check as metrics, as the original', async () => {
    const r = await h.authed({ method: 'POST', path: '/verify/?format=openmetrics', headers: JSON_POST, body: { domain: 'good.example' } });
    expect(r.status).to.equal(200);
    expect(r.headers['content-type']).to.equal('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(r.body).to.include('smtp_dane_verify_all_hosts_dane_verified{domain="good.example"} 1');
    expect(r.body.endsWith('# EOF\n')).to.equal(true);
  });

  it('a request line or header Node cannot parse gets a JSON 400, not a bare close', async () => {
    const garbage = await rawExchange(h.base, 'THIS IS NOT HTTP\r\n\r\n');
    expect(garbage).to.match(/^HTTP\/1\.1 400 /);
    expect(garbage).to.include('"error":"bad-request"');
    const huge = await rawExchange(h.base, `GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge).to.match(/^HTTP\/1\.1 431 /);
  });

  it('an internal failure of one check is a JSON 500 without a stack, and the service goes on', async () => {
    const r = await h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain: 'broken.example' } });
    expectJsonError(r, 500, 'internal-error');
    expect(r.body).to.not.include('resolver exploded');
    const next = await h.authed({ method: 'POST', path: '/verify/', headers: JSON_POST, body: { domain: 'good.example' } });
    expect(next.status).to.equal(200);
  });

  it('GET / answers a welcome with the key, as the original', async () => {
    const r = await h.authed({ path: '/' });
    expect(r.status).to.equal(200);
    expect(r.json.message).to.include('/verify/');
  });

  it('HEAD on GET endpoints answers headers only', async () => {
    const r = await h.authed({ method: 'HEAD', path: '/metrics' });
    expect(r.status).to.equal(200);
    expect(r.body).to.equal('');
    expect(r.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/);
  });
});
