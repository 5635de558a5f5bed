// `serve`: the REST API, /metrics and /probe of the original service. Options
// mirror its environment variables (flags win); everything else of the service
// lives in src/serve/, loaded only when this command runs.
import type { CommandModule } from 'yargs';
import { DNSSEC_MODES } from '../common-options.ts';
import { finish } from '../output.ts';

const GROUP = 'Service options:';

export const serveCommand: CommandModule = {
  command: 'serve',
  describe: 'run the REST API and metrics service (port 3000)',
  builder: (y) =>
    y
      .option('api-key', { type: 'string', requiresArg: true, group: GROUP, describe: 'the API key clients must send (default: $APIKEY; required)' })
      .option('nameserver', {
        alias: 'resolver',
        type: 'string',
        requiresArg: true,
        group: GROUP,
        describe: 'resolver IP[:PORT] or host name (default: $NAMESERVER, then /etc/resolv.conf)',
      })
      .option('dnssec', {
        choices: DNSSEC_MODES,
        group: GROUP,
        describe: 'validate: check DNSSEC here, from the root trust anchors; resolver: trust the AD bit of a validating nameserver (default: $DNSSEC, else validate)',
      })
      .option('trust-anchor', {
        type: 'string',
        requiresArg: true,
        group: GROUP,
        describe: 'DS/DNSKEY file replacing the built-in IANA root anchors; implies validate (default: $TRUST_ANCHOR)',
      })
      .option('metrics-domains', { type: 'string', requiresArg: true, group: GROUP, describe: 'comma-separated domains checked in the background for /metrics (default: $METRICS_DOMAINS)' })
      .option('metrics-interval', { type: 'number', requiresArg: true, group: GROUP, describe: 'seconds between background checks (default: $METRICS_INTERVAL, else 60)' })
      .option('port', { type: 'number', requiresArg: true, group: GROUP, describe: 'TCP port to listen on (default 3000)' })
      .option('listen', { type: 'string', requiresArg: true, group: GROUP, describe: 'address to listen on (default: all addresses)' })
      .option('check-timeout', { type: 'number', requiresArg: true, group: GROUP, describe: 'seconds for one check (default 10)' })
      .option('cache-ttl', { type: 'number', requiresArg: true, group: GROUP, describe: 'seconds a finished check answers identical requests; 0 = off (default 30)' })
      .option('max-checks', { type: 'number', requiresArg: true, group: GROUP, describe: 'checks running at once (default 4)' })
      .option('max-queue', { type: 'number', requiresArg: true, group: GROUP, describe: 'requests waiting for a check; beyond: 503 (default 32)' })
      .option('timeout-offset', { type: 'number', requiresArg: true, group: GROUP, describe: 'seconds kept back from the scrape timeout on /probe (default 0.5)' })
      .option('helo', { type: 'string', requiresArg: true, group: GROUP, describe: 'name to send in EHLO (default: the fully qualified name of this host, from /etc/hosts)' })
      .option('severity', {
        type: 'string',
        requiresArg: true,
        group: GROUP,
        describe: 'CODE=info|warning|critical|unknown for every check, /metrics included (repeatable or comma-separated; default: $SEVERITY)',
      })
      .option('days', {
        type: 'string',
        requiresArg: true,
        group: GROUP,
        describe: 'judge every check, /metrics included, as of N days from now; a request\'s ?days= replaces it (default: $DAYS, else 0)',
      })
      .option('sig-warn', {
        type: 'string',
        requiresArg: true,
        group: GROUP,
        describe: 'WARNING below DAYS of DNSSEC signature validity left, every check (default: $SIG_WARN, else below a fifth of its validity)',
      })
      .option('sig-crit', {
        type: 'string',
        requiresArg: true,
        group: GROUP,
        describe: 'CRITICAL below DAYS of DNSSEC signature validity left, every check (default: $SIG_CRIT, else below a tenth)',
      })
      .example('$0 serve --nameserver 127.0.0.1', 'port 3000, key in $APIKEY')
      .example('$0 serve --metrics-domains example.org', 'and /metrics for it'),
  handler: async (argv) => {
    // Loaded here, not at start-up: the checks and --help need none of the service.
    const { runServe } = await import('../../serve/run-serve.ts');
    await runServe(argv as Record<string, unknown>, process.env);
    finish('', 0);
  },
};
