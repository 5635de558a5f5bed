// The README's first command, exactly as written there (after the install and
// build steps, which `npm test` has done): `npm run lab -- run` starts its own
// lab and hands the executable a NON-validating resolver (NAMESERVER) and the
// lab's root (TRUST_ANCHOR), so with no flag the check validates DNSSEC itself,
// the default. This process's lab is stopped first (the lab's addresses are
// fixed); the next suite starts a fresh one.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PLAIN_RESOLVER } from '../lab/scenarios.ts';
import { releaseLab } from './lab-hooks.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PREFIX = 'bash .ci/install-lab.sh && npm ci && npm run build && ';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The first command of "The two commands", without its install and build steps. */
function readmeCheckCommand(): string[] {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## The two commands'));
  const line = section.split('\n').find((l) => l.startsWith(PREFIX) && l.includes('npm run lab'));
  expect(line, 'README: the lab check command').to.be.a('string');
  return line!.slice(PREFIX.length).trim().split(/\s+/);
}

/** stdout without npm's own lines ("> smtp-dane-verify@0.1.0 lab", "> tsx test/lab/cli.ts ..."). */
function withoutNpmBanner(stdout: string): string {
  return stdout.replace(/^\s*(> [^\n]*\n)+\s*/, '');
}

function run(argv: string[]): Promise<Run> {
  // The lab's values must come from `npm run lab -- run`, not from this process.
  const env: NodeJS.ProcessEnv = { ...process.env, LAB_LOCK_WAIT_MS: '60000' };
  delete env['NAMESERVER'];
  delete env['TRUST_ANCHOR'];
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: withoutNpmBanner(stdout), stderr });
    });
  });
}

describe("e2e: the README's first command", function () {
  this.timeout(180_000);
  let command: string[];

  before(async () => {
    command = readmeCheckCommand();
    await releaseLab();
  });

  it('is a plain check of good.test, no resolver or DNSSEC flag', () => {
    expect(command).to.deep.equal(['npm', 'run', 'lab', '--', 'run', 'dist/smtp-dane-verify', 'domain', 'good.test']);
  });

  it('runs as written: OK, verified by validating through the lab’s non-validating resolver', async () => {
    const r = await run(command);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^SMTP DANE OK - good\.test: 2\/2 MX hosts and \d\/\d addresses DANE-verified\|/);
    expect(r.stderr).to.contain(`NAMESERVER=${PLAIN_RESOLVER} (not validating)`);
  });

  it('through the same resolver, trusting its AD bit instead (--dnssec resolver) finds nothing secure', async () => {
    const r = await run([...command, '--dnssec', 'resolver', '--format', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json.run.resolver).to.equal(`${PLAIN_RESOLVER}:53`);
    expect(json.dane_state).to.equal('insecure');
    expect(json.mx_dnssec_status).to.equal('insecure');
  });
});
