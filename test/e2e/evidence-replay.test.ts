// Every lab scenario (the scenario table and the DNSSEC case table), live with
// --save-evidence, then analyze on the saved file: the same output, byte for
// byte, in JSON and in Nagios -vvv, and the same exit code. Nothing is
// normalised: analyze reports the recorded run's timing (run.started_at,
// run.duration_ms, the perfdata `duration`, the -vvv "run:" line) instead of
// measuring its own, and judges at the recorded instant.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DNSSEC_SCENARIOS } from '../lab/dnssec-scenarios.ts';
import type { Lab } from '../lab/lab.ts';
import { SCENARIOS } from '../lab/scenarios.ts';
import { type DistRun, runDist } from '../support/run-dist.ts';
import { useLab } from './lab-hooks.ts';

const domains = [...SCENARIOS, ...DNSSEC_SCENARIOS].map((s) => s.domain);

/** Runs jobs with at most `width` at a time (each is a whole process with its SMTP sessions). */
async function pool(jobs: (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

interface Pair {
  live: DistRun;
  replay: DistRun;
}

describe('e2e: analyze of saved evidence gives the live output, for every lab scenario', function () {
  this.timeout(600_000);
  let lab: Lab;
  let dir: string;
  const pairs = new Map<string, Pair>();

  before(async () => {
    lab = await useLab();
    dir = await mkdtemp(join(tmpdir(), 'evidence-'));
    const modes: Record<string, string[]> = {
      'validate json': ['--resolver', lab.plainResolver, '--trust-anchor', lab.trustAnchorFile, '--format', 'json', '-vv'],
      'validate nagios': ['--resolver', lab.plainResolver, '--trust-anchor', lab.trustAnchorFile, '-vvv'],
      'resolver nagios': ['--resolver', lab.resolver, '--dnssec', 'resolver', '-vvv'],
    };
    const jobs = domains.flatMap((domain) =>
      Object.entries(modes)
        .filter(([mode]) => mode !== 'resolver nagios' || SCENARIOS.some((s) => s.domain === domain))
        .map(([mode, args]) => async () => {
          const file = join(dir, `${domain}.${mode.replace(' ', '-')}.json`);
          const live = await runDist(['domain', domain, ...args, '-t', '30', '--save-evidence', file]);
          const judging = args.filter((a) => a === '-vv' || a === '-vvv' || a === 'json' || a === '--format');
          const replay = await runDist(['analyze', file, ...judging]);
          pairs.set(`${domain} ${mode}`, { live, replay });
        }),
    );
    await pool(jobs, 6);
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const domain of domains) {
    it(`${domain}: the same output and exit code, live and replayed`, () => {
      const mine = [...pairs.entries()].filter(([key]) => key.startsWith(`${domain} `));
      expect(mine.length).to.be.at.least(2);
      for (const [key, { live, replay }] of mine) {
        expect(live.stdout, `${key}: the live run printed nothing`).to.match(/\S/);
        expect(replay.stdout, key).to.equal(live.stdout);
        expect(replay.code, key).to.equal(live.code);
        expect(replay.stderr, key).to.equal('');
      }
    });
  }
});
