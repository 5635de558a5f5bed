// Fetches what validation needs (answers with their RRSIGs, DS, DNSKEY, the
// NSEC/NSEC3 of denials) from the configured recursive resolver, with DO and
// CD set. Each (name, type) is asked once per instance, that is once per run:
// the DS and DNSKEY RRsets of a zone are shared by every name below it.
import type { ResolverAddress } from '../../dns/resolver-address.ts';
import { type DnsName, nameText } from '../../dns/name.ts';
import { typeName } from '../../dns/rr-types.ts';
import type { DnssecFetcher, RawExchangeResult } from '../../dnssec/fetcher.ts';
import { rawExchange } from './raw-exchange.ts';
import type { MessageExchange } from './transport.ts';
import { buildRawQuery } from './raw-query.ts';

export interface DnssecFetcherOptions {
  server: ResolverAddress;
  /** Per attempt. */
  timeoutMs: number;
  /** Further attempts after a timeout or network error. */
  retries: number;
  /** How messages travel; default: the network (probe/dns/transport.ts). */
  transport?: MessageExchange;
}

export type FetchOnce = (name: DnsName, type: number, signal?: AbortSignal) => Promise<RawExchangeResult>;

/** Asks each (name, type) once; a cancelled question may be asked again. */
export function memoisedFetcher(server: ResolverAddress, fetchOnce: FetchOnce): DnssecFetcher {
  const pending = new Map<string, Promise<RawExchangeResult>>();
  const byType: Record<string, number> = {};
  let queries = 0;
  return {
    server,
    fetch(name, type, signal) {
      const key = `${nameText(name)}/${type}`;
      const known = pending.get(key);
      if (known) return known;
      queries++;
      byType[typeName(type)] = (byType[typeName(type)] ?? 0) + 1;
      const result = fetchOnce(name, type, signal);
      pending.set(key, result);
      void result.then((r) => {
        if (r.outcome === 'cancelled' && pending.get(key) === result) pending.delete(key);
      });
      return result;
    },
    stats: () => ({ queries, byType: { ...byType } }),
  };
}

export function createDnssecFetcher(options: DnssecFetcherOptions): DnssecFetcher {
  return memoisedFetcher(options.server, (name, type, signal) =>
    rawExchange(
      { server: options.server, query: buildRawQuery(name, type), timeoutMs: options.timeoutMs, retries: options.retries, signal },
      options.transport,
    ),
  );
}
