// esbuild plugin: Node built-ins (node:tls, node:http, node:crypto, ...) loaded
// when the module that imports them first runs, not all at start-up.
//
// In ESM output esbuild hoists every `import ... from 'node:x'` to the top of
// each output file, so `--help` would load the TLS, HTTP and DNS stacks too. Each
// built-in is instead resolved to a one-line CommonJS module that requires it;
// esbuild initialises such a module lazily, with the first bundled module that
// imports it (and the modules behind a dynamic import() only run when needed).
import { builtinModules } from 'node:module';

const NAMESPACE = 'lazy-builtin';

export const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, ({ path, namespace }) => {
      if (namespace === NAMESPACE) return undefined; // the require() inside the stub: external
      const name = path.replace(/^node:/, '');
      return builtinModules.includes(name) ? { path: name, namespace: NAMESPACE } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, ({ path }) => ({
      contents: `module.exports = require('node:${path}');`,
      loader: 'js',
    }));
  },
};
