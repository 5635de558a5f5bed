// The DnsResolver of Deps, talking to one recursive resolver. Each (name, type)
// is asked once per instance: a run walks the same names from several MX hosts,
// and one answer per question keeps the evidence consistent.
import type { DnsResolver } from '../../ports.ts';
import type { DnsAnswerEvidence, QueryType } from '../../evidence/dns.ts';
import { isDnssecFailure } from '../../dns/extended-errors.ts';
import { memoisedQueries } from './memoised-queries.ts';
import { type ResolverAddress, formatResolverAddress } from '../../dns/resolver-address.ts';
import { type ExchangeResult, exchange } from './transport.ts';
import type { MessageExchange } from './transport.ts';
import { type DnsQuery, QueryEncodingError, buildQuery } from './wire.ts';

export interface ResolverOptions {
  server: ResolverAddress;
  /** Per attempt. */
  timeoutMs: number;
  /** Further attempts after a timeout or network error. */
  retries: number;
  /** Ask over TCP only. */
  tcp?: boolean;
  /** How messages travel; default: the network. */
  transport?: MessageExchange;
}

export interface ResolverStats {
  /** Questions sent (each may take several attempts), CD follow-ups included. */
  queries: number;
  /** Per type; CD follow-ups count as e.g. 'TLSA+CD'. */
  byType: Record<string, number>;
}

export type CountingResolver = DnsResolver & { stats(): ResolverStats };

export function createResolver(options: ResolverOptions): CountingResolver {
  const stats: ResolverStats = { queries: 0, byType: {} };
  const count = (label: string) => {
    stats.queries++;
    stats.byType[label] = (stats.byType[label] ?? 0) + 1;
  };
  const ask = async (name: string, type: QueryType, checkingDisabled: boolean, signal?: AbortSignal) => {
    let query: DnsQuery;
    try {
      query = buildQuery(name, type, { checkingDisabled });
    } catch (error) {
      // The name cannot be put on the wire (label too long...): nothing is sent.
      if (!(error instanceof QueryEncodingError)) throw error;
      return unsent(error.message);
    }
    count(checkingDisabled ? `${type}+CD` : type);
    const { server, timeoutMs, retries, tcp } = options;
    return exchange({ server, query, timeoutMs, retries, tcp, signal }, options.transport);
  };

  async function resolve(name: string, type: QueryType, signal?: AbortSignal): Promise<DnsAnswerEvidence> {
    const started = performance.now();
    const main = await ask(name, type, false, signal);
    let checkingDisabledRcode: string | null = null;
    let unvalidated: DnsAnswerEvidence['unvalidated'] = null;
    const response = main.response;
    // SERVFAIL: bogus data or a broken server? Ask with CD=1 (RFC 4035 §3.2.2):
    // data then means validation failed (when no DNSSEC EDE already said so), and
    // the unvalidated records let the check report the hosts behind bogus DNS.
    if (response?.rcode === 'SERVFAIL') {
      const cd = await ask(name, type, true, signal);
      if (!response.ede.some(isDnssecFailure)) checkingDisabledRcode = cd.response?.rcode ?? null;
      if (cd.response) unvalidated = { cnameChain: cd.response.cnameChain, records: cd.response.records };
    }
    // A CNAME loop or an endless chain answers nothing: the question stays open
    // (RFC 1034 §3.6.2), however well-formed the message was.
    const broken = response?.cnameProblem ?? null;
    return {
      question: { name, type },
      server: formatResolverAddress(options.server),
      outcome: broken ? 'malformed' : main.outcome,
      error: broken ? `${formatResolverAddress(options.server)}: ${broken}` : main.error,
      rcode: response?.rcode ?? null,
      ad: response?.ad ?? false,
      transport: main.transport,
      ede: response?.ede ?? [],
      cnameChain: response?.cnameChain ?? [name],
      records: response?.records ?? [],
      checkingDisabledRcode,
      unvalidated,
      // The RRSIGs sent with the answer (asked with DO), for the signature expiry report; none: nothing to keep.
      ...(response && response.rrsigs.length > 0 ? { rrsigs: response.rrsigs } : {}),
      // attempts of the question itself; elapsed time includes the CD follow-up
      attempts: main.attempts,
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  return {
    query: memoisedQueries(resolve),
    stats: () => ({ queries: stats.queries, byType: { ...stats.byType } }),
  };
}

function unsent(error: string): ExchangeResult {
  return { outcome: 'malformed', error, response: null, transport: null, attempts: 0, elapsedMs: 0 };
}
