// Zabbix low-level discovery: the MX hosts of a domain, and their addresses, as
// a plain JSON array of rows with upper-case LLD macros (the array form Zabbix
// reads since 4.2). It is computed from the domain JSON (src/render/json.ts),
// the document the REST API returns too, so the templates' dependent discovery
// rule (a JavaScript step over that document, zabbix-preprocessing.ts) yields
// exactly these rows; a unit test holds the two together.
//
// Errors never leave through the exit code (Zabbix ignores it): they are a JSON
// object {"error": "..."} that the items' "Check for error in JSON" step turns
// into an unsupported item with that message.
import { UNTRUSTED_MX_STATUSES } from './zabbix-preprocessing.ts';

/** One MX host. */
export interface LldHostRow {
  '{#DOMAIN}': string;
  '{#MXHOST}': string;
  /** MX preference; 0 for the implicit MX (RFC 5321 §5.1 gives it preference 0). */
  '{#MXPREF}': number;
}

/** One address of an MX host: the host's macros plus these two. */
export interface LldAddressRow extends LldHostRow {
  '{#MXADDR}': string;
  '{#MXFAMILY}': 'ipv4' | 'ipv6';
}

/** One key algorithm an address was asked for: the address's macros plus {#KEYALG} (rsa, ecdsa, ed25519). */
export interface LldKeyAlgorithmRow extends LldAddressRow {
  '{#KEYALG}': string;
}

export type LldRow = LldHostRow | LldAddressRow | LldKeyAlgorithmRow;

/** The part of the domain JSON discovery reads (a parsed `domain --format json` fits). */
export interface DiscoverableDomain {
  domain: string;
  mx_dnssec_status: string;
  mx_hosts: {
    hostname: string;
    preference: number | null;
    addresses: { address: string; family: string; certificates_by_algorithm?: { key_algorithm: string }[] }[];
  }[];
}

/**
 * Why the MX hosts cannot be listed, or null when they can. After a bogus MX
 * answer the hosts it names are not to be trusted (RFC 4035 §5.5), and after a
 * failed lookup there are none for certain: both are an error, never rows, so
 * Zabbix neither starts monitoring servers that DNSSEC rejected nor deletes
 * what it discovered before. An empty list is an answer only when it is proven
 * (Null MX, NXDOMAIN).
 */
export function undiscoverable(d: DiscoverableDomain): string | null {
  if ((UNTRUSTED_MX_STATUSES as readonly string[]).includes(d.mx_dnssec_status)) {
    return `cannot discover the MX hosts of ${d.domain}: the MX lookup is ${d.mx_dnssec_status}`;
  }
  return null;
}

/** Host rows, each followed by the rows of its addresses (each followed by its key algorithms), in MX preference order. */
export function lldRows(d: DiscoverableDomain): LldRow[] {
  const rows: LldRow[] = [];
  for (const h of d.mx_hosts) {
    const host: LldHostRow = { '{#DOMAIN}': d.domain, '{#MXHOST}': h.hostname, '{#MXPREF}': h.preference ?? 0 };
    rows.push(host);
    for (const a of h.addresses) {
      const address: LldAddressRow = { ...host, '{#MXADDR}': a.address, '{#MXFAMILY}': a.family === 'ipv6' ? 'ipv6' : 'ipv4' };
      rows.push(address);
      for (const e of a.certificates_by_algorithm ?? []) rows.push({ ...address, '{#KEYALG}': e.key_algorithm });
    }
  }
  return rows;
}

/** The Zabbix error document: one line of text, as the item's error message. */
export function zabbixError(message: string): string {
  return `${JSON.stringify({ error: message.replace(/\s*[\r\n]+\s*/g, ' ').trim() })}\n`;
}

/** `discover`'s default output: the rows, or the error document. */
export function renderLld(d: DiscoverableDomain): string {
  const why = undiscoverable(d);
  if (why !== null) return zabbixError(why);
  return `${JSON.stringify(lldRows(d), null, 2)}\n`;
}
