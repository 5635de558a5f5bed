// Sends one validator question and returns the whole response, every section
// kept as signatures need it (message-reader.ts). The transport is the one every
// other question takes (probe/dns/transport.ts): UDP with retries, TCP when the
// answer is truncated (RFC 7766 §5). Never throws: failures are outcomes.
import { type ExchangeOptions, exchangeMessage } from './transport.ts';
import type { RawExchangeResult } from '../../dnssec/fetcher.ts';
import type { MessageExchange } from './transport.ts';
import { type RawQuery, checkRawResponse } from './raw-query.ts';

export interface RawExchangeRequest extends ExchangeOptions {
  query: RawQuery;
}


export function rawExchange(request: RawExchangeRequest, transport: MessageExchange = exchangeMessage): Promise<RawExchangeResult> {
  return transport(request, { bytes: request.query.bytes, check: (bytes) => checkRawResponse(request.query, bytes) });
}
