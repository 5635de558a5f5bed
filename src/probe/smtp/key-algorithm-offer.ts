// What a ClientHello offers to ask a server for a certificate of one key algorithm.
// A server picks its certificate by the client's signature algorithms (RFC 8446
// §4.2.3; TLS 1.2: RFC 5246 §7.4.1.4.1) and, up to TLS 1.2, by the cipher suite's
// authentication (RFC 8422 §5.1: ECDSA and EdDSA certificates go with ECDHE_ECDSA
// suites). A server without a certificate of that algorithm ends the handshake with
// a handshake_failure alert (RFC 8446 §4.1.1).
import tls from 'node:tls';
import type { KeyAlgorithm } from '../../evidence/smtp.ts';

export interface KeyAlgorithmOffer {
  /** OpenSSL's signature algorithm list (node's `sigalgs`). */
  sigalgs: string;
  /** The cipher suites left when the other authentication is taken out. */
  ciphers: string;
}

// @SECLEVEL=0 as for every session: the probe observes old servers too (session.ts).
const RSA_SUITES = `${tls.DEFAULT_CIPHERS}:!aECDSA:@SECLEVEL=0`;
const ECDSA_SUITES = `${tls.DEFAULT_CIPHERS}:!aRSA:@SECLEVEL=0`;

export const KEY_ALGORITHM_OFFERS: Readonly<Record<KeyAlgorithm, KeyAlgorithmOffer>> = {
  rsa: {
    sigalgs: [
      'rsa_pss_rsae_sha256',
      'rsa_pss_rsae_sha384',
      'rsa_pss_rsae_sha512',
      'rsa_pss_pss_sha256',
      'rsa_pss_pss_sha384',
      'rsa_pss_pss_sha512',
      'rsa_pkcs1_sha256',
      'rsa_pkcs1_sha384',
      'rsa_pkcs1_sha512',
      'RSA+SHA224',
      'RSA+SHA1',
    ].join(':'),
    ciphers: RSA_SUITES,
  },
  ecdsa: {
    sigalgs: ['ecdsa_secp256r1_sha256', 'ecdsa_secp384r1_sha384', 'ecdsa_secp521r1_sha512', 'ECDSA+SHA224', 'ECDSA+SHA1'].join(':'),
    ciphers: ECDSA_SUITES,
  },
  ed25519: { sigalgs: 'ed25519', ciphers: ECDSA_SUITES },
};
