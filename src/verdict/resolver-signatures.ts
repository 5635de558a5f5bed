// --dnssec resolver: the signatures that can honestly be known when the resolver
// validated. Queries go out with DO (probe/dns/wire.ts), so the resolver sends
// the RRSIGs over the answer, its CNAME links and the NSEC/NSEC3 of a denial
// (RFC 4035 §3.2.1); the DNSKEY and DS signatures of the chain above it are not
// asked for (it would cost a query per zone and the resolver already judged
// them). So the report's scope is 'answers', not the whole path.
import { type PathSignature, signatureOf } from '../dnssec/path-signature.ts';
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import { classifyAnswer } from '../dane/dns-classification.ts';

/**
 * The RRSIGs sent with an answer the resolver vouched for (AD, secure), one per RRset: the
 * latest-expiring, since any valid one keeps the RRset valid (as validate mode chooses). The
 * resolver is trusted to have checked them; an answer it did not vouch for has none to report.
 *
 * Expiry within the TTL is judged with the RRSIG's Original TTL field (RFC 4034 §3.1.4), the
 * zone's TTL, as in validate mode, not with the TTL the resolver answered: that one counts down
 * in its cache, and a validating resolver caps it at the signature's expiration (RFC 4035
 * §5.3.3), so it could never show a signature expiring within the TTL; a cache that fetches
 * the RRset from the zone now keeps it for the Original TTL.
 */
export function resolverSignatures(answer: DnsAnswerEvidence, now: Date): PathSignature[] {
  if (answer.validation || !answer.rrsigs?.length || classifyAnswer(answer).security !== 'secure') return [];
  const latest = new Map<string, PathSignature>();
  for (const s of answer.rrsigs.map((f) => signatureOf(f, now))) {
    const kept = latest.get(s.rrset);
    if (!kept || Date.parse(s.expiration) > Date.parse(kept.expiration)) latest.set(s.rrset, s);
  }
  return [...latest.values()];
}
