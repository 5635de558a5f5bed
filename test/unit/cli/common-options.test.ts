// Validation of the options every check shares (src/cli/common-options.ts),
// as yargs hands them over: repeated options arrive as arrays.
import { expect } from 'chai';
import { commonSettings, DEFAULT_DNSSEC_MODE } from '../../../src/cli/common-options.ts';
import { dnssecSettings } from '../../../src/app/dnssec-settings.ts';
import { UsageError } from '../../../src/app/usage-error.ts';
import { trustAnchorSource } from '../../../src/app/trust-anchor-file.ts';

const DEFAULTS = { port: 25, timeout: 10, format: 'nagios', ipv4: false, ipv6: false, 'max-mx': 16 };

function settings(argv: Record<string, unknown>, ...name: unknown[]) {
  return commonSettings({ ...DEFAULTS, ...argv }, name.length ? name[0] : 'mx.example.org', 'host');
}

function usageError(argv: Record<string, unknown>, ...name: unknown[]): string {
  try {
    settings(argv, ...name);
  } catch (error) {
    expect(error).to.be.instanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no UsageError');
}

describe('cli/common-options', () => {
  it('normalises a valid command line', () => {
    expect(settings({ resolver: '127.0.0.1:5353', helo: 'Probe.Example.', format: 'json' }, 'MX.Example.ORG.')).to.deep.equal({
      name: 'mx.example.org',
      port: 25,
      timeoutSeconds: 10,
      format: 'json',
      helo: 'probe.example',
      ipv4: true,
      ipv6: true,
      maxMx: 16,
      resolver: '127.0.0.1:5353',
    });
  });

  describe('a repeated option: the last one wins, as with getopt', () => {
    it('--resolver twice is the second resolver, not none (which would fall back to /etc/resolv.conf)', () => {
      expect(settings({ resolver: ['127.0.0.1:1', '127.0.0.1:2'] }).resolver).to.equal('127.0.0.1:2');
    });

    it('-t, -p, --max-mx, --helo and -f twice', () => {
      const s = settings({ timeout: [50, 3], port: [1, 2525], 'max-mx': [2, 4], helo: ['a.example', 'b.example'], format: ['json', 'nagios'] });
      expect(s).to.deep.include({ timeoutSeconds: 3, port: 2525, maxMx: 4, helo: 'b.example', format: 'nagios' });
    });

    it('-H twice names the last host', () => {
      expect(settings({}, ['a.example', 'b.example']).name).to.equal('b.example');
    });

    it('the last value is still validated', () => {
      expect(usageError({ port: [25, 0] })).to.equal('--port must be a whole number from 1 to 65535');
      expect(usageError({ timeout: [3, 0] })).to.equal('--timeout must be a number of seconds from 1 to 600');
      expect(usageError({}, ['a.example', '_bad.example'])).to.match(/^invalid host name: "_bad\.example"/);
    });
  });

  describe('--dnssec and --trust-anchor', () => {
    it('validate is the default: a command line without them sets neither', () => {
      expect(DEFAULT_DNSSEC_MODE).to.equal('validate');
      const s = settings({});
      expect(s.dnssec).to.equal(undefined);
      expect(s.trustAnchorFile).to.equal(undefined);
    });

    it('--trust-anchor alone implies validate; --dnssec resolver stands alone; the last one wins', () => {
      expect(settings({ 'trust-anchor': '/etc/root.ds' })).to.deep.include({ dnssec: 'validate', trustAnchorFile: '/etc/root.ds' });
      expect(settings({ dnssec: 'resolver' })).to.deep.include({ dnssec: 'resolver' });
      expect(settings({ dnssec: ['resolver', 'validate'], 'trust-anchor': ['/a', '/b'] })).to.deep.include({ dnssec: 'validate', trustAnchorFile: '/b' });
    });

    it('refuses an unknown mode and a trust anchor with the resolver mode', () => {
      expect(usageError({ dnssec: 'maybe' })).to.equal('--dnssec must be one of validate, resolver');
      expect(usageError({ dnssec: 'resolver', 'trust-anchor': '/etc/root.ds' })).to.match(/^--trust-anchor needs --dnssec validate/);
      expect(usageError({ 'trust-anchor': false })).to.equal('--trust-anchor needs a file name');
    });

    it('names the settings as the caller calls them (the service: its variables)', () => {
      const names = { mode: 'DNSSEC (--dnssec)', file: 'TRUST_ANCHOR (--trust-anchor)' };
      expect(() => dnssecSettings('yes', undefined, names)).to.throw(UsageError, /^DNSSEC \(--dnssec\) must be one of/);
      expect(() => dnssecSettings('resolver', '/f', names)).to.throw(UsageError, /^TRUST_ANCHOR \(--trust-anchor\) needs DNSSEC \(--dnssec\) validate/);
    });

    it('$TRUST_ANCHOR stands in for --trust-anchor (empty: unset)', () => {
      expect(trustAnchorSource('/flag', { TRUST_ANCHOR: '/env' })).to.deep.equal({ file: '/flag', label: '--trust-anchor' });
      expect(trustAnchorSource(undefined, { TRUST_ANCHOR: '/env' })).to.deep.equal({ file: '/env', label: 'TRUST_ANCHOR' });
      expect(trustAnchorSource(undefined, { TRUST_ANCHOR: '' })).to.equal(null);
      expect(trustAnchorSource(undefined, {})).to.equal(null);
    });
  });

  describe('one-line messages that name the problem', () => {
    const cases: [string, Record<string, unknown>, unknown, RegExp][] = [
      ['no name', {}, undefined, /^missing host name$/],
      ['a number as the name', {}, 42, /^missing host name$/],
      ['an IP literal', {}, '192.0.2.1', /is an IP address/],
      ['-4 and -6', { ipv4: true, ipv6: true }, 'mx.example.org', /^-4 and -6 exclude each other$/],
      ['NaN timeout', { timeout: NaN }, 'mx.example.org', /^--timeout/],
      ['fractional port', { port: 25.5 }, 'mx.example.org', /^--port/],
      ['--max-mx 257', { 'max-mx': 257 }, 'mx.example.org', /^--max-mx must be a whole number from 1 to 256$/],
      ['--helo with a space', { helo: 'a b' }, 'mx.example.org', /^invalid --helo name: "a b" contains spaces/],
      ['--no-resolver (false): not silently the system resolver', { resolver: false }, 'mx.example.org', /^--resolver needs an address: IP\[:PORT\]$/],
    ];
    for (const [title, argv, name, message] of cases) {
      it(title, () => {
        const text = usageError(argv, name);
        expect(text).to.match(message);
        expect(text).to.not.match(/[\r\n]/);
      });
    }
  });
});
