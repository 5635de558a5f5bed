// What one SMTP/STARTTLS session with one address produced. Plain data only:
// the certificate chain is kept as DER (base64) for the verdict layer to parse.

/** Where a session was when it ended; the stage of a failure names the step that failed. */
export type SmtpStage = 'connect' | 'banner' | 'ehlo' | 'starttls' | 'tls' | 'ehlo-tls' | 'quit' | 'done';

export type SmtpFailureKind =
  | 'refused' // connection refused / reset before banner
  | 'local-network' // this host cannot reach the address at all: no route, no address of its family (ENETUNREACH, EADDRNOTAVAIL, EAFNOSUPPORT)
  | 'temporary' // a 4xx reply at the greeting, EHLO or STARTTLS: the server said "try again later"
  | 'timeout' // the stage's own deadline passed
  | 'cancelled' // the whole run's deadline passed
  | 'closed' // peer closed the connection
  | 'rejected' // the peer answered with a 4xx/5xx reply
  | 'not-offered' // STARTTLS missing from the EHLO reply
  | 'protocol' // garbage, a reply too long, an unexpected reply
  | 'tls' // TLS handshake failed
  | 'network'; // any other socket error

/**
 * The certificate key algorithms a session can ask for (RFC 8446 §4.2.3 signature
 * algorithms, RFC 5246/8422 cipher suites): a server holding several certificates
 * shows each to a client that offers only its algorithm.
 */
export const KEY_ALGORITHMS = ['rsa', 'ecdsa', 'ed25519'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export interface SmtpReply {
  code: number;
  lines: string[];
}

export interface TlsDetails {
  /** 'TLSv1.3', 'TLSv1.2', ... */
  protocol: string;
  /** IANA name, e.g. 'TLS_AES_256_GCM_SHA384'. */
  cipher: string;
  /** Key exchange group (openssl's "Server Temp Key"), e.g. { name: 'X25519', size: 253 }. */
  group: { name: string; size: number } | null;
  /**
   * Signature algorithms both sides support, in OpenSSL's order (node's getSharedSigalgs).
   * On a client this is empty unless the server sent a CertificateRequest, and then it
   * lists what the client may sign with, as 'ECDSA+SHA256'; see signatureScheme.
   */
  sharedSigalgs: string[];
  /**
   * The scheme the server signed the handshake with, IANA name ('ecdsa_secp256r1_sha256',
   * 'rsa_pss_rsae_sha256', ...), read from TLS 1.3 CertificateVerify or TLS 1.2
   * ServerKeyExchange. Null when there is none (RSA key exchange, TLS 1.0/1.1) or it
   * could not be read; absent in evidence from other sources.
   */
  signatureScheme?: string | null;
  /** The chain as the server sent it, leaf first, each certificate DER in base64. */
  chain: string[];
  /**
   * How `chain` was read. 'handshake': from the server's Certificate message, exactly
   * as sent. 'peer-certificate': fallback to node's getPeerCertificate(true) issuer walk
   * (issuer order, stray certificates dropped, see probe/smtp/peer-chain.ts).
   * Absent means 'handshake'.
   */
  chainSource?: 'handshake' | 'peer-certificate';
  /** True when the server sent more certificates than the probe keeps (20); `chain` holds the first ones. */
  chainTruncated?: boolean;
}

export interface SmtpEvidence {
  address: string;
  family: 4 | 6;
  port: number;
  /** Server name sent in the TLS ClientHello (the TLSA base domain). */
  sni: string;
  /** The last stage reached; 'done' when the session finished with QUIT. */
  stage: SmtpStage;
  /** Null on success; otherwise what went wrong at `stage`. */
  failure: {
    kind: SmtpFailureKind;
    message: string;
    reply: SmtpReply | null;
    /** The TLS alert the server sent when the handshake failed (RFC 8446 §6: 40 handshake_failure, ...); absent when none was read. */
    alert?: number;
  } | null;
  banner: SmtpReply | null;
  /** EHLO reply before STARTTLS. Only used to see whether STARTTLS is offered (RFC 3207 §6). */
  ehlo: SmtpReply | null;
  starttlsOffered: boolean;
  tls: TlsDetails | null;
  /** EHLO reply inside TLS: the only capabilities that count. */
  ehloTls: SmtpReply | null;
  elapsedMs: number;
  /** Sessions behind this evidence: 2 when a temporary refusal was tried again (probe-address.ts). Absent means 1. */
  attempts?: number;
  /**
   * The one key algorithm this session asked for (signature algorithms and TLS 1.2 cipher
   * suites of that algorithm only; it ends with QUIT right after the handshake). Absent:
   * every algorithm was offered, as a default sender does.
   */
  keyAlgorithm?: KeyAlgorithm;
  /**
   * The sessions that asked for each key algorithm this session's certificate was not of
   * (probe/key-algorithm-sessions.ts). Absent when none were made: DANE did not apply,
   * or this session did not get as far as a certificate.
   */
  byKeyAlgorithm?: SmtpEvidence[];
}
