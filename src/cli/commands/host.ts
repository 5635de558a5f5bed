import { checkCommand } from './check-command.ts';

export const hostCommand = checkCommand({
  kind: 'host',
  command: 'host [name]',
  describe: 'check one SMTP server host name',
  positional: (y) =>
    y
      .positional('name', { type: 'string', describe: 'host name, e.g. mx1.example.org' })
      .option('hostname', { alias: 'H', type: 'string', describe: 'host name (instead of the argument)', requiresArg: true }),
  nameOf: (argv) => argv['name'] ?? argv['hostname'],
  examples: [
    ['$0 host mx1.example.org', 'Nagios output'],
    ['$0 host -H mx1.example.org --port 587', 'another port (TLSA at _587._tcp)'],
  ],
});
