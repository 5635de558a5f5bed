// Zabbix per key algorithm (issue 16): discovery rows for every key algorithm an
// address was asked for, and the coverage item's JavaScript, both over the recorded
// lab scenario whose server holds RSA and ECDSA certificates with TLSA for RSA only.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { readEvidence } from '../../../src/app/evidence-file.ts';
import { replayCheck } from '../../../src/app/saved-run.ts';
import { pluginSettings } from '../../../src/cli/plugin-options.ts';
import { domainJson } from '../../../src/render/json.ts';
import { lldRows } from '../../../src/render/zabbix-lld.ts';
import { HOST_PATH, KEY_ALGORITHM_COVERAGE_CODES, KEY_ALGORITHM_COVERAGE_JS, LLD_ROWS_JS } from '../../../src/render/zabbix-preprocessing.ts';
import { es5Problems, zabbixJs } from './zabbix-js.ts';

async function rsaOnly() {
  const saved = readEvidence(readFileSync(new URL('../../fixtures/evidence/rsaonlyalgo.test.json', import.meta.url), 'utf8'));
  const { outcome } = await replayCheck(saved, { judgement: pluginSettings({}), version: 'test' });
  if (outcome.kind !== 'domain') throw new Error('a domain fixture');
  return domainJson(outcome);
}

describe('zabbix: certificates by key algorithm', () => {
  it('discovery has one row per key algorithm of each address, after the address row; the template JavaScript gives the same rows', async () => {
    const json = await rsaOnly();
    const rows = lldRows(json);
    expect(rows.map((r) => ('{#KEYALG}' in r ? `${r['{#MXADDR}']} ${r['{#KEYALG}']}` : '{#MXADDR}' in r ? r['{#MXADDR}'] : r['{#MXHOST}']))).to.deep.equal([
      'mx.rsaonlyalgo.test',
      '127.0.25.50',
      '127.0.25.50 ecdsa',
      '127.0.25.50 rsa',
      '127.0.25.50 ed25519',
    ]);
    expect(JSON.parse(zabbixJs(LLD_ROWS_JS, JSON.stringify(json)))).to.deep.equal(rows);
  });

  it('the coverage item: ECDSA not covered (1), RSA covered (0), Ed25519 not held (2); an algorithm the answer lacks is an error', async () => {
    const json = await rsaOnly();
    expect(es5Problems(KEY_ALGORITHM_COVERAGE_JS)).to.deep.equal([]);
    const host = JSON.stringify(json.mx_hosts[0]);
    expect(HOST_PATH).to.include('{#MXHOST}');
    const run = (alg: string) => zabbixJs(KEY_ALGORITHM_COVERAGE_JS.replaceAll('{#MXADDR}', '127.0.25.50').replaceAll('{#KEYALG}', alg), host);
    expect([run('ecdsa'), run('rsa'), run('ed25519')].map(Number)).to.deep.equal([
      KEY_ALGORITHM_COVERAGE_CODES['not-covered'],
      KEY_ALGORITHM_COVERAGE_CODES.covered,
      KEY_ALGORITHM_COVERAGE_CODES['not-held'],
    ]);
    expect(() => run('ed448')).to.throw('no ed448 certificate of 127.0.25.50 in the answer');
  });
});
