// Tables of the results, printed as Markdown (they paste into docs/performance.md
// as they are), and the goals with their verdicts.

export type Cell = string | number | null;

export interface Table {
  title: string;
  /** One line under the title: what was run and how often. */
  note?: string;
  columns: string[];
  rows: Cell[][];
}

export interface Goal {
  name: string;
  /** "≤ 1.25x", "1". */
  target: string;
  measured: string;
  met: boolean | null;
  /** Deterministic goals (counts) fail the run when missed; timing goals only report. */
  kind: 'timing' | 'count';
}

export const ms = (v: number): string => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a');
export const ratio = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');
export const mib = (kib: number): string => (Number.isFinite(kib) ? (kib / 1024).toFixed(1) : 'n/a');
export const verdict = (met: boolean | null): string => (met === null ? '' : met ? 'met' : '**missed**');

export function markdown(table: Table): string {
  const cell = (c: Cell): string => (c === null ? '' : String(c).replace(/\|/g, '\\|'));
  const lines = [`### ${table.title}`, ''];
  if (table.note) lines.push(table.note, '');
  if (table.rows.length === 0) return `${lines.join('\n')}\n`;
  lines.push(`| ${table.columns.join(' | ')} |`, `|${table.columns.map(() => '---').join('|')}|`);
  for (const row of table.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

export function goalsTable(goals: readonly Goal[]): Table {
  return {
    title: 'Goals',
    columns: ['goal', 'target', 'measured', 'verdict'],
    rows: goals.map((g) => [g.name, g.target, g.measured, verdict(g.met)]),
  };
}
