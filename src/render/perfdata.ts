// Performance data as the Monitoring Plugins guidelines define it:
//   'label'=value[UOM];[warn];[crit];[min];[max]
// Labels: any character but `=` and `'`; quoted when they hold anything beyond a
// plain set, a quote written as two quotes. Numbers: C locale, no exponent.
import type { ThresholdRange } from '../verdict/threshold-range.ts';

/** Units the guidelines define; Icinga discards any other. */
export type Uom = '' | 's' | 'ms' | 'us' | '%' | 'B' | 'KB' | 'MB' | 'TB' | 'c';

export interface PerfDatum {
  label: string;
  /** null renders as `U` (value could not be determined). */
  value: number | null;
  uom?: Uom;
  warn?: ThresholdRange | string | null;
  crit?: ThresholdRange | string | null;
  min?: number | null;
  max?: number | null;
}

// Characters that never need quoting (and are safe for Graphite/RRD/InfluxDB writers).
const PLAIN_LABEL = /^[A-Za-z0-9_.:/-]+$/;

/** A label as it goes on the wire: `=`, `|`, and control characters become `_`; quoted when needed. */
export function quoteLabel(label: string): string {
  const clean = label.replace(/[=|\u0000-\u001f\u007f]/g, '_');
  if (clean !== '' && PLAIN_LABEL.test(clean)) return clean;
  return `'${clean.replace(/'/g, "''")}'`;
}

/** A number in C locale: plain decimal, at most 3 fractional digits, no exponent, no -0. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return 'U';
  const fixed = n.toFixed(3).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

function rangeText(r: ThresholdRange | string | null | undefined): string {
  if (r === null || r === undefined) return '';
  return typeof r === 'string' ? r : r.text;
}

function optionalNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : formatNumber(n);
}

export function formatPerfDatum(d: PerfDatum): string {
  const value = d.value === null || !Number.isFinite(d.value) ? 'U' : `${formatNumber(d.value)}${d.uom ?? ''}`;
  const fields = [rangeText(d.warn), rangeText(d.crit), optionalNumber(d.min), optionalNumber(d.max)];
  while (fields.length > 0 && fields.at(-1) === '') fields.pop();
  return [`${quoteLabel(d.label)}=${value}`, ...fields].join(';');
}
