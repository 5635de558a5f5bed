// /docs in a real browser: Debian's headless Chromium opens the page with the
// key in the URL, the page fetches /openapi.json, lists every operation, and
// sends the request its #try= fragment names; the DOM Chromium dumps after
// that holds the rendered operations and the service's answer. The service is
// the in-process one of the unit tests (fake DNS and SMTP): the browser, the
// page and the HTTP exchange are real.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../../src/serve/openapi.ts';
import { suiteNeeding } from '../support/require-tool.ts';
import { API_KEY, startHarness, type Harness } from '../unit/serve/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const missing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is not installed (bash .ci/install-serve.sh installs Debian's chromium)`;

/** The DOM after the page's scripts ran (virtual time lets its fetches finish first). */
function dumpDom(url: string, profile: string): Promise<string> {
  const args = [
    '--headless=new',
    '--no-sandbox', // tests run as root; the page is our own
    '--disable-gpu',
    '--no-first-run',
    '--disable-extensions',
    '--disable-background-networking',
    `--user-data-dir=${profile}`,
    '--virtual-time-budget=15000',
    '--dump-dom',
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM, args, { timeout: 90_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, HOME: profile } }, (error, stdout, stderr) => {
      if (error && !stdout) reject(new Error(`chromium failed: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

suiteNeeding(missing, 'e2e: /docs in headless Chromium', function () {
  this.timeout(180_000);
  let h: Harness;
  let profile: string;

  before(async () => {
    h = await startHarness();
    profile = await mkdtemp(join(tmpdir(), 'chromium-docs-'));
  });
  after(async () => {
    await h?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('renders every operation and schema of /openapi.json and sends a request from the page', async () => {
    const body = encodeURIComponent(JSON.stringify({ domain: 'good.example' }));
    const url = `http://127.0.0.1:${h.base.port}/docs?api_key=${API_KEY}#try=verifyDomain&format=text&body=${body}`;
    const dom = await dumpDom(url, profile);
    const doc = openApiDocument('x') as { paths: Record<string, Record<string, { operationId: string }>>; components: { schemas: Record<string, unknown> } };
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    const schemas = Object.keys(doc.components.schemas);
    expect(dom, dom.slice(0, 3000)).to.contain(`${operations.length} operations, ${schemas.length} schemas`);
    for (const id of operations) expect(dom, id).to.contain(`id="op-${id}"`);
    for (const name of schemas) expect(dom, name).to.contain(`id="schema-${name}"`);
    // The request the fragment named went out with the key and came back.
    expect(dom).to.match(/<body[^>]* data-tried="verifyDomain"/);
    const answer = /<pre class="response" id="response-verifyDomain" data-status="(\d+)">([\s\S]*?)<\/pre>/.exec(dom);
    expect(answer, 'the response box').to.not.equal(null);
    expect(answer![1]).to.equal('200');
    expect(text(answer![2]!)).to.match(/^200 OK\ncontent-type: text\/plain; charset=utf-8\n\nSMTP DANE OK - good\.example: /);
    // The service saw the page's requests: the document, then the check.
    const paths = h.records().filter((r) => r.event === 'request').map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(paths).to.include.members(['GET /docs 200', 'GET /openapi.json 200', 'POST /verify/ 200']);
  });

  it('without the key the page is refused (401), as every page but /healthz', async () => {
    const dom = await dumpDom(`http://127.0.0.1:${h.base.port}/docs`, profile);
    expect(text(dom)).to.contain('Invalid or missing API Key');
  });
});
