// The first statements of dist/smtp-dane-verify (build.mjs puts the program beside them as a
// string literal). Node compiles a script whole before its first statement runs; for the 0.8 MB
// program that took long enough that a monitoring system's SIGTERM could arrive before any
// handler existed. The loader is a few lines: SIGTERM is answered from here on, and only then is
// the program compiled (with V8's code cache, see compile-cache.ts) and run.
import './sigterm.ts'; // first
import { runWithCodeCache } from './compile-cache.ts';

/** The program: src/cli/main.ts bundled, a string literal in the same file. */
declare const __smtpDaneVerifyProgram: string;
/** A hash of that program (build.mjs), naming its code cache. */
declare const __PROGRAM_ID__: string;

runWithCodeCache(__smtpDaneVerifyProgram, __PROGRAM_ID__, process.argv, process.env);
