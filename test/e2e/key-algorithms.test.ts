// One certificate per key algorithm (issue 16), in the lab: Postfix listeners that
// hold RSA and ECDSA (and Ed25519) certificates through smtpd_tls_chain_files. The
// built executable must report each certificate and judge the address by all of
// them; OpenSSL's own DANE check, asked for one signature algorithm at a time,
// must agree with every expected cell, so the expectations are proven independently.
import { execFile } from 'node:child_process';
import { expect } from 'chai';
import type { Lab } from '../lab/lab.ts';
import { scenario, type RecordSpec } from '../lab/scenarios.ts';
import { SIGALGS, type KeyAlgorithm as Algorithm } from '../support/key-algorithm-sigalgs.ts';
import { tlsaFor } from '../support/pki.ts';
import { validateArgs } from '../support/lab-dnssec.ts';
import { runDistJson } from '../support/run-dist.ts';
import { useLab } from './lab-hooks.ts';

/** What OpenSSL finds for one algorithm: the server's certificate verifies, does not, or there is none (handshake failure). */
type Cell = 'verified' | 'failed' | 'not-held';

const CASES: { domain: string; address: string; cells: Record<Algorithm, Cell> }[] = [
  { domain: 'dualalgo.test', address: '127.0.25.50', cells: { rsa: 'verified', ecdsa: 'verified', ed25519: 'not-held' } },
  { domain: 'rsaonlyalgo.test', address: '127.0.25.50', cells: { rsa: 'verified', ecdsa: 'failed', ed25519: 'not-held' } },
  { domain: 'trioalgo.test', address: '127.0.25.51', cells: { rsa: 'verified', ecdsa: 'verified', ed25519: 'failed' } },
];

function openssl(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = execFile('openssl', args, { timeout: 10_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    );
    child.stdin?.end('QUIT\r\n');
  });
}

describe('e2e: one certificate per key algorithm (Postfix with several certificates)', function () {
  this.timeout(120_000);
  let lab: Lab;
  let labArgs: string[];
  before(async () => {
    lab = await useLab();
    labArgs = validateArgs(lab);
  });

  const rrdataOf = (domain: string): string[] =>
    scenario(domain)
      .zones.flatMap((z) => z.records)
      .filter((r): r is Extract<RecordSpec, { type: 'TLSA' }> => r.type === 'TLSA')
      .map((r) => {
        const t = tlsaFor(lab.certs[r.cert], r.usage, r.selector, r.matchingType);
        return `${t.usage} ${t.selector} ${t.matchingType} ${t.data}`;
      });

  for (const c of CASES) {
    const mx = `mx.${c.domain}`;
    it(`${c.domain}: OpenSSL (s_client -sigalgs … -dane_tlsa_rrdata …) finds ${JSON.stringify(c.cells)}`, async () => {
      for (const [algorithm, expected] of Object.entries(c.cells) as [Algorithm, Cell][]) {
        const args = ['s_client', '-starttls', 'smtp', '-connect', `${c.address}:25`, '-servername', mx, '-brief', '-verify_return_error'];
        args.push('-sigalgs', SIGALGS[algorithm], '-dane_tlsa_domain', mx, '-dane_ee_no_namechecks', ...rrdataOf(c.domain).flatMap((r) => ['-dane_tlsa_rrdata', r]));
        const run = await openssl(args);
        const cell: Cell = /Verification: OK/.test(run.output) && run.code === 0 ? 'verified' : /alert handshake failure/.test(run.output) ? 'not-held' : 'failed';
        expect(cell, `${c.domain} ${algorithm}\n${run.output}`).to.equal(expected);
      }
    });

    it(`${c.domain}: the check reports the same per algorithm and judges the address ${scenario(c.domain).expected}`, async () => {
      const { json } = await runDistJson(['domain', c.domain, ...labArgs, '-t', '30']);
      const address = json.mx_hosts[0].addresses[0];
      expect(address.dane_state).to.equal(scenario(c.domain).expected);
      const cells = Object.fromEntries(
        address.certificates_by_algorithm.map((e: any) => [e.key_algorithm, e.status === 'presented' ? e.dane_state : e.status]),
      );
      expect(cells).to.deep.equal(c.cells);
      // The default session is one of them; each asked-for certificate is of the algorithm asked for.
      expect(address.certificates_by_algorithm[0].session).to.equal('default');
      for (const e of address.certificates_by_algorithm.filter((x: any) => x.status === 'presented')) {
        expect(e.certificates[0].keyAlgorithm).to.equal({ rsa: 'RSA', ecdsa: 'EC', ed25519: 'Ed25519' }[e.key_algorithm as Algorithm]);
      }
      const uncovered = (Object.entries(c.cells) as [Algorithm, Cell][]).filter(([, v]) => v === 'failed').map(([k]) => ({ rsa: 'RSA', ecdsa: 'ECDSA', ed25519: 'Ed25519' })[k]);
      const named = json.mx_hosts[0].diagnostics.filter((d: any) => d.code === 'KEY_ALGORITHM_NOT_COVERED').map((d: any) => d.args.algorithm);
      expect(named).to.deep.equal(uncovered);
      // Certificate expiry counts every presented leaf, each filed under the session that showed it.
      for (const e of address.certificates_by_algorithm.filter((x: any) => x.status === 'presented')) {
        const expiry = json.certificate_expiry.find((x: any) => x.sha256 === e.certificates[0].sha256);
        expect(expiry?.seen_at, `${c.domain} ${e.key_algorithm} in certificate_expiry`).to.deep.include({
          host: json.mx_hosts[0].hostname,
          address: address.address,
          depth: 0,
          session: e.session,
          key_algorithm: e.key_algorithm,
        });
      }
    });
  }

  it('rsaonlyalgo.test in Nagios: one long-output line per certificate, the uncovered one named in the status line', async () => {
    const { runDist } = await import('../support/run-dist.ts');
    const run = await runDist(['domain', 'rsaonlyalgo.test', ...labArgs, '-t', '30']);
    expect(run.code).to.equal(2);
    const lines = run.stdout.split('\n');
    expect(lines[0]).to.match(/ECDSA certificate not covered by TLSA/);
    expect(lines.filter((l) => /^ {2}(RSA|ECDSA|Ed25519)\b/.test(l))).to.have.length(3);
    expect(lines.some((l) => /^ {2}ECDSA certificate mx\.dualalgo\.test: NOT covered/.test(l))).to.equal(true);
    expect(lines.some((l) => /^ {2}RSA certificate mx\.dualalgo\.test: covered by DANE-EE 3 1 1/.test(l))).to.equal(true);
    expect(lines.some((l) => /^ {2}Ed25519: not held/.test(l))).to.equal(true);
  });
});
