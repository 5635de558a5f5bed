import { expect } from 'chai';
import {
  ResolverAddressError,
  formatResolverAddress,
  parseResolvConf,
  parseResolverAddress,
  resolverFromEnvironment,
} from '../../../src/dns/resolver-address.ts';
import { resolveNameserverHost } from '../../../src/probe/dns/nameserver-host.ts';

function errorOf(fn: () => unknown): ResolverAddressError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ResolverAddressError);
    return error as ResolverAddressError;
  }
  throw new Error('expected a ResolverAddressError');
}

describe('dns/resolver-address', () => {
  describe('parseResolverAddress', () => {
    const good: [string, string, number][] = [
      ['192.0.2.53', '192.0.2.53', 53],
      ['192.0.2.53:5353', '192.0.2.53', 5353],
      ['127.0.0.1:1', '127.0.0.1', 1],
      ['127.0.0.1:65535', '127.0.0.1', 65535],
      ['  192.0.2.53  ', '192.0.2.53', 53],
      ['::1', '::1', 53],
      ['[::1]', '::1', 53],
      ['[::1]:5353', '::1', 5353],
      ['2001:db8::1', '2001:db8::1', 53],
      ['[2001:db8::1]:53', '2001:db8::1', 53],
      ['2001:DB8::A', '2001:DB8::A', 53],
      ['::ffff:192.0.2.1', '::ffff:192.0.2.1', 53],
      ['fe80::1%eth0', 'fe80::1%eth0', 53],
      ['[fe80::1%eth0]:5300', 'fe80::1%eth0', 5300],
      ['192.0.2.53:053', '192.0.2.53', 53],
    ];
    for (const [input, address, port] of good) {
      it(`accepts ${JSON.stringify(input)}`, () => {
        expect(parseResolverAddress(input)).to.deep.equal({ address, port });
      });
    }

    const bad: [string, string][] = [
      ['', 'empty'],
      ['   ', 'empty'],
      ['192.0.2.53:', 'bad-port'],
      ['192.0.2.53:0', 'bad-port'],
      ['192.0.2.53:65536', 'bad-port'],
      ['192.0.2.53:99999', 'bad-port'],
      ['192.0.2.53:53a', 'bad-port'],
      ['192.0.2.53:-1', 'bad-port'],
      ['[::1]:', 'bad-port'],
      ['[::1]:http', 'bad-port'],
      ['localhost', 'hostname'],
      ['unbound', 'hostname'],
      ['dns.example.net', 'hostname'],
      ['dns.example.net:5353', 'hostname'],
      ['256.1.1.1', 'bad-address'],
      ['1.2.3', 'bad-address'],
      ['192.0.2.053', 'bad-address'],
      ['[192.0.2.53]:53', 'bad-address'],
      ['[unbound]:53', 'bad-address'],
      ['[::1', 'bad-address'],
      ['[::1]x', 'bad-address'],
      ['2001:db8::1::2', 'bad-address'],
      ['2001:db8::1:5353x', 'bad-address'],
      ['0.0.0.0', 'bad-address'],
      ['::', 'bad-address'],
      ['-dns', 'bad-address'],
      ['dns server', 'bad-address'],
      [':53', 'bad-address'],
      ['http://192.0.2.53', 'bad-address'],
    ];
    for (const [input, code] of bad) {
      it(`rejects ${JSON.stringify(input)} with ${code}`, () => {
        const error = errorOf(() => parseResolverAddress(input));
        expect(error.code).to.equal(code);
        expect(error.input).to.equal(input);
        expect(error.message).to.be.a('string').and.not.equal('');
      });
    }

    it('explains what to give instead of a host name', () => {
      expect(errorOf(() => parseResolverAddress('unbound')).message).to.match(/host name.*IP address/);
    });
  });

  describe('formatResolverAddress', () => {
    it('brackets IPv6 only', () => {
      expect(formatResolverAddress({ address: '192.0.2.53', port: 53 })).to.equal('192.0.2.53:53');
      expect(formatResolverAddress({ address: '::1', port: 5353 })).to.equal('[::1]:5353');
    });
  });

  describe('parseResolvConf', () => {
    it('takes the first nameserver, ignoring comments and other options', () => {
      const text = [
        '# nameserver 192.0.2.1',
        '; nameserver 192.0.2.2',
        'search example.net',
        'options edns0 trust-ad',
        'nameserver 192.0.2.53 # the lab',
        'nameserver 192.0.2.54',
      ].join('\n');
      expect(parseResolvConf(text)).to.deep.equal({ address: '192.0.2.53', port: 53 });
    });
    it('keeps the zone of a scoped IPv6 address', () => {
      expect(parseResolvConf('nameserver fe80::1%eth0\n')).to.deep.equal({ address: 'fe80::1%eth0', port: 53 });
    });
    it('handles CRLF and leading blanks', () => {
      expect(parseResolvConf('\r\n  nameserver\t::1\r\n')).to.deep.equal({ address: '::1', port: 53 });
    });
    it('skips an unusable nameserver line', () => {
      expect(parseResolvConf('nameserver bogus\nnameserver 192.0.2.9\n')).to.deep.equal({
        address: '192.0.2.9',
        port: 53,
      });
    });
    it('returns null without a nameserver', () => {
      expect(parseResolvConf('')).to.equal(null);
      expect(parseResolvConf('#nameserver 192.0.2.1\nsearch x\nnameservers 192.0.2.2\n')).to.equal(null);
    });
  });

  describe('resolverFromEnvironment', () => {
    it('is unset without NAMESERVER or with an empty one', () => {
      expect(resolverFromEnvironment({})).to.deep.equal({ kind: 'unset' });
      expect(resolverFromEnvironment({ NAMESERVER: ' ' })).to.deep.equal({ kind: 'unset' });
    });
    it('reads an IP literal with or without port', () => {
      expect(resolverFromEnvironment({ NAMESERVER: '192.0.2.53' })).to.deep.equal({
        kind: 'address',
        server: { address: '192.0.2.53', port: 53 },
      });
      expect(resolverFromEnvironment({ NAMESERVER: '[::1]:5353' })).to.deep.equal({
        kind: 'address',
        server: { address: '::1', port: 5353 },
      });
    });
    it('marks a host name (a container name) for lookup', () => {
      expect(resolverFromEnvironment({ NAMESERVER: 'unbound' })).to.deep.equal({
        kind: 'hostname',
        host: 'unbound',
        port: 53,
      });
      expect(resolverFromEnvironment({ NAMESERVER: 'Resolver.Lab.:5353' })).to.deep.equal({
        kind: 'hostname',
        host: 'resolver.lab',
        port: 5353,
      });
    });
    it('throws for junk and bad ports', () => {
      expect(errorOf(() => resolverFromEnvironment({ NAMESERVER: 'no way' })).code).to.equal('bad-address');
      expect(errorOf(() => resolverFromEnvironment({ NAMESERVER: 'unbound:0' })).code).to.equal('bad-port');
    });
  });

  describe('resolveNameserverHost', () => {
    it('uses the lookup it is given and keeps the port', async () => {
      const asked: string[] = [];
      const server = await resolveNameserverHost('unbound', 5353, async (host) => {
        asked.push(host);
        return { address: '127.0.0.53', family: 4 };
      });
      expect(server).to.deep.equal({ address: '127.0.0.53', port: 5353 });
      expect(asked).to.deep.equal(['unbound']);
    });
    it('turns a failed lookup into a typed error', async () => {
      const error = await resolveNameserverHost('unbound', 53, async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND unbound'), { code: 'ENOTFOUND' });
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(ResolverAddressError);
      expect((error as ResolverAddressError).code).to.equal('unresolvable-host');
      expect((error as ResolverAddressError).message).to.include('ENOTFOUND');
    });
  });
});
