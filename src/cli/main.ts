// The executable: a launcher small enough that Node compiles it in a moment.
// It answers SIGTERM and -V/--version itself and loads the program
// (./program.ts; dist/lib/ in the build) only when a command is asked: a
// monitoring system runs the plugin thousands of times a day, and V8 must
// parse a module whole before its first line runs.
//
// dist/package.json makes the built launcher CommonJS, which Node starts ~10 ms
// sooner than an ES module. An install may drop that file and put the launcher
// under a package.json that says "module": so the launcher neither imports nor
// requires anything at run time (built-ins come from process.getBuiltinModule,
// the program from import(), which both module systems have), and runs as either.
import './sigterm.ts'; // first: SIGTERM must be answered even during start-up
// The launcher bundles its own copy of output.ts (dist/lib/ has the program's), with
// its own once-only guard: it calls finish() only when the program could not load.
import { finish, unknownLine } from './output.ts';

const { writeSync } = process.getBuiltinModule('node:fs');

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

// -V must work before any command is named, as the guidelines want.
if (process.argv.slice(2).some((a) => a === '-V' || a === '--version')) {
  // One short line, written at once: setting up process.stdout (a stream over the
  // pipe the monitoring system reads) would cost more than the rest of --version.
  try {
    writeSync(1, `smtp-dane-verify ${VERSION}\n`);
  } finally {
    process.exit(3);
  }
} else {
  import('./program.ts').then(
    ({ run }) => run(),
    // Most likely an install that copied this file without the lib/ directory beside it.
    (error: unknown) => finish(unknownLine(`cannot load the program beside ${process.argv[1] ?? 'the executable'}: ${error instanceof Error ? error.message : String(error)} (install the whole dist/ directory, or link to dist/smtp-dane-verify)`), 3),
  );
}
