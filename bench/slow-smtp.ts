// The fan-out fixture: one TCP listener per slow.test MX address (127.0.25.61-68,
// where no lab daemon listens). Each accepted session is piped to the lab's
// Postfix at 127.0.25.1:25 (which serves the leaf L1, so TLSA 3 1 1 L1 matches and
// the check verifies), but nothing the server sends reaches the client before
// `delayMs` after the accept: the banner arrives late, as from a busy or
// tarpitting MX. Sessions are counted per address: one check = one session per host.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface SlowSmtp {
  /** Sessions accepted so far, by listening address. */
  sessions(): Record<string, number>;
  total(): number;
  reset(): void;
  close(): Promise<void>;
}

export interface SlowSmtpOptions {
  addresses: readonly string[];
  port?: number;
  delayMs: number;
  upstream: { host: string; port: number };
}

export async function startSlowSmtp(options: SlowSmtpOptions): Promise<SlowSmtp> {
  const port = options.port ?? 25;
  const counts = new Map<string, number>(options.addresses.map((a) => [a, 0]));
  const open = new Set<Socket>();
  const servers: Server[] = [];

  const onSession = (address: string, client: Socket): void => {
    counts.set(address, (counts.get(address) ?? 0) + 1);
    const upstream = connect({ host: options.upstream.host, port: options.upstream.port });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined); // a reset is the end of the session, nothing more
    }
    const held: Buffer[] = [];
    let holding = true;
    upstream.on('data', (chunk: Buffer) => {
      if (holding) held.push(chunk);
      else client.write(chunk);
    });
    setTimeout(() => {
      holding = false;
      for (const chunk of held.splice(0)) client.write(chunk);
    }, options.delayMs);
    client.pipe(upstream);
    upstream.on('end', () => {
      // Flush what is held (a server that closed early) once the delay is over.
      const endClient = (): void => void client.end();
      if (holding) setTimeout(endClient, options.delayMs);
      else endClient();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (!holding) client.destroy();
    });
  };

  try {
    for (const address of options.addresses) {
      const server = createServer((socket) => onSession(address, socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) =>
          reject(new Error(`cannot listen on ${address}:${port} for the slow SMTP fixture: ${error.code ?? error.message}`)),
        );
        server.listen({ host: address, port, exclusive: true }, () => resolve());
      });
      servers.push(server);
    }
  } catch (error) {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    throw error;
  }

  return {
    sessions: () => Object.fromEntries(counts),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => {
      for (const a of counts.keys()) counts.set(a, 0);
    },
    close: async () => {
      for (const s of open) s.destroy();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}
