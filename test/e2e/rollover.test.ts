// Rollover readiness and certificate days left against the real lab, each expected
// result cross-checked by an independent tool: OpenSSL's own DANE code
// (`openssl s_client -dane_tlsa_rrdata`, one record at a time) says which records
// match what Postfix presents, `openssl x509 -enddate` when the DANE-TA chain's
// intermediate expires. The records fed to OpenSSL come from the lab's
// certificates (test PKI), not from the product.
import { execFile } from 'node:child_process';
import { expect } from 'chai';
import type { Lab } from '../lab/lab.ts';
import { scenario, type RecordSpec } from '../lab/scenarios.ts';
import { tlsaFor } from '../support/pki.ts';
import { validateArgs } from '../support/lab-dnssec.ts';
import { runDist, runDistJson } from '../support/run-dist.ts';
import { useLab } from './lab-hooks.ts';

const DAY_MS = 86_400_000;

function openssl(args: string[], input = ''): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = execFile('openssl', args, { timeout: 10_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    );
    child.stdin?.end(input);
  });
}

/** The TLSA records a scenario publishes for a host, as "u s m hex", computed from the lab's certificates. */
function publishedRecords(lab: Lab, domain: string, host: string): string[] {
  const zone = scenario(domain).zones.flatMap((z) => z.records);
  return zone
    .filter((r): r is Extract<RecordSpec, { type: 'TLSA' }> => r.type === 'TLSA' && r.owner === `_25._tcp.${host}`)
    .map((r) => {
      const t = tlsaFor(lab.certs[r.cert].issued, r.usage, r.selector, r.matchingType);
      return `${t.usage} ${t.selector} ${t.matchingType} ${t.data}`;
    });
}

/**
 * Does this one record authenticate what the server presents, by OpenSSL? The name
 * OpenSSL checks for DANE-TA is the leaf's own (its names are not what a rollover
 * record is judged on); DANE-EE names are off, as RFC 7672 §3.1.1 says.
 */
async function opensslMatches(address: string, leafName: string, record: string): Promise<boolean> {
  const r = await openssl(
    ['s_client', '-starttls', 'smtp', '-connect', `${address}:25`, '-servername', leafName, '-brief', '-verify_return_error',
      '-dane_tlsa_domain', leafName, '-dane_ee_no_namechecks', '-dane_tlsa_rrdata', record],
    'QUIT\r\n',
  );
  return r.code === 0 && /Verification: OK/.test(r.output);
}

describe('e2e: rollover readiness and certificate days left, against the lab and OpenSSL', function () {
  this.timeout(120_000);
  let lab: Lab;
  let args: string[];

  before(async () => {
    lab = await useLab();
    args = validateArgs(lab);
  });

  const cases = [
    { domain: 'rollnext.test', state: 'ready', reason: 'next-key-published', plugin: 0 },
    { domain: 'rollissuer.test', state: 'ready', reason: 'issuer-record', plugin: 0 },
    { domain: 'rollsame.test', state: 'not-ready', reason: 'leaf-only', plugin: 1 },
  ] as const;

  for (const c of cases) {
    it(`${c.domain}: ${c.state} (${c.reason}); matching and non-matching records as OpenSSL finds them; exit ${c.plugin}`, async () => {
      const { json } = await runDistJson(['domain', c.domain, ...args]);
      const host = json.mx_hosts[0];
      expect(host.dane_state).to.equal('verified');
      expect(host.rollover.state, JSON.stringify(host.rollover)).to.equal(c.state);
      expect(host.rollover.reason).to.equal(c.reason);
      expect(host.rollover.tlsa_ttl).to.be.a('number').and.to.be.within(1, 300);

      const leafName = lab.certs.L1.dnsNames[0]!;
      const published = publishedRecords(lab, c.domain, host.hostname);
      const matching: string[] = [];
      const notMatching: string[] = [];
      for (const record of published) (await opensslMatches('127.0.25.1', leafName, record) ? matching : notMatching).push(record);
      expect(host.rollover.matching.map((r: any) => r.record)).to.have.members(matching);
      expect(host.rollover.not_matching.map((r: any) => r.record)).to.have.members(notMatching);

      const nagios = await runDist(['domain', c.domain, ...args]);
      expect(nagios.code, nagios.stdout).to.equal(c.plugin);
      if (c.state === 'not-ready') {
        expect(nagios.stdout).to.match(/^SMTP DANE WARNING - rollsame\.test: mx\.rollsame\.test: TLSA rollover not ready/);
        expect(host.diagnostics.map((d: any) => d.code)).to.include('TLSA_ROLLOVER_NOT_READY');
        const demoted = await runDist(['domain', c.domain, ...args, '--severity', 'TLSA_ROLLOVER_NOT_READY=info']);
        expect(demoted.code, demoted.stdout).to.equal(0);
      }
    });
  }

  it('tashort.test: the DANE-TA chain\'s intermediate expires inside -w 20: (WARNING), its days as openssl reads them', async () => {
    const shown = await openssl(['s_client', '-starttls', 'smtp', '-connect', '127.0.25.55:25', '-servername', 'mx.tashort.test', '-showcerts'], 'QUIT\r\n');
    const pems = shown.output.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
    expect(pems).to.have.length(2);
    const end = await openssl(['x509', '-noout', '-enddate'], pems[1]!);
    const notAfter = Date.parse(/notAfter=(.+)/.exec(end.output)![1]!.trim());
    const before = Date.now();
    const nagios = await runDist(['domain', 'tashort.test', ...args]);
    const expected = [Math.floor((notAfter - Date.now()) / DAY_MS), Math.floor((notAfter - before) / DAY_MS)];
    expect(nagios.code, nagios.stdout).to.equal(1);
    const days = Number(/ cert_days_left=(-?\d+);20:;15:/.exec(nagios.stdout)?.[1]);
    expect(expected).to.include(days);
    expect(days).to.be.within(15, 19);
    expect(nagios.stdout).to.match(/^SMTP DANE WARNING - tashort\.test: certificate smtp-dane-verify lab short-intermediate at mx\.tashort\.test expires in \d+ days/);
  });
});
