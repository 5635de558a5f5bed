// What one DNS exchange comes back as, whichever reader reads the answer: the
// evidence's (dns-packet) or the DNSSEC validator's (message-reader.ts).

/**
 * Did a response arrive at all? `answer` means a well-formed response matching the
 * question arrived (whatever its rcode); everything else is a transport failure.
 */
export type DnsTransportOutcome = 'answer' | 'timeout' | 'network-error' | 'malformed' | 'cancelled';

export interface ExchangeResult<R> {
  outcome: DnsTransportOutcome;
  error: string | null;
  response: R | null;
  transport: 'udp' | 'tcp' | null;
  /** Messages sent, over both transports. */
  attempts: number;
  elapsedMs: number;
}

/** Aliases followed before a chain counts as broken (both resolvers and the validator). */
export const MAX_CNAME_HOPS = 16;
