// Hostile SMTP peers, end to end through dist/smtp-dane-verify: a DNS fixture
// says (with AD) that mx.hostile.test is 127.0.0.1 and has a TLSA 3 1 1 for the
// fixture's leaf, so every run gets as far as the peer lets it. Whatever the
// peer does, the check ends within -t, names the stage, gives the right
// dane_state and reason, prints one result and nothing on stderr, and stays
// within bounded memory (peak RSS of the child under /usr/bin/time).
import { expect } from 'chai';
import { makeCertificate, x509 } from '../support/pki.ts';
import { bytesReply, drip, endless, reply, type FixtureScript } from '../support/smtp-fixture-server.ts';
import { MAX_RSS_KB, measuredRss, runBoth, type MeasuredRun, type WorldOptions } from './hostile-support.ts';

const T = 3; // -t for every case: each must end before it

interface Expected {
  stage: string | null;
  state: string;
  reason: RegExp | null;
  /** Nagios exit code and a pattern its output must show. */
  exit: number;
  nagios: RegExp;
  /** The status line, when not the usual one for the exit code. */
  status?: RegExp;
  /** run.unfinished, one pattern per entry (default: none). */
  unfinished?: RegExp[];
  /** More checks on the address object. */
  more?: (address: any, json: any) => void;
}

interface Case {
  name: string;
  script: () => Promise<FixtureScript> | FixtureScript;
  options?: () => Promise<WorldOptions> | WorldOptions;
  expected: Expected;
}

const CRITICAL = /^SMTP DANE CRITICAL - mx\.hostile\.test: 1\/1 addresses not verified/;
const UNKNOWN = /^SMTP DANE UNKNOWN - mx\.hostile\.test: 1\/1 addresses not verified/;
/**
 * A step that gave up waiting at its share of -t: unfinished, not a failure
 * (the server may only be slow), judged PROBE_UNFINISHED (UNKNOWN) in every output.
 */
const timedOut = (stage: string, what: string, state = 'indeterminate'): Expected => {
  const reason = `no ${what} within \\d+ ms`;
  return {
    stage,
    state,
    reason: new RegExp(`^${reason}$`),
    exit: 3,
    nagios: new RegExp(`^\\[UNKNOWN\\] mx\\.hostile\\.test 127\\.0\\.0\\.1: 1 probe not finished before the time limit: SMTP at ${stage} \\(${reason}\\)$`, 'm'),
    unfinished: [new RegExp(`^SMTP mx\\.hostile\\.test 127\\.0\\.0\\.1 at ${stage} \\(${reason}\\)$`)],
    ...(state === 'indeterminate' ? { status: UNKNOWN } : {}),
  };
};
const stageLine = (stage: string, reason: RegExp) =>
  new RegExp(`^\\[CRITICAL\\] mx\\.hostile\\.test 127\\.0\\.0\\.1: .*${reason.source.replace(/^\^/, '').replace(/\$$/, '')}.* \\(stage ${stage}\\)$`, 'm');

/** Certificates made once for the certificate cases. */
const certificates = (() => {
  let made: Promise<{ chain50: FixtureScript['tls']; chainLeafSpki: string; huge: FixtureScript['tls']; hugeSpki: string; hugeBytes: number }> | undefined;
  return () =>
    (made ??= (async () => {
      const leaf = await makeCertificate({ dnsNames: ['mx.hostile.test'] });
      const fillers = await Promise.all(
        Array.from({ length: 49 }, (_, i) => makeCertificate({ subject: `CN=Filler CA ${i}`, ca: true })),
      );
      // 3 MiB of an unknown non-critical extension: a certificate no MTA would send.
      const blob = new Uint8Array(3 * 1024 * 1024).fill(0x41);
      const huge = await makeCertificate({ dnsNames: ['mx.hostile.test'], extensions: [new x509.Extension('1.3.6.1.4.1.32473.99', false, blob)] });
      return {
        chain50: { cert: [leaf, ...fillers].map((c) => c.pem.trim()).join('\n'), key: leaf.keyPem },
        chainLeafSpki: leaf.spkiSha256,
        huge: { cert: huge.pem, key: huge.keyPem },
        hugeSpki: huge.spkiSha256,
        hugeBytes: huge.der.length,
      };
    })());
})();

const CASES: Case[] = [
  {
    name: 'a well-behaved peer (the control: the world itself is sound)',
    script: () => ({}),
    expected: {
      stage: null,
      state: 'verified',
      reason: null,
      exit: 0,
      nagios: /^SMTP DANE OK - mx\.hostile\.test: 1\/1 addresses DANE-verified/,
      more: (a) => expect(a.matched_usage).to.equal('DANE-EE'),
    },
  },
  {
    name: 'silence before the banner',
    script: () => ({ banner: null }),
    expected: timedOut('banner', 'banner'),
  },
  {
    name: 'silence after EHLO',
    script: () => ({ ehlo: null }),
    expected: timedOut('ehlo', 'EHLO reply'),
  },
  {
    name: 'silence after STARTTLS',
    script: () => ({ starttls: null }),
    expected: timedOut('starttls', 'STARTTLS reply'),
  },
  {
    name: 'silence instead of a ServerHello',
    script: () => ({ handshake: { garbage: '' } }),
    expected: timedOut('tls', 'TLS handshake'),
  },
  {
    name: 'silence in the middle of the TLS handshake (200 bytes of the server flight, then nothing)',
    script: () => ({ handshake: { cutAfter: 200, then: 'silence' } }),
    expected: timedOut('tls', 'TLS handshake'),
  },
  {
    name: 'a close in the middle of the TLS handshake',
    script: () => ({ handshake: { cutAfter: 200, then: 'close' } }),
    expected: {
      stage: 'tls',
      state: 'failed',
      reason: /^TLS handshake failed: .*(disconnected|closed)/,
      exit: 2,
      nagios: stageLine('tls', /(disconnected|closed)/),
    },
  },
  {
    name: 'one byte per second before the banner is complete',
    script: () => ({ banner: drip('220 slow.hostile.test ESMTP\r\n', 1000) }),
    expected: timedOut('banner', 'banner'),
  },
  {
    name: 'one byte per second for the EHLO reply inside TLS (the chain is already proven)',
    script: () => ({ ehloTls: drip('250 slow.hostile.test\r\n', 1000) }),
    expected: {
      stage: 'ehlo-tls',
      state: 'verified',
      reason: /^no EHLO reply inside TLS within \d+ ms$/,
      // Verified, but the session did not finish in its time: UNKNOWN (PROBE_UNFINISHED), as every step time-out.
      exit: 3,
      status: /^SMTP DANE UNKNOWN - mx\.hostile\.test: .*1 probe not finished before the time limit: SMTP (mx\.hostile\.test 127\.0\.0\.1 )?at ehlo-tls \(no EHLO reply inside TLS within \d+ ms\)/,
      nagios: /^\[UNKNOWN\] mx\.hostile\.test 127\.0\.0\.1: DANE-EE 3 1 1 matched at depth 0 \(TLSv1\.3\)$/m,
      unfinished: [/^SMTP mx\.hostile\.test 127\.0\.0\.1 at ehlo-tls \(no EHLO reply inside TLS within \d+ ms\)$/],
      more: (a) => expect(a.matched_depth).to.equal(0),
    },
  },
  {
    name: 'an endless multi-line 250- reply to EHLO',
    script: () => ({ ehlo: (out) => endless('250-PIPELINING\r\n')(out) }),
    expected: { stage: 'ehlo', state: 'failed', reason: /^reply longer than 256 lines$/, exit: 2, nagios: stageLine('ehlo', /reply longer than 256 lines/) },
  },
  {
    name: 'an unfinished reply of megabytes in long lines',
    script: () => ({ ehlo: endless(`250-${'x'.repeat(4000)}\r\n`, 5 * 1024 * 1024) }),
    expected: {
      stage: 'ehlo',
      state: 'failed',
      reason: /^unfinished reply larger than 65536 bytes$/,
      exit: 2,
      nagios: stageLine('ehlo', /unfinished reply larger than 65536 bytes/),
    },
  },
  {
    name: 'a banner of megabytes in one line',
    script: () => ({ banner: endless('220220220220', 5 * 1024 * 1024) }),
    expected: { stage: 'banner', state: 'unreachable', reason: /^reply line longer than 4096 bytes$/, exit: 2, nagios: stageLine('banner', /reply line longer than 4096 bytes/) },
  },
  {
    name: 'a banner of megabytes in short lines',
    script: () => ({ banner: endless('220-spam spam spam spam spam spam spam spam spam spam spam spam\r\n', 5 * 1024 * 1024) }),
    expected: { stage: 'banner', state: 'unreachable', reason: /^reply longer than 256 lines$/, exit: 2, nagios: stageLine('banner', /reply longer than 256 lines/) },
  },
  {
    name: 'binary garbage instead of a banner',
    script: () => ({ banner: bytesReply(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff))) }),
    expected: {
      stage: 'banner',
      state: 'unreachable',
      reason: /^not an SMTP reply line: "\\x00\\x07\\x0e\\x15/,
      exit: 2,
      nagios: stageLine('banner', /not an SMTP reply line: "\\x00\\x07/),
      more: (a) => expect(a.reason).to.not.match(/[\u0000-\u001f\u007f-\uffff]/),
    },
  },
  {
    name: '421 at the banner (a temporary refusal: WARNING, not an outage; -t 3 leaves no room to try again)',
    script: () => ({ banner: reply(421, '4.3.2 Service shutting down') }),
    expected: {
      stage: 'banner',
      state: 'indeterminate',
      reason: /^the server refused the session for now: 421 4\.3\.2 Service shutting down$/,
      exit: 1,
      status: /^SMTP DANE WARNING - mx\.hostile\.test: .*temporary refusal/,
      nagios: /^\[WARNING\] mx\.hostile\.test 127\.0\.0\.1: temporary refusal, DANE not tested: the server refused the session for now: 421 4\.3\.2 Service shutting down \(stage banner\)$/m,
    },
  },
  {
    name: '454 to STARTTLS (a temporary refusal)',
    script: () => ({ starttls: reply(454, '4.7.0 TLS not available due to local problem') }),
    expected: {
      stage: 'starttls',
      state: 'indeterminate',
      reason: /^the server refused STARTTLS for now: 454 4\.7\.0 TLS not available due to local problem$/,
      exit: 1,
      status: /^SMTP DANE WARNING - mx\.hostile\.test: .*temporary refusal/,
      nagios: /^\[WARNING\] mx\.hostile\.test 127\.0\.0\.1: temporary refusal, DANE not tested: the server refused STARTTLS for now: 454 4\.7\.0 TLS not available due to local problem \(stage starttls\)$/m,
      more: (a) => expect(a.starttls_offered).to.equal(true),
    },
  },
  {
    name: 'a chain of 50 certificates (the first 20 are kept and the cut is a WARNING; DANE-EE still matches the leaf)',
    script: async () => ({ tls: (await certificates()).chain50 }),
    options: async () => ({ tlsaSpkiSha256: (await certificates()).chainLeafSpki }),
    expected: {
      stage: null,
      state: 'verified',
      reason: null,
      exit: 1,
      status: /^SMTP DANE WARNING - mx\.hostile\.test: .*sent more than 20 certificates/,
      nagios: /^\[WARNING\] mx\.hostile\.test 127\.0\.0\.1: DANE-EE 3 1 1 matched at depth 0/m,
      more: (a) => {
        expect(a.certificates).to.have.length(20);
        expect(a.certificates[19].subject).to.equal('CN = Filler CA 18');
      },
    },
  },
  {
    name: 'a certificate of 3 MiB',
    script: async () => ({ tls: (await certificates()).huge }),
    options: async () => ({ tlsaSpkiSha256: (await certificates()).hugeSpki }),
    expected: {
      stage: 'tls',
      state: 'failed',
      // OpenSSL refuses a Certificate message over 100 KiB; the 1 MiB byte budget is the backstop.
      reason: /^(TLS handshake failed: excessive message size|the server sent more than 1048576 bytes)$/,
      exit: 2,
      nagios: stageLine('tls', /(excessive message size|more than 1048576 bytes)/),
      more: (a) => expect(a.certificates).to.deep.equal([]),
    },
  },
  {
    name: 'a certificate that does not parse (hand-made TLS 1.2 flight)',
    script: () => ({ handshake: { tls12Certificates: [Buffer.from('this is not a DER certificate, it is text')] } }),
    expected: {
      stage: 'tls',
      state: 'failed',
      reason: /^TLS handshake failed: \S/,
      exit: 2,
      nagios: /^\[CRITICAL\] mx\.hostile\.test 127\.0\.0\.1: TLS handshake failed: .* \(stage tls\)$/m,
      more: (a) => expect(a.tls).to.equal(null),
    },
  },
];

describe('e2e: hostile SMTP peers against dist/smtp-dane-verify', function () {
  this.timeout(120_000);
  const results = new Map<string, Promise<{ json: any; jsonRun: MeasuredRun; nagios: MeasuredRun }>>();

  before(async () => {
    // All at once (runMeasured bounds the processes): the suite takes about as long as its slowest cases.
    for (const c of CASES) {
      results.set(
        c.name,
        (async () => runBoth(await c.script(), T, c.options ? await c.options() : {}))(),
      );
    }
    await Promise.allSettled(results.values());
  });

  after(() => {
    if (measuredRss.length === 0) return;
    const mb = (kb: number) => (kb / 1024).toFixed(1);
    console.log(`      peak RSS of ${measuredRss.length} hostile runs so far: ${mb(Math.min(...measuredRss))}-${mb(Math.max(...measuredRss))} MB (bound ${mb(MAX_RSS_KB)} MB)`);
  });

  for (const c of CASES) {
    it(`${c.name}: ${c.expected.stage ? `stage ${c.expected.stage}, ` : ''}${c.expected.state}, within -t ${T}`, async () => {
      const { json, nagios } = await results.get(c.name)!;
      const e = c.expected;
      expect(json.hostname).to.equal('mx.hostile.test');
      expect(json.addresses, 'one address tested').to.have.length(1);
      const address = json.addresses[0];
      expect(address.address).to.equal('127.0.0.1');
      expect(address.stage, 'stage').to.equal(e.stage);
      expect(address.dane_state, 'address dane_state').to.equal(e.state);
      expect(json.dane_state, 'host dane_state').to.equal(e.state);
      if (e.reason) expect(address.reason, 'reason').to.match(e.reason);
      else expect(address.reason).to.equal(null);
      e.more?.(address, json);
      // Only what a step's own share of -t cut off: the run itself ended before -t.
      expect(json.run.unfinished, 'run.unfinished').to.have.length((e.unfinished ?? []).length);
      (e.unfinished ?? []).forEach((pattern, i) => expect(json.run.unfinished[i]).to.match(pattern));

      expect(nagios.code, nagios.stdout).to.equal(e.exit);
      expect(nagios.stdout, 'the status line').to.match(e.status ?? (e.exit === 0 ? /^SMTP DANE OK - / : CRITICAL));
      expect(nagios.stdout, 'the reason in the long output').to.match(e.nagios);
    });
  }
});
