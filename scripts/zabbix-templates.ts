// Writes templates/zabbix/*.yaml from scripts/zabbix/zabbix-template.ts.
//   npx tsx scripts/zabbix-templates.ts          regenerate
//   npx tsx scripts/zabbix-templates.ts --check  exit 1 when a committed file differs
// uuids are derived from seeds, so regenerating an unchanged model changes nothing.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TEMPLATE_FILES, templateYaml, type TemplateVariant } from './zabbix/zabbix-template.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
let stale = 0;
for (const variant of Object.keys(TEMPLATE_FILES) as TemplateVariant[]) {
  const file = `${root}${TEMPLATE_FILES[variant]}`;
  const text = templateYaml(variant);
  const current = await readFile(file, 'utf8').catch(() => null);
  if (current === text) continue;
  if (check) {
    console.error(`${TEMPLATE_FILES[variant]} is stale: run npx tsx scripts/zabbix-templates.ts`);
    stale++;
  } else {
    await writeFile(file, text);
    console.log(`wrote ${TEMPLATE_FILES[variant]}`);
  }
}
process.exitCode = stale ? 1 : 0;
