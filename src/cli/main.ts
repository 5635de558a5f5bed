// Entry point of the bundled executable: the safety net that turns anything
// unexpected into one UNKNOWN line (exit 3), and -V/--version. Argument parsing
// and the commands (./cli-app.ts) are imported only when something else is
// asked: a monitoring system runs the plugin thousands of times a day, and
// --version need not pay for loading yargs.
import './sigterm.ts'; // first: SIGTERM must be answered even during start-up
import { finish, unknownLine } from './output.ts';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

function fail(message: string): void {
  finish(unknownLine(message), 3);
}

process.on('unhandledRejection', (reason) => fail(`internal error: ${reason instanceof Error ? reason.message : String(reason)}`));
process.on('uncaughtException', (error) => fail(`internal error: ${error.message}`));

// -V must work before any command is named, as the guidelines want.
if (process.argv.slice(2).some((a) => a === '-V' || a === '--version')) {
  finish(`smtp-dane-verify ${VERSION}`, 3);
} else {
  import('./cli-app.ts').then(
    ({ runCli }) => runCli(fail),
    (error: unknown) => fail(`internal error: ${error instanceof Error ? error.message : String(error)}`),
  );
}
