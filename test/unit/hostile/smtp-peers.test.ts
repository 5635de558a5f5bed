// The SMTP probe against every hostile peer at once, in process: each session
// ends at the stage the peer broke, within its stage timeout, with no unhandled
// rejection, no socket or timer left behind, and memory that returns to where
// it was (heap measured after a forced GC).
import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSmtpConnector } from '../../../src/probe/smtp/session.ts';
import type { SmtpEvidence } from '../../../src/evidence/smtp.ts';
import { bytesReply, drip, endless, reply, startFixtureServer, type FixtureScript } from '../../support/smtp-fixture-server.ts';
import { activeResources, defaultTls, request } from '../smtp/helpers.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const STAGE_MS = 400;

/** [name, script, stage, failure kind, message] */
const PEERS: [string, FixtureScript, string, string, RegExp][] = [
  ['silent banner', { banner: null }, 'banner', 'timeout', /^no banner within 400 ms$/],
  ['silent after EHLO', { ehlo: null }, 'ehlo', 'timeout', /^no EHLO reply within 400 ms$/],
  ['silent after STARTTLS', { starttls: null }, 'starttls', 'timeout', /^no STARTTLS reply within 400 ms$/],
  ['silent mid-handshake', { handshake: { cutAfter: 100, then: 'silence' } }, 'tls', 'timeout', /^no TLS handshake within 400 ms$/],
  ['close mid-handshake', { handshake: { cutAfter: 100, then: 'close' } }, 'tls', 'tls', /^TLS handshake failed: /],
  ['drip banner', { banner: drip('220 drip\r\n', 100) }, 'banner', 'timeout', /^no banner within 400 ms$/],
  ['endless 250-', { ehlo: endless('250-X\r\n') }, 'ehlo', 'protocol', /^reply longer than 256 lines$/],
  ['megabyte line', { banner: endless('2', 4 * 1024 * 1024) }, 'banner', 'protocol', /^reply line longer than 4096 bytes$/],
  ['megabytes of long lines', { ehlo: endless(`250-${'z'.repeat(4000)}\r\n`, 4 * 1024 * 1024) }, 'ehlo', 'protocol', /^unfinished reply larger than 65536 bytes$/],
  ['binary garbage without a newline', { banner: bytesReply(Buffer.alloc(8192, 0xff)) }, 'banner', 'protocol', /^reply line longer than 4096 bytes$/],
  ['a little binary garbage, then nothing', { banner: bytesReply(Buffer.alloc(100, 0xff)) }, 'banner', 'timeout', /^no banner within 400 ms$/],
  ['binary garbage with a newline', { banner: bytesReply(Buffer.from([0xde, 0xad, 0x0a])) }, 'banner', 'protocol', /^not an SMTP reply line: "\\xde\\xad"$/],
  ['421 banner', { banner: reply(421, 'bye') }, 'banner', 'temporary', /^the server refused the session for now: 421 bye$/],
  ['454 STARTTLS', { starttls: reply(454, 'no') }, 'starttls', 'temporary', /^the server refused STARTTLS for now: 454 no$/],
  ['unparsable certificate', { handshake: { tls12Certificates: [Buffer.from('not DER')] } }, 'tls', 'tls', /^TLS handshake failed: /],
];

describe('hostile: every bad SMTP peer at once, in process', function () {
  this.timeout(30_000);

  it('each ends at its stage with its reason; nothing leaks, nothing is left running', async () => {
    const tls = await defaultTls();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const before = { heap: process.memoryUsage().heapUsed, resources: activeResources() };

    const COPIES = 3;
    const servers = await Promise.all(PEERS.map(([, script]) => startFixtureServer({ tls, ...script })));
    const connector = createSmtpConnector();
    const started = Date.now();
    let results: { evidence: SmtpEvidence; ms: number }[][];
    try {
      results = await Promise.all(
        servers.map((server) =>
          Promise.all(
            Array.from({ length: COPIES }, async () => {
              const t0 = Date.now();
              const evidence = await connector.probe(request(server.port, { stageTimeoutMs: STAGE_MS + 0.4 }));
              return { evidence, ms: Date.now() - t0 };
            }),
          ),
        ),
      );
    } finally {
      await Promise.all(servers.map((s) => s.close()));
      process.off('unhandledRejection', onRejection);
    }
    const wall = Date.now() - started;

    PEERS.forEach(([name, , stage, kind, message], i) => {
      for (const { evidence, ms } of results[i]!) {
        expect(evidence.stage, name).to.equal(stage);
        expect(evidence.failure?.kind, name).to.equal(kind);
        expect(evidence.failure?.message, name).to.match(message);
        // One stage timeout at most, plus scheduling slack for 42 sessions at once.
        expect(ms, name).to.be.below(STAGE_MS + 1500);
      }
    });
    expect(wall).to.be.below(5000);
    expect(rejections).to.deep.equal([]);

    // Handles close asynchronously: give them a moment, then nothing may be left.
    const kinds = ['TCPSocketWrap', 'TLSWrap', 'TCPServerWrap', 'Timeout', 'JSSTREAM'];
    const settled = () => kinds.every((k) => (activeResources()[k] ?? 0) <= (before.resources[k] ?? 0));
    for (let i = 0; i < 100 && !settled(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const k of kinds) expect(activeResources()[k] ?? 0, k).to.be.at.most(before.resources[k] ?? 0);

    gc();
    const grown = process.memoryUsage().heapUsed - before.heap;
    // Megabytes were thrown at the probe 42 times over; what is kept must not scale with them.
    expect(grown, `heap grew by ${(grown / 1048576).toFixed(1)} MB`).to.be.below(16 * 1024 * 1024);
  });
});
