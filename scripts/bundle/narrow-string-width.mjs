// esbuild plugin: yargs, cliui and wrap-ansi get ./string-width.mjs, which
// measures one-column text without Intl.Segmenter and falls back to the real
// string-width (required lazily, so it is not run at start-up) for anything else.
import { fileURLToPath } from 'node:url';

const STAND_IN = fileURLToPath(new URL('./string-width.mjs', import.meta.url));

export const narrowStringWidth = {
  name: 'narrow-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, ({ importer }) =>
      importer === STAND_IN ? undefined : { path: STAND_IN },
    );
  },
};
