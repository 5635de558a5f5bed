// Which of the key algorithms a session can ask for (evidence/smtp.ts) a certificate
// is of: the walk asks for the others, the verdict files each certificate under it.
import { X509Certificate } from 'node:crypto';
import type { KeyAlgorithm } from '../evidence/smtp.ts';

const BY_NODE_KEY_TYPE: Readonly<Record<string, KeyAlgorithm>> = {
  rsa: 'rsa',
  'rsa-pss': 'rsa', // asked for with the RSA signature algorithms too (rsa_pss_pss_*)
  ec: 'ecdsa',
  ed25519: 'ed25519',
};

/** The key algorithm of a DER certificate (base64); null when it is none of them or does not parse. */
export function keyAlgorithmOf(derBase64: string): KeyAlgorithm | null {
  try {
    const type = new X509Certificate(Buffer.from(derBase64, 'base64')).publicKey.asymmetricKeyType;
    return (type && BY_NODE_KEY_TYPE[type]) ?? null;
  } catch {
    return null;
  }
}
