// Options every check subcommand shares, and their validation into a plain
// settings object. Names follow the Monitoring Plugins guidelines (-t, -v, -4, -6).
import { dnssecSettings } from '../app/dnssec-settings.ts';
import type { Argv } from 'yargs';
import { normalizeMailName } from '../dns/mail-name.ts';
import { UsageError } from '../app/usage-error.ts';
import { DNSSEC_MODES, DEFAULT_DNSSEC_MODE, type DnssecMode } from '../app/real-deps.ts';

export const FORMATS = ['nagios', 'json'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export { DNSSEC_MODES, DEFAULT_DNSSEC_MODE, type DnssecMode } from '../app/real-deps.ts';

export function withCommonOptions<T>(y: Argv<T>) {
  return y
    .option('resolver', {
      type: 'string',
      describe: 'resolver IP[:PORT] (default: $NAMESERVER, then /etc/resolv.conf)',
      requiresArg: true,
    })
    .option('port', { alias: 'p', type: 'number', default: 25, describe: 'SMTP port (TLSA at _PORT._tcp)', requiresArg: true })
    .option('timeout', {
      alias: 't',
      type: 'number',
      default: 10,
      describe: 'seconds for the whole check; it ends before this',
      requiresArg: true,
    })
    .option('format', { alias: 'f', choices: FORMATS, default: 'nagios' as OutputFormat, describe: 'output format' })
    .option('helo', { type: 'string', describe: 'name to send in EHLO (default: the fully qualified name of this host, from /etc/hosts)', requiresArg: true })
    .option('ipv4', { alias: '4', type: 'boolean', default: false, describe: 'test IPv4 addresses only' })
    .option('ipv6', { alias: '6', type: 'boolean', default: false, describe: 'test IPv6 addresses only' })
    .option('max-mx', { type: 'number', default: 16, describe: 'MX hosts to test at most', requiresArg: true, hidden: true })
    .option('dnssec', {
      choices: DNSSEC_MODES,
      describe: `validate: check DNSSEC here, from the root trust anchors (any resolver will do); resolver: trust the AD bit of a validating resolver you run (default: ${DEFAULT_DNSSEC_MODE})`,
    })
    .option('trust-anchor', {
      type: 'string',
      describe: 'file of DS or DNSKEY records (zone-file syntax) replacing the built-in IANA root anchors; implies --dnssec validate (default when validating: $TRUST_ANCHOR)',
      requiresArg: true,
    });
}

export interface CommonSettings {
  name: string;
  port: number;
  timeoutSeconds: number;
  format: OutputFormat;
  helo: string | null;
  ipv4: boolean;
  ipv6: boolean;
  maxMx: number;
  resolver: string | null;
  /** --dnssec, when given (or implied by --trust-anchor); absent: DEFAULT_DNSSEC_MODE. */
  dnssec?: DnssecMode;
  /** --trust-anchor FILE, replacing the built-in IANA root anchors; absent: $TRUST_ANCHOR, else those. */
  trustAnchorFile?: string;
}

function integerIn(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * A repeated option arrives from yargs as an array: the last one wins, as with
 * getopt and as -w/-c do, so that a Nagios $ARGn$ can override a command's
 * default (an array would otherwise read as a bad value, or for --resolver as
 * no value at all, and the check would silently ask another resolver).
 */
function last(value: unknown): unknown {
  return Array.isArray(value) ? value.at(-1) : value;
}

export function commonSettings(rawArgv: Record<string, unknown>, rawName: unknown, what: string): CommonSettings {
  const argv = Object.fromEntries(Object.entries(rawArgv).map(([key, value]) => [key, last(value)]));
  const nameArg = last(rawName);
  if (typeof nameArg !== 'string') throw new UsageError(`missing ${what} name`);
  const checked = normalizeMailName(nameArg);
  if (!checked.ok) throw new UsageError(`invalid ${what} name: ${checked.message}`);
  const timeout = argv['timeout'];
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 1 || timeout > 600) {
    throw new UsageError('--timeout must be a number of seconds from 1 to 600');
  }
  if (argv['ipv4'] && argv['ipv6']) throw new UsageError('-4 and -6 exclude each other');
  const helo = argv['helo'];
  if (helo !== undefined) {
    const h = normalizeMailName(String(helo));
    if (!h.ok) throw new UsageError(`invalid --helo name: ${h.message}`);
  }
  // --no-resolver arrives as false: no address, and silently asking /etc/resolv.conf's resolver instead would mislead.
  const resolver = argv['resolver'];
  if (resolver !== undefined && resolver !== null && typeof resolver !== 'string') {
    throw new UsageError('--resolver needs an address: IP[:PORT]');
  }
  return {
    name: checked.name,
    port: integerIn(argv['port'], 1, 65535, '--port'),
    timeoutSeconds: timeout,
    format: argv['format'] as OutputFormat,
    helo: helo === undefined ? null : String(helo).toLowerCase().replace(/\.$/, ''),
    ipv4: !argv['ipv6'],
    ipv6: !argv['ipv4'],
    maxMx: integerIn(argv['max-mx'], 1, 256, '--max-mx'),
    resolver: typeof argv['resolver'] === 'string' ? argv['resolver'] : null,
    ...dnssecSettings(argv['dnssec'], argv['trust-anchor']),
  };
}
