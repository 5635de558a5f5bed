// The one set of esbuild options for the program, shared by build.mjs (dist/smtp-dane-verify,
// the npm package and the plugin file) and scripts/build-standalone.mjs (the single executable
// application): users without Node run the code the tests run.
//
// One self-contained file that runs whatever package.json sits above it. Node reads a file
// without an extension as CommonJS, or as an ES module under a `"type": "module"`
// package.json (the repository's own, an npm install's, or an admin's). So the bundle is an
// IIFE that neither imports nor requires: Node's built-ins come from
// process.getBuiltinModule (./bundle/lazy-builtins.mjs), `import.meta.url` from the path it
// was started by. A Node SEA runs it as CommonJS, which it is too.
import { readFileSync } from 'node:fs';
import { lazyBuiltins } from './bundle/lazy-builtins.mjs';
import { narrowStringWidth } from './bundle/narrow-string-width.mjs';
import { englishY18n } from './bundle/english-y18n.mjs';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** esbuild options for the whole program in one file; add `outfile`. */
export const programBuild = {
  absWorkingDir: new URL('.', root).pathname,
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'iife',
  // ES module builds first where a package ships both: esbuild can then drop what is unused
  // instead of wrapping CommonJS. (The default for platform node is main first.)
  mainFields: ['module', 'main'],
  // Whitespace, comments and syntax minified, names kept (messages and profiles still name each
  // function): the program is 0.64 MB instead of 0.93, and a host check costs ~11 ms of CPU and
  // 0.6 MiB less (docs/performance.md, F13). `node build.mjs --readable FILE` writes the same
  // program unminified, with esbuild's `// path` comment before each module (bench/profile.ts).
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  define: {
    __VERSION__: JSON.stringify(pkg.version),
    // yargs 18 is an ES module and reads import.meta.url (createRequire, its locale
    // directory); an IIFE has no import.meta. The bundle's own path stands in; its locale
    // files are not beside it, so yargs uses its English built-ins, as it does in dist/.
    'import.meta.url': '__bundleUrl',
  },
  banner: {
    js: [
      '#!/usr/bin/env node',
      'var __bundleUrl = process.getBuiltinModule("node:url").pathToFileURL(process.argv[1] ?? process.execPath).href;',
    ].join('\n'),
  },
  plugins: [lazyBuiltins, narrowStringWidth, englishY18n],
};
