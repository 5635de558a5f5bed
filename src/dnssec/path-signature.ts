// The RRSIG that authenticated one RRset on an answer's validation path (the
// answer's own RRset, each CNAME link, the NSEC/NSEC3 of a denial, and every
// zone's DNSKEY and DS up to the trust anchor): kept so the verdict can say how
// long the answer will go on validating (RFC 4034 §3.1.5, RFC 4035 §5.3.1).
import { nameText } from '../dns/name.ts';
import { type Rrset, rrsetLabel } from '../dns/wire-record.ts';
import type { RrsigData } from './core/dnssec-rdata.ts';
import { algorithmName } from './core/signature-algorithms.ts';
import { signatureTimeAsDate } from './core/validity-window.ts';

export interface PathSignature {
  /** The RRset the RRSIG covers, "owner/TYPE". */
  rrset: string;
  /** The zone that made it (the Signer's Name). */
  signer: string;
  keyTag: number;
  algorithm: string;
  /** ISO 8601 UTC; the 32-bit RRSIG times read nearest to the validation instant (RFC 1982 arithmetic). */
  inception: string;
  expiration: string;
  /** The RRset's TTL in its zone, from the RRSIG (RFC 4034 §3.1.4): how long a cache fetching it now may keep it. */
  originalTtl: number;
  /** The TTL the resolver answered with. */
  ttl: number;
}

const iso = (date: Date) => date.toISOString().replace('.000Z', 'Z');

/** An RRSIG's fields as on the wire (RFC 4034 §3.1), with the RRset it covers and the TTL it was answered with. */
export interface RrsigFields {
  /** The RRset it covers, "owner/TYPE". */
  rrset: string;
  signer: string;
  keyTag: number;
  algorithm: number;
  originalTtl: number;
  /** 32-bit serial times in seconds (RFC 4034 §3.1.5), read against an instant with RFC 1982 arithmetic. */
  inception: number;
  expiration: number;
  ttl: number;
}

/** The signature with its times read nearest to `now` (the validation instant, or the verdict's). */
export function signatureOf(f: RrsigFields, now: Date): PathSignature {
  return {
    rrset: f.rrset,
    signer: f.signer,
    keyTag: f.keyTag,
    algorithm: algorithmName(f.algorithm),
    inception: iso(signatureTimeAsDate(f.inception, now)),
    expiration: iso(signatureTimeAsDate(f.expiration, now)),
    originalTtl: f.originalTtl,
    ttl: f.ttl,
  };
}

export function pathSignature(rrset: Rrset, rrsig: RrsigData, now: Date): PathSignature {
  const { keyTag, algorithm, originalTtl, inception, expiration } = rrsig;
  return signatureOf({ rrset: rrsetLabel(rrset.owner, rrset.type), signer: nameText(rrsig.signer), keyTag, algorithm, originalTtl, inception, expiration, ttl: rrset.ttl }, now);
}

/** Each RRset once (the same DNSKEY RRSIG sits on the path of every answer of its zone). */
export function distinctSignatures(signatures: readonly PathSignature[]): PathSignature[] {
  const seen = new Set<string>();
  return signatures.filter((s) => {
    const key = `${s.rrset} ${s.signer} ${s.keyTag} ${s.expiration}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
