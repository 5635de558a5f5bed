// Where the probe sends its DNS questions. The check trusts the AD bit of this one
// resolver (RFC 7672 §1.3 leaves validation to a trusted local resolver), so the
// address is always an IP literal: a host name would need DNS to find the DNS.
import { isIPv4, isIPv6 } from 'node:net';

export const DEFAULT_DNS_PORT = 53;

export interface ResolverAddress {
  /** IPv4 or IPv6 literal, without brackets; an IPv6 zone ("%eth0") is kept. */
  address: string;
  port: number;
}

export type ResolverAddressErrorCode =
  | 'empty' // nothing given
  | 'hostname' // a host name where an IP literal is required
  | 'bad-address' // neither an IP literal nor a host name
  | 'bad-port' // port not a decimal integer in 1..65535
  | 'unresolvable-host'; // NAMESERVER named a host that dns.lookup could not resolve

export class ResolverAddressError extends Error {
  override readonly name = 'ResolverAddressError';
  constructor(
    readonly code: ResolverAddressErrorCode,
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

/** The user's text in a message: printable and bounded (it may be anything a command line or an environment holds). */
function shown(text: string): string {
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}

const EXAMPLES = 'e.g. 192.0.2.53, 192.0.2.53:5353, 2001:db8::53 or [2001:db8::53]:5353';

/** "192.0.2.53:53", "[2001:db8::53]:53": the `server` string of the evidence. */
export function formatResolverAddress({ address, port }: ResolverAddress): string {
  return isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Parses `HOST[:PORT]` where HOST is an IP literal; throws ResolverAddressError. */
export function parseResolverAddress(text: string): ResolverAddress {
  const split = splitHostPort(text);
  if (isIPv4(split.host) || isIPv6(split.host)) {
    if (split.bracketed && !isIPv6(split.host)) {
      throw new ResolverAddressError('bad-address', text, `resolver "${shown(text)}": brackets are for IPv6 addresses only`);
    }
    if (isUnspecified(split.host)) {
      const message = `resolver "${shown(text)}": the unspecified address names no server`;
      throw new ResolverAddressError('bad-address', text, message);
    }
    return { address: split.host, port: split.port };
  }
  if (!split.bracketed && isHostName(split.host)) {
    throw new ResolverAddressError(
      'hostname',
      text,
      `resolver "${shown(text)}": "${shown(split.host)}" is a host name; give the resolver's IP address (${EXAMPLES})`,
    );
  }
  throw new ResolverAddressError('bad-address', text, `resolver "${shown(text)}" is not an IP address (${EXAMPLES})`);
}

interface HostPort {
  host: string;
  port: number;
  bracketed: boolean;
}

/** Splits without judging the host; only the port is validated here. */
function splitHostPort(raw: string): HostPort {
  const text = raw.trim();
  if (text === '') throw new ResolverAddressError('empty', raw, 'resolver address is empty');
  // URLs, spaces and the like: not worth splitting, and a "bad port" message would mislead.
  if (!/^[\w.:%[\]-]+$/.test(text)) {
    throw new ResolverAddressError('bad-address', raw, `resolver "${shown(raw)}" is not an IP address (${EXAMPLES})`);
  }
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    const port = bracketed[2] === undefined ? DEFAULT_DNS_PORT : parsePort(bracketed[2], raw);
    return { host: bracketed[1] ?? '', port, bracketed: true };
  }
  if (text.startsWith('[')) {
    throw new ResolverAddressError('bad-address', raw, `resolver "${shown(raw)}": malformed bracketed address (${EXAMPLES})`);
  }
  const colons = text.split(':').length - 1;
  // Two or more colons: a bare IPv6 literal, which cannot carry a port without brackets.
  if (colons !== 1) return { host: text, port: DEFAULT_DNS_PORT, bracketed: false };
  const at = text.indexOf(':');
  return { host: text.slice(0, at), port: parsePort(text.slice(at + 1), raw), bracketed: false };
}

function parsePort(text: string, raw: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    const message = `resolver "${shown(raw)}": port "${shown(text)}" is not a number from 1 to 65535`;
    throw new ResolverAddressError('bad-port', raw, message);
  }
  return port;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

/** RFC 1123 §2.1 host name; an all-numeric last label is a mistyped address, not a name. */
function isHostName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name === '' || name.length > 253) return false;
  const labels = name.split('.');
  return labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || /^[0:]+$/.test(address);
}

/**
 * The first usable `nameserver` of a resolv.conf text (glibc skips unusable ones
 * too), or null. Pure: the caller reads the file. Comments start with # or ;.
 */
export function parseResolvConf(text: string): ResolverAddress | null {
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/[#;].*$/, '').trim();
    const match = /^nameserver\s+(\S+)/.exec(line);
    if (!match?.[1]) continue;
    try {
      return parseResolverAddress(match[1]);
    } catch {
      // a bad line does not hide the next one
    }
  }
  return null;
}

/** What the NAMESERVER environment variable asks for. */
export type NameserverSetting =
  | { kind: 'unset' }
  | { kind: 'address'; server: ResolverAddress }
  /** A host name (e.g. a container name such as "unbound"): see resolveNameserverHost. */
  | { kind: 'hostname'; host: string; port: number };

/**
 * Reads NAMESERVER: an IP literal with optional port, or a host name with optional
 * port (the original service accepted container names). Throws ResolverAddressError
 * for anything else.
 */
export function resolverFromEnvironment(env: Readonly<Record<string, string | undefined>>): NameserverSetting {
  const value = env['NAMESERVER']?.trim();
  if (!value) return { kind: 'unset' };
  try {
    return { kind: 'address', server: parseResolverAddress(value) };
  } catch (error) {
    if (!(error instanceof ResolverAddressError) || error.code !== 'hostname') throw error;
    const { host, port } = splitHostPort(value);
    return { kind: 'hostname', host: host.replace(/\.$/, '').toLowerCase(), port };
  }
}
