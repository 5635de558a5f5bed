// The state tables of README.md and the docs, rendered from the matrix's one
// table (expected-states.ts). Each sits between two markers in its file:
//   <!-- state-table:NAME -->  …  <!-- /state-table:NAME -->
// state-table.test.ts keeps the files equal to this rendering;
// `npm run matrix:docs` rewrites them.
import { DANE_STATE_CODES } from '../../src/render/zabbix-preprocessing.ts';
import { EXIT_CODES } from '../../src/verdict/exit-status.ts';
import { EXPECTED, MATRIX_SCENARIOS, type Cell, type Expectation } from './expected-states.ts';

export type TableName = 'overview' | 'nagios' | 'zabbix' | 'prometheus';

/** Which file holds which table. */
export const TABLE_FILES: Readonly<Record<TableName, string>> = {
  overview: 'README.md',
  nagios: 'docs/nagios.md',
  zabbix: 'docs/zabbix.md',
  prometheus: 'docs/serve.md',
};

const code = (s: string) => `\`${s}\``;
const list = (items: readonly string[]) => (items.length === 0 ? 'none' : items.join('<br>'));
/** What the scenario is, and how the matrix arranges it when it does. */
function comment(domain: string): string {
  const text = MATRIX_SCENARIOS.find((s) => s.domain === domain)?.comment ?? '';
  const held = EXPECTED.find((r) => r.domain === domain)?.heldSlot;
  return held ? `${text}; here another client from the monitoring host holds its only session slot (${held})` : text;
}

/** A cell's text, with what main shows meanwhile when the cell is known to be wrong. */
function cell(row: Expectation, name: Cell, text: string, todayText: (today: any) => string = String): string {
  const known = row.knownWrong?.[name];
  return known ? `${text} (today: ${todayText(known.today)}; ${known.finding})` : text;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Alerts, one line per alert name; per-MX alerts name their host, or count them when there are several. */
function prometheusAlerts(alerts: readonly string[]): string {
  const byName = new Map<string, string[]>();
  for (const a of alerts) {
    const [, name, mx] = /^(\S+ \S+)(?: (\S+))?$/.exec(a)!; // "severity: alertname [mx]"
    byName.set(name!, [...(byName.get(name!) ?? []), ...(mx ? [mx] : [])]);
  }
  return list([...byName].map(([name, mx]) => (mx.length === 0 ? name : mx.length === 1 ? `${name} (${mx[0]})` : `${name} (${mx.length} MX hosts)`)));
}

/** Problems, "SMTP DANE: " dropped; a per-MX problem raised on several hosts once, with their number. */
function zabbixProblems(items: readonly string[]): string {
  const byText = new Map<string, string[]>();
  for (const p of items.map((x) => x.replace(/: SMTP DANE: /, ': '))) {
    const mx = /\bMX (\S+)/.exec(p)?.[1];
    const key = mx ? p.replace(`MX ${mx}`, 'MX {mx}') : p;
    byText.set(key, [...(byText.get(key) ?? []), ...(mx ? [mx] : [])]);
  }
  return list([...byText].map(([text, mx]) => (mx.length <= 1 ? text.replace('{mx}', mx[0] ?? '') : `${text.replace('MX {mx}', 'MX …')} (${mx.length} MX hosts)`)));
}

export function renderTable(name: TableName): string {
  switch (name) {
    case 'overview':
      return table(
        ['lab scenario', 'dane_state', 'Nagios / Icinga 2', 'Zabbix problems', 'Prometheus alerts'],
        EXPECTED.map((r) => [
          code(r.domain),
          code(r.state),
          cell(r, 'plugin', r.plugin),
          cell(r, 'zabbix', zabbixProblems(r.zabbix), zabbixProblems),
          prometheusAlerts(r.prometheus),
        ]),
      );
    case 'nagios':
      return table(
        ['lab scenario', 'what it is', 'dane_state', 'state (exit code)'],
        EXPECTED.map((r) => [code(r.domain), comment(r.domain), code(r.state), cell(r, 'plugin', `${r.plugin} (${EXIT_CODES[r.plugin]})`)]),
      );
    case 'zabbix':
      return table(
        ['lab scenario', '`dane.domain.state`', 'MX hosts discovered', 'problems (both templates)'],
        EXPECTED.map((r) => {
          const hosts = MATRIX_SCENARIOS.find((s) => s.domain === r.domain)?.hosts.length ?? 0;
          const discovered = r.zabbixDiscovers?.length ?? hosts;
          return [
            code(r.domain),
            `${DANE_STATE_CODES[r.state]} (${r.state})`,
            cell(r, 'zabbixDiscovery', String(discovered), (today: string[]) => String(today.length)),
            cell(r, 'zabbix', zabbixProblems(r.zabbix), zabbixProblems),
          ];
        }),
      );
    case 'prometheus':
      return table(
        ['lab scenario', '`smtp_dane_verify_dane_state` = 1', '`probe_success`', 'alerts of `smtp-dane-rules.yml` (pending or firing)'],
        EXPECTED.map((r) => [code(r.domain), code(r.state), r.state === 'verified' ? '1' : '0', cell(r, 'prometheus', prometheusAlerts(r.prometheus), prometheusAlerts)]),
      );
  }
}

const START = (name: TableName) => `<!-- state-table:${name} -->`;
const END = (name: TableName) => `<!-- /state-table:${name} -->`;

/** The text between the markers, or null when the file has none. */
export function tableIn(text: string, name: TableName): string | null {
  const start = text.indexOf(START(name));
  const end = text.indexOf(END(name));
  if (start < 0 || end < start) return null;
  return text.slice(start + START(name).length, end).trim();
}

/** The file's text with the table between its markers replaced. */
export function withTable(text: string, name: TableName): string {
  if (tableIn(text, name) === null) throw new Error(`${TABLE_FILES[name]} has no ${START(name)} … ${END(name)} markers`);
  const start = text.indexOf(START(name)) + START(name).length;
  return `${text.slice(0, start)}\n${renderTable(name)}\n${text.slice(text.indexOf(END(name)))}`;
}
