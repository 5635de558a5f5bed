// Runs a template's JavaScript preprocessing step the way Zabbix does: the
// input as `value`, the result as a string, a throw as the item's error.
// Zabbix 6.0 uses Duktape (ECMAScript 5.1); es5Problems() finds what it lacks.
import { Script } from 'node:vm';

export function zabbixJs(code: string, value: string): string {
  const fn = new Script(`(function (value) {\n${code}\n})`).runInNewContext({}) as (v: string) => unknown;
  return String(fn(value));
}

/** Syntax newer than ES5 that Duktape would reject. */
export function es5Problems(code: string): string[] {
  const checks: [RegExp, string][] = [
    [/=>/, 'arrow function'],
    [/\b(let|const|class)\s/, 'let/const/class'],
    [/`/, 'template literal'],
    [/\.\.\./, 'spread'],
    [/\b(async|await)\b/, 'async'],
    [/\?\?|\?\./, 'nullish operators'],
    [/\.(includes|startsWith|endsWith|find|findIndex|padStart|padEnd|at)\(/, 'ES2015+ method'],
  ];
  return checks.filter(([re]) => re.test(code)).map(([, what]) => what);
}
