// `smtp-dane-verify discover` as Zabbix runs it: a child process with an
// argument array, stdout read, the exit code ignored. Every answer must be JSON
// on stdout with exit 0 and nothing on stderr (Zabbix folds stderr into the
// value), including bad arguments. Runs src/ through tsx (no build needed);
// the only resolver asked is a closed UDP port on 127.0.0.1.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args],
      { env: { PATH: process.env['PATH'], ...env }, timeout: 30_000 },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** A loopback UDP port where nothing listens: queries fail at once with ECONNREFUSED. */
async function closedPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function json(r: Run): any {
  expect(r.code, r.stdout + r.stderr).to.equal(0);
  expect(r.stderr).to.equal('');
  return JSON.parse(r.stdout);
}

describe('zabbix: the discover command', function () {
  this.timeout(60_000);
  let deadResolver: string;
  before(async () => {
    deadResolver = `127.0.0.1:${await closedPort()}`;
  });

  const BAD: [string, string[], RegExp][] = [
    ['no domain', ['discover'], /Not enough non-option arguments/],
    ['an unknown option', ['discover', 'example.org', '--warning', '20:'], /Unknown argument/],
    ['an invalid domain', ['discover', 'exa mple.org'], /^invalid domain name: /],
    ['an empty domain (an unset {$DANE.DOMAIN})', ['discover', ''], /^invalid domain name: /],
    ['a timeout that is not a number', ['discover', 'example.org', '-t', 'soon'], /--timeout must be a number of seconds/],
    ['a timeout above 600', ['discover', 'example.org', '-t', '601'], /--timeout must be a number of seconds/],
    ['an unknown format', ['discover', 'example.org', '-f', 'nagios'], /--format must be one of lld, json/],
    ['a resolver that is not an address', ['discover', 'example.org', '--resolver', '999.1.1.1'], /^resolver "999\.1\.1\.1" is not an IP address/],
    ['-4 and -6 together', ['discover', 'example.org', '-4', '-6'], /-4 and -6 exclude each other/],
    ['an unknown DNSSEC mode', ['discover', 'example.org', '--dnssec', 'maybe'], /^--dnssec must be one of validate, resolver$/],
    ['a trust anchor with --dnssec resolver', ['discover', 'example.org', '--dnssec', 'resolver', '--trust-anchor', '/etc/passwd'], /^--trust-anchor needs --dnssec validate/],
    ['a --days that is not a number', ['discover', 'example.org', '--days', 'soon'], /^--days 'soon': expected a number of days, e\.g\. 7 or 1\.5$/],
    ['--sig-crit above --sig-warn', ['discover', 'example.org', '--sig-warn', '2', '--sig-crit', '5'], /^--sig-crit 5 is above --sig-warn 2: CRITICAL must be the nearer limit$/],
    // The file is read before anything is asked: this resolver never hears a query.
    ['a missing trust anchor file', ['discover', 'example.org', '--resolver', '127.0.0.1:9', '--trust-anchor', '/nonexistent/root.ds'], /^--trust-anchor \/nonexistent\/root\.ds: ENOENT/],
  ];
  for (const [what, args, message] of BAD) {
    it(`${what}: {"error": …} on stdout, exit 0`, async () => {
      const doc = json(await cli(args));
      expect(Object.keys(doc)).to.deep.equal(['error']);
      expect(doc.error).to.match(message);
      expect(doc.error).not.to.contain('\n');
    });
  }

  it('an unanswered MX lookup: the LLD form is an error (discovered items are kept), the JSON form the whole result', async () => {
    const lld = json(await cli(['discover', 'example.org', '--resolver', deadResolver, '-t', '2']));
    expect(lld).to.deep.equal({ error: 'cannot discover the MX hosts of example.org: the MX lookup is indeterminate' });
    const full = json(await cli(['discover', 'example.org', '--resolver', deadResolver, '-t', '2', '--format', 'json']));
    expect(full).to.include({ domain: 'example.org', dane_state: 'indeterminate', mx_dnssec_status: 'indeterminate', all_hosts_dane_verified: false });
    expect(full.run.resolver).to.equal(deadResolver);
  });

  it('--format json prints what `domain --format json` prints (the REST API document)', async () => {
    const a = json(await cli(['discover', 'example.org', '--resolver', deadResolver, '-t', '2', '--format', 'json']));
    const domain = await cli(['domain', 'example.org', '--resolver', deadResolver, '-t', '2', '--format', 'json']);
    const b = JSON.parse(domain.stdout);
    for (const doc of [a, b]) {
      delete doc.run.started_at;
      delete doc.run.duration_ms;
      for (const d of doc.diagnostics) d.message = d.message.replace(/\d+ ms/g, 'N ms');
    }
    expect(a).to.deep.equal(b);
  });

  it("empty options (unset Zabbix macros) mean the defaults: $NAMESERVER, port 25, today's dates", async () => {
    const full = json(
      await cli(
        ['discover', 'example.org', '--format', 'json', '--resolver', '', '--dnssec', '', '--trust-anchor', '', '--timeout', '', '--port', '', '--days', '', '--sig-warn', '', '--sig-crit', ''],
        { NAMESERVER: deadResolver },
      ),
    );
    expect(full.run.resolver).to.equal(deadResolver);
    expect(full.run.port).to.equal(25);
    expect(full.horizon_days).to.equal(0);
  });

  it('--days reaches the judgement ({$DANE.DAYS}): the document says the horizon it was judged at', async () => {
    const full = json(await cli(['discover', 'example.org', '--format', 'json', '--resolver', deadResolver, '-t', '2', '--days', '30', '--sig-warn', '', '--sig-crit', '']));
    expect(full.horizon_days).to.equal(30);
  });

  it('an empty {$DANE.TRUST_ANCHOR} means $TRUST_ANCHOR of the server process (validate, the default)', async () => {
    const doc = json(await cli(['discover', 'example.org', '--resolver', deadResolver, '--dnssec', '', '--trust-anchor', ''], { TRUST_ANCHOR: '/nonexistent/env-root.ds' }));
    expect(doc.error).to.match(/^TRUST_ANCHOR \/nonexistent\/env-root\.ds: ENOENT/);
    // --dnssec resolver does not use it.
    const resolverMode = json(await cli(['discover', 'example.org', '--resolver', deadResolver, '--dnssec', 'resolver', '-t', '2'], { TRUST_ANCHOR: '/nonexistent/env-root.ds' }));
    expect(resolverMode).to.deep.equal({ error: 'cannot discover the MX hosts of example.org: the MX lookup is indeterminate' });
  });
});
