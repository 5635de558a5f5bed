// Shared bits of the SMTP probe tests: requests, throwaway servers, leak checks.
import net from 'node:net';
import type { SmtpProbeRequest } from '../../../src/ports.ts';
import type { SmtpEvidence } from '../../../src/evidence/smtp.ts';
import { createSmtpConnector, type SmtpLimits } from '../../../src/probe/smtp/session.ts';
import { startFixtureServer, type FixtureScript, type FixtureServer } from '../../support/smtp-fixture-server.ts';
import { testPki } from '../../support/pki.ts';

export function request(port: number, overrides: Partial<SmtpProbeRequest> = {}): SmtpProbeRequest {
  return { address: '127.0.0.1', port, sni: 'mx.example.test', helo: 'probe.example.test', stageTimeoutMs: 2000, ...overrides };
}

/** Default TLS for fixtures: leaf + intermediate, no root (what a well-configured MTA sends). */
export async function defaultTls(): Promise<NonNullable<FixtureScript['tls']>> {
  const pki = await testPki();
  return { cert: pki.leaf.pem + pki.intermediate.pem, key: pki.leaf.keyPem };
}

/** Starts a fixture, runs one probe against it, and closes it again. */
export async function probeFixture(
  script: FixtureScript,
  overrides: Partial<SmtpProbeRequest> = {},
  limits: Partial<SmtpLimits> = {},
): Promise<{ evidence: SmtpEvidence; server: FixtureServer }> {
  const server = await startFixtureServer({ tls: await defaultTls(), ...script }, overrides.address ?? '127.0.0.1');
  try {
    const evidence = await createSmtpConnector(limits).probe(request(server.port, overrides));
    // The probe must have let go of the connection by the time it returns.
    await Promise.all(server.connections.map((c) => c.closed));
    return { evidence, server };
  } finally {
    await server.close();
  }
}

/** A port on which nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A bare TCP server whose behaviour the test writes by hand. */
export async function rawServer(onConnection: (socket: net.Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sockets and timers alive now, by kind. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
