// Compiles and runs the program with V8's code cache (the loader of dist/smtp-dane-verify,
// see loader.ts). Node 20 has no compile cache of its own for a script (module.enableCompileCache
// came with Node 22); vm.Script's cachedData is the same mechanism by hand. A check that finds
// the cache skips compiling the 0.8 MB program and every function the cached run compiled.
//
// The cache is code this process will run, so it is only read from and written to a directory
// that belongs to this user and that nobody else may write, and only files of that kind are
// read. Anything else, or any error, means: compile as without a cache. It is never needed.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';

/** Environment variable: `off`, or the directory for the cache (default: one per user under $TMPDIR). */
export const CODE_CACHE_VARIABLE = 'SMTP_DANE_VERIFY_CODE_CACHE';

/** Commands that get a cache of their own: each compiles different functions. Help and errors get none. */
const COMMANDS = ['host', 'domain', 'discover', 'analyze', 'serve'] as const;

/** The directory the cache lives in, or null when there is to be none. */
export function cacheDirectory(env: Readonly<Record<string, string | undefined>>, uid: number | undefined): string | null {
  const setting = env[CODE_CACHE_VARIABLE];
  if (setting === 'off' || uid === undefined) return null;
  return setting ? setting : join(tmpdir(), `smtp-dane-verify-code-cache-${uid}`);
}

/** The command a run names, if it is one that gets a cache. */
export function cachedCommand(args: readonly string[]): (typeof COMMANDS)[number] | null {
  const command = args.find((arg) => (COMMANDS as readonly string[]).includes(arg));
  return (command as (typeof COMMANDS)[number] | undefined) ?? null;
}

/** Ours and written by nobody else: group and others may not write it. */
function isPrivate(stats: Stats, uid: number): boolean {
  return stats.uid === uid && (stats.mode & 0o022) === 0;
}

/** Creates the directory (0700) when missing; true when it is a real directory of ours. */
function privateDirectory(dir: string, uid: number): boolean {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  try {
    const stats = lstatSync(dir);
    return stats.isDirectory() && isPrivate(stats, uid);
  } catch {
    return false;
  }
}

/** The cache file's bytes, when it is a regular file of ours (not through a symbolic link). */
function readCache(file: string, uid: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const stats = fstatSync(fd);
    return stats.isFile() && isPrivate(stats, uid) ? readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A cache file's name: the program's hash, Node, the architecture, the command. */
const CACHE_NAME = /^[0-9a-f]{16}-node[^/]*\.v8cache(\.\d+\.partial)?$/;

/**
 * Caches of other builds (an upgrade's leftovers) are removed when a cache is written, once they are a day old;
 * a build still in use writes its own again.
 */
export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

function pruneOthers(dir: string, programId: string): void {
  for (const name of readdirSync(dir)) {
    // This build's caches stay; its partial files of a run that died go with the others'.
    if (!CACHE_NAME.test(name) || (name.startsWith(`${programId}-`) && name.endsWith('.v8cache'))) continue;
    try {
      if (Date.now() - lstatSync(join(dir, name)).mtimeMs > STALE_AFTER_MS) unlinkSync(join(dir, name));
    } catch {
      // another run pruned it first
    }
  }
}

/** Written beside the cache and renamed over it: a concurrent run reads the old or the new one, never half. */
function writeCache(dir: string, file: string, programId: string, data: Buffer): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(partial, data, { mode: 0o600, flag: 'wx' });
    renameSync(partial, file);
    pruneOthers(dir, programId);
  } catch {
    try {
      unlinkSync(partial);
    } catch {
      // nothing was written
    }
  }
}

/**
 * Compiles `source` (the program, identified by `programId`, a hash of it) with the cache of the
 * command the arguments name. On a miss, or when V8 rejects the cache (another Node, other V8
 * flags), the cache is written as the process exits with a check's answer (0–2): by then it holds
 * every function that run compiled. The cache's bytes are dropped when this returns, so the first
 * collection while the program runs frees them.
 */
function compile(source: string, programId: string, argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Script {
  const uid = process.getuid?.();
  const dir = cacheDirectory(env, uid);
  const command = cachedCommand(argv.slice(2));
  const cacheDir = dir !== null && uid !== undefined && command !== null && privateDirectory(dir, uid) ? dir : null;
  const file = cacheDir === null ? null : join(cacheDir, `${programId}-node${process.version}-${process.arch}-${command}.v8cache`);
  const cachedData = file === null ? undefined : readCache(file, uid!);
  const script = new Script(source, { filename: argv[1] ?? 'smtp-dane-verify', ...(cachedData ? { cachedData } : {}) });
  if (file !== null && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.on('exit', (code) => {
      if (code >= 0 && code <= 2) writeCache(cacheDir!, file, programId, script.createCachedData());
    });
  }
  return script;
}

/** Compiles the program (see compile) and runs it. */
export function runWithCodeCache(source: string, programId: string, argv: readonly string[], env: Readonly<Record<string, string | undefined>>): void {
  compile(source, programId, argv, env).runInThisContext();
}
