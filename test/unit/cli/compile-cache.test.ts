import { expect } from 'chai';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDirectory, cachedCommand, CODE_CACHE_VARIABLE } from '../../../src/cli/compile-cache.ts';

describe('cli: where the code cache lives and which runs get one', () => {
  it('one directory per user under the temporary directory, unless named or off', () => {
    expect(cacheDirectory({}, 1001)).to.equal(join(tmpdir(), 'smtp-dane-verify-code-cache-1001'));
    expect(cacheDirectory({ [CODE_CACHE_VARIABLE]: '' }, 1001)).to.equal(join(tmpdir(), 'smtp-dane-verify-code-cache-1001'));
    expect(cacheDirectory({ [CODE_CACHE_VARIABLE]: '/var/cache/sdv' }, 1001)).to.equal('/var/cache/sdv');
    expect(cacheDirectory({ [CODE_CACHE_VARIABLE]: 'off' }, 1001)).to.equal(null);
    // Without user ids (not POSIX) there is no way to tell a private directory: no cache.
    expect(cacheDirectory({}, undefined)).to.equal(null);
  });

  it('the commands get a cache each; help, version and no command get none', () => {
    expect(cachedCommand(['host', 'mx1.example.org', '-t', '30'])).to.equal('host');
    expect(cachedCommand(['-t', '30', 'domain', 'example.org'])).to.equal('domain');
    expect(cachedCommand(['discover', 'example.org'])).to.equal('discover');
    expect(cachedCommand(['analyze', 'evidence.json'])).to.equal('analyze');
    expect(cachedCommand(['serve'])).to.equal('serve');
    expect(cachedCommand(['domain', 'host'])).to.equal('domain');
    expect(cachedCommand(['--version'])).to.equal(null);
    expect(cachedCommand([])).to.equal(null);
    expect(cachedCommand(['hots', 'x'])).to.equal(null);
  });
});
