// `npm run matrix:docs`: rewrites the state tables of README.md and the docs
// from test/matrix/expected-states.ts (see state-table.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO } from '../support/monitoring-daemons.ts';
import { TABLE_FILES, withTable, type TableName } from './state-table.ts';

for (const [name, file] of Object.entries(TABLE_FILES) as [TableName, string][]) {
  const path = join(REPO, file);
  const before = await readFile(path, 'utf8');
  const after = withTable(before, name);
  if (after !== before) {
    await writeFile(path, after);
    console.log(`${file}: ${name} table rewritten`);
  }
}
