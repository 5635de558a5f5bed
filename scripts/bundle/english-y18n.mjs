// esbuild plugin: yargs gets ./y18n.mjs instead of the y18n package, so that a run does
// not look for translation files the bundle never has (see there). yargs' English texts,
// and so every --help and error line, stay as they were.
import { fileURLToPath } from 'node:url';

const STAND_IN = fileURLToPath(new URL('./y18n.mjs', import.meta.url));

export const englishY18n = {
  name: 'english-y18n',
  setup(build) {
    build.onResolve({ filter: /^y18n$/ }, () => ({ path: STAND_IN }));
  },
};
