// The only place the program writes its result and exits. Everything goes to
// stdout: Icinga 2 folds stderr into the check output, and Zabbix reads both.

export type ExitCode = 0 | 1 | 2 | 3;

let exiting = false;

/** Writes `text` and exits once it is flushed; later calls are ignored (a timeout raced a result). */
export function finish(text: string, exitCode: ExitCode): void {
  if (exiting) return;
  exiting = true;
  process.exitCode = exitCode;
  if (text === '') {
    process.exit(exitCode);
    return;
  }
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`, () => process.exit(exitCode));
}

/** Longest message an UNKNOWN line carries: the echo of a huge argument must not flood the monitoring system. */
export const MAX_UNKNOWN_MESSAGE = 1000;

/** A one-line UNKNOWN, as the Monitoring Plugins guidelines want for bad arguments and internal errors. */
export function unknownLine(message: string): string {
  const oneLine = message
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '/')
    // Messages echo what the user typed: no terminal escapes, tabs or bells on the way out.
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
    .trim();
  // Cut in the middle: the start says what is wrong, the end may hold advice such as "(see --help)".
  const bounded =
    oneLine.length > MAX_UNKNOWN_MESSAGE
      ? `${oneLine.slice(0, MAX_UNKNOWN_MESSAGE - 103)}...${oneLine.slice(-100)}`
      : oneLine;
  return `SMTP DANE UNKNOWN - ${bounded}`;
}
