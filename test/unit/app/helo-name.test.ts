// The default EHLO name: the host's fully qualified name, from /etc/hosts the way
// `hostname -f` finds it, never from the network.
import { expect } from 'chai';
import { qualifyHostname } from '../../../src/app/helo-name.ts';

const DEBIAN = '127.0.0.1\tlocalhost\n127.0.1.1\tmon1.example.net\tmon1\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\n';

describe('the default EHLO name', () => {
  it('qualifies a short name with the canonical name of its /etc/hosts line (Debian\'s 127.0.1.1 line)', () => {
    expect(qualifyHostname('mon1', DEBIAN)).to.equal('mon1.example.net');
    expect(qualifyHostname('MON1', DEBIAN)).to.equal('mon1.example.net');
  });

  it('keeps a name that is already qualified', () => {
    expect(qualifyHostname('mon1.example.org', DEBIAN)).to.equal('mon1.example.org');
  });

  it('keeps the short name when no line qualifies it (a container, a line whose first name is another host, a comment)', () => {
    expect(qualifyHostname('3f2a1b9c0d4e', '127.0.0.1 localhost\n172.17.0.2\t3f2a1b9c0d4e\n')).to.equal('3f2a1b9c0d4e');
    expect(qualifyHostname('vm', '127.0.0.1 localhost\n127.0.0.1 runsc\n127.0.0.1 vm\n')).to.equal('vm');
    expect(qualifyHostname('mon1', '127.0.0.1 localhost.localdomain localhost mon1\n')).to.equal('mon1');
    expect(qualifyHostname('mon1', '# 127.0.1.1 mon1.example.net mon1\n')).to.equal('mon1');
    expect(qualifyHostname('mon1', null)).to.equal('mon1');
  });
});
