// Before starting daemons, make sure every address:port the lab needs can be bound,
// so a conflict is reported as "address in use" rather than as a daemon that
// silently failed to listen (or, worse, a foreign server answering the tests).
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export type BindResult = 'free' | 'in-use' | 'not-available' | 'denied';

function classify(error: NodeJS.ErrnoException): BindResult {
  if (error.code === 'EADDRINUSE') return 'in-use';
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') return 'not-available';
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'denied';
  throw error;
}

export function probeTcp(address: string, port: number): Promise<BindResult> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      try {
        resolve(classify(error));
      } catch (other) {
        reject(other);
      }
    });
    server.listen({ host: address, port, exclusive: true, ipv6Only: address.includes(':') }, () => {
      server.close(() => resolve('free'));
    });
  });
}

export function probeUdp(address: string, port: number): Promise<BindResult> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: address.includes(':') ? 'udp6' : 'udp4', ipv6Only: address.includes(':') });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      try {
        resolve(classify(error));
      } catch (other) {
        reject(other);
      }
    });
    socket.bind({ address, port, exclusive: true }, () => {
      socket.close(() => resolve('free'));
    });
  });
}

/** Throws a clear error unless every endpoint is free. */
export async function assertBindable(endpoints: { address: string; port: number; proto: 'tcp' | 'udp'; owner: string }[]): Promise<void> {
  const results = await Promise.all(
    endpoints.map(async (e) => ({ ...e, result: await (e.proto === 'tcp' ? probeTcp(e.address, e.port) : probeUdp(e.address, e.port)) })),
  );
  const bad = results.filter((r) => r.result !== 'free');
  if (bad.length === 0) return;
  const describe = (r: (typeof results)[number]): string => {
    const where = `${r.address.includes(':') ? `[${r.address}]` : r.address}:${r.port}/${r.proto} (${r.owner})`;
    if (r.result === 'in-use') return `address in use: ${where}`;
    if (r.result === 'denied') return `permission denied binding ${where}: the lab must run as root (ports 25 and 53)`;
    return `address not available: ${where}`;
  };
  throw new Error(`lab cannot start:\n  ${bad.map(describe).join('\n  ')}`);
}
