// The container files, as far as this machine can prove them: it has no
// container engine and cannot pull images, so the image is never built or run
// here (docs/serve.md says so). What is proven: Debian's docker-compose accepts
// docker-compose.yml (and refuses it without APIKEY); the Dockerfile says what
// docs/serve.md promises; and its ENTRYPOINT, run exactly as the image would run
// it, as an unprivileged user with the compose file's environment (NAMESERVER
// pointed at the lab's validating resolver, which plays unbound's part, and
// TRUST_ANCHOR at the lab's private root in place of the built-in IANA anchors),
// serves the API, passes the HEALTHCHECK command and stops cleanly on SIGTERM.
import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST } from '../support/run-dist.ts';
import { checkedCall } from '../support/openapi-check.ts';
import { useLab } from './lab-hooks.ts';
import { suiteNeeding } from '../support/require-tool.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const COMPOSE = '/usr/bin/docker-compose';
const KEY = 'SAsMTaxKPbTZwD0c25cCZEJXJAtqif';
/** The official node image's `node` user. */
const NODE_UID = 1000;
/** Where the Dockerfile puts dist/ and its executable. */
const IMAGE_EXECUTABLE = '/usr/local/lib/smtp-dane-verify/smtp-dane-verify';

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd = REPO): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(file, args, { env, cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Dockerfile instructions (continuation lines joined), comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\S+)\s+(.*)$/.exec(l)!;
      return { op: m[1]!.toUpperCase(), args: m[2]!.trim() };
    });
}

const dockerfile = instructions(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
const one = (op: string) => {
  const found = dockerfile.filter((i) => i.op === op);
  expect(found, op).to.have.length(1);
  return found[0]!.args;
};

const composeMissing = existsSync(COMPOSE) ? null : `${COMPOSE} missing (run .ci/install-serve.sh)`;

suiteNeeding(composeMissing, "e2e: docker-compose.yml with Debian's docker-compose", function () {
  this.timeout(60_000);
  const env = { PATH: process.env['PATH'], HOME: process.env['HOME'] };

  it('`docker-compose config` accepts it: port 3000, the original variables, unbound beside it', async () => {
    const r = await run(COMPOSE, ['-f', join(REPO, 'docker-compose.yml'), 'config'], { ...env, APIKEY: KEY });
    expect(r.code, r.stderr).to.equal(0);
    const out = r.stdout;
    expect(out).to.match(/^ {2}smtp-dane-verify:$/m);
    expect(out).to.match(/^ {2}unbound:$/m);
    expect(out).to.include('image: mvance/unbound:latest');
    expect(out).to.match(/published: 3000\n\s+target: 3000/);
    expect(out).to.include(`APIKEY: ${KEY}`);
    expect(out).to.include('NAMESERVER: unbound');
    expect(out).to.include('METRICS_DOMAINS: example.com,example.net');
    expect(out).to.include('METRICS_INTERVAL: 60');
    expect(out).to.include('read_only: true');
    expect(out.match(/restart: always/g)).to.have.length(2);
  });

  it('refuses to go without APIKEY, as the service itself does', async () => {
    const r = await run(COMPOSE, ['-f', join(REPO, 'docker-compose.yml'), 'config'], env);
    expect(r.code).to.not.equal(0);
    expect(r.stderr).to.include('set APIKEY');
  });
});

describe('e2e: Dockerfile', function () {
  this.timeout(60_000);

  it('a small base, the one bundled executable only, a non-root user, port 3000, `serve` as entrypoint', () => {
    expect(one('ARG')).to.match(/^NODE_VERSION=\d+$/);
    expect(one('FROM')).to.equal('node:${NODE_VERSION}-alpine');
    expect(one('COPY')).to.equal('dist/ /usr/local/lib/smtp-dane-verify/');
    expect(one('USER')).to.equal('node');
    expect(one('EXPOSE')).to.equal('3000');
    expect(JSON.parse(one('ENTRYPOINT'))).to.deep.equal(['node', IMAGE_EXECUTABLE, 'serve']);
    expect(dockerfile.some((i) => i.op === 'RUN')).to.equal(false); // nothing to install, no shell
    expect(one('HEALTHCHECK')).to.match(/ CMD \["node", "-e", ".*http:\/\/127\.0\.0\.1:3000\/healthz/);
    // The build context is the one executable file and nothing else.
    const ignore = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(ignore).to.deep.equal(['*', '!dist/smtp-dane-verify']);
  });

  it('its ENTRYPOINT and HEALTHCHECK work as the image runs them: unprivileged, compose\'s environment', async () => {
    const lab = await useLab();
    const entrypoint: string[] = JSON.parse(one('ENTRYPOINT'));
    // The image's path of the executable is this checkout's dist/; CMD adds the test's listen flags.
    const args = [...entrypoint.slice(1).map((a) => (a === IMAGE_EXECUTABLE ? DIST : a)), '--listen', '127.0.0.1', '--port', '0'];
    const child = spawn(entrypoint[0]!, args, {
      uid: NODE_UID,
      gid: NODE_UID,
      cwd: '/',
      env: {
        PATH: process.env['PATH'],
        NODE_ENV: 'production',
        APIKEY: KEY,
        NAMESERVER: lab.resolver, // the unbound container's part
        TRUST_ANCHOR: lab.trustAnchorFile, // the lab's root; a real container validates from the built-in anchors
        METRICS_DOMAINS: 'good.test',
        METRICS_INTERVAL: '60',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const port = await new Promise<number>((resolvePort, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening record: ${out}${err}`)), 15_000);
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /"event":"listening","address":"127\.0\.0\.1","port":(\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolvePort(Number(m[1]));
          }
        });
        void exited.then((code) => reject(new Error(`exited ${code}: ${out}${err}`)));
      });
      const r = await checkedCall({ host: '127.0.0.1', port }, {
        method: 'POST',
        path: '/verify/',
        headers: { 'x-apikey': KEY, 'Content-Type': 'application/json' },
        body: { domain: 'good.test' },
      });
      expect(r.status).to.equal(200);
      expect(r.json.all_hosts_dane_verified).to.equal(true);
      // The HEALTHCHECK command, with the test's port instead of 3000.
      const health = JSON.parse(one('HEALTHCHECK').replace(/^.* CMD /, '')) as string[];
      const probe = await run(health[0]!, health.slice(1).map((a) => a.replace('127.0.0.1:3000', `127.0.0.1:${port}`)), { PATH: process.env['PATH'] });
      expect(probe.code, probe.stderr).to.equal(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.equal(0);
    expect(err).to.equal('');
  });
});
