// The program behind the executable: the safety net that turns anything
// unexpected into one UNKNOWN line (exit 3), then argument parsing and the
// commands. The launcher (./main.ts) loads it with import() for every command;
// in dist/ it is dist/lib/program.mjs, split so that a command loads only the
// modules it needs (a check never loads the service).
import { finish, unknownLine } from './output.ts';
import { runCli } from './cli-app.ts';

function fail(message: string): void {
  finish(unknownLine(message), 3);
}

process.on('unhandledRejection', (reason) => fail(`internal error: ${reason instanceof Error ? reason.message : String(reason)}`));
process.on('uncaughtException', (error) => fail(`internal error: ${error.message}`));

export function run(): Promise<void> {
  return runCli(fail);
}
