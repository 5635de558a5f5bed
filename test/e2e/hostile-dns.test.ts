// A hostile resolver, end to end through dist/smtp-dane-verify: the DNS fixture
// truncates, lies about ids and questions, loops CNAMEs, points MX records at
// IP literals or at a thousand names, sends answers of tens of kilobytes,
// refuses, fails, says nothing, or is not there. Each run ends within -t with
// the right dane_state, a diagnostic code and a message that names the cause,
// one result on stdout and nothing on stderr.
import { expect } from 'chai';
import type { Answer } from 'dns-packet';
import { RCODE, raw, reply, rr, staticZone, type FixtureHandler, type FixtureQuery } from '../support/dns-fixture-server.ts';
import { testPki } from '../support/pki.ts';
import { DOMAIN, NAME, NEXT_KEY_SPKI_SHA256, closedDnsPort, runBoth, type MeasuredRun, type WorldOptions } from './hostile-support.ts';

const T = 3;

interface Expected {
  /** Where the diagnostic sits: the domain, or the (first) host. */
  level: 'domain' | 'host';
  state: string;
  code: string;
  message: RegExp;
  exit: number;
  /** The Nagios status line. */
  status: RegExp;
  more?: (json: any, nagios: MeasuredRun) => void;
}

interface Case {
  name: string;
  kind: 'domain' | 'host';
  world: (tlsa: string) => Promise<WorldOptions> | WorldOptions;
  expected: Expected;
}

/** MX → NAME → 127.0.0.1, TLSA 3 1 1 of the fixture leaf and of a next key: a sound signed zone. */
function soundZone(tlsa: string, port: number, extra: Answer[] = []): Answer[] {
  const owner = `_${port}._tcp.${NAME}`;
  return [rr.mx(DOMAIN, 10, NAME), rr.a(NAME, '127.0.0.1'), rr.tlsa(owner, 3, 1, 1, tlsa), rr.tlsa(owner, 3, 1, 1, NEXT_KEY_SPKI_SHA256), ...extra];
}

/** Before the real answer, an answer with the wrong id and one to another question. */
function liesFirst(inner: FixtureHandler): FixtureHandler {
  return async (q: FixtureQuery) => [
    reply(q, { id: (q.id + 1) & 0xffff, ad: true, rcode: RCODE.NXDOMAIN }),
    reply(q, { question: { name: 'evil.hostile.test', type: q.type }, ad: true, answers: [rr.a('evil.hostile.test', '127.0.0.66')] }),
    ...(await inner(q)),
  ];
}

const UNKNOWN = (subject: string) => new RegExp(`^SMTP DANE UNKNOWN - ${subject.replace(/\./g, '\\.')}: `);

/** The domain fails on an MX target that is the IP literal `ip`, as data and in the Nagios line. */
function mxTargetInvalid(ip: string, more: Expected['more']): Expected {
  const dotted = ip.replace(/\./g, '\\.');
  return {
    level: 'domain',
    state: 'failed',
    code: 'MX_TARGET_INVALID',
    message: new RegExp(`^MX target ${dotted} of hostile\\.test is not a valid host name \\("${dotted}" is an IP address, not a domain name\\)$`),
    exit: 2,
    status: new RegExp(`^SMTP DANE CRITICAL - hostile\\.test: MX target ${dotted} of hostile\\.test is not a valid host name`),
    more,
  };
}

const CASES: Case[] = [
  {
    name: 'every UDP answer truncated, TCP answers (the control: the fallback works)',
    kind: 'host',
    world: (tlsa) => ({
      dns: (port) => {
        const zone = staticZone(soundZone(tlsa, port));
        return (q) => (q.transport === 'udp' ? [reply(q, { ad: true, tc: true })] : zone(q));
      },
    }),
    expected: {
      level: 'host',
      state: 'verified',
      code: 'TLSA_MATCHED',
      message: /^mx\.hostile\.test 127\.0\.0\.1: TLSA 3 1 1 [0-9a-f]{64} matched the certificate at depth 0$/,
      exit: 0,
      status: /^SMTP DANE OK - mx\.hostile\.test: 1\/1 addresses DANE-verified/,
    },
  },
  {
    name: 'truncated UDP answers and TCP refused',
    kind: 'host',
    world: () => ({ dns: () => (q) => [reply(q, { ad: true, tc: true })], dnsOptions: { tcp: 'refuse' } }),
    expected: {
      level: 'host',
      state: 'indeterminate',
      code: 'HOST_ADDRESS_LOOKUP_FAILED',
      message: /^address lookup for mx\.hostile\.test failed: A: network-error after 4 attempts: UDP answer truncated, TCP fallback failed: 127\.0\.0\.1:\d+: .*(ECONNRESET|ECONNREFUSED).* \(3 attempts over TCP\)$/,
      exit: 3,
      status: UNKNOWN(NAME),
    },
  },
  {
    name: 'answers with a wrong id and to a wrong question come first (ignored: the right one counts)',
    kind: 'domain',
    world: (tlsa) => ({ dns: (port) => liesFirst(staticZone(soundZone(tlsa, port))), args: (w) => w.domainArgs(T) }),
    expected: {
      level: 'domain',
      state: 'verified',
      code: 'MX_SECURE',
      message: /^MX RRset of hostile\.test is DNSSEC-secure$/,
      exit: 0,
      status: /^SMTP DANE OK - hostile\.test: /,
      more: (json) => {
        expect(json.mx_hosts.map((h: any) => h.hostname)).to.deep.equal([NAME]);
        expect(JSON.stringify(json)).to.not.include('127.0.0.66');
      },
    },
  },
  {
    name: 'only answers with a wrong id or to a wrong question',
    kind: 'host',
    world: () => ({ dns: () => liesFirst(() => []) }),
    expected: {
      level: 'host',
      state: 'indeterminate',
      code: 'HOST_ADDRESS_LOOKUP_FAILED',
      message: /^address lookup for mx\.hostile\.test failed: A: .*no answer from 127\.0\.0\.1:\d+ .*\(3 attempts over UDP\).*; ignored \d+ unrelated messages \(last: (id \d+ instead of \d+|answers evil\.hostile\.test\/A, not mx\.hostile\.test\/A)\)$/,
      exit: 3,
      status: UNKNOWN(NAME),
      more: (json) => expect(JSON.stringify(json)).to.not.include('127.0.0.66'),
    },
  },
  {
    name: 'a CNAME loop for the MX host',
    kind: 'domain',
    world: (tlsa) => ({
      dns: (port) =>
        staticZone([
          rr.mx(DOMAIN, 10, NAME),
          rr.cname(NAME, 'b.hostile.test'),
          rr.cname('b.hostile.test', NAME),
          rr.tlsa(`_${port}._tcp.${NAME}`, 3, 1, 1, tlsa),
        ]),
      args: (w) => w.domainArgs(T),
    }),
    expected: {
      level: 'host',
      state: 'indeterminate',
      code: 'HOST_ADDRESS_LOOKUP_FAILED',
      message: /^address lookup for mx\.hostile\.test failed: A: malformed after 1 attempt: 127\.0\.0\.1:\d+: CNAME loop: b\.hostile\.test points back to mx\.hostile\.test$/,
      exit: 3,
      status: UNKNOWN(DOMAIN),
      more: (json) => expect(json.mx_hosts[0].diagnostics.map((d: any) => d.code)).to.not.include('HOST_NO_ADDRESS'),
    },
  },
  {
    name: 'a CNAME chain of 41 hops for the MX host',
    kind: 'domain',
    world: (tlsa) => ({
      dns: (port) =>
        staticZone([
          rr.mx(DOMAIN, 10, NAME),
          rr.cname(NAME, 'c1.hostile.test'),
          ...Array.from({ length: 40 }, (_, i) => rr.cname(`c${i + 1}.hostile.test`, `c${i + 2}.hostile.test`)),
          rr.a('c41.hostile.test', '127.0.0.1'),
          rr.tlsa(`_${port}._tcp.${NAME}`, 3, 1, 1, tlsa),
        ]),
      args: (w) => w.domainArgs(T),
    }),
    expected: {
      level: 'host',
      state: 'indeterminate',
      code: 'HOST_ADDRESS_LOOKUP_FAILED',
      message: /^address lookup for mx\.hostile\.test failed: A: malformed after 1 attempt: 127\.0\.0\.1:\d+: CNAME chain from mx\.hostile\.test longer than 16 hops$/,
      exit: 3,
      status: UNKNOWN(DOMAIN),
    },
  },
  {
    name: 'an MX record pointing at an IP literal',
    kind: 'domain',
    world: (tlsa) => ({
      dns: (port) => staticZone([rr.mx(DOMAIN, 10, '127.0.0.1'), rr.a(NAME, '127.0.0.1'), rr.tlsa(`_${port}._tcp.${NAME}`, 3, 1, 1, tlsa)]),
      args: (w) => w.domainArgs(T),
    }),
    expected: mxTargetInvalid('127.0.0.1', (json) => expect(json.mx_hosts).to.deep.equal([])),
  },
  {
    name: '1500 MX records, every one an IP literal',
    kind: 'domain',
    world: () => ({
      dns: () => staticZone(Array.from({ length: 1500 }, (_, i) => rr.mx(DOMAIN, i, `10.${i >> 8}.${i & 255}.1`)), { truncateUdp: true }),
      args: (w) => w.domainArgs(T),
    }),
    expected: mxTargetInvalid('10.0.0.1', (json, nagios) => {
      expect(json.mx_hosts).to.deep.equal([]);
      expect(json.diagnostics.filter((d: any) => d.code === 'MX_TARGET_INVALID')).to.have.length(1500);
      expect(Buffer.byteLength(nagios.stdout), 'Nagios output stays within 8 KB').to.be.at.most(8192);
    }),
  },
  {
    name: '300 MX hosts (the answer comes over TCP after a truncated UDP one)',
    kind: 'domain',
    world: (tlsa) => ({
      dns: (port) =>
        staticZone(
          Array.from({ length: 300 }, (_, i) => [
            rr.mx(DOMAIN, i, `mx${i}.hostile.test`),
            rr.a(`mx${i}.hostile.test`, '127.0.0.1'),
            rr.tlsa(`_${port}._tcp.mx${i}.hostile.test`, 3, 1, 1, tlsa),
          ]).flat(),
          { truncateUdp: true },
        ),
      args: (w) => w.domainArgs(T),
    }),
    expected: {
      level: 'domain',
      state: 'verified',
      code: 'MX_TOO_MANY',
      message: /^hostile\.test has 300 MX hosts; only the first 16 by preference are checked$/,
      exit: 1,
      status: /^SMTP DANE WARNING - hostile\.test: hostile\.test has 300 MX hosts; only the first 16 by preference are checked/,
      more: (json) => {
        expect(json.mx_hosts.map((h: any) => h.hostname)).to.deep.equal(Array.from({ length: 16 }, (_, i) => `mx${i}.hostile.test`));
        expect(json.mx_hosts.every((h: any) => h.dane_state === 'verified')).to.equal(true);
      },
    },
  },
  {
    name: 'an MX answer of about 58 KB (1200 names) over TCP, with --max-mx 4',
    kind: 'domain',
    world: (tlsa) => ({
      dns: (port) =>
        staticZone(
          [
            ...Array.from({ length: 1200 }, (_, i) => rr.mx(DOMAIN, 10, `mx-${String(i).padStart(4, '0')}.hostile.test`)),
            ...Array.from({ length: 4 }, (_, i) => [
              rr.a(`mx-000${i}.hostile.test`, '127.0.0.1'),
              rr.tlsa(`_${port}._tcp.mx-000${i}.hostile.test`, 3, 1, 1, tlsa),
            ]).flat(),
          ],
          { truncateUdp: true },
        ),
      args: (w) => [...w.domainArgs(T), '--max-mx', '4'],
    }),
    expected: {
      level: 'domain',
      state: 'verified',
      code: 'MX_TOO_MANY',
      message: /^hostile\.test has 1200 MX hosts; only the first 4 by preference are checked$/,
      exit: 1,
      status: /^SMTP DANE WARNING - hostile\.test: hostile\.test has 1200 MX hosts; only the first 4/,
      more: (json) => expect(json.mx_hosts.map((h: any) => h.hostname)).to.deep.equal(['mx-0000.hostile.test', 'mx-0001.hostile.test', 'mx-0002.hostile.test', 'mx-0003.hostile.test']),
    },
  },
  {
    name: 'a 46 KB UDP answer of 1500 addresses for one host',
    kind: 'host',
    world: (tlsa) => ({
      dns: (port) =>
        staticZone([
          rr.a(NAME, '127.0.0.1'),
          ...Array.from({ length: 1499 }, (_, i) => rr.a(NAME, `127.1.${i >> 8}.${i & 255}`)),
          rr.tlsa(`_${port}._tcp.${NAME}`, 3, 1, 1, tlsa),
        ]),
    }),
    expected: {
      level: 'host',
      state: 'partial',
      code: 'SMTP_UNREACHABLE',
      message: /^mx\.hostile\.test 127\.1\.0\.0: cannot connect: .*ECONNREFUSED/,
      exit: 2,
      status: /^SMTP DANE CRITICAL - mx\.hostile\.test: 1499\/1500 addresses not verified/,
      more: (json, nagios) => {
        expect(json.addresses).to.have.length(1500);
        expect(json.addresses.filter((a: any) => a.dane_state === 'verified').map((a: any) => a.address)).to.deep.equal(['127.0.0.1']);
        expect(json.run.unfinished).to.deep.equal([]);
        expect(Buffer.byteLength(nagios.stdout), 'Nagios output stays within 8 KB').to.be.at.most(8192);
      },
    },
  },
  {
    name: 'REFUSED',
    kind: 'domain',
    world: () => ({ dns: () => (q) => [reply(q, { rcode: RCODE.REFUSED })], args: (w) => w.domainArgs(T) }),
    expected: {
      level: 'domain',
      state: 'indeterminate',
      code: 'MX_LOOKUP_FAILED',
      message: /^MX lookup for hostile\.test failed: REFUSED$/,
      exit: 3,
      status: /^SMTP DANE UNKNOWN - hostile\.test: MX lookup for hostile\.test failed: REFUSED/,
    },
  },
  {
    name: 'SERVFAIL, also with checking disabled',
    kind: 'domain',
    world: () => ({ dns: () => (q) => [reply(q, { rcode: RCODE.SERVFAIL })], args: (w) => w.domainArgs(T) }),
    expected: {
      level: 'domain',
      state: 'indeterminate',
      code: 'MX_LOOKUP_FAILED',
      message: /^MX lookup for hostile\.test failed: SERVFAIL, SERVFAIL with CD$/,
      exit: 3,
      status: /^SMTP DANE UNKNOWN - hostile\.test: MX lookup for hostile\.test failed: SERVFAIL, SERVFAIL with CD/,
    },
  },
  {
    name: 'a response with our id that does not decode',
    kind: 'domain',
    world: () => ({
      dns: () => (q) => {
        const { bytes } = reply(q, { ad: true, answers: [rr.mx(DOMAIN, 10, NAME)] });
        return [raw(bytes.subarray(0, bytes.length - 7))];
      },
      args: (w) => w.domainArgs(T),
    }),
    expected: {
      level: 'domain',
      state: 'indeterminate',
      code: 'MX_LOOKUP_FAILED',
      message: /^MX lookup for hostile\.test failed: malformed after 1 attempt: 127\.0\.0\.1:\d+: undecodable response: /,
      exit: 3,
      status: UNKNOWN(DOMAIN),
    },
  },
  {
    name: 'no answer at all',
    kind: 'domain',
    world: () => ({ dns: () => () => [], args: (w) => w.domainArgs(T) }),
    expected: {
      level: 'domain',
      state: 'indeterminate',
      code: 'MX_LOOKUP_FAILED',
      message: /^MX lookup for hostile\.test failed: (cancelled|timeout) after 3 attempts: no answer from 127\.0\.0\.1:\d+ .*\(3 attempts over UDP\)/,
      exit: 3,
      status: UNKNOWN(DOMAIN),
    },
  },
  {
    name: 'a resolver address where nothing listens',
    kind: 'domain',
    world: async () => {
      const port = await closedDnsPort();
      return { args: () => ['domain', DOMAIN, '--resolver', `127.0.0.1:${port}`, '--dnssec', 'resolver', '-t', String(T)] };
    },
    expected: {
      level: 'domain',
      state: 'indeterminate',
      code: 'MX_LOOKUP_FAILED',
      message: /^MX lookup for hostile\.test failed: network-error after 3 attempts: 127\.0\.0\.1:\d+: .*ECONNREFUSED.*\(3 attempts over UDP\)$/,
      exit: 3,
      status: UNKNOWN(DOMAIN),
    },
  },
];

describe('e2e: a hostile resolver against dist/smtp-dane-verify', function () {
  this.timeout(120_000);
  const results = new Map<string, Promise<{ json: any; nagios: MeasuredRun }>>();

  before(async () => {
    const tlsa = (await testPki()).leaf.spkiSha256;
    for (const c of CASES) results.set(c.name, (async () => runBoth({}, T, await c.world(tlsa)))());
    await Promise.allSettled(results.values());
  });

  for (const c of CASES) {
    it(`${c.name}: ${c.expected.state}, ${c.expected.code}, within -t ${T}`, async () => {
      const { json, nagios } = await results.get(c.name)!;
      const e = c.expected;
      expect(json.dane_state, 'dane_state').to.equal(e.state);
      const where = e.level === 'domain' ? json : c.kind === 'domain' ? json.mx_hosts[0] : json;
      const found = (where.diagnostics as any[]).filter((d) => d.code === e.code);
      expect(found, `${e.code} among ${JSON.stringify(where.diagnostics.map((d: any) => `${d.code}: ${d.message}`))}`).to.not.be.empty;
      expect(found[0].message).to.match(e.message);
      expect(found[0].message, 'one line').to.not.match(/[\r\n]/);
      e.more?.(json, nagios);

      expect(nagios.code, nagios.stdout.slice(0, 400)).to.equal(e.exit);
      expect(nagios.stdout).to.match(e.status);
    });
  }
});
