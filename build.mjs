// Bundles src/ into one executable file, dist/smtp-dane-verify, with no runtime
// node_modules. ESM output; CommonJS dependencies (dns-packet) get a real
// `require` through createRequire so their node: built-ins resolve.
import { build } from 'esbuild';
import { chmod, readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const outfile = 'dist/smtp-dane-verify';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: false,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __createRequire } from 'node:module';",
      'const require = __createRequire(import.meta.url);',
    ].join('\n'),
  },
});
await chmod(outfile, 0o755);
