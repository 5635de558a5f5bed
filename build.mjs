// Bundles src/ into dist/smtp-dane-verify: one executable file with everything in it and no
// run-time node_modules. An install copies that file alone (see docs/install.md).
// The esbuild options are scripts/build-config.mjs, shared with the standalone binary.
//
// The file is a small loader (src/cli/loader.ts) and the program (src/cli/main.ts, bundled)
// as a string literal: the loader answers SIGTERM before the program is compiled, and
// compiles it with V8's code cache (src/cli/compile-cache.ts).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { programBuild } from './scripts/build-config.mjs';

const EXECUTABLE = 'dist/smtp-dane-verify';

// `node build.mjs --readable FILE`: the same executable with the program unminified (for
// bench/profile.ts, which finds each module by esbuild's `// path` comments); dist/ is untouched.
const readable = process.argv[2] === '--readable' ? process.argv[3] : undefined;
if (process.argv.length > 2 && !readable) throw new Error('usage: node build.mjs [--readable FILE]');
const out = readable ?? EXECUTABLE;
const options = readable ? { ...programBuild, minifyWhitespace: false, minifySyntax: false } : programBuild;

if (!readable) {
  // What earlier builds left: the split program and the package.json that typed the launcher.
  await rm('dist/lib', { recursive: true, force: true });
  await rm('dist/package.json', { force: true });
}

/** The text of a one-file esbuild build, in memory. */
async function bundle(buildOptions) {
  const { outputFiles } = await build({ ...buildOptions, outfile: out, write: false });
  return outputFiles[0].text;
}

// The program, as the standalone binary runs it, less its #! line (it is not the file's start).
const program = (await bundle(options)).replace(/^#!.*\n/, '');
const programId = createHash('sha256').update(program).digest('hex').slice(0, 16);
const loader = await bundle({
  ...options,
  entryPoints: ['src/cli/loader.ts'],
  banner: {},
  define: { ...options.define, __PROGRAM_ID__: JSON.stringify(programId) },
});

await writeFile(
  out,
  [
    '#!/usr/bin/env node',
    `// smtp-dane-verify ${JSON.parse(options.define.__VERSION__)}: the program is the string below, compiled and run by the loader after it.`,
    `var __smtpDaneVerifyProgram = ${JSON.stringify(program)};`,
    loader,
  ].join('\n'),
);
await chmod(out, 0o755);
