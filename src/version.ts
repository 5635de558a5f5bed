// The one version string: package.json's, defined by the build (build.mjs); '0.0.0-dev' when run from source.
declare const __VERSION__: string;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
