import { checkCommand } from './check-command.ts';

export const domainCommand = checkCommand({
  kind: 'domain',
  command: 'domain <name>',
  describe: 'check every MX host of a mail domain',
  positional: (y) => y.positional('name', { type: 'string', describe: 'mail domain, e.g. example.org' }),
  nameOf: (argv) => argv['name'],
  examples: [
    ['$0 domain example.org', 'Nagios output, exit 0-3'],
    ['$0 domain example.org -w 30: -c 14: -t 20', 'certificate expiry thresholds'],
    ['$0 domain example.org --format json', 'the REST API JSON'],
    ['$0 domain example.org --dnssec resolver', "trust the resolver's AD bit"],
  ],
});
