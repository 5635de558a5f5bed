// The executable: dist/smtp-dane-verify, one file with the whole program (build.mjs).
// SIGTERM is answered first, then the safety net that turns anything unexpected into
// one UNKNOWN line (exit 3), then -V/--version, then the command line.
import './sigterm.ts'; // first: SIGTERM must be answered even during start-up
import { finish, unknownLine } from './output.ts';
import { runCli } from './cli-app.ts';
import { VERSION } from '../version.ts';

const { writeSync } = process.getBuiltinModule('node:fs');

function fail(message: string): void {
  finish(unknownLine(message), 3);
}

process.on('unhandledRejection', (reason) => fail(`internal error: ${reason instanceof Error ? reason.message : String(reason)}`));
process.on('uncaughtException', (error) => fail(`internal error: ${error.message}`));

// -V must work before any command is named, as the guidelines want.
if (process.argv.slice(2).some((a) => a === '-V' || a === '--version')) {
  // One short line, written at once (process.stdout is a stream over the pipe the
  // monitoring system reads), then exit 3 as the plugin guidelines want for it.
  try {
    writeSync(1, `smtp-dane-verify ${VERSION}\n`);
  } finally {
    process.exit(3);
  }
} else {
  void runCli(fail);
}
