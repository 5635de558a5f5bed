// analyze's replay on one recorded scenario (good.test): the recorded instant by
// default, --now moves the judgement (signatures and certificates expire), a
// flipped byte in a signature changes the verdict, and a damaged file is one
// clear EvidenceFileError.
import { readFileSync } from 'node:fs';
import dnsPacket from 'dns-packet';
import { expect } from 'chai';
import { EvidenceFileError, readEvidence } from '../../../src/app/evidence-file.ts';
import { replayCheck } from '../../../src/app/saved-run.ts';
import { pluginSettings } from '../../../src/cli/plugin-options.ts';
import { replayingConnector } from '../../../src/probe/replaying.ts';
import { EVIDENCE_VERSION, type SavedEvidence } from '../../../src/evidence/document.ts';
import type { CheckOutcome } from '../../../src/app/run-check.ts';

const TEXT = readFileSync(new URL('../../fixtures/evidence/good.test.json', import.meta.url), 'utf8');
const fresh = (): SavedEvidence => readEvidence(TEXT);
const judge = (saved: SavedEvidence, now?: Date) => replayCheck(saved, { judgement: pluginSettings({}), version: 'test', ...(now ? { now } : {}) });

function codes(outcome: CheckOutcome): string[] {
  if (outcome.kind !== 'domain') throw new Error('a domain fixture');
  return [...outcome.result.diagnostics, ...outcome.result.hosts.flatMap((h) => h.diagnostics)].map((d) => d.code);
}

function questionOf(query: string): string {
  const q = dnsPacket.decode(Buffer.from(query, 'base64')).questions?.[0];
  return `${q?.name}/${q?.type}`;
}

describe('analyze: replaying saved evidence', () => {
  it('judges at the recorded instant by default: verified, as the live run', async () => {
    const saved = fresh();
    const { outcome, now } = await judge(saved);
    expect(now.toISOString()).to.equal(saved.judged_at);
    expect(outcome.result.dane_state).to.equal('verified');
    expect(outcome.run.started_at).to.equal(saved.started_at);
  });

  it('--now a week on (inside the lab signatures\' validity): still verified, the certificates a week closer to expiry', async () => {
    const saved = fresh();
    const daysLeft = (o: CheckOutcome) => (o.kind === 'domain' ? o.result.hosts[0]!.addresses[0]!.certificates[0]!.notAfter : '');
    const later = new Date(Date.parse(saved.judged_at) + 7 * 86_400_000);
    const [then, now] = [await judge(saved), await judge(saved, later)];
    expect(now.outcome.result.dane_state).to.equal('verified');
    expect(daysLeft(now.outcome)).to.equal(daysLeft(then.outcome));
  });

  it('--now years ahead: the DNSSEC signatures have expired (bogus), and so have the certificates', async () => {
    const saved = fresh();
    const { outcome } = await judge(saved, new Date('2045-01-01T00:00:00Z'));
    expect(outcome.result.dane_state).to.equal('bogus');
    expect(codes(outcome)).to.include('DNSSEC_SIGNATURE_EXPIRED');
    if (outcome.kind !== 'domain') throw new Error('a domain fixture');
    const leaf = outcome.result.hosts[0]!.addresses[0]!.certificates[0]!;
    expect(Date.parse(leaf.notAfter)).to.be.below(Date.parse('2045-01-01T00:00:00Z'));
  });

  it('--now before the signatures were made: not yet valid, bogus', async () => {
    const { outcome } = await judge(fresh(), new Date('2000-01-01T00:00:00Z'));
    expect(outcome.result.dane_state).to.equal('bogus');
  });

  it('a byte flipped inside the MX signature: MX_BOGUS, not a crash', async () => {
    const saved = fresh();
    const record = saved.dns.find((r) => questionOf(r.query) === 'good.test/MX' && r.response)!;
    const message = Buffer.from(record.response!, 'base64');
    const rrsig = dnsPacket.decode(message).answers!.find((a) => a.type === 'RRSIG')!;
    const signature = (rrsig.data as { signature: Buffer }).signature;
    const at = message.indexOf(signature);
    expect(at).to.be.above(0);
    message[at + 10] = message[at + 10]! ^ 0x01;
    record.response = message.toString('base64');
    const { outcome } = await judge(saved);
    expect(outcome.result.dane_state).to.equal('bogus');
    expect(codes(outcome)).to.include('MX_BOGUS');
  });

  it('an answer cut short: the question reads as a malformed answer, not a crash', async () => {
    const saved = fresh();
    const record = saved.dns.find((r) => questionOf(r.query) === 'good.test/MX' && r.response)!;
    record.response = Buffer.from(record.response!, 'base64').subarray(0, 30).toString('base64');
    const { outcome } = await judge(saved);
    expect(outcome.result.dane_state).to.equal('indeterminate');
    expect(codes(outcome)).to.include('MX_LOOKUP_FAILED');
  });

  it('a question missing from the file: a lookup failure that says so', async () => {
    const saved = fresh();
    saved.dns = saved.dns.filter((r) => questionOf(r.query) !== 'good.test/MX');
    const { outcome } = await judge(saved);
    expect(outcome.result.dane_state).to.equal('indeterminate');
    expect(JSON.stringify(outcome.result.diagnostics)).to.include('not in the saved evidence');
  });

  it('serves an address\'s recorded sessions in order (a retried temporary refusal); none left reads as cancelled', async () => {
    const saved = fresh();
    const [first] = saved.smtp;
    const request = { ...first!.request, stageTimeoutMs: 1000 };
    const second = { ...first!, evidence: { ...first!.evidence, elapsedMs: first!.evidence.elapsedMs + 1 } };
    const connector = replayingConnector([first!, second]);
    expect(await connector.probe(request)).to.equal(first!.evidence);
    expect(await connector.probe(request)).to.equal(second.evidence);
    expect((await connector.probe(request)).failure?.kind).to.equal('cancelled');
    expect((await connector.probe({ ...request, address: '192.0.2.1' })).failure).to.deep.include({ kind: 'network', message: 'this session is not in the saved evidence' });
  });

  describe('sessions per key algorithm (evidence version 2)', () => {
    const DUAL = readFileSync(new URL('../../fixtures/evidence/dualalgo.test.json', import.meta.url), 'utf8');
    const cells = (o: CheckOutcome) =>
      o.kind === 'domain' ? o.result.hosts[0]!.addresses[0]!.certificates_by_algorithm.map((e) => [e.key_algorithm, e.status, e.dane_state]) : [];

    it('a saved run holds the sessions that asked for one algorithm, and analyze judges each certificate again', async () => {
      const saved = readEvidence(DUAL);
      expect(saved.evidence_version).to.equal(EVIDENCE_VERSION);
      expect(saved.smtp.map((r) => r.request.keyAlgorithm ?? 'any')).to.deep.equal(['any', 'rsa', 'ed25519']);
      const { outcome } = await judge(saved);
      expect(outcome.result.dane_state).to.equal('verified');
      expect(cells(outcome)).to.deep.equal([
        ['ecdsa', 'presented', 'verified'],
        ['rsa', 'presented', 'verified'],
        ['ed25519', 'not-held', null],
      ]);
    });

    it('a version 1 file (no such sessions) is still read: the default certificate decides, the others read as unknown', async () => {
      const old = JSON.parse(DUAL) as SavedEvidence;
      old.evidence_version = 1;
      old.smtp = old.smtp.filter((r) => r.request.keyAlgorithm === undefined);
      const { outcome } = await judge(readEvidence(JSON.stringify(old)));
      expect(outcome.result.dane_state).to.equal('verified');
      expect(cells(outcome)).to.deep.equal([
        ['ecdsa', 'presented', 'verified'],
        ['rsa', 'unknown', null],
        ['ed25519', 'unknown', null],
      ]);
      expect(codes(outcome)).to.include('KEY_ALGORITHM_UNKNOWN').and.not.include('KEY_ALGORITHM_NOT_COVERED');
    });
  });

  describe('a damaged file is one EvidenceFileError', () => {
    const cases: [string, string, RegExp][] = [
      ['truncated', TEXT.slice(0, TEXT.length / 2), /^not JSON/],
      ['not JSON at all', 'hello', /^not JSON/],
      ['another JSON document', '{"dane_state":"verified"}', /not a saved check/],
      ['another version', TEXT.replace(/"evidence_version": \d+/, '"evidence_version": 99'), /evidence version 99; this program reads version 1 and 2/],
      ['a query that is not base64', TEXT.replace(/"query": "[^"]*"/, '"query": "not base64!"'), /^dns\[0\]\.query: not base64/],
      ['a bad resolver address', TEXT.replace(/"resolver": "[^"]*"/, '"resolver": "nowhere"'), /^check\.resolver: /],
      ['no SMTP list', TEXT.replace('"smtp": [', '"smtp": {"x":[').replace(/\]\s*}\s*$/, ']}}'), /^smtp: not a list/],
    ];
    for (const [name, text, message] of cases) {
      it(name, () => {
        expect(() => readEvidence(text)).to.throw(EvidenceFileError, message);
      });
    }
  });
});
