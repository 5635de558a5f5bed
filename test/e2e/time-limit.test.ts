// -t bounds the whole run: a peer that never speaks cannot hold the check past
// it, and the output names the stage that did not finish.
import { expect } from 'chai';
import { createServer, type Server, type Socket } from 'node:net';
import { FIXTURE_HOSTS } from '../lab/scenarios.ts';
import { useLab } from './lab-hooks.ts';
import { runDist, runDistJson } from '../support/run-dist.ts';
import { validateArgs } from '../support/lab-dnssec.ts';

describe('e2e: the -t time limit', function () {
  this.timeout(60_000);
  const silent = FIXTURE_HOSTS.find((h) => h.name === 'h1.hostile.test')!;
  let server: Server;
  const sockets = new Set<Socket>();
  let labArgs: string[];

  before(async () => {
    // The default mode through the validating unbound (asked with CD), as a host that has one.
    const lab = await useLab();
    labArgs = validateArgs(lab, lab.resolver);
    server = createServer((socket) => {
      sockets.add(socket); // accepts and never says a word
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(25, silent.address, resolve));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a silent SMTP server: the check ends before -t and names the banner stage', async () => {
    const { run, json } = await runDistJson(['host', silent.name, ...labArgs, '-t', '3']);
    expect(run.ms).to.be.below(3000);
    const address = json.addresses[0];
    expect(address.stage).to.equal('banner');
    expect(address.dane_state).to.be.oneOf(['unreachable', 'indeterminate']);
    expect(json.dane_state).to.be.oneOf(['unreachable', 'indeterminate']);
  });

  it('in Nagios mode it is a state with the stage in the text, not a hang', async () => {
    const run = await runDist(['host', silent.name, ...labArgs, '-t', '3']);
    expect(run.ms).to.be.below(3000);
    expect(run.code).to.be.oneOf([2, 3]);
    expect(run.stdout).to.match(/banner/);
    expect(run.stderr).to.equal('');
  });
});
