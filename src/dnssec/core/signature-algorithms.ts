// The DNSSEC signing algorithms this validator implements with node:crypto
// (RFC 8624 §3.1 and its successors: the MUST and RECOMMENDED ones). Anything
// else, RSASHA1 included, is unsupported: a zone signed only with it is treated
// as insecure (RFC 4035 §5.2, RFC 6840 §5.2), never as secure.
import { type KeyObject, constants, createPublicKey, verify } from 'node:crypto';

export const ALGORITHM_NAMES: Readonly<Record<number, string>> = {
  1: 'RSAMD5',
  3: 'DSA',
  5: 'RSASHA1',
  6: 'DSA-NSEC3-SHA1',
  7: 'RSASHA1-NSEC3-SHA1',
  8: 'RSASHA256',
  10: 'RSASHA512',
  12: 'ECC-GOST',
  13: 'ECDSAP256SHA256',
  14: 'ECDSAP384SHA384',
  15: 'ED25519',
  16: 'ED448',
  17: 'SM2SM3',
  23: 'ECC-GOST12',
};

export function algorithmName(algorithm: number): string {
  return ALGORITHM_NAMES[algorithm] ?? `algorithm ${algorithm}`;
}

type Family = { kind: 'rsa'; hash: 'sha256' | 'sha512' } | { kind: 'ecdsa'; hash: 'sha256' | 'sha384'; curve: 'P-256' | 'P-384'; size: number } | { kind: 'eddsa'; curve: 'Ed25519' | 'Ed448'; size: number };

const SUPPORTED: Readonly<Record<number, Family>> = {
  8: { kind: 'rsa', hash: 'sha256' }, // RFC 5702 §3
  10: { kind: 'rsa', hash: 'sha512' }, // RFC 5702 §3
  13: { kind: 'ecdsa', hash: 'sha256', curve: 'P-256', size: 32 }, // RFC 6605 §4
  14: { kind: 'ecdsa', hash: 'sha384', curve: 'P-384', size: 48 }, // RFC 6605 §4
  15: { kind: 'eddsa', curve: 'Ed25519', size: 32 }, // RFC 8080 §3
  16: { kind: 'eddsa', curve: 'Ed448', size: 57 }, // RFC 8080 §3
};

export function isSupportedAlgorithm(algorithm: number): boolean {
  return Object.hasOwn(SUPPORTED, algorithm);
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/** RFC 3110 §2: exponent length (one octet, or zero and two octets), exponent, modulus. */
function rsaKey(publicKey: Buffer): KeyObject | null {
  if (publicKey.length < 3) return null;
  let offset = 1;
  let exponentLength = publicKey[0]!;
  if (exponentLength === 0) {
    exponentLength = publicKey.readUInt16BE(1);
    offset = 3;
  }
  const exponent = publicKey.subarray(offset, offset + exponentLength);
  let modulus = publicKey.subarray(offset + exponentLength);
  while (modulus.length > 0 && modulus[0] === 0) modulus = modulus.subarray(1);
  // RFC 3110 §2 / RFC 5702 §2: 512 to 4096 bits.
  if (exponent.length === 0 || modulus.length < 64 || modulus.length > 512) return null;
  return createPublicKey({ key: { kty: 'RSA', n: b64url(modulus), e: b64url(exponent) }, format: 'jwk' });
}

function publicKeyObject(family: Family, publicKey: Buffer): KeyObject | null {
  switch (family.kind) {
    case 'rsa':
      return rsaKey(publicKey);
    case 'ecdsa': {
      // RFC 6605 §4: Q as x | y, each `size` octets, no point-format prefix.
      if (publicKey.length !== 2 * family.size) return null;
      const x = publicKey.subarray(0, family.size);
      const y = publicKey.subarray(family.size);
      return createPublicKey({ key: { kty: 'EC', crv: family.curve, x: b64url(x), y: b64url(y) }, format: 'jwk' });
    }
    case 'eddsa':
      // RFC 8080 §3: the public key as specified in RFC 8032.
      if (publicKey.length !== family.size) return null;
      return createPublicKey({ key: { kty: 'OKP', crv: family.curve, x: b64url(publicKey) }, format: 'jwk' });
  }
}

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported-algorithm' | 'malformed-key';

const keyCache = new Map<string, KeyObject | null>();

function cachedKey(algorithm: number, family: Family, publicKey: Buffer): KeyObject | null {
  const id = `${algorithm}:${publicKey.toString('base64')}`;
  if (!keyCache.has(id)) {
    let key: KeyObject | null;
    try {
      key = publicKeyObject(family, publicKey);
    } catch {
      key = null;
    }
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(id, key);
  }
  return keyCache.get(id)!;
}

/** Whether `signature` over `data` verifies with the DNSKEY public key (RFC 4034 §3.1.8.1 input). */
export function verifySignature(algorithm: number, publicKey: Buffer, data: Buffer, signature: Buffer): SignatureCheck {
  const family = SUPPORTED[algorithm];
  if (!family) return 'unsupported-algorithm';
  const key = cachedKey(algorithm, family, publicKey);
  if (!key) return 'malformed-key';
  try {
    switch (family.kind) {
      case 'rsa':
        return verify(family.hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature) ? 'valid' : 'invalid';
      case 'ecdsa':
        // RFC 6605 §4: the signature is r | s, each `size` octets (IEEE P1363), not DER.
        if (signature.length !== 2 * family.size) return 'invalid';
        return verify(family.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature) ? 'valid' : 'invalid';
      case 'eddsa':
        return verify(null, data, key, signature) ? 'valid' : 'invalid';
    }
  } catch {
    return 'invalid';
  }
}
