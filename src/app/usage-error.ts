// A bad command line, option or setting: reported as one UNKNOWN line (exit 3), never a stack trace.
export class UsageError extends Error {
  override name = 'UsageError';
}
