// esbuild plugin: Node built-ins (node:tls, node:http, node:crypto, ...) through
// process.getBuiltinModule, loaded when the module that uses them first runs.
//
// The bundle neither imports nor requires at run time, so that it runs as CommonJS or as an
// ES module (see ../build-config.mjs). Each built-in is resolved to a one-line CommonJS
// module that fetches it; esbuild initialises such a module lazily, with the first bundled
// module that uses it, and the modules behind a dynamic import() (the service, the Zabbix
// renderers) only run when that import() does: --help does not load the TLS stack.
import { builtinModules } from 'node:module';

const NAMESPACE = 'lazy-builtin';

export const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, ({ path }) => {
      const name = path.replace(/^node:/, '');
      return builtinModules.includes(name) ? { path: name, namespace: NAMESPACE } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, ({ path }) => ({
      contents: `module.exports = process.getBuiltinModule('node:${path}');`,
      loader: 'js',
    }));
  },
};
