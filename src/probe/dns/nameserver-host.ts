// NAMESERVER may name a host (a container such as "unbound"). Only this start-up
// step uses the system resolver, through dns.lookup (getaddrinfo: /etc/hosts and
// container DNS); every DANE question then goes to the address found here.
import { lookup as systemLookup } from 'node:dns/promises';
import { type ResolverAddress, ResolverAddressError } from '../../dns/resolver-address.ts';

export type HostLookup = (host: string) => Promise<{ address: string; family: number }>;

/** Resolves a host name to the resolver address; throws ResolverAddressError ('unresolvable-host'). */
export async function resolveNameserverHost(
  host: string,
  port: number,
  lookup: HostLookup = (name) => systemLookup(name),
): Promise<ResolverAddress> {
  try {
    const { address } = await lookup(host);
    return { address, port };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `NAMESERVER host "${host}" could not be resolved: ${reason}`;
    throw new ResolverAddressError('unresolvable-host', host, message);
  }
}
