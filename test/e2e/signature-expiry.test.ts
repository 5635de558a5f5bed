// DNSSEC signature expiry against the real lab (knot serving zones that
// dnssec-signzone signed with a chosen validity window, scenarios.ts): the
// built executable's verdict on sigwarn.test, sigttl.test and sigonline.test,
// cross-checked with BIND's delv, an independent validator, which must call
// every answer fully validated and whose printed RRSIGs (expiration,
// inception, original TTL) must put each answer in the same class.
import { expect } from 'chai';
import { useLab } from './lab-hooks.ts';
import { runDistJson } from '../support/run-dist.ts';
import { validateArgs } from '../support/lab-dnssec.ts';
import { delv, delvVerdict } from '../support/delv.ts';
import type { Lab } from '../lab/lab.ts';

type SignatureClass = 'ok' | 'warning' | 'critical' | 'within-ttl';

interface DelvRrsig {
  covered: string;
  originalTtl: number;
  expiration: number;
  inception: number;
}

/** "20261205221000" (delv's RRSIG time) → ms since 1970. */
const signerTime = (t: string) => Date.UTC(+t.slice(0, 4), +t.slice(4, 6) - 1, +t.slice(6, 8), +t.slice(8, 10), +t.slice(10, 12), +t.slice(12, 14));

/** The RRSIG lines delv prints with the answer: "owner ttl IN RRSIG TYPE alg labels origttl expiration inception tag signer sig". */
function rrsigsOf(output: string): DelvRrsig[] {
  return [...output.matchAll(/\sRRSIG\s+(\S+)\s+\d+\s+\d+\s+(\d+)\s+(\d{14})\s+(\d{14})\s/g)].map((m) => ({
    covered: m[1]!,
    originalTtl: Number(m[2]),
    expiration: signerTime(m[3]!),
    inception: signerTime(m[4]!),
  }));
}

/** The README's rule, computed here from delv's view of the signature. */
function classify(s: DelvRrsig, now: number): SignatureClass {
  const left = s.expiration - now;
  const validity = s.expiration - s.inception;
  if (left < validity / 10) return 'critical';
  if (left < s.originalTtl * 1000) return 'within-ttl';
  if (left < validity / 5) return 'warning';
  return 'ok';
}

const CASES: { domain: string; cls: SignatureClass; exit: number; state: string; codes: string[] }[] = [
  { domain: 'sigwarn.test', cls: 'warning', exit: 1, state: 'WARNING', codes: ['RRSIG_EXPIRY_WARNING'] },
  { domain: 'sigttl.test', cls: 'within-ttl', exit: 2, state: 'CRITICAL', codes: ['RRSIG_EXPIRES_WITHIN_TTL'] },
  { domain: 'sigonline.test', cls: 'ok', exit: 0, state: 'OK', codes: [] },
];

describe('e2e: DNSSEC signature expiry, cross-checked with delv', function () {
  this.timeout(120_000);
  let lab: Lab;

  before(async () => {
    lab = await useLab();
  });

  for (const c of CASES) {
    it(`${c.domain}: ${c.state} (${c.codes.join(', ') || 'no alarm'}); delv validates every answer and its RRSIGs are ${c.cls}`, async () => {
      const { run, json } = await runDistJson(['domain', c.domain, ...validateArgs(lab), '-t', '30']);
      const now = Date.now();
      expect(json.dane_state, JSON.stringify(json.findings)).to.equal('verified');
      expect([run.code, json.service_state, json.rrsig_expiry_state]).to.deep.equal([c.exit, c.state, c.state]);
      expect(json.findings.map((f: any) => f.code)).to.deep.equal(c.codes);
      const answers = [
        { name: c.domain, type: 'MX' },
        { name: `mx.${c.domain}`, type: 'A' },
        { name: `_25._tcp.mx.${c.domain}`, type: 'TLSA' },
      ];
      // The AAAA answer is a NODATA, proven by an NSEC of the same zone: it counts too.
      expect(json.rrsig_expiry.map((a: any) => a.answer)).to.deep.equal([`${c.domain}/MX`, `mx.${c.domain}/A`, `mx.${c.domain}/AAAA`, `_25._tcp.mx.${c.domain}/TLSA`]);
      for (const answer of answers) {
        const output = await delv(lab.plainResolver, lab.delvAnchorFile, answer.name, answer.type);
        expect(delvVerdict(output), output).to.equal('secure');
        const own = rrsigsOf(output).find((s) => s.covered === answer.type);
        if (!own) throw new Error(`delv printed no RRSIG over ${answer.name}/${answer.type}:\n${output}`);
        expect(classify(own, now), `${answer.name}/${answer.type}`).to.equal(c.cls);
        // The zone's signatures all share the window, so the earliest on the path has delv's expiration.
        const ours = json.rrsig_expiry.find((a: any) => a.answer === `${answer.name}/${answer.type}`);
        expect(Date.parse(ours.expiration), `${answer.name}/${answer.type}`).to.equal(own.expiration);
        expect(ours.days_left).to.be.closeTo((own.expiration - now) / 86_400_000, 0.02);
        expect(ours.validity_days).to.be.closeTo((own.expiration - own.inception) / 86_400_000, 0.01);
        expect(ours.original_ttl).to.equal(own.originalTtl);
      }
    });
  }

  it('a saved check judged again with analyze gives the same signature verdict at the recorded time, and a later one with --now', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'sigs-'));
    try {
      const file = join(dir, 'sigonline.json');
      const live = await runDistJson(['domain', 'sigonline.test', ...validateArgs(lab), '-t', '30', '--save-evidence', file]);
      const again = await runDistJson(['analyze', file]);
      expect([again.run.code, again.json.rrsig_expiry_state, again.json.rrsig_days_left]).to.deep.equal([0, 'OK', live.json.rrsig_days_left]);
      // 46 hours on, the 2-day signatures have under a tenth left.
      const later = new Date(Date.parse(live.json.run.started_at) + 46 * 3_600_000).toISOString();
      const judged = await runDistJson(['analyze', file, '--now', later]);
      expect([judged.run.code, judged.json.rrsig_expiry_state]).to.deep.equal([2, 'CRITICAL']);
      expect(judged.json.findings.map((f: any) => f.code)).to.include('RRSIG_EXPIRY_CRITICAL');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
