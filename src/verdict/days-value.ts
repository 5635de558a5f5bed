// A number of days as the plugin's --days / --sig-warn / --sig-crit and the
// service's `days` / `sig_warn` / `sig_crit` take it: a non-negative decimal.
// Bounded so that "now + N days" stays a date (a huge N would make none).

export const MAX_DAYS = 36_500;

export class DaysValueError extends Error {
  override name = 'DaysValueError';
}

export function parseDays(text: string): number {
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) throw new DaysValueError('expected a number of days, e.g. 7 or 1.5');
  const n = Number(t);
  if (n > MAX_DAYS) throw new DaysValueError(`at most ${MAX_DAYS} days`);
  return n;
}
