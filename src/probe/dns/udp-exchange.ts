// One query over UDP (RFC 1035 §4.2.1). The socket is connected, so the kernel
// drops datagrams from other addresses; datagrams from the resolver that do not
// answer our question are ignored and the wait goes on (RFC 5452 §9.1).
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { ResolverAddress } from '../../dns/resolver-address.ts';
import { type AttemptQuery, type AttemptResult, describeError, judgeMessage, noneIgnored } from './attempt.ts';

export function udpAttempt<R>(
  server: ResolverAddress,
  query: AttemptQuery<R>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<AttemptResult<R>> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ kind: 'cancelled' });
    const socket = createSocket(isIPv6(server.address) ? 'udp6' : 'udp4');
    const ignored = noneIgnored();
    let settled = false;
    const finish = (result: AttemptResult<R>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      try {
        socket.close();
      } catch {
        // already closed after an error
      }
      resolve(result);
    };
    const onAbort = () => finish({ kind: 'cancelled', ignored });
    const timer = setTimeout(() => finish({ kind: 'timeout', ignored }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    socket.on('error', (error) => finish({ kind: 'network-error', error: describeError(error) }));
    socket.on('message', (message) => {
      const result = judgeMessage(query, message, ignored);
      if (result) finish(result);
    });
    socket.connect(server.port, server.address, () => {
      socket.send(query.bytes, (error) => {
        if (error) finish({ kind: 'network-error', error: describeError(error) });
      });
    });
  });
}
