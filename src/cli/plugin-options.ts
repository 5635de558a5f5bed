// The Nagios/Icinga plugin options of `domain` and `host`: -w/-c (days of
// certificate validity left, Monitoring Plugins ranges), --sig-warn/--sig-crit
// (days of DNSSEC signature validity left), --days N (judge as of N days from
// now; an empty value of these three is "not set"), --severity CODE=LEVEL
// (repeatable) and -v (up to three times). Independent of the rest of the CLI:
// `withPluginOptions(yargs)` declares them, `pluginSettings(argv)` checks them.
import type { Argv } from 'yargs';
import {
  DEFAULT_CRITICAL_DAYS,
  DEFAULT_WARNING_DAYS,
  type ExpiryThresholds,
} from '../verdict/certificate-expiry.ts';
import { DaysValueError, parseDays } from '../verdict/days-value.ts';
import type { DiagnosticCode, Severity, SeverityPolicy } from '../verdict/diagnostics.ts';
import { parseSeverityOverride as parseOverride, parseSeverityPolicy, SeverityPolicyError } from '../verdict/severity-policy.ts';
import { signatureThresholdConflict, type SignatureThresholds } from '../verdict/signature-expiry.ts';
import { parseRange, ThresholdRangeError } from '../verdict/threshold-range.ts';
import type { Verbosity } from '../render/nagios.ts';
import { UsageError } from '../app/usage-error.ts';

export const PLUGIN_OPTIONS_GROUP = 'Monitoring plugin options:';

/** What yargs hands over for these options (duplicates of a string option arrive as an array). */
export interface PluginArgv {
  warning?: string | string[];
  critical?: string | string[];
  severity?: string | string[];
  verbose?: number;
  days?: string | string[];
  'sig-warn'?: string | string[];
  'sig-crit'?: string | string[];
}

export interface PluginSettings {
  thresholds: ExpiryThresholds;
  severityPolicy: SeverityPolicy;
  verbosity: Verbosity;
  /** --days: judge certificates and signatures as of this many days from now. */
  horizonDays: number;
  signatureThresholds: SignatureThresholds;
}

/** A UsageError, so the CLI prints it as one UNKNOWN line and exits 3. */
export class PluginOptionError extends UsageError {
  override name = 'PluginOptionError';
}

/**
 * Declares -w, -c, --severity and -v. Descriptions stay short so that yargs'
 * help (wrapped at 80 columns by the CLI) needs no more than two lines each.
 */
export function withPluginOptions<T>(y: Argv<T>): Argv<T & PluginArgv> {
  return y
    .option('warning', {
      alias: 'w',
      type: 'string',
      requiresArg: true,
      default: DEFAULT_WARNING_DAYS,
      group: PLUGIN_OPTIONS_GROUP,
      description: 'WARNING range for days of certificate validity left ([@]start:end, 20: = below 20)',
    })
    .option('critical', {
      alias: 'c',
      type: 'string',
      requiresArg: true,
      default: DEFAULT_CRITICAL_DAYS,
      group: PLUGIN_OPTIONS_GROUP,
      description: 'CRITICAL range for days of certificate validity left (15: = below 15)',
    })
    .option('sig-warn', {
      type: 'string',
      requiresArg: true,
      group: PLUGIN_OPTIONS_GROUP,
      description: 'WARNING below DAYS of DNSSEC signature validity left (default: below a fifth of its own validity)',
    })
    .option('sig-crit', {
      type: 'string',
      requiresArg: true,
      group: PLUGIN_OPTIONS_GROUP,
      description: 'CRITICAL below DAYS of DNSSEC signature validity left (default: below a tenth)',
    })
    .option('days', {
      type: 'string',
      requiresArg: true,
      group: PLUGIN_OPTIONS_GROUP,
      description: 'Will it still pass in N days? Judge certificate and signature dates as of N days from now',
    })
    .option('severity', {
      type: 'string',
      requiresArg: true,
      group: PLUGIN_OPTIONS_GROUP,
      description: 'Set the level of a diagnostic: CODE=info|warning|critical|unknown (repeatable)',
    })
    .option('verbose', {
      alias: 'v',
      type: 'count',
      group: PLUGIN_OPTIONS_GROUP,
      description: 'More detail: -v TLS and DNS, -vv diagnostics with RFCs, -vvv TLSA records and certificates',
    }) as unknown as Argv<T & PluginArgv>;
}

/** Parses "CODE=LEVEL" (case-insensitive; ok = info, warn, crit accepted). */
export function parseSeverityOverride(text: string): [DiagnosticCode, Severity] {
  try {
    return parseOverride(text);
  } catch (e) {
    if (e instanceof SeverityPolicyError) throw new PluginOptionError(e.message);
    throw e;
  }
}

function strings(name: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  for (const v of list) {
    if (typeof v !== 'string' && typeof v !== 'number') throw new PluginOptionError(`--${name} needs a value`);
  }
  return list.map(String);
}

/** The last one wins, as with getopt: a Nagios $ARGn$ can then override a command's default. */
function single(name: string, value: unknown): string | undefined {
  return strings(name, value).at(-1);
}

/**
 * The last non-empty value, as the service's query parameters: an empty Zabbix
 * macro ({$DANE.SIG_WARN} = "") arrives as '' and means "not set".
 */
function singleSet(name: string, value: unknown): string | undefined {
  return strings(name, value).filter((v) => v.trim() !== '').at(-1);
}

function range(name: 'warning' | 'critical', text: string | undefined) {
  if (text === undefined) return null;
  try {
    return parseRange(text);
  } catch (e) {
    if (e instanceof ThresholdRangeError) throw new PluginOptionError(`--${name}: ${e.message}`);
    throw e;
  }
}

/** A number of days: a non-negative decimal ("7", "1.5"; verdict/days-value.ts). */
function days(name: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  try {
    return parseDays(text);
  } catch (e) {
    if (e instanceof DaysValueError) throw new PluginOptionError(`--${name} '${text}': ${e.message}`);
    throw e;
  }
}

/** Turns parsed argv into settings; throws PluginOptionError with a one-line message. */
export function pluginSettings(argv: PluginArgv | Readonly<Record<string, unknown>>): PluginSettings {
  const a = argv as Readonly<Record<string, unknown>>;
  const warning = range('warning', single('warning', a['warning']) ?? DEFAULT_WARNING_DAYS);
  const critical = range('critical', single('critical', a['critical']) ?? DEFAULT_CRITICAL_DAYS);
  let severityPolicy: SeverityPolicy;
  try {
    severityPolicy = parseSeverityPolicy(strings('severity', a['severity']));
  } catch (e) {
    if (e instanceof SeverityPolicyError) throw new PluginOptionError(e.message);
    throw e;
  }
  const verbose = a['verbose'] ?? 0;
  if (typeof verbose !== 'number' || !Number.isInteger(verbose) || verbose < 0) {
    throw new PluginOptionError(`-v: invalid count ${String(verbose)}`);
  }
  const signatureThresholds = { warningDays: days('sig-warn', singleSet('sig-warn', a['sig-warn'])), criticalDays: days('sig-crit', singleSet('sig-crit', a['sig-crit'])) };
  const conflict = signatureThresholdConflict(signatureThresholds, { warning: '--sig-warn', critical: '--sig-crit' });
  if (conflict !== null) throw new PluginOptionError(conflict);
  const horizonDays = days('days', singleSet('days', a['days'])) ?? 0;
  return { thresholds: { warning, critical }, severityPolicy, verbosity: Math.min(3, verbose) as Verbosity, horizonDays, signatureThresholds };
}
