// Tests that need a tool, a daemon or a host feature the machine may lack. On a
// developer's machine such a test is skipped, saying what is missing; under CI
// it fails, because there the tool is installed (.ci/install-all.sh) and a test
// that quietly vanished would be a proof that quietly stopped running.
import { access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Under CI: .ci/run exports CI=1; GitHub Actions and most other services set CI=true. */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env['CI'] ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

function missingUnderCi(reason: string): Error {
  return new Error(`${reason}; under CI (CI=${process.env['CI']}) a missing tool fails the test instead of skipping it`);
}

/** In a test or hook that cannot run here: skips it, or under CI fails it with `reason`. */
export function skipOrFail(context: Mocha.Context, reason: string): never {
  if (underCi()) throw missingUnderCi(reason);
  context.skip();
}

/**
 * `describe` for a suite that needs what `missing` names (null: nothing is missing).
 * Missing here: the suite is skipped with the reason in its title. Missing under CI:
 * the suite runs and fails in its first hook with the reason, before any test starts.
 */
export function suiteNeeding(missing: string | null, title: string, body: (this: Mocha.Suite) => void): void {
  if (!missing) describe(title, body);
  else if (!underCi()) describe.skip(`${title} (skipped: ${missing})`, body);
  else {
    describe(title, function () {
      before(() => {
        throw missingUnderCi(missing);
      });
      body.call(this);
    });
  }
}

/** The full path of `tool` in one of PATH's directories, or null. */
export async function onPath(tool: string): Promise<string | null> {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    const file = join(dir, tool);
    if (dir && (await access(file).then(() => true, () => false))) return file;
  }
  return null;
}

/** Whether this host has the IPv6 loopback address ::1 (containers are often built without it). */
export function hasIpv6Loopback(): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}
