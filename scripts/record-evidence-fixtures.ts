// Records every lab scenario once into test/fixtures/evidence/DOMAIN.json
// (domain --save-evidence through the lab's non-validating resolver, validating
// here from the lab's root anchor), so that unit tests judge them without a lab.
//   npm run fixtures:record        (builds dist/ first; needs knot, unbound and postfix;
//                                   run it inside a private network namespace, as the e2e tests)
// The lab makes fresh keys and certificates on every start: the files change
// each time, and the golden outputs must then be regenerated (npm run fixtures:golden).
import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startLab } from '../test/lab/lab.ts';
import { SCENARIOS } from '../test/lab/scenarios.ts';
import { runDist } from '../test/support/run-dist.ts';

const DIR = fileURLToPath(new URL('../test/fixtures/evidence/', import.meta.url));

const lab = await startLab({ timeoutMs: 120_000 });
try {
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  for (const scenario of SCENARIOS) {
    const file = `${DIR}${scenario.domain}.json`;
    const args = ['domain', scenario.domain, '--resolver', lab.plainResolver, '--trust-anchor', lab.trustAnchorFile, '-t', '30', '--helo', 'lab.test'];
    const run = await runDist([...args, '--save-evidence', file]);
    console.log(`${scenario.domain}: exit ${run.code}, ${run.stdout.split('\n')[0]}`);
  }
} finally {
  await lab.stop();
}
