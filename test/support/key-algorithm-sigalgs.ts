// The TLS signature schemes that ask a server for its certificate of one key
// algorithm: TLS 1.3 (and 1.2 with the extension) picks the certificate by them,
// and a server that holds none of that algorithm fails the handshake. Written
// out here, not taken from src/, so the cross-checks that use them (openssl
// s_client -sigalgs, posttls-finger) stay independent of the product.
export type KeyAlgorithm = 'rsa' | 'ecdsa' | 'ed25519';

export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['rsa', 'ecdsa', 'ed25519'];

export const SIGALGS: Record<KeyAlgorithm, string> = {
  rsa: 'rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pkcs1_sha256:rsa_pkcs1_sha384',
  ecdsa: 'ecdsa_secp256r1_sha256:ecdsa_secp384r1_sha384',
  ed25519: 'ed25519',
};
