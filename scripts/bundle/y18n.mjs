// Stands in for y18n in the bundle (see ./english-y18n.mjs). yargs translates its own
// texts ("Options:", "Positionals:", "[required]", ...) with y18n, which looks for
// `<locale>.json` in a locales/ directory beside yargs. The bundle never has that
// directory, so y18n always fell back to yargs' English text, after probing the disk
// (a stat and a read that fail with ENOENT) on every run. This gives the same English
// text without touching the disk: formatted as y18n does (util.format), plurals chosen
// by quantity, strings given to updateLocale() first.
import { format } from 'node:util';

export default function y18n() {
  const overrides = Object.create(null);
  let locale = 'en';
  const callback = (args) => {
    if (typeof args[args.length - 1] === 'function') args.pop()();
  };
  function __(text, ...args) {
    if (typeof text !== 'string') {
      // Called as a tag: y18n puts %s where each value goes.
      let joined = '';
      text.forEach((part, i) => {
        joined += part;
        if (args[i] !== undefined) joined += '%s';
      });
      return __(joined, ...args);
    }
    callback(args);
    return format(overrides[text] || text, ...args);
  }
  function __n(singular, plural, quantity, ...args) {
    callback(args);
    const entry = overrides[singular];
    const text = entry ? entry[quantity === 1 ? 'one' : 'other'] : quantity === 1 ? singular : plural;
    return text.includes('%d') ? format(text, quantity, ...args) : format(text, ...args);
  }
  return {
    __,
    __n,
    setLocale: (name) => void (locale = name),
    getLocale: () => locale,
    updateLocale: (strings) => void Object.assign(overrides, strings),
    locale,
  };
}
