// The validator's only door to the network: whatever fetches DNS messages for it
// (the probe's resolver transport, or a replay of recorded messages) implements this.
import type { DnsName } from '../dns/name.ts';
import type { ExchangeResult } from '../dns/exchange.ts';
import type { ReadMessage } from '../dns/message-reader.ts';
import type { ResolverAddress } from '../dns/resolver-address.ts';

/** One exchange, its answer read with every section kept as signatures need it. */
export type RawExchangeResult = ExchangeResult<ReadMessage>;

export interface DnssecFetcher {
  /** Where the answers come from, for messages ("127.0.0.1:53", "[::1]:53"). */
  readonly server: ResolverAddress;
  fetch(name: DnsName, type: number, signal?: AbortSignal): Promise<RawExchangeResult>;
  /** Questions sent, by type ("DS", "DNSKEY", "MX", ...): each (name, type) counts once. */
  stats(): { queries: number; byType: Record<string, number> };
}
