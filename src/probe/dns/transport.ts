// Gets one answer to one query: UDP with retries, TCP when the UDP answer is
// truncated (RFC 7766 §5) or when TCP is asked for. Never throws: every failure
// becomes an outcome. One transport for every question: the evidence's, read by
// dns-packet (exchange), and the DNSSEC validator's, read with every section
// (exchangeMessage with its own reader).
import type { ExchangeResult as AnyExchangeResult } from '../../dns/exchange.ts';
import { type ResolverAddress, formatResolverAddress } from '../../dns/resolver-address.ts';
import { type AttemptQuery, type AttemptResult, type IgnoredMessages, describeError, noneIgnored } from './attempt.ts';
import { udpAttempt } from './udp-exchange.ts';
import { tcpAttempt } from './tcp-exchange.ts';
import { type DecodedResponse, type DnsQuery, checkResponse } from './wire.ts';

export interface ExchangeOptions {
  server: ResolverAddress;
  /** Per attempt. */
  timeoutMs: number;
  /** Further attempts after a timeout or network error, per transport. */
  retries: number;
  /** Skip UDP. */
  tcp?: boolean;
  signal?: AbortSignal;
}

export interface ExchangeRequest extends ExchangeOptions {
  query: DnsQuery;
}

/** An exchange's result; by default its answer is decoded by dns-packet. */
export type ExchangeResult<R = DecodedResponse> = AnyExchangeResult<R>;

type Attempt = typeof udpAttempt;

/**
 * Sends one query message and reads its answer: the seam where a run's DNS
 * messages are recorded (--save-evidence) or served again from a file (analyze).
 */
export type MessageExchange = <R extends { tc: boolean }>(request: ExchangeOptions, query: AttemptQuery<R>) => Promise<ExchangeResult<R>>;

/** A query of the evidence, its answer decoded by dns-packet. */
export function exchange(request: ExchangeRequest, transport: MessageExchange = exchangeMessage): Promise<ExchangeResult> {
  return transport(request, { bytes: request.query.bytes, check: (message) => checkResponse(request.query, message) });
}

/** Any query message, its answer read by `query.check`. */
export async function exchangeMessage<R extends { tc: boolean }>(request: ExchangeOptions, query: AttemptQuery<R>): Promise<ExchangeResult<R>> {
  const started = performance.now();
  const done = (result: Omit<ExchangeResult<R>, 'elapsedMs'>): ExchangeResult<R> => ({
    ...result,
    elapsedMs: Math.round(performance.now() - started),
  });
  let attempts = 0;
  let truncated = false;
  if (!request.tcp) {
    const udp = await withRetries(udpAttempt, request, query);
    attempts += udp.attempts;
    if (udp.result.kind !== 'response') return done(failure(udp, 'UDP', request, attempts));
    if (!udp.result.response.tc) return done(answer(udp.result.response, 'udp', attempts));
    truncated = true;
  }
  const tcp = await withRetries(tcpAttempt, request, query);
  attempts += tcp.attempts;
  if (tcp.result.kind === 'response') return done(answer(tcp.result.response, 'tcp', attempts));
  const result = failure(tcp, 'TCP', request, attempts);
  // A truncated answer is incomplete evidence: without TCP the question stays unanswered.
  if (truncated && result.error) result.error = `UDP answer truncated, TCP fallback failed: ${result.error}`;
  return done(result);
}

interface Retried<R> {
  /** The last attempt's result. */
  result: AttemptResult<R>;
  /** Attempts made over this transport. */
  attempts: number;
  /** Of those, how many timed out, and the unrelated messages seen over all of them. */
  timeouts: number;
  ignored: IgnoredMessages;
}

async function withRetries<R>(attempt: Attempt, request: ExchangeOptions, query: AttemptQuery<R>): Promise<Retried<R>> {
  const seen: Retried<R> = { result: { kind: 'cancelled' }, attempts: 0, timeouts: 0, ignored: noneIgnored() };
  for (;;) {
    if (request.signal?.aborted) return { ...seen, result: { kind: 'cancelled' } };
    seen.attempts++;
    const result = await attempt(request.server, query, request.timeoutMs, request.signal).catch(
      (error: unknown): AttemptResult<R> => ({ kind: 'network-error', error: describeError(error) }),
    );
    seen.result = result;
    if (result.kind === 'timeout') seen.timeouts++;
    const ignored = result.kind === 'timeout' || result.kind === 'cancelled' ? result.ignored : undefined;
    if (ignored?.count) {
      seen.ignored.count += ignored.count;
      seen.ignored.lastReason = ignored.lastReason;
    }
    // Timeouts and network errors may be passing; a malformed answer would only repeat itself.
    const retryable = result.kind === 'timeout' || result.kind === 'network-error';
    if (!retryable || seen.attempts > request.retries) return seen;
  }
}

function answer<R>(response: R, transport: 'udp' | 'tcp', attempts: number) {
  return { outcome: 'answer' as const, error: null, response, transport, attempts };
}

function failure<R>(
  retried: Retried<R>,
  transport: 'UDP' | 'TCP',
  request: ExchangeOptions,
  attempts: number,
): Omit<ExchangeResult<R>, 'elapsedMs'> {
  const result = retried.result as Exclude<AttemptResult<R>, { kind: 'response' }>;
  const server = formatResolverAddress(request.server);
  const ms = Math.round(request.timeoutMs);
  const tries = `${retried.attempts} attempt${retried.attempts === 1 ? '' : 's'} over ${transport}`;
  const { count, lastReason } = retried.ignored;
  const noise = count ? `; ignored ${count} unrelated message${count === 1 ? '' : 's'} (last: ${lastReason})` : '';
  const base = { response: null, transport: null, attempts };
  switch (result.kind) {
    case 'timeout': {
      const error = `no answer from ${server} within ${ms} ms (${tries})${noise}`;
      return { ...base, outcome: 'timeout', error };
    }
    case 'network-error':
      return { ...base, outcome: 'network-error', error: `${server}: ${result.error} (${tries})` };
    case 'malformed':
      return { ...base, outcome: 'malformed', error: `${server}: ${result.error}` };
    case 'cancelled': {
      // Say what the time was spent on, not only that it ran out.
      const t = retried.timeouts;
      const earlier = t ? `; ${t} timed out after ${ms} ms${t === 1 ? '' : ' each'}` : '';
      const error = `no answer from ${server} before the check was cut short (${tries})${earlier}${noise}`;
      return { ...base, outcome: 'cancelled', error };
    }
  }
}
