// `--severity CODE=LEVEL` as text, read the same way wherever it is given: the
// CLI's option (domain, host, analyze, discover), the Zabbix macro
// {$DANE.SEVERITY} (one comma-separated value), serve's --severity / SEVERITY
// and its repeatable `severity` query parameter. The policy is applied once,
// where states are decided (exit-status.ts).
import { DIAGNOSTICS, isDiagnosticCode, type DiagnosticCode, type Severity, type SeverityPolicy } from './diagnostics.ts';

/** A bad override; the message names the option or parameter it came from. */
export class SeverityPolicyError extends Error {
  override name = 'SeverityPolicyError';
}

const LEVELS: Record<string, Severity> = {
  info: 'info',
  ok: 'info',
  warning: 'warning',
  warn: 'warning',
  critical: 'critical',
  crit: 'critical',
  unknown: 'unknown',
};

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function closestCode(code: string): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const known of Object.keys(DIAGNOSTICS)) {
    const d = editDistance(code, known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return bestDistance <= Math.max(2, Math.floor(code.length / 4)) ? best : null;
}

/** Parses "CODE=LEVEL" (case-insensitive; ok = info, warn, crit accepted); `option` names the source in errors. */
export function parseSeverityOverride(text: string, option = '--severity'): [DiagnosticCode, Severity] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SeverityPolicyError(`${option} '${text}': expected CODE=LEVEL, e.g. MX_TOO_MANY=info`);
  const code = text.slice(0, eq).trim().toUpperCase();
  const levelText = text.slice(eq + 1).trim().toLowerCase();
  if (!isDiagnosticCode(code)) {
    const near = closestCode(code);
    throw new SeverityPolicyError(`${option}: unknown diagnostic code '${code}'${near ? ` (did you mean ${near}?)` : ''}`);
  }
  const level = LEVELS[levelText];
  if (!level) {
    throw new SeverityPolicyError(`${option} ${code}: unknown level '${levelText}' (use info, warning, critical or unknown)`);
  }
  return [code, level];
}

/**
 * Every override of several values, each one or more comma-separated
 * CODE=LEVEL items; empty items are skipped (an empty Zabbix macro), the last
 * one for a code wins (a Nagios $ARGn$ can override a command's default).
 */
export function parseSeverityPolicy(values: readonly string[], option = '--severity'): SeverityPolicy {
  const policy: SeverityPolicy = {};
  for (const item of values.flatMap((v) => v.split(','))) {
    if (item.trim() === '') continue;
    const [code, level] = parseSeverityOverride(item, option);
    policy[code] = level;
  }
  return policy;
}

/** Overrides laid over a base policy (serve's own --severity, then the request's). */
export function withOverrides(base: SeverityPolicy, overrides: SeverityPolicy): SeverityPolicy {
  return { ...base, ...overrides };
}
