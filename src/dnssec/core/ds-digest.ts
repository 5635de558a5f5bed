// DS digests (RFC 4034 §5.1.4): digest(canonical owner name | DNSKEY RDATA).
// SHA-1 (RFC 4034), SHA-256 (RFC 4509), SHA-384 (RFC 6605 §3); RFC 8624 §3.3
// makes SHA-1 and SHA-256 MUST for validators and SHA-384 MAY; GOST (3) and
// anything unassigned are unsupported: a DS using them is ignored (RFC 4035 §5.2).
import { createHash } from 'node:crypto';
import { type DnsName, nameWire } from '../../dns/name.ts';

export const DIGEST_TYPES = { 1: 'sha1', 2: 'sha256', 4: 'sha384' } as const satisfies Record<number, string>;

export type SupportedDigestType = keyof typeof DIGEST_TYPES;

export const DIGEST_NAMES: Readonly<Record<number, string>> = { 1: 'SHA-1', 2: 'SHA-256', 3: 'GOST R 34.11-94', 4: 'SHA-384' };

export function isSupportedDigest(digestType: number): digestType is SupportedDigestType {
  return Object.hasOwn(DIGEST_TYPES, digestType);
}

/** Null for a digest type we cannot compute. */
export function dsDigest(owner: DnsName, dnskeyRdata: Buffer, digestType: number): Buffer | null {
  if (!isSupportedDigest(digestType)) return null;
  return createHash(DIGEST_TYPES[digestType]).update(nameWire(owner)).update(dnskeyRdata).digest();
}
