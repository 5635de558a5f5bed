// Gets one answer to one query: UDP with retries, TCP when the UDP answer is
// truncated (RFC 7766 §5) or when TCP is asked for. Never throws: every failure
// becomes an outcome.
import type { DnsTransportOutcome } from './evidence.ts';
import { type ResolverAddress, formatResolverAddress } from './resolver-address.ts';
import { type AttemptResult, type IgnoredMessages, describeError, noneIgnored } from './attempt.ts';
import { udpAttempt } from './udp-exchange.ts';
import { tcpAttempt } from './tcp-exchange.ts';
import type { DecodedResponse, DnsQuery } from './wire.ts';

export interface ExchangeRequest {
  server: ResolverAddress;
  query: DnsQuery;
  /** Per attempt. */
  timeoutMs: number;
  /** Further attempts after a timeout or network error, per transport. */
  retries: number;
  /** Skip UDP. */
  tcp?: boolean;
  signal?: AbortSignal;
}

export interface ExchangeResult {
  outcome: DnsTransportOutcome;
  error: string | null;
  response: DecodedResponse | null;
  transport: 'udp' | 'tcp' | null;
  /** Messages sent, over both transports. */
  attempts: number;
  elapsedMs: number;
}

type Attempt = typeof udpAttempt;

export async function exchange(request: ExchangeRequest): Promise<ExchangeResult> {
  const started = performance.now();
  const done = (result: Omit<ExchangeResult, 'elapsedMs'>): ExchangeResult => ({
    ...result,
    elapsedMs: Math.round(performance.now() - started),
  });
  let attempts = 0;
  let truncated = false;
  if (!request.tcp) {
    const udp = await withRetries(udpAttempt, request);
    attempts += udp.attempts;
    if (udp.result.kind !== 'response') return done(failure(udp, 'UDP', request, attempts));
    if (!udp.result.response.tc) return done(answer(udp.result.response, 'udp', attempts));
    truncated = true;
  }
  const tcp = await withRetries(tcpAttempt, request);
  attempts += tcp.attempts;
  if (tcp.result.kind === 'response') return done(answer(tcp.result.response, 'tcp', attempts));
  const result = failure(tcp, 'TCP', request, attempts);
  // A truncated answer is incomplete evidence: without TCP the question stays unanswered.
  if (truncated && result.error) result.error = `UDP answer truncated, TCP fallback failed: ${result.error}`;
  return done(result);
}

interface Retried {
  /** The last attempt's result. */
  result: AttemptResult;
  /** Attempts made over this transport. */
  attempts: number;
  /** Of those, how many timed out, and the unrelated messages seen over all of them. */
  timeouts: number;
  ignored: IgnoredMessages;
}

async function withRetries(attempt: Attempt, request: ExchangeRequest): Promise<Retried> {
  const seen: Retried = { result: { kind: 'cancelled' }, attempts: 0, timeouts: 0, ignored: noneIgnored() };
  for (;;) {
    if (request.signal?.aborted) return { ...seen, result: { kind: 'cancelled' } };
    seen.attempts++;
    const result = await attempt(request.server, request.query, request.timeoutMs, request.signal).catch(
      (error: unknown): AttemptResult => ({ kind: 'network-error', error: describeError(error) }),
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

function answer(response: DecodedResponse, transport: 'udp' | 'tcp', attempts: number) {
  return { outcome: 'answer' as const, error: null, response, transport, attempts };
}

function failure(
  retried: Retried,
  transport: 'UDP' | 'TCP',
  request: ExchangeRequest,
  attempts: number,
): Omit<ExchangeResult, 'elapsedMs'> {
  const result = retried.result as Exclude<AttemptResult, { kind: 'response' }>;
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
