// Issue 16's lab scenarios cross-checked by Postfix's own DANE client:
// posttls-finger -c -l dane "[host]", pointed at the lab's validating resolver
// through a private mount namespace (lab-resolver-namespace.ts), must reach the
// same verdict as our `host` check for the session it negotiated: the same
// certificate (SHA-256), Verified exactly when our dane_state for that session is
// verified, the record it matched among the ones we call matching (at the same
// depth), the same TLSA RRset. On the servers with several certificates it is
// asked once per key algorithm (its TLS library offers only that algorithm's
// signature schemes), and must agree with our certificates_by_algorithm cell.
// The signature-expiry hosts are still valid: posttls-finger verifies them now,
// and our WARNING/CRITICAL is about signatures that run out later.
import { existsSync } from 'node:fs';
import { expect } from 'chai';
import type { Lab } from '../lab/lab.ts';
import { scenario } from '../lab/scenarios.ts';
import { KEY_ALGORITHMS, type KeyAlgorithm } from '../support/key-algorithm-sigalgs.ts';
import { validateArgs } from '../support/lab-dnssec.ts';
import { labResolverNamespace, labResolverNamespaceMissing, type LabResolverNamespace } from '../support/lab-resolver-namespace.ts';
import { LOG_TLSA_RECORDS, offerOnly, parsePosttlsFinger, POSTTLS_FINGER, posttlsFingerArgs, type PosttlsFingerSession } from '../support/posttls-finger.ts';
import { suiteNeeding } from '../support/require-tool.ts';
import { runDistJson, runFile } from '../support/run-dist.ts';
import { useLab } from './lab-hooks.ts';

/** What posttls-finger must say for a session we judge `dane_state`. */
const TRUST_FOR = { verified: 'verified', failed: 'untrusted' } as const;

/** Each issue-16 host; `service` and `codes`: our whole verdict, which for the expiry hosts is about the future. */
const HOSTS: { host: string; what: string; service: string; codes: string[] }[] = [
  { host: 'mx.rollnext.test', what: 'rollover ready: current and next key', service: 'OK', codes: [] },
  { host: 'mx.rollissuer.test', what: 'rollover ready: leaf and issuer', service: 'OK', codes: [] },
  { host: 'mx.rollsame.test', what: 'rollover not ready: two records of one key', service: 'WARNING', codes: ['TLSA_ROLLOVER_NOT_READY'] },
  { host: 'mx.dualalgo.test', what: 'RSA and ECDSA, both covered', service: 'OK', codes: [] },
  { host: 'mx.rsaonlyalgo.test', what: 'RSA and ECDSA, RSA covered only', service: 'CRITICAL', codes: ['KEY_ALGORITHM_NOT_COVERED'] },
  { host: 'mx.trioalgo.test', what: 'RSA, ECDSA and Ed25519, Ed25519 not covered', service: 'CRITICAL', codes: ['KEY_ALGORITHM_NOT_COVERED'] },
  { host: 'mx.sigwarn.test', what: 'RRSIGs with under a fifth of their validity left', service: 'WARNING', codes: ['RRSIG_EXPIRY_WARNING'] },
  { host: 'mx.sigttl.test', what: 'RRSIGs that expire within the TTL', service: 'CRITICAL', codes: ['RRSIG_EXPIRES_WITHIN_TTL'] },
  { host: 'mx.sigonline.test', what: 'fresh short-lived RRSIGs, as online signers make', service: 'OK', codes: [] },
  { host: 'mx.tashort.test', what: "DANE-TA, the intermediate expires inside -w 20", service: 'WARNING', codes: ['CERT_EXPIRY_WARNING'] },
];

/** posttls-finger asked for one key algorithm at a time: 'not-held' is a handshake failure. */
const BY_ALGORITHM: { host: string; cells: Record<KeyAlgorithm, 'verified' | 'failed' | 'not-held'> }[] = [
  { host: 'mx.dualalgo.test', cells: { rsa: 'verified', ecdsa: 'verified', ed25519: 'not-held' } },
  { host: 'mx.rsaonlyalgo.test', cells: { rsa: 'verified', ecdsa: 'failed', ed25519: 'not-held' } },
  { host: 'mx.trioalgo.test', cells: { rsa: 'verified', ecdsa: 'verified', ed25519: 'failed' } },
];

// Synchronous on purpose: a top-level await would make mocha load this file as an ES module, with its own
// copy of lab-hooks.ts, and start a second lab beside the one the other suites share.
function missingPrerequisite(): string | null {
  if (!existsSync(POSTTLS_FINGER)) return `${POSTTLS_FINGER} is missing (postfix, .ci/install-lab.sh)`;
  return labResolverNamespaceMissing();
}

suiteNeeding(missingPrerequisite(), 'e2e: posttls-finger (Postfix 3.7, DANE) agrees with the host check on the issue-16 scenarios', function () {
  this.timeout(120_000);
  let lab: Lab;
  let ns: LabResolverNamespace;

  before(async () => {
    lab = await useLab();
    ns = labResolverNamespace(lab.resolver);
  });
  after(() => ns?.remove());

  async function posttlsFinger(host: string, options: readonly string[] = []): Promise<{ session: PosttlsFingerSession; output: string }> {
    const { file, args } = ns.argv(POSTTLS_FINGER, posttlsFingerArgs(`[${host}]`, [...LOG_TLSA_RECORDS, ...options]));
    const run = await runFile(file, args, { env: { PATH: process.env['PATH'] }, timeoutMs: 60_000 });
    const output = `${run.stdout}${run.stderr}`;
    return { session: parsePosttlsFinger(output), output };
  }

  /** Our host check, through the lab's plain resolver, validating from the lab's root. */
  async function hostCheck(host: string): Promise<any> {
    const { json } = await runDistJson(['host', host, ...validateArgs(lab), '-t', '30']);
    expect(json.addresses, `${host}: one address`).to.have.length(1);
    return json;
  }

  /** Our certificates_by_algorithm entry for the certificate posttls-finger was shown; the same certificate. */
  function ourSession(json: any, ptf: PosttlsFingerSession, output: string): any {
    const entry = json.addresses[0].certificates_by_algorithm.find((e: any) => e.key_algorithm === ptf.keyAlgorithm && e.status === 'presented');
    expect(entry, `we saw no ${ptf.keyAlgorithm} certificate where posttls-finger did:\n${output}`).to.be.an('object');
    expect(ptf.fingerprint, output).to.equal(entry.certificates[0].sha256);
    return entry;
  }

  /** posttls-finger's verdict on that session is ours: Verified by a record we call matching, or Untrusted where we found no match. */
  function expectSameVerdict(json: any, entry: any, ptf: PosttlsFingerSession, output: string): void {
    expect(ptf.trust, output).to.equal(TRUST_FOR[entry.dane_state as keyof typeof TRUST_FOR]);
    if (ptf.trust === 'verified') {
      const ours = json.rollover.matching.find((r: any) => r.record === ptf.matched?.record);
      expect(ours, `posttls-finger matched ${ptf.matched?.record}; we call matching ${JSON.stringify(json.rollover.matching)}`).to.be.an('object');
      expect(ours.matches).to.deep.include({ address: json.addresses[0].address, depth: ptf.matched!.depth });
    } else {
      expect(ptf.verificationFailure, output).to.match(/no matching DANE TLSA records/);
      expect(entry.match.outcome).to.equal('tlsa-mismatch');
    }
  }

  for (const c of HOSTS) {
    const domain = c.host.slice('mx.'.length);
    const expected = scenario(domain).hosts[0]!.expected;
    it(`${c.host} (${c.what}): posttls-finger's default session agrees with ours; the host is ${expected}, ${c.service}`, async () => {
      const json = await hostCheck(c.host);
      const { session: ptf, output } = await posttlsFinger(c.host);
      expect(ptf.tlsaRecords, output).to.have.members(json.tlsa_resource_records);
      const entry = ourSession(json, ptf, output);
      expect(entry.session).to.equal('default');
      expectSameVerdict(json, entry, ptf, output);

      expect([json.dane_state, json.service_state], JSON.stringify(json.diagnostics)).to.deep.equal([expected, c.service]);
      expect([...new Set(json.findings.map((f: any) => f.code))]).to.deep.equal(c.codes);
      // One certificate only: what posttls-finger verified now is the host's whole DANE state.
      if (json.addresses[0].certificates_by_algorithm.filter((e: any) => e.status === 'presented').length === 1) expect(entry.dane_state).to.equal(expected);
    });
  }

  for (const c of BY_ALGORITHM) {
    it(`${c.host}: posttls-finger offering one key algorithm at a time finds ${JSON.stringify(c.cells)}, as our certificates_by_algorithm does`, async () => {
      const json = await hostCheck(c.host);
      for (const algorithm of KEY_ALGORITHMS) {
        const { session: ptf, output } = await posttlsFinger(c.host, offerOnly(ns.dir, algorithm));
        const ours = json.addresses[0].certificates_by_algorithm.find((e: any) => e.key_algorithm === algorithm);
        if (c.cells[algorithm] === 'not-held') {
          expect(ptf.trust, `${algorithm}:\n${output}`).to.equal('handshake-failed');
          expect(output).to.match(/handshake failure/);
          expect(ours.status).to.equal('not-held');
          continue;
        }
        expect(ptf.keyAlgorithm, `${algorithm} asked for:\n${output}`).to.equal(algorithm);
        const entry = ourSession(json, ptf, output);
        expect(entry.dane_state).to.equal(c.cells[algorithm]);
        expectSameVerdict(json, entry, ptf, output);
      }
    });
  }
});
