// DNSSEC signature expiry against the real lab (knot serving zones that
// dnssec-signzone signed with a chosen validity window, scenarios.ts): the
// built executable's verdict on sigwarn.test, sigttl.test and sigonline.test,
// cross-checked with BIND's delv, an independent validator, which must call
// every answer fully validated and whose printed RRSIGs (expiration,
// inception, original TTL) must put each answer in the same class.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { useLab } from './lab-hooks.ts';
import { runDist, runDistJson } from '../support/run-dist.ts';
import { resolverModeArgs, validateArgs } from '../support/lab-dnssec.ts';
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

/**
 * Each of the domain's MX, A and TLSA answers: delv validates it, its own RRSIG is in class `cls`, and
 * the check's earliest signature for it has delv's expiration, days left, validity and Original TTL
 * (the zone's signatures all share one window, so the earliest on the path has delv's expiration too).
 */
async function agreeWithDelv(lab: Lab, domain: string, cls: SignatureClass, reported: any[], now: number): Promise<void> {
  for (const answer of [{ name: domain, type: 'MX' }, { name: `mx.${domain}`, type: 'A' }, { name: `_25._tcp.mx.${domain}`, type: 'TLSA' }]) {
    const label = `${answer.name}/${answer.type}`;
    const output = await delv(lab.plainResolver, lab.delvAnchorFile, answer.name, answer.type);
    expect(delvVerdict(output), output).to.equal('secure');
    const own = rrsigsOf(output).find((s) => s.covered === answer.type);
    if (!own) throw new Error(`delv printed no RRSIG over ${label}:\n${output}`);
    expect(classify(own, now), label).to.equal(cls);
    const ours = reported.find((a: any) => a.answer === label);
    expect(Date.parse(ours.expiration), label).to.equal(own.expiration);
    expect(ours.days_left).to.be.closeTo((own.expiration - now) / 86_400_000, 0.02);
    expect(ours.validity_days).to.be.closeTo((own.expiration - own.inception) / 86_400_000, 0.01);
    // Within-TTL is judged by the zone's TTL (the RRSIG's Original TTL); a resolver's answered TTL only counts down from it.
    expect(ours.original_ttl).to.equal(own.originalTtl);
    expect(ours.ttl).to.be.at.most(own.originalTtl);
  }
}

const CASES: { domain: string; cls: SignatureClass; exit: number; state: string; codes: string[] }[] = [
  { domain: 'sigwarn.test', cls: 'warning', exit: 1, state: 'WARNING', codes: ['RRSIG_EXPIRY_WARNING'] },
  { domain: 'sigttl.test', cls: 'within-ttl', exit: 2, state: 'CRITICAL', codes: ['RRSIG_EXPIRES_WITHIN_TTL'] },
  { domain: 'sigonline.test', cls: 'ok', exit: 0, state: 'OK', codes: [] },
];

/** Runs `use` with a file name for --save-evidence in a fresh directory, removed afterwards. */
async function withEvidenceFile(use: (file: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sigs-'));
  try {
    await use(join(dir, 'evidence.json'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The check of one case in a DNSSEC mode: verified, with the case's exit code, states and findings. */
async function checkCase(c: (typeof CASES)[number], modeArgs: string[]): Promise<{ json: any; now: number }> {
  const { run, json } = await runDistJson(['domain', c.domain, ...modeArgs, '-t', '30']);
  const now = Date.now();
  expect(json.dane_state, JSON.stringify(json.findings)).to.equal('verified');
  expect([run.code, json.service_state, json.rrsig_expiry_state]).to.deep.equal([c.exit, c.state, c.state]);
  expect(json.findings.map((f: any) => f.code)).to.deep.equal(c.codes);
  return { json, now };
}

describe('e2e: DNSSEC signature expiry, cross-checked with delv', function () {
  this.timeout(120_000);
  let lab: Lab;

  before(async () => {
    lab = await useLab();
  });

  for (const c of CASES) {
    it(`${c.domain}: ${c.state} (${c.codes.join(', ') || 'no alarm'}); delv validates every answer and its RRSIGs are ${c.cls}`, async () => {
      const { json, now } = await checkCase(c, validateArgs(lab));
      // The AAAA answer is a NODATA, proven by an NSEC of the same zone: it counts too.
      expect(json.rrsig_expiry.map((a: any) => a.answer)).to.deep.equal([`${c.domain}/MX`, `mx.${c.domain}/A`, `mx.${c.domain}/AAAA`, `_25._tcp.mx.${c.domain}/TLSA`]);
      expect(json.rrsig_expiry.map((a: any) => a.scope)).to.deep.equal(['path', 'path', 'path', 'path']);
      await agreeWithDelv(lab, c.domain, c.cls, json.rrsig_expiry, now);
    });
  }

  it('a saved check judged again with analyze gives the same signature verdict at the recorded time, and a later one with --now', async () => {
    await withEvidenceFile(async (file) => {
      const live = await runDistJson(['domain', 'sigonline.test', ...validateArgs(lab), '-t', '30', '--save-evidence', file]);
      const again = await runDistJson(['analyze', file]);
      expect([again.run.code, again.json.rrsig_expiry_state, again.json.rrsig_days_left]).to.deep.equal([0, 'OK', live.json.rrsig_days_left]);
      // 46 hours on, the 2-day signatures have under a tenth left.
      const later = new Date(Date.parse(live.json.run.started_at) + 46 * 3_600_000).toISOString();
      const judged = await runDistJson(['analyze', file, '--now', later]);
      expect([judged.run.code, judged.json.rrsig_expiry_state]).to.deep.equal([2, 'CRITICAL']);
      expect(judged.json.findings.map((f: any) => f.code)).to.include('RRSIG_EXPIRY_CRITICAL');
    });
  });
});

// --dnssec resolver: the validating unbound vouches (AD) and sends the RRSIGs over
// each answer (asked with DO); the check judges those alone, scope "answers",
// with the same limits, and must put each zone in the class delv's RRSIGs do.
describe('e2e: DNSSEC signature expiry with --dnssec resolver (the answers\' own RRSIGs), cross-checked with delv', function () {
  this.timeout(120_000);
  let lab: Lab;

  before(async () => {
    lab = await useLab();
  });

  for (const c of CASES) {
    it(`${c.domain}: ${c.state} (${c.codes.join(', ') || 'no alarm'}) as in validate mode, from the RRSIGs unbound sent; delv's are ${c.cls}`, async () => {
      const { json, now } = await checkCase(c, resolverModeArgs(lab));
      // Each answer's own RRSIG (the NODATA's: the NSEC's), never a DNSKEY or DS one: the resolver validated the chain.
      expect(json.rrsig_expiry.map((a: any) => [a.answer, a.scope, a.covers])).to.deep.equal([
        [`${c.domain}/MX`, 'answers', `${c.domain}/MX`],
        [`mx.${c.domain}/A`, 'answers', `mx.${c.domain}/A`],
        [`mx.${c.domain}/AAAA`, 'answers', `mx.${c.domain}/NSEC`],
        [`_25._tcp.mx.${c.domain}/TLSA`, 'answers', `_25._tcp.mx.${c.domain}/TLSA`],
      ]);
      await agreeWithDelv(lab, c.domain, c.cls, json.rrsig_expiry, now);
    });
  }

  it('says the scope in the long output, and a saved resolver-mode check judged again with analyze reports the same signatures', async () => {
    await withEvidenceFile(async (file) => {
      const live = await runDistJson(['domain', 'sigwarn.test', ...resolverModeArgs(lab), '-t', '30', '--save-evidence', file]);
      expect([live.run.code, live.json.rrsig_expiry_state]).to.deep.equal([1, 'WARNING']);
      // The saved messages hold unbound's RRSIGs: judged again at the recorded instant, the same report.
      const again = await runDistJson(['analyze', file]);
      expect([again.run.code, again.json.rrsig_expiry]).to.deep.equal([1, live.json.rrsig_expiry]);
      const text = await runDist(['analyze', file, '-v']);
      expect(text.code, text.stdout).to.equal(1);
      expect(text.stdout).to.match(/\nDNSSEC signatures \(answer signatures only; the resolver validated the chain\): earliest \S+ \([\d.]+ days, RRSIG over \S+ by sigwarn\.test, for \S+\), WARNING below a fifth/);
      expect(text.stdout.split('\n')[0]).to.match(/ rrsig_days_left=1\.\d+;2\.8:;1\.4: /);
    });
  });
});
