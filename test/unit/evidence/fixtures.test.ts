// Every lab scenario, recorded once (npm run fixtures:record), judged again at
// unit speed with no lab and no network: the dane_state the scenario table
// expects, the diagnostic codes that must and must not appear
// (test/fixtures/evidence-codes.ts, Zonemaster-style), and the Nagios output at
// each verbosity against golden files (regenerate: npm run fixtures:golden).
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { syncBuiltinESMExports } from 'node:module';
import { expect } from 'chai';
import { readEvidence } from '../../../src/app/evidence-file.ts';
import { replayCheck } from '../../../src/app/saved-run.ts';
import { renderOutcome } from '../../../src/cli/execute-check.ts';
import { pluginSettings } from '../../../src/cli/plugin-options.ts';
import type { SavedEvidence } from '../../../src/evidence/document.ts';
import type { CheckOutcome } from '../../../src/app/run-check.ts';
import { SCENARIOS } from '../../lab/scenarios.ts';
import { SCENARIO_CODES } from '../../fixtures/evidence-codes.ts';

const DIR = new URL('../../fixtures/evidence/', import.meta.url);
const GOLDEN = new URL('../../fixtures/evidence/nagios/', import.meta.url);

function load(domain: string): SavedEvidence {
  return readEvidence(readFileSync(new URL(`${domain}.json`, DIR), 'utf8'));
}

/** Every diagnostic code anywhere in the verdict tree. */
function codesOf(outcome: CheckOutcome): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (Array.isArray(o['diagnostics'])) for (const d of o['diagnostics'] as { code: string }[]) found.push(d.code);
      // A judged finding's diagnostic (expiry of certificates and signatures is decided in the judgement).
      if (typeof o['code'] === 'string' && 'args' in o) found.push(o['code']);
      for (const [key, v] of Object.entries(o)) if (key !== 'diagnostics') visit(v);
    }
  };
  visit(outcome.result);
  visit(outcome.judgement.findings);
  return [...new Set(found)].sort();
}

async function nagiosAt(saved: SavedEvidence, verbosity: 0 | 1 | 2 | 3, now?: Date): Promise<{ text: string; exitCode: number }> {
  const plugin = { ...pluginSettings({}), verbosity };
  const { outcome } = await replayCheck(saved, { judgement: plugin, version: 'test', ...(now ? { now } : {}) });
  return renderOutcome(outcome, 'nagios', plugin);
}

/** Any socket opened while `body` runs throws: replay must need none. */
async function withoutNetwork<T>(body: () => Promise<T>): Promise<T> {
  const saved = { udp: dgram.createSocket, connect: net.connect, createConnection: net.createConnection, tls: tls.connect };
  const refuse = () => {
    throw new Error('network used during replay');
  };
  Object.assign(dgram, { createSocket: refuse });
  Object.assign(net, { connect: refuse, createConnection: refuse });
  Object.assign(tls, { connect: refuse });
  syncBuiltinESMExports();
  try {
    return await body();
  } finally {
    Object.assign(dgram, { createSocket: saved.udp });
    Object.assign(net, { connect: saved.connect, createConnection: saved.createConnection });
    Object.assign(tls, { connect: saved.tls });
    syncBuiltinESMExports();
  }
}


describe('recorded lab scenarios, judged again offline', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

  it('every scenario of the lab table has a fixture and a row in the code table', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).to.deep.equal(SCENARIOS.map((s) => s.domain).sort());
    expect(Object.keys(SCENARIO_CODES).sort()).to.deep.equal(SCENARIOS.map((s) => s.domain).sort());
  });

  it('the no-network guard bites: a live resolver under it reaches nothing', async () => {
    const { createResolver } = await import('../../../src/probe/dns/resolver.ts');
    const resolver = createResolver({ server: { address: '127.0.0.1', port: 9 }, timeoutMs: 200, retries: 0 });
    const answer = await withoutNetwork(() => resolver.query('good.test', 'MX'));
    expect(answer.outcome).to.equal('network-error');
    expect(answer.error).to.include('network used during replay');
  });

  for (const scenario of SCENARIOS) {
    describe(scenario.domain, () => {
      it(`is ${scenario.expected}, every host as the table says, with the codes that must appear and none that must not`, async () => {
        const { outcome } = await withoutNetwork(() => replayCheck(load(scenario.domain), { judgement: pluginSettings({}), version: 'test' }));
        if (outcome.kind !== 'domain') throw new Error('a domain fixture');
        expect(outcome.result.dane_state).to.equal(scenario.expected);
        const hosts = Object.fromEntries(outcome.result.hosts.map((h) => [h.hostname, h.dane_state]));
        expect(hosts).to.deep.equal(Object.fromEntries(scenario.hosts.map((h) => [h.name, h.expected])));
        const codes = codesOf(outcome);
        const { must, mustNot } = SCENARIO_CODES[scenario.domain]!;
        expect(codes, 'codes that must appear').to.include.members(must);
        for (const code of mustNot) expect(codes, `${code} must not appear`).not.to.include(code);
      });

      it('gives the golden Nagios output at every verbosity, the same on every replay', async () => {
        const saved = load(scenario.domain);
        const sections: string[] = [];
        for (const v of [0, 1, 2, 3] as const) {
          const first = await withoutNetwork(() => nagiosAt(saved, v));
          const again = await nagiosAt(saved, v);
          expect(again).to.deep.equal(first);
          sections.push(`=== ${v === 0 ? 'no -v' : `-${'v'.repeat(v)}`}, exit ${first.exitCode} ===\n${first.text.trimEnd()}\n`);
        }
        const text = sections.join('\n');
        const golden = new URL(`${scenario.domain}.txt`, GOLDEN);
        if (process.env['UPDATE_GOLDEN']) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(golden, text);
        }
        expect(text).to.equal(readFileSync(golden, 'utf8'));
      });
    });
  }
});
