// The TLS facts the original service parsed out of `openssl s_client -brief`.
// The signature scheme the server signed its handshake with is read by the
// probe from the handshake itself; where it could not be (TLS 1.0/1.1, RSA key
// exchange), the leaf's key decides, with the hash OpenSSL servers prefer.
import type { TlsDetails } from '../evidence/smtp.ts';
import type { CertificateSummary, TlsSummary } from './result.ts';

const FITS_KEY: Record<string, (sigalg: string) => boolean> = {
  EC: (s) => /^ecdsa/i.test(s),
  RSA: (s) => /^(rsa_pss_rsae|rsa_pkcs1|RSA-PSS|RSA\+)/i.test(s),
  Ed25519: (s) => /^ed25519$/i.test(s),
  Ed448: (s) => /^ed448$/i.test(s),
};

function signatureTypeOf(sigalg: string): string {
  if (/^ecdsa/i.test(sigalg)) return 'ECDSA';
  if (/pss/i.test(sigalg)) return 'RSA-PSS';
  if (/^rsa/i.test(sigalg)) return 'RSA';
  if (/^ed25519$/i.test(sigalg)) return 'Ed25519';
  if (/^ed448$/i.test(sigalg)) return 'Ed448';
  return sigalg;
}

function hashOf(sigalg: string): string | null {
  const m = /sha(1|224|256|384|512)/i.exec(sigalg);
  return m ? `SHA${m[1]}` : null;
}

/** What an OpenSSL server signs with for each key type when the client offers its defaults. */
const USUAL_SIGNATURE: Record<string, { type: string; hash: string | null }> = {
  EC: { type: 'ECDSA', hash: 'SHA256' },
  RSA: { type: 'RSA-PSS', hash: 'SHA256' },
  Ed25519: { type: 'Ed25519', hash: null },
  Ed448: { type: 'Ed448', hash: null },
};

export function tlsSummary(tls: TlsDetails, leaf: CertificateSummary | null): TlsSummary {
  const fits = leaf ? FITS_KEY[leaf.keyAlgorithm] : undefined;
  const sigalg = tls.signatureScheme ?? (fits ? tls.sharedSigalgs.find(fits) : undefined);
  const usual = leaf ? USUAL_SIGNATURE[leaf.keyAlgorithm] : undefined;
  return {
    protocol: tls.protocol,
    cipher: tls.cipher,
    group: tls.group ? `${tls.group.name}, ${tls.group.size} bits` : null,
    signatureType: sigalg ? signatureTypeOf(sigalg) : (usual?.type ?? null),
    hashUsed: sigalg ? hashOf(sigalg) : (usual?.hash ?? null),
  };
}
