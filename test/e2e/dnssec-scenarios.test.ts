// The built executable with --dnssec validate: through the NON-validating
// unbound, straight at the authoritative server and through the validating
// unbound (asking with CD, so it hands bogus data over), every lab scenario (the
// scenario table and the DNSSEC case table) must get the same dane_state, for
// the domain and for every host, as through the validating unbound with
// --dnssec resolver; and that state is the one the tables expect.
import { expect } from 'chai';
import { DNSSEC_SCENARIOS } from '../lab/dnssec-scenarios.ts';
import type { Lab } from '../lab/lab.ts';
import { SCENARIOS } from '../lab/scenarios.ts';
import { runDist, runDistJson } from '../support/run-dist.ts';
import { useLab } from './lab-hooks.ts';

interface Table {
  domain: string;
  expected: string;
  hosts: { name: string; expected: string }[];
}

const tables: Table[] = [...SCENARIOS, ...DNSSEC_SCENARIOS];
type Mode = 'resolver via validating unbound' | 'validate via plain unbound' | 'validate via knotd' | 'validate via validating unbound (CD)';

/** Runs jobs with at most `width` at a time (each is a whole process with its SMTP sessions). */
async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

function statesOf(json: any): { domain: string; hosts: Record<string, string> } {
  return { domain: json.dane_state, hosts: Object.fromEntries((json.mx_hosts ?? []).map((h: any) => [h.hostname, h.dane_state])) };
}

describe('e2e: --dnssec validate gives every lab scenario the dane_state of a validating resolver', function () {
  this.timeout(300_000);
  let lab: Lab;
  const results = new Map<string, Record<Mode, any>>();

  before(async () => {
    lab = await useLab();
    const args: Record<Mode, string[]> = {
      'resolver via validating unbound': ['--resolver', lab.resolver, '--dnssec', 'resolver'],
      'validate via plain unbound': ['--resolver', lab.plainResolver, '--dnssec', 'validate', '--trust-anchor', lab.trustAnchorFile],
      'validate via knotd': ['--resolver', lab.authServer, '--trust-anchor', lab.trustAnchorFile],
      'validate via validating unbound (CD)': ['--resolver', lab.resolver, '--dnssec', 'validate', '--trust-anchor', lab.trustAnchorFile],
    };
    const jobs = tables.flatMap((t) =>
      (Object.keys(args) as Mode[]).map((mode) => async () => {
        const { json } = await runDistJson(['domain', t.domain, ...args[mode], '-t', '30']);
        const got = results.get(t.domain) ?? ({} as Record<Mode, any>);
        got[mode] = json;
        results.set(t.domain, got);
      }),
    );
    await pool(jobs, 12);
  });

  for (const t of tables) {
    it(`${t.domain}: ${t.expected} in every mode`, () => {
      const got = results.get(t.domain)!;
      const states = Object.fromEntries(Object.entries(got).map(([mode, json]) => [mode, statesOf(json)]));
      const expected = { domain: t.expected, hosts: Object.fromEntries(t.hosts.map((h) => [h.name, h.expected])) };
      for (const [mode, s] of Object.entries(states)) {
        const json = got[mode as Mode];
        expect(s, `${mode}: ${JSON.stringify([json.diagnostics, json.mx_hosts?.map((h: any) => h.diagnostics)])}`).to.deep.equal(expected);
      }
    });
  }

  it('explains a bogus verdict with the validator finding (expired.test)', () => {
    const json = results.get('expired.test')!['validate via plain unbound'];
    const mxBogus = json.diagnostics.find((d: any) => d.code === 'MX_BOGUS');
    expect(mxBogus.message).to.match(/validated here: DNSSEC_SIGNATURE_EXPIRED at expired\.test \(expired\.test\/DNSKEY\)/);
  });

  it('notlsa.test: proven absence (NSEC3) is no-tlsa, not indeterminate, through a plain resolver', () => {
    const json = results.get('notlsa.test')!['validate via plain unbound'];
    expect(json.mx_hosts[0].dnssec_status).to.equal('secure');
    expect(json.dnssec_valid).to.equal(true);
  });

  it('the built-in IANA anchors do not trust the lab root: everything is bogus, and says why', async () => {
    const { json } = await runDistJson(['domain', 'good.test', '--resolver', lab.plainResolver, '--dnssec', 'validate']);
    expect(json.dane_state).to.equal('bogus');
    expect(json.diagnostics.find((d: any) => d.code === 'MX_BOGUS').message).to.contain('DNSSEC_TRUST_ANCHOR_MISMATCH');
  });

  it('with no DNSSEC option at all the check validates (the default) from the built-in anchors', async () => {
    const { json } = await runDistJson(['domain', 'good.test', '--resolver', lab.plainResolver]);
    expect(json.dane_state).to.equal('bogus');
    expect(json.diagnostics.find((d: any) => d.code === 'MX_BOGUS').message).to.contain('DNSSEC_TRUST_ANCHOR_MISMATCH');
  });

  it('TRUST_ANCHOR stands in for --trust-anchor, and --dnssec resolver does not read it', async () => {
    const env = { TRUST_ANCHOR: lab.trustAnchorFile };
    const validated = await runDist(['domain', 'good.test', '--resolver', lab.plainResolver, '--format', 'json'], env);
    expect(JSON.parse(validated.stdout).dane_state).to.equal('verified');
    const trusted = await runDist(['domain', 'good.test', '--resolver', lab.resolver, '--dnssec', 'resolver', '--format', 'json'], env);
    expect(JSON.parse(trusted.stdout).dane_state).to.equal('verified');
    const missing = await runDist(['domain', 'good.test', '--resolver', lab.plainResolver], { TRUST_ANCHOR: '/nonexistent/root.ds' });
    expect(missing.code).to.equal(3);
    expect(missing.stdout).to.match(/^SMTP DANE UNKNOWN - TRUST_ANCHOR \/nonexistent\/root\.ds: ENOENT/);
  });

  it('rejects a bad --trust-anchor and --trust-anchor with --dnssec resolver (exit 3, one line)', async () => {
    const missing = await runDist(['domain', 'good.test', '--resolver', lab.plainResolver, '--trust-anchor', '/nonexistent/root.key']);
    expect(missing.code).to.equal(3);
    expect(missing.stdout).to.match(/^SMTP DANE UNKNOWN - .*--trust-anchor \/nonexistent\/root\.key/);
    const both = await runDist(['domain', 'good.test', '--resolver', lab.resolver, '--dnssec', 'resolver', '--trust-anchor', lab.trustAnchorFile]);
    expect(both.code).to.equal(3);
    expect(both.stdout).to.match(/--trust-anchor needs --dnssec validate/);
  });
});
