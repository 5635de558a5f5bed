// The command line: yargs, the four commands and their help. main.ts runs it once it
// knows more than --version is asked.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { domainCommand } from './commands/domain.ts';
import { hostCommand } from './commands/host.ts';
import { discoverCommand } from './commands/discover.ts';
import { serveCommand } from './commands/serve.ts';
import { finish } from './output.ts';
import { UsageError } from '../app/usage-error.ts';
import { analyzeCommand } from './commands/analyze.ts';

/** Parses the arguments and runs the command; `fail` writes one UNKNOWN line and exits 3. */
export async function runCli(fail: (message: string) => void): Promise<void> {
  const cli = yargs(hideBin(process.argv))
    .scriptName('smtp-dane-verify')
    .usage('$0 <command> [options]\n\nChecks that inbound SMTP is protected by DANE (RFC 7672).')
    .command(domainCommand)
    .command(hostCommand)
    .command(discoverCommand)
    .command(serveCommand)
    .command(analyzeCommand)
    .demandCommand(1, 'name a command: domain, host, discover, serve or analyze')
    .strict()
    .version(false)
    // Answered by main.ts before yargs parses; declared here for --help and strict mode.
    .option('version', { alias: 'V', type: 'boolean', describe: 'print the version and exit' })
    .help('help')
    .alias('help', 'h')
    .wrap(Math.min(79, process.stdout.columns || 79))
    .exitProcess(false)
    .fail((message, error) => {
      const text = error instanceof UsageError ? error.message : (message ?? error?.message ?? 'invalid arguments');
      fail(`${text} (see --help)`);
    });
  try {
    const argv = await cli.parseAsync();
    if (argv['help']) finish('', 3);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}
