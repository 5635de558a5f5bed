// analyze needs no network: the built executable judges every recorded
// scenario (test/fixtures/evidence) with this process's lab stopped — inside
// the loopback-only namespace the e2e tests run in (labns), any DNS or SMTP
// attempt would fail and change the output — and prints the golden Nagios
// output. A damaged file is one UNKNOWN line, exit 3, no stack trace.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { SCENARIOS } from '../lab/scenarios.ts';
import { runDist } from '../support/run-dist.ts';
import { releaseLab } from './lab-hooks.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/evidence/${name}`, import.meta.url));

/** One section of a golden file (test/unit/evidence/fixtures.test.ts writes them). */
function goldenSection(domain: string, heading: string): { text: string; exit: number } {
  const golden = readFileSync(fixture(`nagios/${domain}.txt`), 'utf8');
  const match = new RegExp(`^=== ${heading}, exit (\\d) ===\\n([\\s\\S]*?)\\n(?:\\n===|$)`, 'm').exec(golden);
  if (!match) throw new Error(`no "${heading}" section in the golden file of ${domain}`);
  return { exit: Number(match[1]), text: match[2]! };
}

describe('e2e: analyze offline, from the recorded fixtures', function () {
  this.timeout(120_000);
  before(() => releaseLab());

  for (const scenario of SCENARIOS) {
    it(`${scenario.domain}: the golden -vv output with nothing to talk to`, async () => {
      const run = await runDist(['analyze', fixture(`${scenario.domain}.json`), '-vv']);
      const golden = goldenSection(scenario.domain, '-vv');
      // The golden files are rendered in-process, where the version is the development one.
      expect(run.stdout.trimEnd().replace(/smtp-dane-verify \S+,/, 'smtp-dane-verify test,')).to.equal(golden.text.trimEnd());
      expect(run.code).to.equal(golden.exit);
    });
  }

  describe('a damaged file: one UNKNOWN line, exit 3', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'evidence-bad-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    const good = () => readFileSync(fixture('good.test.json'), 'utf8');
    const cases: [string, () => string, RegExp][] = [
      ['truncated', () => good().slice(0, 5000), /cannot be analyzed: not JSON/],
      ['another version', () => good().replace('"evidence_version": 2', '"evidence_version": 99'), /cannot be analyzed: evidence version 99; this program reads version 1 and 2/],
      ['not evidence', () => '{"dane_state": "verified"}', /cannot be analyzed: not a saved check/],
    ];
    for (const [name, text, message] of cases) {
      it(name, async () => {
        const file = join(dir, `${name.replace(/ /g, '-')}.json`);
        writeFileSync(file, text());
        const run = await runDist(['analyze', file]);
        expect(run.code).to.equal(3);
        expect(run.stdout.trimEnd().split('\n')).to.have.length(1);
        expect(run.stdout).to.match(/^SMTP DANE UNKNOWN - /).and.match(message);
        expect(run.stderr).to.equal('');
      });
    }
    it('a missing file', async () => {
      const run = await runDist(['analyze', join(dir, 'nothing-here.json')]);
      expect(run.code).to.equal(3);
      expect(run.stdout).to.match(/^SMTP DANE UNKNOWN - cannot read .*nothing-here\.json/);
    });
    it('a --now that is no time', async () => {
      const run = await runDist(['analyze', fixture('good.test.json'), '--now', 'tomorrow']);
      expect(run.code).to.equal(3);
      expect(run.stdout).to.match(/^SMTP DANE UNKNOWN - --now tomorrow: not a time/);
    });
  });
});
