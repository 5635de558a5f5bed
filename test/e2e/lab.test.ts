// Proves the lab itself, independent of the product: the DNS world validates (or
// fails to) as each scenario says, using BIND's dig/delv against the lab resolver,
// and every SMTP listener greets, offers STARTTLS where it should and sends the
// chain the lab says it does.
import { execFile } from 'node:child_process';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { Lab } from '../lab/lab.ts';
import { startLab } from '../lab/lab.ts';
import { skipOrFail } from '../support/require-tool.ts';
import { tlsaFor } from '../support/pki.ts';
import { DEAD_SMTP_ADDRESS, FIXTURE_HOSTS, NOT_GREETED_AT_START, SCENARIOS, scenario, type RecordSpec } from '../lab/scenarios.ts';
import { smtpHello } from '../lab/smtp-hello.ts';
import { useLab } from './lab-hooks.ts';

const run = promisify(execFile);

interface DigResult {
  status: string;
  flags: Set<string>;
  ede: string[];
  answer: string[][];
  authority: string[][];
  raw: string;
}

async function dig(server: string, args: string[]): Promise<DigResult> {
  const { stdout } = await run('dig', [`@${server}`, '+tries=1', '+timeout=5', '+noall', '+comments', '+answer', '+authority', ...args], {
    timeout: 15_000,
  });
  const result: DigResult = { status: '', flags: new Set(), ede: [], answer: [], authority: [], raw: stdout };
  let section: 'answer' | 'authority' | null = null;
  for (const line of stdout.split('\n')) {
    const status = /status: ([A-Z]+)/.exec(line);
    if (status) result.status = status[1]!;
    const flags = /^;; flags: ([a-z ]+);/.exec(line);
    if (flags) result.flags = new Set(flags[1]!.trim().split(/\s+/));
    if (line.startsWith('; EDE:')) result.ede.push(line.slice(7));
    if (line.startsWith(';; ANSWER SECTION')) section = 'answer';
    else if (line.startsWith(';; AUTHORITY SECTION')) section = 'authority';
    else if (line.startsWith(';') || !line.trim()) {
      if (!line.trim()) section = null;
    } else if (section) {
      result[section].push(line.trim().split(/\s+/));
    }
  }
  return result;
}

const resolve = (lab: Lab, name: string, type: string, ...extra: string[]): Promise<DigResult> => dig(lab.resolver, ['+dnssec', ...extra, name, type]);
const rdataOf = (result: DigResult, type: string): string[] => result.answer.filter((rr) => rr[3] === type).map((rr) => rr.slice(4).join(' '));

const failureOf = (promise: Promise<unknown>): Promise<Error | null> =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );

/** A plain SMTP session: read one (multi-line) reply at a time, write commands. */
function smtpSession(address: string): { socket: Socket; read(): Promise<string>; send(line: string): Promise<string> } {
  const socket: Socket = netConnect({ host: address, port: 25 });
  socket.setEncoding('latin1');
  let buffer = '';
  let waiting: ((reply: string) => void) | null = null;
  let failure: Error | null = null;
  const deliver = (): void => {
    if (!waiting) return;
    const lines = buffer.split('\r\n');
    const last = lines.findIndex((l) => /^\d{3} /.test(l));
    if (last < 0) return;
    buffer = lines.slice(last + 1).join('\r\n');
    const resolve = waiting;
    waiting = null;
    resolve(lines.slice(0, last + 1).join('\n'));
  };
  const onData = (chunk: string): void => {
    buffer += chunk;
    deliver();
  };
  socket.on('data', onData);
  socket.on('error', (error) => (failure = error));
  const read = (): Promise<string> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      waiting = resolve;
      socket.once('error', reject);
      deliver();
    });
  return {
    socket,
    read,
    send(line: string) {
      socket.write(`${line}\r\n`);
      return read();
    },
  };
}

/** STARTTLS, then the chain the server sent (leaf first, DER). */
async function starttlsChain(address: string, sni: string): Promise<Buffer[]> {
  const session = smtpSession(address);
  try {
    expect(await session.read()).to.match(/^220 /);
    expect(await session.send('EHLO lab-test.test')).to.match(/STARTTLS/);
    expect(await session.send('STARTTLS')).to.match(/^220 /);
    session.socket.removeAllListeners('data');
    const tls = tlsConnect({ socket: session.socket, servername: sni, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      tls.once('secureConnect', resolve);
      tls.once('error', reject);
    });
    const chain: Buffer[] = [];
    let cert: PeerCertificate & { issuerCertificate?: PeerCertificate } = tls.getPeerCertificate(true);
    const seen = new Set<string>();
    while (cert?.raw && !seen.has(cert.fingerprint256)) {
      seen.add(cert.fingerprint256);
      chain.push(cert.raw);
      cert = cert.issuerCertificate as PeerCertificate & { issuerCertificate?: PeerCertificate };
    }
    tls.destroy();
    return chain;
  } finally {
    session.socket.destroy();
  }
}

describe('test lab', function () {
  this.timeout(30_000);
  let lab: Lab;

  before(async function () {
    lab = await useLab();
  });

  describe('startup', () => {
    it('exposes the fixed loopback addresses and started quickly', () => {
      expect(lab.resolver).to.equal('127.0.53.2');
      expect(lab.authServer).to.equal('127.0.53.1');
      expect(lab.startupMs).to.be.below(10_000);
      expect(lab.certs.L1.spkiSha256).to.match(/^[0-9a-f]{64}$/);
    });

    it('refuses a second lab while this one runs (same process)', async () => {
      const error = await failureOf(startLab());
      expect(error?.message).to.match(/address in use/);
    });

    it('refuses a second lab from another process with "address in use"', async () => {
      const env = { ...process.env, LAB_LOCK_WAIT_MS: '0' };
      const child = await run('npx', ['tsx', 'test/lab/cli.ts', 'run', '--', 'true'], { timeout: 20_000, env }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(child.code).to.equal(1);
      expect(child.stderr).to.match(/address in use/);
    });
  });

  describe('authoritative server (knotd)', () => {
    it('answers authoritatively for the private root, test. and a scenario zone', async () => {
      for (const zone of ['.', 'test.', 'good.test.']) {
        const r = await dig(lab.authServer, ['+norec', zone, 'SOA']);
        expect(r.status, zone).to.equal('NOERROR');
        expect(r.flags.has('aa'), zone).to.equal(true);
      }
    });

    it('serves ED25519 (implicit.test) and RSASHA256 (provider.test) keys', async () => {
      const ed = await dig(lab.authServer, ['+norec', 'implicit.test', 'DNSKEY']);
      expect(rdataOf(ed, 'DNSKEY')[0]).to.match(/^257 3 15 /);
      const rsa = await dig(lab.authServer, ['+norec', 'provider.test', 'DNSKEY']);
      expect(rdataOf(rsa, 'DNSKEY')[0]).to.match(/^257 3 8 /);
    });
  });

  describe('validating resolver (unbound)', () => {
    it('validates good.test MX (AD set)', async () => {
      const r = await resolve(lab, 'good.test', 'MX');
      expect(r.status).to.equal('NOERROR');
      expect(r.flags.has('ad')).to.equal(true);
      expect(rdataOf(r, 'MX').sort()).to.deep.equal(['10 mx1.good.test.', '20 mx2.good.test.']);
    });

    it('delv validates good.test from the lab root trust anchor', async () => {
      const { stdout } = await run('delv', [`@${lab.resolver}`, '-a', lab.delvAnchorFile, '+root=.', 'good.test', 'MX'], { timeout: 15_000 });
      expect(stdout).to.match(/; fully validated/);
    });

    for (const [name, type] of [
      ['expired.test', 'MX'],
      ['badds.test', 'MX'],
      ['_25._tcp.mx.tlsabogus.test', 'TLSA'],
    ] as const) {
      it(`${name} ${type} is bogus: SERVFAIL with an EDE, but answers with +cd`, async () => {
        const r = await resolve(lab, name, type);
        expect(r.status).to.equal('SERVFAIL');
        expect(r.ede.join(' ')).to.match(/^\d+ /);
        const cd = await resolve(lab, name, type, '+cd');
        expect(cd.status).to.equal('NOERROR');
        expect(rdataOf(cd, type)).to.have.length.above(0);
      });
    }

    it('tlsabogus.test: only the TLSA RRset is broken (MX and A validate)', async () => {
      for (const [name, type] of [
        ['tlsabogus.test', 'MX'],
        ['mx.tlsabogus.test', 'A'],
      ]) {
        const r = await resolve(lab, name!, type!);
        expect(r.status, name).to.equal('NOERROR');
        expect(r.flags.has('ad'), name).to.equal(true);
      }
    });

    it('unsigned.test answers without AD (insecure delegation)', async () => {
      const r = await resolve(lab, 'unsigned.test', 'MX');
      expect(r.status).to.equal('NOERROR');
      expect(r.flags.has('ad')).to.equal(false);
      expect(rdataOf(r, 'MX')).to.deep.equal(['10 mx.unsigned.test.']);
    });

    it('insecurehost.test: MX validates, the host in unsigned.test does not', async () => {
      const mx = await resolve(lab, 'insecurehost.test', 'MX');
      expect(mx.flags.has('ad')).to.equal(true);
      const a = await resolve(lab, 'mx.unsigned.test', 'A');
      expect(a.status).to.equal('NOERROR');
      expect(a.flags.has('ad')).to.equal(false);
    });

    it('notlsa.test: the TLSA name is proven absent by NSEC3, with AD', async () => {
      const r = await resolve(lab, '_25._tcp.mx.notlsa.test', 'TLSA');
      expect(['NXDOMAIN', 'NOERROR']).to.include(r.status);
      expect(r.flags.has('ad')).to.equal(true);
      expect(rdataOf(r, 'TLSA')).to.deep.equal([]);
      expect(r.authority.some((rr) => rr[3] === 'NSEC3')).to.equal(true);
    });

    it('lame.test is SERVFAIL within a few seconds, also with +cd', async () => {
      const started = Date.now();
      const r = await resolve(lab, 'lame.test', 'MX');
      expect(r.status).to.equal('SERVFAIL');
      const cd = await resolve(lab, 'mx.lame.test', 'A', '+cd');
      expect(cd.status).to.equal('SERVFAIL');
      expect(Date.now() - started).to.be.below(5000);
    });

    it('nullmx.test publishes MX 0 . with AD', async () => {
      const r = await resolve(lab, 'nullmx.test', 'MX');
      expect(r.flags.has('ad')).to.equal(true);
      expect(rdataOf(r, 'MX')).to.deep.equal(['0 .']);
    });

    it('cname.test: the MX host is an alias of mx.provider.test, all validated', async () => {
      const r = await resolve(lab, 'mail.cname.test', 'A');
      expect(r.flags.has('ad')).to.equal(true);
      expect(rdataOf(r, 'CNAME')).to.deep.equal(['mx.provider.test.']);
      expect(rdataOf(r, 'A')).to.deep.equal(['127.0.25.5']);
      const t = await resolve(lab, '_25._tcp.mail.cname.test', 'TLSA');
      expect(rdataOf(t, 'TLSA')).to.deep.equal([]);
    });
  });

  describe('scenario table matches what the resolver serves', () => {
    const readable = SCENARIOS.filter((s) => !['bogus', 'indeterminate', 'null-mx'].includes(s.expected));
    for (const s of readable) {
      it(`${s.domain}: MX, addresses and TLSA as documented`, async () => {
        const mx = await resolve(lab, s.domain, 'MX');
        const mxHosts = s.hosts.filter((h) => h.preference !== null);
        expect(rdataOf(mx, 'MX').sort()).to.deep.equal(mxHosts.map((h) => `${h.preference} ${h.name}.`).sort());
        for (const host of s.hosts) {
          const addresses: string[] = [];
          for (const type of ['A', 'AAAA']) addresses.push(...rdataOf(await resolve(lab, host.name, type), type));
          expect(addresses.sort(), host.name).to.deep.equal([...host.addresses].sort());
          // The TLSA RRset may live in another scenario's zone (insecurehost.test → unsigned.test).
          const expectedTlsa = SCENARIOS.flatMap((other) => other.zones)
            .flatMap((z) => z.records)
            .filter((r): r is Extract<RecordSpec, { type: 'TLSA' }> => r.type === 'TLSA' && r.owner === `_25._tcp.${host.tlsaBase}`)
            .map((r) => `${r.usage} ${r.selector} ${r.matchingType} ${tlsaFor(lab.certs[r.cert], r.usage, r.selector, r.matchingType).data}`);
          const tlsa = await resolve(lab, `_25._tcp.${host.tlsaBase}`, 'TLSA');
          const served = rdataOf(tlsa, 'TLSA').map((d) => {
            const [u, sel, m, ...hex] = d.split(' ');
            return `${u} ${sel} ${m} ${hex.join('').toLowerCase()}`;
          });
          expect(served.sort(), host.tlsaBase).to.deep.equal(expectedTlsa.sort());
        }
      });
    }

    it('every scenario host sits on a lab listener, the dead address or a fixture address', () => {
      for (const s of SCENARIOS) {
        for (const h of s.hosts) {
          for (const address of h.addresses) {
            const listener = lab.listeners.find((l) => l.address === address);
            const fixture = FIXTURE_HOSTS.find((f) => f.name === h.name)?.address;
            if (h.listener === null) expect(address, h.name).to.equal(fixture ?? DEAD_SMTP_ADDRESS);
            else expect(listener?.id, `${h.name} ${address}`).to.equal(address === '::1' ? 'ee-v6' : h.listener);
          }
        }
      }
      expect(scenario('good.test').expected).to.equal('verified');
    });
  });

  describe('SMTP listeners (postfix)', () => {
    it('runs every listener, the one on ::1 included (the lab leaves it out on a host without ::1)', function () {
      const left = lab.listeners.filter((l) => !l.enabled && l.address.includes(':')).map((l) => `${l.id} ${l.address}`);
      if (left.length > 0) skipOrFail(this, `this host has no IPv6 loopback ::1: listener ${left.join(', ')} not started`);
      expect(lab.listeners.filter((l) => l.address === '::1').map((l) => l.enabled)).to.deep.equal([true]);
    });

    it('every listener greets with 220 and offers STARTTLS unless it is the no-TLS one', async () => {
      // postscreen greets in several lines on purpose, and the throttling listener counts greetings: other-mtas.test.ts.
      for (const listener of lab.listeners.filter((l) => l.enabled && !NOT_GREETED_AT_START.includes(l.id))) {
        const hello = await smtpHello(listener.address, listener.port);
        expect(hello.banner[0], listener.id).to.match(/^220 /);
        expect(hello.ehlo[hello.ehlo.length - 1], listener.id).to.match(/^250 /);
        expect(hello.starttls, listener.id).to.equal(listener.address !== '127.0.25.4');
      }
    });

    it('nothing listens on the unreachable address', async () => {
      const error = await failureOf(smtpHello(DEAD_SMTP_ADDRESS, 25, 2000));
      expect(error?.message).to.match(/ECONNREFUSED/);
    });

    it('each TLS listener sends its leaf and the intermediate that issued it', async () => {
      for (const listener of lab.listeners.filter((l) => l.enabled && l.cert && !NOT_GREETED_AT_START.includes(l.id))) {
        const sni = lab.certs[listener.cert!].dnsNames[0]!;
        const chain = await starttlsChain(listener.address, sni);
        expect(chain.map((c) => c.toString('hex')), listener.id).to.deep.equal(listener.chain.map((c) => c.toString('hex')));
        expect(chain[0]!.equals(lab.certs[listener.cert!].der)).to.equal(true);
        expect(chain[1]!.equals(lab.certs[lab.certs[listener.cert!].spec.issuer!].der), listener.id).to.equal(true);
      }
    });

    it('OpenSSL\'s own DANE check agrees with every expected verified/failed TLS host', async function () {
      // An independent RFC 7672 implementation (openssl s_client -dane_tlsa_*) fed the
      // TLSA RRset the resolver returns: proves the expectations in scenarios.ts, not the product.
      const checked: string[] = [];
      for (const s of SCENARIOS) {
        for (const host of s.hosts) {
          if (host.expected !== 'verified' && host.expected !== 'failed') continue;
          const listener = lab.listeners.find((l) => l.id === host.listener);
          if (!listener?.cert || !listener.enabled) continue; // no STARTTLS / nothing listening: nothing to handshake
          const tlsa = await resolve(lab, `_25._tcp.${host.tlsaBase}`, 'TLSA');
          expect(tlsa.flags.has('ad'), host.tlsaBase).to.equal(true);
          const rrdata = rdataOf(tlsa, 'TLSA').map((d) => {
            const [u, sel, m, ...hex] = d.split(' ');
            return `${u} ${sel} ${m} ${hex.join('')}`;
          });
          for (const address of host.addresses) {
            const connect = address.includes(':') ? `[${address}]:25` : `${address}:25`;
            const args = ['s_client', '-starttls', 'smtp', '-connect', connect, '-servername', host.tlsaBase, '-brief', '-verify_return_error'];
            args.push('-dane_tlsa_domain', host.tlsaBase, '-dane_ee_no_namechecks', ...rrdata.flatMap((r) => ['-dane_tlsa_rrdata', r]));
            const outcome = await new Promise<{ code: number; output: string }>((done) => {
              const child = execFile('openssl', args, { timeout: 10_000 }, (error, stdout, stderr) =>
                done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
              );
              child.stdin?.end('QUIT\r\n');
            });
            const verified = outcome.code === 0 && /Verification: OK/.test(outcome.output);
            expect(verified ? 'verified' : 'failed', `${host.name} ${connect}\n${outcome.output}`).to.equal(host.expected);
            checked.push(`${host.name}@${address}`);
          }
        }
      }
      expect(checked.length).to.be.above(15);
    });

    it('refuses to relay or accept mail', async () => {
      const session = smtpSession('127.0.25.1');
      try {
        expect(await session.read()).to.match(/^220 /);
        expect(await session.send('HELO lab-test.test')).to.match(/^250 /);
        expect(await session.send('MAIL FROM:<a@lab-test.test>')).to.match(/^250 /);
        expect(await session.send('RCPT TO:<someone@example.com>')).to.match(/^5\d\d /);
        expect(await session.send('RCPT TO:<postmaster@mx1.good.test>')).to.match(/^5\d\d /);
        await session.send('QUIT');
      } finally {
        session.socket.destroy();
      }
    });
  });
});
