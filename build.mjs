// Bundles src/ into the executable dist/smtp-dane-verify and the program it loads,
// dist/lib/, with no runtime node_modules. The program is ES modules; CommonJS
// dependencies (dns-packet) get a real `require` through createRequire so their
// node: built-ins resolve.
//
// Two builds, because V8 parses a module whole before its first line runs: the
// executable is a launcher of a few kB (SIGTERM, --version, then import()), and
// the program behind it is split into chunks so that a command loads only what it
// needs (a check never loads the service, prom-client or the Zabbix renderers).
// One 1.4 MB file cost --version ~30 ms and a check ~1.5 MiB more. The launcher is
// CommonJS (dist/package.json says so; lib/ is .mjs): Node starts a CommonJS main
// ~10 ms sooner than an ES module, whose loader --version then never needs.
import { build } from 'esbuild';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { lazyBuiltins } from './scripts/bundle/lazy-builtins.mjs';
import { narrowStringWidth } from './scripts/bundle/narrow-string-width.mjs';

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const EXECUTABLE = 'dist/smtp-dane-verify';
const LIB = 'dist/lib';
const DIST_PACKAGE = 'dist/package.json';
// The launcher imports ./program.ts; in dist/ that is the split program's entry.
const PROGRAM_IN_DIST = './lib/program.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // ES module builds first where a package ships both. For @peculiar/x509 and its
  // stack (asn1js, @peculiar/asn1-*, tsyringe, tslib) esbuild can then hoist and
  // drop what is unused, instead of wrapping CommonJS: a domain check takes ~5 MiB
  // less memory and ~15% less CPU. (The default for platform node is main first.)
  mainFields: ['module', 'main'],
  minify: false,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  plugins: [lazyBuiltins, narrowStringWidth],
};
const requireBanner = [
  "import { createRequire as __createRequire } from 'node:module';",
  'const require = __createRequire(import.meta.url);',
].join('\n');

/** Leaves the launcher's import('./program.ts') to the runtime, pointed at dist/lib/. */
const programIsExternal = {
  name: 'program-is-external',
  setup(b) {
    b.onResolve({ filter: /^\.\/program\.ts$/ }, () => ({ path: PROGRAM_IN_DIST, external: true }));
  },
};

// A fresh dist/: chunk names carry content hashes, so old chunks would linger.
await rm(LIB, { recursive: true, force: true });
await rm(EXECUTABLE, { force: true });

await build({
  ...common,
  entryPoints: { program: 'src/cli/program.ts' },
  outdir: LIB,
  splitting: true,
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  banner: { js: requireBanner },
});

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: EXECUTABLE,
  format: 'cjs',
  plugins: [programIsExternal],
  banner: { js: '#!/usr/bin/env node' },
});
await chmod(EXECUTABLE, 0o755);
// The nearest package.json decides how Node reads the extensionless executable.
await writeFile(
  DIST_PACKAGE,
  `${JSON.stringify({ '//': 'smtp-dane-verify is CommonJS (it starts sooner); lib/*.mjs are ES modules', type: 'commonjs' }, null, 2)}\n`,
);
