// Authenticating a zone's DNSKEY RRset (RFC 4035 §5.2): from the DS RRset the
// parent signed (or from a trust anchor), find a DNSKEY whose digest matches,
// then the DNSKEY RRset must carry a valid RRSIG by such a key. The keys of an
// authenticated DNSKEY RRset may then sign the zone's data.
import { type DnsName, nameText } from '../../dns/name.ts';
import { type DsData, type RrsigData, DNSKEY_ZONE_KEY, readDnskey } from './dnssec-rdata.ts';
import { DIGEST_NAMES, dsDigest, isSupportedDigest } from './ds-digest.ts';
import { type DnssecFinding, finding } from '../findings.ts';
import { keyTag } from './key-tag.ts';
import { RR_TYPE } from '../../dns/rr-types.ts';
import { type TrustedZone, type ZoneKey, verifyRrset } from './rrset-verification.ts';
import { algorithmName, isSupportedAlgorithm } from './signature-algorithms.ts';
import { type Rrset, rrsetLabel } from '../../dns/wire-record.ts';
import type { PathSignature } from '../path-signature.ts';

/** What vouches for the zone's keys: the DS RRset its parent signed, or the configured trust anchors. */
export type KeyAuthority = { kind: 'parent-ds'; ds: DsData[] } | { kind: 'trust-anchor'; ds: DsData[]; dnskeys: Buffer[] };

export type ZoneKeysVerdict =
  /** `signature`: the RRSIG over the DNSKEY RRset that made its keys trusted. */
  | { security: 'secure'; zone: TrustedZone; signature: PathSignature }
  | { security: 'insecure' | 'bogus'; finding: DnssecFinding };

const SHA1 = 1;

/**
 * RFC 4035 §5.2 / RFC 6840 §5.2: DS records with an algorithm or digest we do not
 * implement are ignored; RFC 4509 §3: SHA-1 digests are ignored when a stronger one is present.
 */
export function usableDs(ds: readonly DsData[]): DsData[] {
  const supported = ds.filter((d) => isSupportedAlgorithm(d.algorithm) && isSupportedDigest(d.digestType));
  const strong = supported.some((d) => d.digestType !== SHA1);
  return strong ? supported.filter((d) => d.digestType !== SHA1) : supported;
}

function zoneKeys(dnskeys: Rrset): ZoneKey[] {
  return dnskeys.rdatas.map((rdata) => ({ rdata, data: readDnskey(rdata), tag: keyTag(rdata) }));
}

function isZoneKey(k: ZoneKey): boolean {
  return (k.data.flags & DNSKEY_ZONE_KEY) !== 0 && k.data.protocol === 3;
}

function describeDs(ds: readonly DsData[]): string {
  return ds.map((d) => `${d.keyTag}/${algorithmName(d.algorithm)}/${DIGEST_NAMES[d.digestType] ?? `digest ${d.digestType}`}`).join(', ');
}

/** Why nothing usable vouches for the keys: an unknown algorithm or only unknown digests (both insecure). */
function unsupportedAuthority(zone: DnsName, label: string, ds: readonly DsData[]): ZoneKeysVerdict {
  const knownAlgorithm = ds.some((d) => isSupportedAlgorithm(d.algorithm));
  const code = knownAlgorithm ? 'DNSSEC_UNSUPPORTED_DIGEST' : 'DNSSEC_UNSUPPORTED_ALGORITHM';
  return { security: 'insecure', finding: finding(code, zone, label, `the DS records (${describeDs(ds)}) use nothing this validator implements: treated as unsigned`) };
}

/** True when nothing in the authority can be checked by this validator: the zone then counts as unsigned. */
export function nothingUsable(authority: KeyAuthority): boolean {
  const anchorKeys = authority.kind === 'trust-anchor' ? authority.dnskeys.map(readDnskey) : [];
  return usableDs(authority.ds).length === 0 && !anchorKeys.some((k) => isSupportedAlgorithm(k.algorithm));
}

export function authenticateDnskeys(
  zone: DnsName,
  authority: KeyAuthority,
  dnskeys: Rrset | null,
  rrsigs: readonly RrsigData[],
  now: Date,
): ZoneKeysVerdict {
  const label = rrsetLabel(zone, RR_TYPE.DNSKEY);
  const anchorKeys = authority.kind === 'trust-anchor' ? authority.dnskeys : [];
  const usable = usableDs(authority.ds);
  if (nothingUsable(authority)) {
    if (authority.ds.length > 0) return unsupportedAuthority(zone, label, authority.ds);
    const names = anchorKeys.map((k) => algorithmName(readDnskey(k).algorithm)).join(', ');
    return { security: 'insecure', finding: finding('DNSSEC_UNSUPPORTED_ALGORITHM', zone, label, `the trust anchor keys use only ${names}`) };
  }
  if (!dnskeys) {
    return { security: 'bogus', finding: finding('DNSSEC_DNSKEY_MISSING', zone, label, `no DNSKEY RRset at ${nameText(zone)} although ${authority.kind === 'trust-anchor' ? 'a trust anchor' : 'the parent\'s DS'} says it is signed`) };
  }
  const keys = zoneKeys(dnskeys);
  // RFC 4035 §5.2: key tag, algorithm and digest of owner | RDATA must all match; an anchor key must be present as is.
  const entryKeys = keys.filter(
    (k) =>
      isZoneKey(k) &&
      (anchorKeys.some((a) => a.equals(k.rdata)) ||
        usable.some((d) => d.keyTag === k.tag && d.algorithm === k.data.algorithm && dsDigest(zone, k.rdata, d.digestType)?.equals(d.digest))),
  );
  if (entryKeys.length === 0) {
    const code = authority.kind === 'trust-anchor' ? 'DNSSEC_TRUST_ANCHOR_MISMATCH' : 'DNSSEC_DS_NO_MATCHING_DNSKEY';
    const have = keys.map((k) => `${k.tag}/${algorithmName(k.data.algorithm)}`).join(', ') || 'none';
    const want = [describeDs(usable), anchorKeys.map((k) => `DNSKEY ${keyTag(k)}`).join(', ')].filter(Boolean).join(', ');
    return { security: 'bogus', finding: finding(code, zone, label, `${want} matches none of the DNSKEYs (${have})`) };
  }
  // RFC 4035 §5.2: the DNSKEY RRset must be signed by a key the DS (or anchor) authenticates.
  const verdict = verifyRrset(dnskeys, rrsigs, { name: zone, keys: entryKeys }, now);
  if (verdict.security !== 'secure') return verdict;
  return { security: 'secure', zone: { name: zone, keys: keys.filter(isZoneKey) }, signature: verdict.signature };
}
