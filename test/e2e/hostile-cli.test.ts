// Bad input on the command line of dist/smtp-dane-verify: every mistake is one
// stdout line `SMTP DANE UNKNOWN - <what is wrong> (see --help)`, exit 3,
// nothing on stderr, no stack frame, no control character of the input echoed
// back, and nothing sent anywhere (each case that gets past the name passes a
// resolver on loopback where nothing listens, so a case that wrongly passes
// validation fails on its message instead of asking real DNS).
import { expect } from 'chai';
import { closedDnsPort, NAME, runMeasured, startWorld, type MeasuredRun } from './hostile-support.ts';

const NOWHERE = '127.0.0.1:9'; // discard: nothing answers DNS there
const ok = ['--resolver', NOWHERE]; // a valid rest of the command line

/** [title, argv, what the message must say] */
const CASES: [string, string[], RegExp][] = [
  // --- names
  ['an empty host name', ['host', '', ...ok], /^invalid host name: the name is empty/],
  ['an empty domain name', ['domain', '', ...ok], /^invalid domain name: the name is empty/],
  ['a blank domain name', ['domain', '   ', ...ok], /^invalid domain name: the name is empty/],
  ['a name of 300 characters', ['domain', `${'a'.repeat(296)}.org`, ...ok], /^invalid domain name: "a{70,}\.\.\." is longer than 253 characters/],
  ['a label of 64 characters', ['host', `${'b'.repeat(64)}.example.org`, ...ok], /has a label longer than 63 characters/],
  ['an empty label', ['host', 'mx..example.org', ...ok], /^invalid host name: "mx\.\.example\.org" has an empty label/],
  ['a leading dot', ['domain', '.example.org', ...ok], /has an empty label/],
  ['two trailing dots', ['domain', 'example.org..', ...ok], /has an empty label/],
  ['a label ending in a hyphen', ['host', 'mx-.example.org', ...ok], /a label may not start or end with a hyphen/],
  ['underscores (a TLSA owner name)', ['host', '_25._tcp.mx.example.org', ...ok], /only letters, digits and hyphens are allowed in a host name/],
  ['an underscore in a label', ['host', 'mx_1.example.org', ...ok], /only letters, digits and hyphens are allowed/],
  ['an IPv4 literal', ['host', '192.0.2.25', ...ok], /^invalid host name: "192\.0\.2\.25" is an IP address, not a domain name/],
  ['an IPv4 literal with a trailing dot', ['domain', '192.0.2.25.', ...ok], /is an IP address, not a domain name/],
  ['a bracketed IPv6 literal', ['host', '[2001:db8::25]', ...ok], /is an IP address, not a domain name/],
  ['a bare IPv6 literal', ['domain', '::1', ...ok], /is an IP address, not a domain name/],
  ['a URL', ['domain', 'https://example.org/', ...ok], /"https:\/\/example\.org\/": only letters, digits and hyphens/],
  ['a mail address', ['domain', 'postmaster@example.org', ...ok], /only letters, digits and hyphens/],
  ['a port suffix', ['host', 'mx.example.org:25', ...ok], /only letters, digits and hyphens/],
  ['a wildcard', ['host', '*.example.org', ...ok], /only letters, digits and hyphens/],
  ['shell: a command after a semicolon', ['host', 'example.org;rm -rf /', ...ok], /contains spaces or control characters/],
  ['shell: command substitution', ['domain', '$(reboot).example.org', ...ok], /only letters, digits and hyphens/],
  ['shell: backticks', ['domain', '`id`.example.org', ...ok], /only letters, digits and hyphens/],
  ['shell: a pipe (never a perfdata separator in the output)', ['domain', 'example.org|true', ...ok], /"example\.org\/true": only letters, digits and hyphens/],
  ['shell: a redirection', ['domain', 'example.org>/etc/passwd', ...ok], /only letters, digits and hyphens/],
  ['a terminal escape sequence', ['host', 'mx\u001b[31m.example.org', ...ok], /"mx\?\[31m\.example\.org" contains spaces or control characters/],
  ['CR LF (SMTP command injection)', ['host', 'mx.example.org\r\nRCPT TO:<a@b>', ...ok], /contains spaces or control characters/],
  ['a tab', ['host', 'mx\t.example.org', ...ok], /contains spaces or control characters/],
  ['a DEL character', ['host', 'mx\u007f.example.org', ...ok], /contains spaces or control characters/],
  ['an invalid A-label', ['host', 'xn--a.example', ...ok], /has an invalid A-label "xn--a"/],
  ['an invalid IDN (a joiner)', ['host', 'a\u200d.example', ...ok], /is not a valid internationalised domain name/],
  ['an invalid IDN (a lone combining mark)', ['domain', '\u0301.example', ...ok], /(is not a valid internationalised domain name|invalid A-label|only letters)/],
  ['a single label', ['domain', 'localhost', ...ok], /is a single label; give a fully qualified name/],
  ['an all-numeric top-level label', ['domain', '1.2.3', ...ok], /ends in an all-numeric label/],
  // --- options
  ['an unknown long option', ['host', 'mx.example.org', '--bogus', ...ok], /^Unknown argument: bogus/],
  ['an unknown short option', ['domain', 'example.org', '-x', ...ok], /^Unknown argument: x/],
  ['an unknown option with a bell in it', ['host', 'mx.example.org', '--x\u0007y', ...ok], /^Unknown argument: x\?y/],
  ['a second name', ['domain', 'example.org', 'example.net', ...ok], /^Unknown argument: example\.net/],
  ['-w that is not a range', ['host', 'mx.example.org', '-w', 'abc', ...ok], /^--warning: invalid threshold range 'abc': end 'abc' is not a decimal number/],
  ['-c with start above end', ['host', 'mx.example.org', '-c', '10:5', ...ok], /^--critical: invalid threshold range '10:5': start 10 is greater than end 5/],
  ['-w empty', ['host', 'mx.example.org', '-w', '', ...ok], /^--warning: invalid threshold range '': it is empty/],
  ['-c a lone @', ['host', 'mx.example.org', '-c', '@', ...ok], /^--critical: invalid threshold range '@': '@' needs a range after it/],
  ['-w with two colons', ['host', 'mx.example.org', '-w', '1:2:3', ...ok], /^--warning: invalid threshold range '1:2:3': it has more than one ':'/],
  ['-c with an exponent', ['host', 'mx.example.org', '-c', '1e3:', ...ok], /^--critical: invalid threshold range '1e3:': start '1e3' is not a decimal number/],
  ['-t 0', ['host', 'mx.example.org', '-t', '0', ...ok], /^--timeout must be a number of seconds from 1 to 600/],
  ['-t that is not a number', ['host', 'mx.example.org', '-t', 'ten', ...ok], /^--timeout must be a number of seconds from 1 to 600/],
  ['-t above 600', ['host', 'mx.example.org', '-t', '601', ...ok], /^--timeout must be a number of seconds from 1 to 600/],
  ['-t negative', ['host', 'mx.example.org', '-t', '-5', ...ok], /^--timeout must be a number of seconds from 1 to 600/],
  ['-t Infinity', ['host', 'mx.example.org', '-t', 'Infinity', ...ok], /^--timeout must be a number of seconds from 1 to 600/],
  ['-t without a value', ['host', 'mx.example.org', ...ok, '-t'], /^Not enough arguments following: t/],
  ['-p 0', ['host', 'mx.example.org', '-p', '0', ...ok], /^--port must be a whole number from 1 to 65535/],
  ['-p 65536', ['host', 'mx.example.org', '-p', '65536', ...ok], /^--port must be a whole number from 1 to 65535/],
  ['-p 25.5', ['host', 'mx.example.org', '-p', '25.5', ...ok], /^--port must be a whole number from 1 to 65535/],
  ['-p smtp', ['host', 'mx.example.org', '-p', 'smtp', ...ok], /^--port must be a whole number from 1 to 65535/],
  ['--max-mx 0', ['domain', 'example.org', '--max-mx', '0', ...ok], /^--max-mx must be a whole number from 1 to 256/],
  ['--max-mx 100000', ['domain', 'example.org', '--max-mx', '100000', ...ok], /^--max-mx must be a whole number from 1 to 256/],
  ['--resolver empty', ['host', 'mx.example.org', '--resolver', ''], /^resolver address is empty/],
  ['--resolver without a value', ['host', 'mx.example.org', '--resolver'], /^Not enough arguments following: resolver/],
  ['--no-resolver (yargs: resolver=false)', ['host', 'mx.example.org', '--no-resolver'], /^--resolver needs an address: IP\[:PORT\]/],
  ['--resolver a host name', ['host', 'mx.example.org', '--resolver', 'dns.google'], /^resolver "dns\.google": "dns\.google" is a host name; give the resolver's IP address/],
  ['--resolver a URL', ['host', 'mx.example.org', '--resolver', 'https://127.0.0.1/dns-query'], /^resolver "https:\/\/127\.0\.0\.1\/dns-query" is not an IP address/],
  ['--resolver a bad port', ['host', 'mx.example.org', '--resolver', '127.0.0.1:99999'], /^resolver "127\.0\.0\.1:99999": port "99999" is not a number from 1 to 65535/],
  ['--resolver the unspecified address', ['host', 'mx.example.org', '--resolver', '0.0.0.0'], /^resolver "0\.0\.0\.0": the unspecified address names no server/],
  ['--resolver IPv4 in brackets', ['host', 'mx.example.org', '--resolver', '[127.0.0.1]:53'], /^resolver "\[127\.0\.0\.1\]:53": brackets are for IPv6 addresses only/],
  ['--resolver with an escape sequence', ['host', 'mx.example.org', '--resolver', '\u001b]0;owned\u0007127.0.0.1'], /^resolver "\?\]0;owned\?127\.0\.0\.1" is not an IP address/],
  ['--resolver of 100 KB', ['host', 'mx.example.org', '--resolver', 'x'.repeat(100_000)], /^resolver "x{77}\.\.\." is not an IP address \(e\.g\. /],
  ['--severity with an unknown code', ['host', 'mx.example.org', '--severity', 'FOO=info', ...ok], /^--severity: unknown diagnostic code 'FOO'/],
  ['--severity with a near miss', ['host', 'mx.example.org', '--severity', 'MX_TOO_MAYN=info', ...ok], /^--severity: unknown diagnostic code 'MX_TOO_MAYN' \(did you mean MX_TOO_MANY\?\)/],
  ['--severity with an unknown level', ['host', 'mx.example.org', '--severity', 'MX_TOO_MANY=loud', ...ok], /^--severity MX_TOO_MANY: unknown level 'loud'/],
  ['--severity without =', ['host', 'mx.example.org', '--severity', 'MX_TOO_MANY', ...ok], /^--severity 'MX_TOO_MANY': expected CODE=LEVEL/],
  ['-4 with -6', ['host', 'mx.example.org', '-4', '-6', ...ok], /^-4 and -6 exclude each other/],
  ['--helo with a space', ['host', 'mx.example.org', '--helo', 'my host', ...ok], /^invalid --helo name: "my host" contains spaces or control characters/],
  ['--helo with CR LF', ['host', 'mx.example.org', '--helo', 'a.example\r\nMAIL FROM:<>', ...ok], /^invalid --helo name: .* contains spaces or control characters/],
  ['--format unknown', ['host', 'mx.example.org', '-f', 'xml', ...ok], /Argument: format, Given: "xml", Choices: "nagios", "json"/],
  ['--dnssec unknown', ['host', 'mx.example.org', '--dnssec', 'maybe', ...ok], /Argument: dnssec, Given: "maybe", Choices: "validate", "resolver"/],
  ['--trust-anchor without a value', ['host', 'mx.example.org', ...ok, '--trust-anchor'], /^Not enough arguments following: trust-anchor/],
  ['--trust-anchor a missing file', ['host', 'mx.example.org', '--trust-anchor', '/nonexistent/root.ds', ...ok], /^--trust-anchor \/nonexistent\/root\.ds: ENOENT/],
  ['--trust-anchor a file of no records', ['host', 'mx.example.org', '--trust-anchor', '/etc/passwd', ...ok], /^--trust-anchor \/etc\/passwd: line 1: .* is not a DS or DNSKEY record/],
  ['--trust-anchor with --dnssec resolver', ['host', 'mx.example.org', '--dnssec', 'resolver', '--trust-anchor', '/etc/passwd', ...ok], /^--trust-anchor needs --dnssec validate/],
  // --- commands
  ['no subcommand at all', [], /^name a command: domain, host/],
  ['only options, no subcommand', ['-H', 'mx.example.org', ...ok], /^name a command: domain, host/],
  ['an unknown subcommand', ['frobnicate', 'example.org'], /^Unknown arguments: frobnicate, example\.org/],
  ['host without a name', ['host', ...ok], /^missing host name/],
  ['domain without a name', ['domain', ...ok], /^Not enough non-option arguments: got 0, need at least 1/],
  ['-H without a value', ['host', ...ok, '-H'], /^Not enough arguments following: H/],
];

describe('e2e: bad input on the command line of dist/smtp-dane-verify', function () {
  this.timeout(120_000);
  const runs = new Map<string, Promise<MeasuredRun>>();

  before(async () => {
    for (const [title, argv] of CASES) runs.set(title, runMeasured(argv));
    await Promise.allSettled(runs.values());
  });

  it(`has at least 40 cases (${CASES.length})`, () => {
    expect(CASES.length).to.be.at.least(40);
    expect(new Set(CASES.map((c) => c[0])).size, 'distinct titles').to.equal(CASES.length);
  });

  for (const [title, argv, message] of CASES) {
    it(`${title}: one UNKNOWN line naming it, exit 3`, async () => {
      const run = await runs.get(title)!;
      const context = `argv ${JSON.stringify(argv).slice(0, 200)} → exit ${run.code}, stdout ${JSON.stringify(run.stdout.slice(0, 400))}, stderr ${JSON.stringify(run.stderr.slice(0, 400))}`;
      expect(run.code, context).to.equal(3);
      expect(run.stderr, context).to.equal('');
      expect(run.stdout, context).to.match(/^SMTP DANE UNKNOWN - [^\n]+\n$/);
      const text = run.stdout.slice('SMTP DANE UNKNOWN - '.length, -1);
      expect(text, context).to.match(/ \(see --help\)$/);
      expect(text.replace(/ \(see --help\)$/, ''), context).to.match(message);
      // No stack trace, no internal error, nothing of the input that a terminal or a monitoring UI would act on.
      expect(run.stdout, context).to.not.match(/\bat .*\(.*:\d+:\d+\)|internal error|TypeError|ReferenceError/);
      expect(run.stdout.slice(0, -1), context).to.not.match(/[\u0000-\u001f\u007f-\u009f]/);
      expect(run.stdout.length, context).to.be.below(1200);
      expect(run.ms, context).to.be.below(5000);
    });
  }
});

describe('e2e: repeated options, the last one wins (as getopt, and as -w/-c already did)', function () {
  this.timeout(60_000);

  it('--resolver twice asks the second resolver, not /etc/resolv.conf', async () => {
    const world = await startWorld({});
    try {
      const dead = await closedDnsPort();
      const args = [...world.hostArgs(3), '--resolver', `127.0.0.1:${dead}`, '--resolver', `127.0.0.1:${world.dns.port}`];
      const run = await runMeasured([...args, '--format', 'json']);
      expect(run.stderr).to.equal('');
      const json = JSON.parse(run.stdout);
      expect(json.run.resolver).to.equal(`127.0.0.1:${world.dns.port}`);
      expect(json.dane_state).to.equal('verified');
      expect(world.dns.queries.map((q) => `${q.name}/${q.type}`)).to.include(`${NAME}/A`);
    } finally {
      await world.close();
    }
  });

  it('-t, -p, --helo, -f and --dnssec given twice take the last value', async () => {
    const world = await startWorld({});
    try {
      const args = [
        ...world.hostArgs(3),
        '-t', '50', '-t', '3',
        '-p', '1', '-p', String(world.smtp.port),
        '--helo', 'first.example', '--helo', 'second.example',
        '-f', 'nagios', '-f', 'json',
        // validate would find the fixture's data unsigned: only the resolver mode (its AD bits) verifies.
        '--dnssec', 'validate', '--dnssec', 'resolver',
      ];
      const run = await runMeasured(args);
      expect(run.stderr).to.equal('');
      const json = JSON.parse(run.stdout);
      expect(json.run.port).to.equal(world.smtp.port);
      expect(json.dane_state).to.equal('verified');
      expect(world.smtp.connections[0]?.commands[0]).to.equal('EHLO second.example');
      expect(run.ms).to.be.below(3000);
    } finally {
      await world.close();
    }
  });
});
