// Runs the built executable the way a monitoring system does: a child process
// with an argument array (never a shell), stdout captured, exit code returned.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DIST = fileURLToPath(new URL('../../dist/smtp-dane-verify', import.meta.url));

export interface DistRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  /** Exactly the environment the child gets (as `env -i`). */
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Default 120 s. */
  timeoutMs?: number;
}

/** Runs `file` with an argument array; never rejects: code -1 when it could not start or was killed. */
export function runFile(file: string, args: readonly string[], options: RunOptions): Promise<DistRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** dist/smtp-dane-verify with PATH and the variables given, nothing else from this environment. */
export function runDist(args: string[], env: NodeJS.ProcessEnv = {}): Promise<DistRun> {
  return runFile(DIST, args, { env: { PATH: process.env['PATH'], ...env } });
}

/** Runs with --format json and parses stdout; fails loudly with the output when it is not JSON. */
export async function runDistJson(args: string[]): Promise<{ run: DistRun; json: any }> {
  const run = await runDist([...args, '--format', 'json']);
  try {
    return { run, json: JSON.parse(run.stdout) };
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${run.stdout}${run.stderr}`);
  }
}
