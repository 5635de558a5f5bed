// One query over TCP (RFC 1035 §4.2.2, RFC 7766): each message is preceded by a
// two-byte length. Used after a truncated UDP answer, or when asked to.
import { connect } from 'node:net';
import type { ResolverAddress } from '../../dns/resolver-address.ts';
import { type AttemptQuery, type AttemptResult, describeError, judgeMessage, noneIgnored } from './attempt.ts';

/**
 * Bytes read from one connection before giving up: one maximal message (64 KiB plus
 * its length prefix) and as much again for unrelated messages in front of it.
 */
export const MAX_TCP_BYTES = 2 * (0xffff + 2);

export function tcpAttempt<R>(
  server: ResolverAddress,
  query: AttemptQuery<R>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<AttemptResult<R>> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ kind: 'cancelled' });
    const socket = connect({ host: server.address, port: server.port });
    const ignored = noneIgnored();
    let pending = Buffer.alloc(0);
    let received = 0;
    let settled = false;
    const finish = (result: AttemptResult<R>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => finish({ kind: 'cancelled', ignored });
    const timer = setTimeout(() => finish({ kind: 'timeout', ignored }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    socket.setNoDelay(true);
    socket.on('connect', () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(query.bytes.length);
      socket.write(Buffer.concat([prefix, query.bytes]));
    });
    socket.on('error', (error) => finish({ kind: 'network-error', error: describeError(error) }));
    socket.on('close', () =>
      finish({ kind: 'network-error', error: 'connection closed before a complete response arrived' }),
    );
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_TCP_BYTES) {
        return finish({ kind: 'malformed', error: `more than ${MAX_TCP_BYTES} bytes without an answer` });
      }
      pending = Buffer.concat([pending, chunk]);
      while (!settled && pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const result = judgeMessage(query, message, ignored);
        if (result) finish(result);
      }
    });
  });
}
