// The command line: yargs, the four commands and their help. main.ts runs it once it
// knows more than --version is asked.
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { domainCommand } from './commands/domain.ts';
import { hostCommand } from './commands/host.ts';
import { discoverCommand } from './commands/discover.ts';
import { serveCommand } from './commands/serve.ts';
import { finish } from './output.ts';
import { UsageError } from '../app/usage-error.ts';
import { analyzeCommand } from './commands/analyze.ts';

interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders the whole help text (cliui, wrap-ansi) whenever a command's handler starts, in
 * case the handler later calls showHelp() or fails and yargs prints help with the error. This
 * program does neither: its fail handlers write one line and no handler shows help. So the
 * rendering is skipped; where yargs' internals are not as expected, nothing changes.
 */
function skipHelpCache(cli: Argv): void {
  const usage = (cli as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

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
  skipHelpCache(cli);
  try {
    const argv = await cli.parseAsync();
    if (argv['help']) finish('', 3);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}
