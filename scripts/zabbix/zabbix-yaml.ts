// The two small tools the Zabbix template generator needs: stable UUIDv4s and
// a block-style YAML writer shaped like Zabbix's own exports.
import { createHash } from 'node:crypto';

/**
 * A UUIDv4 in Zabbix's 32-hex form, derived from `seed` as Zabbix's own
 * generateUuidV4($seed) does: md5 of the seed with the version (4) and variant
 * (10xx) bits forced. The same seed always gives the same uuid, so regenerating
 * the templates changes nothing and re-imports update instead of duplicating.
 */
export function zabbixUuid(seed: string): string {
  const bytes = createHash('md5').update(seed, 'utf8').digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return bytes.toString('hex');
}

export const UUID_V4_32 = /^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/;

export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue | undefined };

// Plain scalars Zabbix writes unquoted: words, keys, macros never (they start with '{').
const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
// Plain words YAML 1.1/1.2 (Symfony) would read as something other than a string.
const SPECIAL = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function scalar(s: string): string {
  if (PLAIN.test(s) && !SPECIAL.test(s)) return s;
  return `'${s.replace(/'/g, "''")}'`;
}

function block(s: string, indent: string): string {
  // '|-' keeps the text exactly (no trailing newline added); an indentation
  // indicator is needed only when the first line starts with a space.
  const indicator = s.startsWith(' ') ? '2' : '';
  const chomp = s.endsWith('\n') ? '' : '-';
  const body = (s.endsWith('\n') ? s.slice(0, -1) : s)
    .split('\n')
    .map((line) => (line === '' ? '' : `${indent}${line}`))
    .join('\n');
  return `|${indicator}${chomp}\n${body}`;
}

function isEmptyCollection(v: YamlValue): boolean {
  return Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0;
}

function valueText(v: YamlValue, indent: string): string {
  if (typeof v === 'number') return `'${String(v)}'`;
  if (typeof v === 'boolean') return v ? 'YES' : 'NO';
  if (typeof v === 'string') return v.includes('\n') ? block(v, `${indent}  `) : scalar(v);
  throw new Error('collections are written by mapping()/sequence()');
}

function mapping(obj: { [key: string]: YamlValue | undefined }, indent: string, firstPrefix: string): string[] {
  const lines: string[] = [];
  let first = true;
  for (const [key, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    const prefix = first ? firstPrefix : indent;
    first = false;
    if (typeof v === 'object' && !isEmptyCollection(v)) {
      lines.push(`${prefix}${key}:`);
      lines.push(...(Array.isArray(v) ? sequence(v, `${indent}  `) : mapping(v, `${indent}  `, `${indent}  `)));
    } else if (typeof v === 'object') {
      lines.push(`${prefix}${key}: ${Array.isArray(v) ? '[]' : '{}'}`);
    } else {
      lines.push(`${prefix}${key}: ${valueText(v, indent)}`);
    }
  }
  return lines;
}

function sequence(list: YamlValue[], indent: string): string[] {
  const lines: string[] = [];
  for (const v of list) {
    if (typeof v === 'object' && !Array.isArray(v)) {
      lines.push(...mapping(v, `${indent}  `, `${indent}- `));
    } else if (Array.isArray(v)) {
      throw new Error('nested sequences are not used in Zabbix exports');
    } else {
      lines.push(`${indent}- ${valueText(v, indent)}`);
    }
  }
  return lines;
}

/**
 * Block YAML: strings quoted only when they must be, numbers as quoted strings
 * (as Zabbix exports them), booleans never (Zabbix uses YES/NO words), undefined
 * keys left out.
 */
export function toYaml(doc: { [key: string]: YamlValue | undefined }): string {
  return `${mapping(doc, '', '').join('\n')}\n`;
}
