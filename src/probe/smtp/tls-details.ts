// What the handshake produced, read off the TLS socket once it is up.
import type { TLSSocket } from 'node:tls';
import type { TlsDetails } from '../../evidence/smtp.ts';
import { chainFromPeerCertificate } from './peer-chain.ts';
import { readServerHandshake } from './server-handshake.ts';

export interface HandshakeCapture {
  /** What the server sent from its first TLS byte on. */
  bytes: Buffer;
  /** TLS 1.3 SERVER_HANDSHAKE_TRAFFIC_SECRET from the 'keylog' event, if seen. */
  serverHandshakeSecret: Buffer | null;
}

export function describeTls(socket: TLSSocket, capture: HandshakeCapture, maxCertificates: number): TlsDetails {
  const protocol = socket.getProtocol() ?? 'unknown';
  const cipher = socket.getCipher()?.standardName ?? 'unknown';
  const handshake = readServerHandshake({ ...capture, protocol, cipher });
  const sent = handshake.certificates ?? chainFromPeerCertificate(socket);
  return {
    protocol,
    cipher,
    group: keyExchangeGroup(socket),
    sharedSigalgs: socket.getSharedSigalgs() ?? [],
    signatureScheme: handshake.signatureScheme,
    chain: sent.slice(0, maxCertificates).map((der) => der.toString('base64')),
    chainSource: handshake.certificates ? 'handshake' : 'peer-certificate',
    chainTruncated: sent.length > maxCertificates,
  };
}

/** openssl's "Server Temp Key": { type: 'ECDH', name: 'X25519', size: 253 } or { type: 'DH', size: 2048 }. */
function keyExchangeGroup(socket: TLSSocket): TlsDetails['group'] {
  const info = socket.getEphemeralKeyInfo() as { type?: string; name?: string; size?: number } | null;
  if (!info || typeof info.size !== 'number') return null; // {} for static RSA key exchange
  return { name: info.name ?? info.type ?? 'unknown', size: info.size };
}

/** Pulls the one secret we need out of NSS key-log lines ("LABEL client_random secret"). */
export function serverHandshakeSecret(line: Buffer): Buffer | null {
  const [label, , secret] = line.toString('latin1').trim().split(' ');
  return label === 'SERVER_HANDSHAKE_TRAFFIC_SECRET' && secret ? Buffer.from(secret, 'hex') : null;
}
