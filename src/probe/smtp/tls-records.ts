// The TLS record layer, read back from captured bytes (RFC 5246 §6.2, RFC 8446
// §5). Pure. TLS 1.3 records are opened with the server handshake traffic secret
// that node hands out through the 'keylog' event.
import { createDecipheriv, createHmac } from 'node:crypto';

export interface TlsRecord {
  type: number;
  header: Buffer;
  body: Buffer;
}

export class MalformedHandshake extends Error {}

export const RECORD = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;
const MAX_RECORD = 16384 + 2048; // RFC 5246 §6.2.3, the largest any version allows

/** Complete records in order; a record cut off at the end of the capture is not returned. */
export function* records(bytes: Buffer): Generator<TlsRecord> {
  let at = 0;
  while (at + 5 <= bytes.length) {
    const length = bytes.readUInt16BE(at + 3);
    if (length > MAX_RECORD) throw new MalformedHandshake(`TLS record of ${length} bytes`);
    if (at + 5 + length > bytes.length) return;
    yield { type: bytes[at]!, header: bytes.subarray(at, at + 5), body: bytes.subarray(at + 5, at + 5 + length) };
    at += 5 + length;
  }
}

// RFC 8446 Appendix B.4: the suites node offers.
const TLS13_SUITES: Record<string, { aead: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305'; keyLength: number; hash: string }> = {
  TLS_AES_128_GCM_SHA256: { aead: 'aes-128-gcm', keyLength: 16, hash: 'sha256' },
  TLS_AES_256_GCM_SHA384: { aead: 'aes-256-gcm', keyLength: 32, hash: 'sha384' },
  TLS_CHACHA20_POLY1305_SHA256: { aead: 'chacha20-poly1305', keyLength: 32, hash: 'sha256' },
};

/** Opens the server's encrypted handshake records in order (RFC 8446 §5.2, §5.3, §7.3). */
export class Tls13RecordOpener {
  readonly #aead: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
  readonly #key: Buffer;
  readonly #iv: Buffer;
  #sequence = 0n;

  constructor(cipher: string, secret: Buffer) {
    const suite = TLS13_SUITES[cipher];
    if (!suite) throw new MalformedHandshake(`cannot decrypt cipher suite ${cipher}`);
    this.#aead = suite.aead;
    this.#key = expandLabel(suite.hash, secret, 'key', suite.keyLength);
    this.#iv = expandLabel(suite.hash, secret, 'iv', 12);
  }

  /** The inner content type is the last non-zero byte of the plaintext. */
  open(record: TlsRecord): { type: number; content: Buffer } {
    if (record.body.length < 17) throw new MalformedHandshake('encrypted record too short');
    const tagAt = record.body.length - 16;
    // One overload per AEAD family in @types/node; GCM's has the same shape as ChaCha20-Poly1305's.
    const decipher = createDecipheriv(this.#aead as 'aes-128-gcm', this.#key, this.#nonce(), { authTagLength: 16 });
    decipher.setAAD(record.header);
    decipher.setAuthTag(record.body.subarray(tagAt));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(record.body.subarray(0, tagAt)), decipher.final()]);
    } catch {
      throw new MalformedHandshake('a handshake record did not decrypt');
    }
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    if (end === 0) throw new MalformedHandshake('encrypted record without a content type');
    return { type: plain[end - 1]!, content: plain.subarray(0, end - 1) };
  }

  /** The iv XOR the 64-bit record sequence number. */
  #nonce(): Buffer {
    const nonce = Buffer.from(this.#iv);
    const sequence = Buffer.alloc(8);
    sequence.writeBigUInt64BE(this.#sequence++);
    for (let i = 0; i < 8; i++) nonce[4 + i]! ^= sequence[i]!;
    return nonce;
  }
}

/** HKDF-Expand-Label (RFC 8446 §7.1); one HMAC block covers every key and iv length used here. */
function expandLabel(hash: string, secret: Buffer, label: string, length: number): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`, 'ascii');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, fullLabel.length]), fullLabel, Buffer.from([0])]);
  return createHmac(hash, secret).update(info).update(Buffer.from([1])).digest().subarray(0, length);
}

/**
 * The description of the first alert the server sent in clear (RFC 8446 §6, RFC 5246 §7.2):
 * a server that refuses the ClientHello says why before anything is encrypted. Undefined
 * when the capture holds none (or does not parse that far).
 */
export function clearAlert(bytes: Buffer): number | undefined {
  try {
    for (const record of records(bytes)) {
      if (record.type === RECORD.alert && record.body.length >= 2) return record.body[1]!;
      // Past the ServerHello (TLS 1.3) alerts are encrypted: only the records before it count.
      if (record.type === RECORD.applicationData) return undefined;
    }
  } catch {
    // A garbled capture tells nothing about an alert.
  }
  return undefined;
}
