// Authenticating one RRset with the keys of its zone (RFC 4035 §5.3): an RRSIG
// must cover the type, be made by the zone (signer name), not claim more labels
// than the owner has, be inside its validity window, name a zone key of the
// right algorithm, and verify. One valid RRSIG is enough (RFC 4035 §5.3.3).
import { type DnsName, nameEquals, nameText, signatureLabelCount, suffixOf } from '../../dns/name.ts';
import type { DnskeyData, RrsigData } from './dnssec-rdata.ts';
import { DNSKEY_ZONE_KEY } from './dnssec-rdata.ts';
import { signatureInput } from './canonical-form.ts';
import { type DnssecFinding, finding } from '../findings.ts';
import { algorithmName, isSupportedAlgorithm, verifySignature } from './signature-algorithms.ts';
import { checkValidityWindow, signatureTimeAsDate } from './validity-window.ts';
import { type Rrset, rrsetLabel } from '../../dns/wire-record.ts';
import { type PathSignature, pathSignature } from '../path-signature.ts';

export interface ZoneKey {
  rdata: Buffer;
  data: DnskeyData;
  tag: number;
}

/** A zone whose DNSKEY RRset has been authenticated: these keys may sign its data. */
export interface TrustedZone {
  name: DnsName;
  keys: ZoneKey[];
}

export type RrsetVerdict =
  | {
      security: 'secure';
      rrsig: RrsigData;
      /** The RRSIG that verified, for the report of days left: the latest-expiring valid one. */
      signature: PathSignature;
      /** Set when the RRset was synthesised from a wildcard: the closest encloser (RFC 4035 §5.3.4). */
      wildcardEncloser: DnsName | null;
    }
  | { security: 'bogus'; finding: DnssecFinding };

type Failure = { rank: number; finding: DnssecFinding };

/** Lower rank = more telling when no RRSIG verified. */
function fail(rank: number, f: DnssecFinding): Failure {
  return { rank, finding: f };
}

function iso(value: number, now: Date): string {
  return signatureTimeAsDate(value, now).toISOString().replace('.000Z', 'Z');
}

function checkOne(rrset: Rrset, rrsig: RrsigData, zone: TrustedZone, now: Date): Failure | 'valid' {
  // Named only when something fails: a check verifies hundreds of RRSIGs that pass.
  const label = () => rrsetLabel(rrset.owner, rrset.type);
  const by = `RRSIG ${algorithmName(rrsig.algorithm)} key ${rrsig.keyTag}`;
  // RFC 4035 §5.3.1: the signer is the zone that holds the RRset.
  if (!nameEquals(rrsig.signer, zone.name)) {
    return fail(6, finding('DNSSEC_RRSIG_SIGNER_MISMATCH', zone.name, label(), `${by} names signer ${nameText(rrsig.signer)}, not the zone ${nameText(zone.name)}`));
  }
  // RFC 4035 §5.3.1: Labels must not exceed the owner's label count.
  if (rrsig.labels > signatureLabelCount(rrset.owner)) {
    return fail(5, finding('DNSSEC_RRSIG_LABELS_MISMATCH', zone.name, label(), `${by} claims ${rrsig.labels} labels, the owner has ${signatureLabelCount(rrset.owner)}`));
  }
  if (!isSupportedAlgorithm(rrsig.algorithm)) {
    return fail(4, finding('DNSSEC_RRSIG_MISSING', zone.name, label(), `only an RRSIG with ${algorithmName(rrsig.algorithm)}, which this validator does not implement`));
  }
  // RFC 4035 §5.3.1: a zone key (flag bit 7) with the RRSIG's algorithm and key tag.
  const keys = zone.keys.filter((k) => k.tag === rrsig.keyTag && k.data.algorithm === rrsig.algorithm && (k.data.flags & DNSKEY_ZONE_KEY) !== 0 && k.data.protocol === 3);
  if (keys.length === 0) {
    return fail(3, finding('DNSSEC_DNSKEY_MISSING', zone.name, label(), `${by}: no such key in the DNSKEY RRset of ${nameText(zone.name)}`));
  }
  // RFC 4035 §5.3.1: inception <= now <= expiration.
  const window = checkValidityWindow(rrsig.inception, rrsig.expiration, now);
  if (window === 'expired') {
    return fail(1, finding('DNSSEC_SIGNATURE_EXPIRED', zone.name, label(), `${by} expired ${iso(rrsig.expiration, now)} (valid from ${iso(rrsig.inception, now)})`));
  }
  if (window === 'not-yet-valid') {
    return fail(2, finding('DNSSEC_SIGNATURE_NOT_YET_VALID', zone.name, label(), `${by} is valid only from ${iso(rrsig.inception, now)} (until ${iso(rrsig.expiration, now)})`));
  }
  const data = signatureInput(rrsig, rrset);
  const results = keys.map((k) => verifySignature(rrsig.algorithm, k.data.publicKey, data, rrsig.signature));
  if (results.includes('valid')) return 'valid';
  const why = results.includes('malformed-key') ? 'the key cannot be read' : 'the signature does not verify';
  return fail(0, finding('DNSSEC_SIGNATURE_INVALID', zone.name, label(), `${by}: ${why}`));
}

export function verifyRrset(rrset: Rrset, rrsigs: readonly RrsigData[], zone: TrustedZone, now: Date): RrsetVerdict {
  // Latest expiration first: the RRset validates as long as any valid RRSIG does (RFC 4035 §5.3.3).
  const expiry = (s: RrsigData) => signatureTimeAsDate(s.expiration, now).getTime();
  const covering = rrsigs.filter((s) => s.typeCovered === rrset.type).sort((a, b) => expiry(b) - expiry(a));
  if (covering.length === 0) {
    return { security: 'bogus', finding: finding('DNSSEC_RRSIG_MISSING', zone.name, rrsetLabel(rrset.owner, rrset.type), `no RRSIG although ${nameText(zone.name)} is signed`) };
  }
  const failures: Failure[] = [];
  for (const rrsig of covering) {
    const outcome = checkOne(rrset, rrsig, zone, now);
    if (outcome === 'valid') {
      // RFC 4035 §5.3.2: fewer Labels than the owner has means wildcard expansion.
      const expanded = rrsig.labels < signatureLabelCount(rrset.owner);
      return { security: 'secure', rrsig, signature: pathSignature(rrset, rrsig, now), wildcardEncloser: expanded ? suffixOf(rrset.owner, rrsig.labels) : null };
    }
    failures.push(outcome);
  }
  failures.sort((a, b) => a.rank - b.rank);
  return { security: 'bogus', finding: failures[0]!.finding };
}
