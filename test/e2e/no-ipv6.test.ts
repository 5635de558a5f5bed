// A monitoring host without IPv6, for real: a network namespace with loopback
// only (unshare -n, as /work/bin/labns and a Docker container without IPv6),
// the lab inside it, and an MX host with a global AAAA. The kernel refuses that
// connect at once (ENETUNREACH), nothing can leave the namespace, and the check
// names the address "not tested" (WARNING) instead of blaming the server.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UNROUTABLE_V6 } from '../lab/scenarios.ts';
import { skipOrFail } from '../support/require-tool.ts';

const WORLD = fileURLToPath(new URL('../support/no-ipv6-world.ts', import.meta.url));

function inLoopbackOnlyNamespace(tmp: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'unshare',
      ['-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'no-ipv6', process.execPath, '--import', 'tsx', WORLD],
      { env: { ...process.env, TMPDIR: tmp }, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('e2e: a monitoring host without IPv6 (loopback-only network namespace)', function () {
  this.timeout(180_000);
  let seen: any;

  before(async function () {
    // Its own TMPDIR: the lab's one-per-machine lock lives there, and this lab runs beside the suite's.
    const tmp = mkdtempSync(join(tmpdir(), 'no-ipv6-'));
    chmodSync(tmp, 0o1777);
    try {
      const run = await inLoopbackOnlyNamespace(tmp);
      if (run.code !== 0 && /unshare failed|Operation not permitted/.test(run.stderr)) {
        skipOrFail(this, `cannot make a network namespace: ${run.stderr.trim()}`);
      }
      expect(run.code, run.stderr).to.equal(0);
      seen = JSON.parse(run.stdout);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('the namespace has loopback only: no route out for anything', () => {
    expect(seen.links).to.deep.equal(['lo']);
    expect(seen.routes).to.not.match(/default|2001:db8/);
  });

  it(`JSON: ${UNROUTABLE_V6} is not-tested (ENETUNREACH at once), the host and the domain stay verified`, () => {
    const { json } = seen;
    expect(json.dane_state).to.equal('verified');
    const host = json.mx_hosts[0];
    expect(host.hostname).to.equal('mx.nov6.test');
    expect(host.dane_state, 'an untestable address does not make the host partial').to.equal('verified');
    const byAddress = Object.fromEntries(host.addresses.map((a: any) => [a.address, a]));
    expect(byAddress['127.0.25.1'].dane_state).to.equal('verified');
    const v6 = byAddress[UNROUTABLE_V6];
    expect(v6.dane_state).to.equal('not-tested');
    expect(v6.family).to.equal('ipv6');
    expect(v6.stage).to.equal('connect');
    expect(v6.reason).to.equal(`cannot connect: connect ENETUNREACH ${UNROUTABLE_V6}:25 - Local (:::0)`);
    expect(v6.elapsed_ms, 'refused by the kernel, not timed out').to.be.below(500);
    const d = host.diagnostics.find((x: any) => x.code === 'ADDRESS_NOT_TESTED_HERE');
    expect(d).to.deep.include({ severity: 'warning', host: 'mx.nov6.test', address: UNROUTABLE_V6 });
    expect(d.message).to.equal(
      `mx.nov6.test ${UNROUTABLE_V6}: not tested: this monitoring host cannot reach IPv6 addresses ` +
        `(cannot connect: connect ENETUNREACH ${UNROUTABLE_V6}:25 - Local (:::0)); check with -4, or give this host (or its container) IPv6`,
    );
    expect(host.diagnostics.map((x: any) => x.code)).to.not.include('SMTP_UNREACHABLE');
  });

  it('Nagios: WARNING (exit 1), with the address, the reason and the hint; not CRITICAL', () => {
    const { nagios } = seen;
    expect(nagios.code, nagios.stdout).to.equal(1);
    expect(nagios.stdout).to.match(/^SMTP DANE WARNING - nov6\.test: mx\.nov6\.test 2001:db8::25: not tested: this monitoring host cannot reach/);
    expect(nagios.stdout).to.match(
      /^\[WARNING\] mx\.nov6\.test 2001:db8::25: not tested: this monitoring host cannot reach IPv6 addresses \(cannot connect: connect ENETUNREACH 2001:db8::25:25 - Local \(:::0\)\); check with -4, or give this host \(or its container\) IPv6$/m,
    );
    expect(nagios.stdout).to.match(/^\[OK\] mx\.nov6\.test 127\.0\.25\.1: DANE-EE 3 1 1 matched at depth 0/m);
    expect(nagios.stdout).to.not.match(/CRITICAL|partial|unreachable/);
  });

  it('with -4 the check is OK: the hint works', () => {
    const { ipv4Only } = seen;
    expect(ipv4Only.code, ipv4Only.stdout).to.equal(0);
    expect(ipv4Only.stdout).to.match(/^SMTP DANE OK - nov6\.test: 1\/1 MX hosts and 1\/1 addresses DANE-verified/);
  });
});
