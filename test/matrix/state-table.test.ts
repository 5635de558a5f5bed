// README.md and the docs show the matrix's expectations per integration; this
// keeps them equal to test/matrix/expected-states.ts (fix: npm run matrix:docs).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../support/monitoring-daemons.ts';
import { TABLE_FILES, renderTable, tableIn, type TableName } from './state-table.ts';

describe('matrix: the state tables in README.md and docs/ equal test/matrix/expected-states.ts', () => {
  for (const [name, file] of Object.entries(TABLE_FILES) as [TableName, string][]) {
    it(`${file} shows the ${name} table (npm run matrix:docs rewrites it)`, () => {
      const shown = tableIn(readFileSync(join(REPO, file), 'utf8'), name);
      expect(shown, `${file} has no state-table:${name} markers`).not.to.equal(null);
      expect(shown).to.equal(renderTable(name));
    });
  }
});
