// Entry point of the bundled executable: argument parsing, and the safety net
// that turns anything unexpected into one UNKNOWN line (exit 3).
import './sigterm.ts'; // first: SIGTERM must be answered even during start-up
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { domainCommand } from './commands/domain.ts';
import { hostCommand } from './commands/host.ts';
import { discoverCommand } from './commands/discover.ts';
import { serveCommand } from './commands/serve.ts';
import { finish, unknownLine, UsageError } from './output.ts';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

function fail(message: string): void {
  finish(unknownLine(message), 3);
}

process.on('unhandledRejection', (reason) => fail(`internal error: ${reason instanceof Error ? reason.message : String(reason)}`));
process.on('uncaughtException', (error) => fail(`internal error: ${error.message}`));

const cli = yargs(hideBin(process.argv))
  .scriptName('smtp-dane-verify')
  .usage('$0 <command> [options]\n\nChecks that inbound SMTP is protected by DANE (RFC 7672).')
  .command(domainCommand)
  .command(hostCommand)
  .command(discoverCommand)
  .command(serveCommand)
  .demandCommand(1, 'name a command: domain, host, discover or serve')
  .strict()
  .version(false)
  .option('version', { alias: 'V', type: 'boolean', describe: 'print the version and exit' })
  .help('help')
  .alias('help', 'h')
  .wrap(Math.min(79, process.stdout.columns || 79))
  .exitProcess(false)
  .fail((message, error) => {
    const text = error instanceof UsageError ? error.message : (message ?? error?.message ?? 'invalid arguments');
    fail(`${text} (see --help)`);
  });

async function main(): Promise<void> {
  // -V must work before any command is named, as the guidelines want.
  if (process.argv.slice(2).some((a) => a === '-V' || a === '--version')) {
    finish(`smtp-dane-verify ${VERSION}`, 3);
    return;
  }
  try {
    const argv = await cli.parseAsync();
    if (argv['help']) finish('', 3);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

void main();
