// Does a certificate's signature verify with a given key? OpenSSL answers (X509_verify through
// node:crypto), as it would for an MTA.
import { createPublicKey } from 'node:crypto';
import type { ParsedCertificate } from './x509.ts';

/**
 * Whether the signature on `cert` verifies with `spki`, a SubjectPublicKeyInfo: the signature
 * only (RFC 5280 §6.1.3 (a)(1)), in a few hundred microseconds. A key OpenSSL cannot read, or
 * of another type than the signature's, does not verify.
 */
export function signatureVerifies(cert: ParsedCertificate, spki: Uint8Array): boolean {
  try {
    return cert.x509.verify(createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }));
  } catch {
    return false;
  }
}
