// Names written as openssl prints them, so that what the plugin reports is what an operator
// sees with `openssl s_client -brief` or `openssl x509 -subject`.
import type { NameAttribute } from './der.ts';

// OpenSSL's short names (crypto/objects/objects.txt) for the attribute types certificates use.
const OPENSSL_ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

export const OID_COMMON_NAME = '2.5.4.3';

/**
 * A Name as openssl 3 prints it by default (`x509 -subject`, `s_client -brief`; XN_FLAG_ONELINE):
 * RDNs in encoded order, " = " between type and value, ", " between RDNs, " + " inside one.
 * A value with RFC 2253 special characters is double-quoted, `\` and `"` are backslash-escaped,
 * control characters and every byte of a non-ASCII character's UTF-8 become \XX.
 */
export function opensslOneLine(rdns: readonly (readonly NameAttribute[])[]): string {
  return rdns
    .map((rdn) => rdn.map(({ oid, value }) => `${OPENSSL_ATTRIBUTE_NAMES[oid] ?? oid} = ${opensslValue(value)}`).join(' + '))
    .join(', ');
}

function opensslValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f || code > 0x7f) {
      for (const byte of Buffer.from(ch, 'utf8')) out += `\\${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    } else out += ch;
  }
  return /[,+<>;]/.test(value) || /^[ #]/.test(value) || / $/.test(value) ? `"${out}"` : out;
}
