// Reads the server's handshake messages back from the bytes it sent, for what
// node cannot tell a client:
//  - the certificate chain exactly as sent: order, strays and duplicates kept,
//    nothing added (node's getPeerCertificate(true) re-orders and adds: peer-chain.ts);
//  - the signature scheme the server signed with (node's getSharedSigalgs() is
//    empty on a client unless the server asks for a client certificate).
// TLS ≤ 1.2 sends these in clear (RFC 5246 §7.4); TLS 1.3 encrypts them under the
// server handshake traffic secret (RFC 8446 §4.4), and we decrypt only that far. Pure.
import { MalformedHandshake, RECORD, Tls13RecordOpener, records } from './tls-records.ts';

export interface ServerHandshake {
  /** What the server sent from its first TLS byte on (captured by HandshakeTap). */
  bytes: Buffer;
  /** Negotiated protocol as tlsSocket.getProtocol() says it: 'TLSv1.3', 'TLSv1.2', ... */
  protocol: string;
  /** IANA name of the negotiated cipher suite. */
  cipher: string;
  /** TLS 1.3 SERVER_HANDSHAKE_TRAFFIC_SECRET from the keylog; null otherwise. */
  serverHandshakeSecret: Buffer | null;
}

export interface ServerHandshakeFacts {
  /** DER certificates in the order sent, leaf first; null when the message was not found. */
  certificates: Buffer[] | null;
  /** IANA TLS SignatureScheme name, e.g. 'ecdsa_secp256r1_sha256'; null when none was read. */
  signatureScheme: string | null;
  /** Why something could not be read, if so. */
  problem: string | null;
}

const MESSAGE = {
  certificate: 11,
  serverKeyExchange: 12,
  serverHelloDone: 14,
  certificateVerify: 15,
  finished: 20,
} as const;

export function readServerHandshake(handshake: ServerHandshake): ServerHandshakeFacts {
  const tls13 = handshake.protocol === 'TLSv1.3';
  const facts: ServerHandshakeFacts = { certificates: null, signatureScheme: null, problem: null };
  try {
    for (const { type, body } of tls13 ? encryptedMessages(handshake) : clearMessages(handshake.bytes)) {
      if (type === MESSAGE.certificate) {
        facts.certificates = certificateList(body, tls13);
      } else if (type === MESSAGE.certificateVerify && tls13) {
        facts.signatureScheme = schemeName(new Reader(body).uint(2));
        break;
      } else if (type === MESSAGE.serverKeyExchange && handshake.protocol === 'TLSv1.2') {
        facts.signatureScheme = serverKeyExchangeScheme(body, handshake.cipher);
        break;
      } else if (type === MESSAGE.serverHelloDone || type === MESSAGE.finished) {
        break;
      }
    }
    if (!facts.certificates) facts.problem = 'no Certificate message in the captured handshake';
  } catch (error) {
    facts.problem = error instanceof Error ? error.message : String(error);
  }
  return facts;
}

interface HandshakeMessage {
  type: number;
  body: Buffer;
}

/** TLS ≤ 1.2: handshake records in clear until the server's ChangeCipherSpec. */
function* clearMessages(bytes: Buffer): Generator<HandshakeMessage> {
  const messages = new MessageAssembler();
  for (const record of records(bytes)) {
    if (record.type === RECORD.changeCipherSpec) return;
    if (record.type === RECORD.handshake) yield* messages.add(record.body);
  }
}

/** TLS 1.3: skip the clear ServerHello (and HelloRetryRequest, CCS); open the encrypted records. */
function* encryptedMessages(handshake: ServerHandshake): Generator<HandshakeMessage> {
  if (!handshake.serverHandshakeSecret) throw new MalformedHandshake('no server handshake traffic secret from the keylog');
  const opener = new Tls13RecordOpener(handshake.cipher, handshake.serverHandshakeSecret);
  const messages = new MessageAssembler();
  for (const record of records(handshake.bytes)) {
    if (record.type !== RECORD.applicationData) continue;
    const inner = opener.open(record);
    if (inner.type === RECORD.handshake) yield* messages.add(inner.content);
  }
}

/** Handshake messages may span records, and a record may hold several. */
class MessageAssembler {
  #buffer = Buffer.alloc(0);

  *add(fragment: Buffer): Generator<HandshakeMessage> {
    this.#buffer = Buffer.concat([this.#buffer, fragment]);
    while (this.#buffer.length >= 4) {
      const length = this.#buffer.readUIntBE(1, 3);
      if (this.#buffer.length < 4 + length) return;
      const message = { type: this.#buffer[0]!, body: this.#buffer.subarray(4, 4 + length) };
      this.#buffer = this.#buffer.subarray(4 + length);
      yield message;
    }
  }
}

/** certificate_list of RFC 5246 §7.4.2 or, for TLS 1.3, RFC 8446 §4.4.2 (context, per-entry extensions). */
function certificateList(body: Buffer, tls13: boolean): Buffer[] {
  const message = new Reader(body);
  if (tls13) message.bytes(message.uint(1)); // certificate_request_context
  const list = new Reader(message.bytes(message.uint(3)));
  const certificates: Buffer[] = [];
  while (!list.done()) {
    certificates.push(Buffer.from(list.bytes(list.uint(3))));
    if (tls13) list.bytes(list.uint(2)); // OCSP/SCT extensions: not kept
  }
  if (certificates.length === 0) throw new MalformedHandshake('the server sent an empty certificate list');
  return certificates;
}

/** TLS 1.2 ServerKeyExchange: the parameters, then SignatureAndHashAlgorithm (RFC 5246 §7.4.3, RFC 8422 §5.4). */
function serverKeyExchangeScheme(body: Buffer, cipher: string): string | null {
  const message = new Reader(body);
  if (cipher.startsWith('TLS_ECDHE_')) {
    if (message.uint(1) !== 3) return null; // only named curves exist in practice
    message.uint(2); // the curve
    message.bytes(message.uint(1)); // the public point
  } else if (cipher.startsWith('TLS_DHE_')) {
    for (let i = 0; i < 3; i++) message.bytes(message.uint(2)); // p, g, Ys
  } else {
    return null; // no signed parameters (PSK, ...)
  }
  return schemeName(message.uint(2));
}

// IANA TLS SignatureScheme registry; TLS 1.2 hash/signature pairs share the code points.
const SCHEMES: Record<number, string> = {
  0x0201: 'rsa_pkcs1_sha1',
  0x0203: 'ecdsa_sha1',
  0x0401: 'rsa_pkcs1_sha256',
  0x0403: 'ecdsa_secp256r1_sha256',
  0x0501: 'rsa_pkcs1_sha384',
  0x0503: 'ecdsa_secp384r1_sha384',
  0x0601: 'rsa_pkcs1_sha512',
  0x0603: 'ecdsa_secp521r1_sha512',
  0x0804: 'rsa_pss_rsae_sha256',
  0x0805: 'rsa_pss_rsae_sha384',
  0x0806: 'rsa_pss_rsae_sha512',
  0x0807: 'ed25519',
  0x0808: 'ed448',
  0x0809: 'rsa_pss_pss_sha256',
  0x080a: 'rsa_pss_pss_sha384',
  0x080b: 'rsa_pss_pss_sha512',
  0x081a: 'ecdsa_brainpoolP256r1tls13_sha256',
  0x081b: 'ecdsa_brainpoolP384r1tls13_sha384',
  0x081c: 'ecdsa_brainpoolP512r1tls13_sha512',
};

function schemeName(code: number): string {
  return SCHEMES[code] ?? `0x${code.toString(16).padStart(4, '0')}`;
}

class Reader {
  #at = 0;
  constructor(private readonly buffer: Buffer) {}

  uint(size: 1 | 2 | 3): number {
    return this.bytes(size).readUIntBE(0, size);
  }

  bytes(length: number): Buffer {
    if (this.#at + length > this.buffer.length) throw new MalformedHandshake('truncated handshake message');
    const out = this.buffer.subarray(this.#at, this.#at + length);
    this.#at += length;
    return out;
  }

  done(): boolean {
    return this.#at === this.buffer.length;
  }
}
