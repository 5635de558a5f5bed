// `discover <domain>`: the Zabbix mode. Zabbix ignores an external check's exit
// code and folds stderr into the value, so this command always exits 0 and
// says everything as JSON on stdout: the LLD rows (default), the whole check
// (--format json, byte for byte what `domain --format json` and the REST API's
// /verify/ print), or {"error": "..."} for a bad argument, a bad resolver or an
// internal failure, which the items' "Check for error in JSON" step turns into
// an unsupported item with that message.
//
// Options are read as strings and checked here rather than by yargs, so that
// every mistake becomes JSON; an empty value means the default, because an
// empty Zabbix user macro ({$DANE.RESOLVER} = "") arrives as ''.
import type { Argv, CommandModule } from 'yargs';
import { renderLld, zabbixError } from '../../render/zabbix-lld.ts';
import { commonSettings, DEFAULT_DNSSEC_MODE } from '../common-options.ts';
import { finish } from '../output.ts';
import { pluginSettings } from '../plugin-options.ts';

export const DISCOVER_FORMATS = ['lld', 'json'] as const;
export type DiscoverFormat = (typeof DISCOVER_FORMATS)[number];

/**
 * Zabbix 6.0 kills an external check after the server's Timeout (Debian ships
 * 4 s, the maximum is 30), so the default must finish inside that.
 */
export const DISCOVER_DEFAULT_TIMEOUT = 3;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The only way out of this command: JSON and exit 0. */
function answerError(text: string): void {
  finish(zabbixError(text), 0);
}

/** Unset or '' → the default; anything else must be a number (ranges are checked by commonSettings). */
function numberOption(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  if (Array.isArray(value)) return numberOption(value.at(-1), fallback);
  return Number(value);
}

function stringOption(value: unknown): string | undefined {
  if (Array.isArray(value)) return stringOption(value.at(-1));
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

export function parseDiscoverFormat(value: unknown): DiscoverFormat {
  const format = stringOption(value) ?? 'lld';
  if (!(DISCOVER_FORMATS as readonly string[]).includes(format)) {
    throw new Error(`--format must be one of ${DISCOVER_FORMATS.join(', ')}, not '${format}'`);
  }
  return format as DiscoverFormat;
}

/** argv → the settings `domain` uses; throws with a one-line message. */
export function discoverSettings(argv: Record<string, unknown>) {
  const record: Record<string, unknown> = {
    port: numberOption(argv['port'], 25),
    timeout: numberOption(argv['timeout'], DISCOVER_DEFAULT_TIMEOUT),
    format: 'json',
    ipv4: Boolean(argv['ipv4']),
    ipv6: Boolean(argv['ipv6']),
    'max-mx': 16,
    resolver: stringOption(argv['resolver']),
    dnssec: stringOption(argv['dnssec']),
    'trust-anchor': stringOption(argv['trust-anchor']),
  };
  const helo = stringOption(argv['helo']);
  if (helo !== undefined) record['helo'] = helo;
  const domain = argv['domain'];
  return { format: parseDiscoverFormat(argv['format']), settings: commonSettings(record, domain === undefined ? domain : String(domain), 'domain') };
}

export const discoverCommand: CommandModule = {
  command: 'discover <domain>',
  describe: 'Zabbix: MX hosts as LLD JSON (or the whole check with -f json); always exit 0, errors as {"error": …}',
  builder: (y: Argv) =>
    y
      .positional('domain', { type: 'string', describe: 'mail domain, e.g. example.org' })
      .option('format', { alias: 'f', type: 'string', default: 'lld', describe: 'lld (LLD rows) or json (the whole check)' })
      .option('resolver', { type: 'string', describe: 'resolver IP[:PORT]; empty: $NAMESERVER, then /etc/resolv.conf' })
      .option('dnssec', { type: 'string', describe: `validate (check DNSSEC here) or resolver (trust its AD bit); empty: ${DEFAULT_DNSSEC_MODE}` })
      .option('trust-anchor', { type: 'string', describe: 'DS/DNSKEY file replacing the IANA root anchors; empty: $TRUST_ANCHOR, then those' })
      .option('timeout', { alias: 't', type: 'string', default: String(DISCOVER_DEFAULT_TIMEOUT), describe: 'seconds for the whole check; keep below Zabbix Timeout' })
      .option('port', { alias: 'p', type: 'string', default: '25', describe: 'SMTP port (TLSA at _PORT._tcp)' })
      .option('helo', { type: 'string', describe: 'name to send in EHLO (default: the fully qualified name of this host, from /etc/hosts)' })
      .option('severity', { type: 'string', describe: 'CODE=info|warning|critical|unknown, comma-separated or repeated ({$DANE.SEVERITY}); empty: none' })
      .option('days', { type: 'string', describe: 'judge certificate and signature dates as of N days from now ({$DANE.DAYS}); empty: today' })
      .option('sig-warn', { type: 'string', describe: 'WARNING below DAYS of DNSSEC signature validity left ({$DANE.SIG_WARN}); empty: below a fifth of its validity' })
      .option('sig-crit', { type: 'string', describe: 'CRITICAL below DAYS of DNSSEC signature validity left ({$DANE.SIG_CRIT}); empty: below a tenth' })
      .option('ipv4', { alias: '4', type: 'boolean', describe: 'test IPv4 addresses only' })
      .option('ipv6', { alias: '6', type: 'boolean', describe: 'test IPv6 addresses only' })
      .example('$0 discover example.org --resolver 127.0.0.1', 'LLD rows: {#DOMAIN} {#MXHOST} {#MXPREF} [{#MXADDR} {#MXFAMILY}]')
      .example('$0 discover example.org -f json -t 25 --severity MX_HOSTS_PARTIAL=warning', 'master item of templates/zabbix')
      // Mistakes yargs itself finds (unknown option, missing domain) are JSON too.
      .fail((msg, err) => answerError(`${msg ?? message(err)} (see discover --help)`)),
  handler: async (argv) => {
    // Whatever happens from here on answers as JSON, before the plain-text handlers of main.ts and sigterm.ts.
    process.prependListener('SIGTERM', () => answerError('terminated by SIGTERM before the check finished'));
    process.prependListener('uncaughtException', (e) => answerError(`internal error: ${e.message}`));
    process.prependListener('unhandledRejection', (r) => answerError(`internal error: ${message(r)}`));
    try {
      const { format, settings } = discoverSettings(argv as Record<string, unknown>);
      // Loaded here, not at start-up: --help needs none of the check.
      const { executeCheck } = await import('../execute-check.ts');
      // --severity, --days, --sig-warn and --sig-crit as the plugin reads them: the states in the JSON are decided with them.
      const plugin = pluginSettings({ severity: argv['severity'], days: argv['days'], 'sig-warn': argv['sig-warn'], 'sig-crit': argv['sig-crit'] });
      const { text } = await executeCheck('domain', settings, plugin, process.env);
      finish(format === 'json' ? text : renderLld(JSON.parse(text)), 0);
    } catch (error) {
      answerError(message(error));
    }
  },
};
