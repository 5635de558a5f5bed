// Builds dist/smtp-dane-verify-linux-x64: a Node single executable application
// (SEA) that runs on a host with no Node at all. The steps of Node's SEA guide:
//   1. esbuild bundles src/cli/main.ts into one script with the options build.mjs uses for
//      dist/smtp-dane-verify (scripts/build-config.mjs): a SEA runs CommonJS only, and its
//      `require` loads built-in modules only; the bundle needs neither;
//   2. `node --experimental-sea-config` turns that script into a preparation blob;
//   3. postject injects the blob into a copy of this node binary (process.execPath).
// The result is as large as node itself (~85 MiB), so it is not committed.
//
// Usage: node scripts/build-standalone.mjs [--out FILE] [--no-strip] [--quiet]
//        node scripts/build-standalone.mjs --bundle-only FILE.cjs   (step 1 only, for debugging)
import { build } from 'esbuild';
import { programBuild } from './build-config.mjs';
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// The fuse Node's SEA loader looks for, and the resource it reads (Node's SEA docs).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const SEA_RESOURCE = 'NODE_SEA_BLOB';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quiet = args.includes('--quiet');
const log = (line) => {
  if (!quiet) process.stdout.write(`${line}\n`);
};

/** Step 1: the very bundle build.mjs writes to dist/, same options (an IIFE is CommonJS too). */
async function bundleCjs(file) {
  await build({ ...programBuild, outfile: file });
}

/** postject through its CLI, so the ELF parser's harmless note-section warnings can be dropped. */
async function inject(binary, blob) {
  const cli = join(dirname(require.resolve('postject')), 'cli.js');
  const { stdout, stderr } = await run(
    process.execPath,
    [cli, binary, SEA_RESOURCE, blob, '--sentinel-fuse', SEA_FUSE],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const noise = /^(warning: Can't find string offset for section name '\.note[^']*'|.*Start injection of |.*Injection done!|\s*$)/;
  const rest = `${stdout}\n${stderr}`
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => !noise.test(line));
  for (const line of rest) log(`postject ${line}`);
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const sizeOf = async (file) => mib((await stat(file)).size);

async function main() {
  const bundleOnly = option('--bundle-only');
  if (bundleOnly !== undefined) {
    await bundleCjs(resolve(bundleOnly));
    return;
  }
  if (process.platform !== 'linux') {
    // macOS needs its code signature removed and renewed, Windows a PE resource: not done here.
    throw new Error(`only Linux is supported (this is ${process.platform})`);
  }
  const outfile = resolve(root, option('--out') ?? `dist/smtp-dane-verify-linux-${process.arch}`);
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'sdv-sea-'));
  // Beside the output, so the final rename is atomic: a reader never sees half a binary.
  const partial = `${outfile}.partial`;
  try {
    const script = join(work, 'smtp-dane-verify.cjs');
    const blob = join(work, 'sea-prep.blob');
    const config = join(work, 'sea-config.json');
    await bundleCjs(script);
    log(`bundle   ${await sizeOf(script)}, as dist/smtp-dane-verify`);

    // useCodeCache: V8's compiled code goes into the blob, for a faster start.
    const seaConfig = { main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true };
    await writeFile(config, JSON.stringify(seaConfig, null, 2));
    await run(process.execPath, ['--experimental-sea-config', config], { cwd: work });
    log(`blob     ${await sizeOf(blob)} for node ${process.version}`);

    await rm(partial, { force: true });
    await copyFile(process.execPath, partial);
    await chmod(partial, 0o755);
    if (!(await readFile(partial)).includes(SEA_FUSE)) {
      throw new Error(
        `${process.execPath} has no single-executable support (no ${SEA_FUSE}); a node that links a shared ` +
          "libnode, as Debian's nodejs package does, cannot be used: build with Node.js 20 from nodejs.org or NodeSource",
      );
    }
    if (!args.includes('--no-strip')) {
      // Node's release binaries keep their symbol tables (~12 MiB). They must go
      // before the injection: stripping afterwards would cut the blob out again.
      await run('strip', ['--strip-all', partial]).catch((error) => log(`strip    skipped: ${error.message.split('\n')[0]}`));
    }
    await inject(partial, blob);
    await rename(partial, outfile);
    log(`wrote    ${outfile} ${await sizeOf(outfile)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`build-standalone: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
