// README.md and the docs show the matrix's expectations per integration; this
// keeps them equal to test/matrix/expected-states.ts (fix: npm run matrix:docs).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../support/monitoring-daemons.ts';
import { TABLE_FILES, renderTable, tableIn, type TableName } from './state-table.ts';
import { EXPECTED, stateAlert, stateProblem } from './expected-states.ts';

describe('matrix: the state tables in README.md and docs/ equal test/matrix/expected-states.ts', () => {
  for (const [name, file] of Object.entries(TABLE_FILES) as [TableName, string][]) {
    it(`${file} shows the ${name} table (npm run matrix:docs rewrites it)`, () => {
      const shown = tableIn(readFileSync(join(REPO, file), 'utf8'), name);
      expect(shown, `${file} has no state-table:${name} markers`).not.to.equal(null);
      expect(shown).to.equal(renderTable(name));
    });
  }
});

describe('matrix: one state in every system (src/render/state-mapping.ts)', () => {
  for (const row of EXPECTED) {
    it(`${row.domain}: the plugin's ${row.plugin} is Zabbix's and Prometheus' only state-bearing problem and alert; the rest is INFO / info`, () => {
      expect(row.zabbix.filter((p) => !p.startsWith('INFO: ')), 'Zabbix').to.deep.equal(stateProblem(row.domain, row.plugin));
      expect(row.prometheus.filter((a) => !a.startsWith('info: ')), 'Prometheus').to.deep.equal(stateAlert(row.plugin));
      expect(row.knownWrong ?? {}, 'no cell is known to be wrong').to.deep.equal({});
    });
  }
});
