// A counting DNS forwarder for the DNS-economy figures: UDP and TCP on one
// ephemeral port of 127.0.0.1, every message passed byte for byte to the lab's
// validating resolver and its answer passed back unchanged (AD bit, EDE, TC and
// all). It records each question as it crosses the wire, so the checker's own
// count (`run.dns_queries`) can be held against an independent one, and each
// (name, type) can be proven to be asked once.
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import dnsPacket from 'dns-packet';

export interface WireQuery {
  transport: 'udp' | 'tcp';
  name: string;
  type: string;
  /** The resolver's UDP answer had TC set (the client should repeat it over TCP). */
  truncated: boolean;
}

export interface DnsCounter {
  /** "127.0.0.1:PORT", for --resolver / --nameserver. */
  address: string;
  queries: WireQuery[];
  reset(): void;
  close(): Promise<void>;
}

interface Upstream {
  host: string;
  port: number;
}

const UPSTREAM_TIMEOUT_MS = 5000;

function questionOf(message: Buffer): { name: string; type: string } | null {
  try {
    const q = dnsPacket.decode(message).questions?.[0];
    return q ? { name: q.name.toLowerCase().replace(/\.$/, ''), type: q.type } : null;
  } catch {
    return null;
  }
}

function isTruncated(answer: Buffer): boolean {
  return answer.length >= 4 && (answer[2]! & 0x02) !== 0;
}

function forwardUdp(message: Buffer, upstream: Upstream): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const done = (answer: Buffer | null): void => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => done(null), UPSTREAM_TIMEOUT_MS);
    socket.on('error', () => done(null));
    socket.on('message', (answer) => done(answer));
    socket.send(message, upstream.port, upstream.host);
  });
}

function forwardTcp(message: Buffer, upstream: Upstream): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: upstream.host, port: upstream.port });
    let pending = Buffer.alloc(0);
    const done = (answer: Buffer | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(null), UPSTREAM_TIMEOUT_MS);
    socket.on('error', () => done(null));
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) done(pending.subarray(2, 2 + pending.readUInt16BE(0)));
    });
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(message.length);
    socket.write(Buffer.concat([prefix, message]));
  });
}

export async function startDnsCounter(upstream: Upstream): Promise<DnsCounter> {
  const queries: WireQuery[] = [];
  const sockets = new Set<Socket>();

  const serveUdp = (udp: UdpSocket): void => {
    udp.on('message', (message: Buffer, peer: RemoteInfo) => {
      const q = questionOf(message);
      const record: WireQuery | null = q ? { transport: 'udp', ...q, truncated: false } : null;
      if (record) queries.push(record);
      void forwardUdp(message, upstream).then((answer) => {
        if (!answer) return;
        if (record) record.truncated = isTruncated(answer);
        udp.send(answer, peer.port, peer.address);
      });
    });
  };

  const serveTcp = (tcp: Server): void => {
    tcp.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
          const message = pending.subarray(2, 2 + pending.readUInt16BE(0));
          pending = pending.subarray(2 + message.length);
          const q = questionOf(message);
          if (q) queries.push({ transport: 'tcp', ...q, truncated: false });
          void forwardTcp(message, upstream).then((answer) => {
            if (!answer || socket.destroyed) return;
            const prefix = Buffer.alloc(2);
            prefix.writeUInt16BE(answer.length);
            socket.write(Buffer.concat([prefix, answer]));
          });
        }
      });
    });
  };

  // UDP picks the port; TCP must get the same one, which may be taken: retry.
  for (let tries = 0; ; tries++) {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => resolve());
    });
    const port = udp.address().port;
    const tcp = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, '127.0.0.1', () => resolve());
      });
    } catch (error) {
      udp.close();
      if (tries < 10) continue;
      throw error;
    }
    serveUdp(udp);
    serveTcp(tcp);
    return {
      address: `127.0.0.1:${port}`,
      queries,
      reset: () => void queries.splice(0),
      close: async () => {
        udp.close();
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => tcp.close(() => resolve()));
      },
    };
  }
}

/** Questions asked more than once, not counting the TCP repeat of a truncated UDP answer. */
export function repeatedQuestions(queries: readonly WireQuery[]): { name: string; type: string; times: number }[] {
  const counts = new Map<string, number>();
  for (const q of queries) {
    if (q.transport === 'tcp' && queries.some((u) => u.transport === 'udp' && u.truncated && u.name === q.name && u.type === q.type)) continue;
    const key = `${q.name} ${q.type}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, n]) => n > 1)
    .map(([key, times]) => {
      const [name, type] = key.split(' ') as [string, string];
      return { name, type, times };
    });
}

/** Questions by type, a truncated UDP query and its TCP repeat counted once. */
export function byType(queries: readonly WireQuery[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of queries) {
    if (q.transport === 'udp' || !queries.some((u) => u.transport === 'udp' && u.truncated && u.name === q.name && u.type === q.type)) {
      out[q.type] = (out[q.type] ?? 0) + 1;
    }
  }
  return out;
}
