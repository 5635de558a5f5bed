// Structured logs: one JSON object per line on stdout, for `docker logs` and
// any collector. Nothing here ever sees the API key: callers log only what they
// pass in, and the access log redacts the query parameter (access-log.ts).

export type LogLevel = 'info' | 'warn' | 'error';

export type LogWrite = (line: string) => void;

export type Logger = (level: LogLevel, event: string, fields?: Readonly<Record<string, unknown>>) => void;

export function createLogger(write: LogWrite, now: () => Date = () => new Date()): Logger {
  return (level, event, fields = {}) => {
    write(`${JSON.stringify({ time: now().toISOString(), level, event, ...fields })}\n`);
  };
}

export const stdoutWrite: LogWrite = (line) => {
  process.stdout.write(line);
};
