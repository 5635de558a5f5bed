// Sends one validator question and returns the whole response: UDP with
// retries, TCP when the answer is truncated (RFC 7766 §5). Like
// probe/dns/transport.ts, but keeps every section, which signatures need.
// Never throws: failures are outcomes.
import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';
import { describeError } from '../dns/attempt.ts';
import type { DnsTransportOutcome } from '../dns/evidence.ts';
import { type ResolverAddress, formatResolverAddress } from '../dns/resolver-address.ts';
import { MAX_TCP_BYTES } from '../dns/tcp-exchange.ts';
import type { ReadMessage } from './message-reader.ts';
import { type RawQuery, checkRawResponse } from './raw-query.ts';

export interface RawExchangeRequest {
  server: ResolverAddress;
  query: RawQuery;
  timeoutMs: number;
  retries: number;
  signal?: AbortSignal;
}

export interface RawExchangeResult {
  outcome: DnsTransportOutcome;
  error: string | null;
  message: ReadMessage | null;
  transport: 'udp' | 'tcp' | null;
  attempts: number;
  elapsedMs: number;
}

type Attempt =
  | { kind: 'response'; message: ReadMessage }
  | { kind: 'timeout' }
  | { kind: 'network-error'; error: string }
  | { kind: 'malformed'; error: string }
  | { kind: 'cancelled' };

type AttemptFn = (server: ResolverAddress, query: RawQuery, timeoutMs: number, signal?: AbortSignal) => Promise<Attempt>;

function settleOnce(resolve: (a: Attempt) => void, cleanup: () => void) {
  let settled = false;
  return (attempt: Attempt) => {
    if (settled) return;
    settled = true;
    cleanup();
    resolve(attempt);
  };
}

const udpAttempt: AttemptFn = (server, query, timeoutMs, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve({ kind: 'cancelled' });
    const socket = createSocket(isIPv6(server.address) ? 'udp6' : 'udp4');
    const onAbort = () => finish({ kind: 'cancelled' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    const finish = settleOnce(resolve, () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      try {
        socket.close();
      } catch {
        // already closed after an error
      }
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (error) => finish({ kind: 'network-error', error: describeError(error) }));
    socket.on('message', (bytes) => {
      const check = checkRawResponse(query, bytes);
      if (check.kind === 'malformed') finish({ kind: 'malformed', error: check.reason });
      else if (check.kind === 'response') finish({ kind: 'response', message: check.message });
    });
    socket.connect(server.port, server.address, () => {
      socket.send(query.bytes, (error) => {
        if (error) finish({ kind: 'network-error', error: describeError(error) });
      });
    });
  });

const tcpAttempt: AttemptFn = (server, query, timeoutMs, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve({ kind: 'cancelled' });
    const socket = connect({ host: server.address, port: server.port });
    const onAbort = () => finish({ kind: 'cancelled' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    const finish = settleOnce(resolve, () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    let pending = Buffer.alloc(0);
    let received = 0;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(query.bytes.length);
      socket.write(Buffer.concat([prefix, query.bytes]));
    });
    socket.on('error', (error) => finish({ kind: 'network-error', error: describeError(error) }));
    socket.on('close', () => finish({ kind: 'network-error', error: 'connection closed before a complete response arrived' }));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_TCP_BYTES) return finish({ kind: 'malformed', error: `more than ${MAX_TCP_BYTES} bytes without an answer` });
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const check = checkRawResponse(query, pending.subarray(2, 2 + length));
        pending = pending.subarray(2 + length);
        if (check.kind === 'malformed') return finish({ kind: 'malformed', error: check.reason });
        if (check.kind === 'response') return finish({ kind: 'response', message: check.message });
      }
    });
  });

async function withRetries(attempt: AttemptFn, request: RawExchangeRequest): Promise<{ result: Attempt; attempts: number }> {
  let attempts = 0;
  for (;;) {
    if (request.signal?.aborted) return { result: { kind: 'cancelled' }, attempts };
    attempts++;
    const result = await attempt(request.server, request.query, request.timeoutMs, request.signal);
    const retryable = result.kind === 'timeout' || result.kind === 'network-error';
    if (!retryable || attempts > request.retries) return { result, attempts };
  }
}

export async function rawExchange(request: RawExchangeRequest): Promise<RawExchangeResult> {
  const started = performance.now();
  const server = formatResolverAddress(request.server);
  let attempts = 0;
  const done = (r: Omit<RawExchangeResult, 'elapsedMs' | 'attempts'>): RawExchangeResult => ({
    ...r,
    attempts,
    elapsedMs: Math.round(performance.now() - started),
  });
  const failed = (result: Exclude<Attempt, { kind: 'response' }>, transport: string) => {
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'} over ${transport}`;
    switch (result.kind) {
      case 'timeout':
        return done({ outcome: 'timeout', error: `no answer from ${server} within ${request.timeoutMs} ms (${tries})`, message: null, transport: null });
      case 'network-error':
        return done({ outcome: 'network-error', error: `${server}: ${result.error} (${tries})`, message: null, transport: null });
      case 'malformed':
        return done({ outcome: 'malformed', error: `${server}: ${result.error}`, message: null, transport: null });
      case 'cancelled':
        return done({ outcome: 'cancelled', error: "the caller's signal aborted the question", message: null, transport: null });
    }
  };
  const udp = await withRetries(udpAttempt, request);
  attempts += udp.attempts;
  if (udp.result.kind !== 'response') return failed(udp.result, 'UDP');
  if (!udp.result.message.tc) return done({ outcome: 'answer', error: null, message: udp.result.message, transport: 'udp' });
  const tcp = await withRetries(tcpAttempt, request);
  attempts += tcp.attempts;
  if (tcp.result.kind !== 'response') return failed(tcp.result, 'TCP (after a truncated UDP answer)');
  return done({ outcome: 'answer', error: null, message: tcp.result.message, transport: 'tcp' });
}
