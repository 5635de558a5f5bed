// Turns dns-packet answer records into evidence records and follows the CNAME
// chain a recursive resolver puts in front of the answer (RFC 1034 §3.6.2).
import type { Answer } from 'dns-packet';
import type { QueryType, RecordData, ResourceRecord } from '../../evidence/dns.ts';
import type { RrsigFields } from '../../dnssec/path-signature.ts';
import { normaliseName } from '../../dns/normalise.ts';
import { MAX_CNAME_HOPS } from '../../dns/exchange.ts';

/** A chain longer than this is treated as broken; resolvers stop well before (BIND: 16 hops). */

/** The records of a type the evidence knows (class IN only); anything else is skipped. */
export function toResourceRecords(answers: readonly Answer[]): ResourceRecord[] {
  const records: ResourceRecord[] = [];
  for (const answer of answers) {
    if (answer.type === 'OPT' || (answer.class !== undefined && answer.class !== 'IN')) continue;
    const data = toRecordData(answer);
    if (data) records.push({ name: normaliseName(answer.name), ttl: answer.ttl ?? 0, data });
  }
  return records;
}

function toRecordData(answer: Answer): RecordData | null {
  switch (answer.type) {
    case 'A':
      return { type: 'A', address: answer.data };
    case 'AAAA':
      return { type: 'AAAA', address: answer.data.toLowerCase() };
    case 'CNAME':
      return { type: 'CNAME', target: normaliseName(answer.data) };
    case 'MX':
      // The Null MX target (RFC 7505 §3) is the root and comes out as '.'.
      return { type: 'MX', preference: answer.data.preference ?? 0, exchange: normaliseName(answer.data.exchange) };
    case 'TLSA': {
      const { usage, selector, matchingType, certificate } = answer.data;
      return { type: 'TLSA', usage, selector, matchingType, data: certificate.toString('hex') };
    }
    default:
      return null;
  }
}

/**
 * The RRSIGs a resolver sent with an answer (asked with DO, RFC 4035 §3.2.1): every one in the answer
 * section (over the answer and its CNAME links), and those over NSEC/NSEC3 in the authority section
 * (RFC 4035 §3.1.3: the proof of a denial or of a wildcard expansion). Kept as sent; nothing checks them.
 */
export function toRrsigs(answers: readonly Answer[], authorities: readonly Answer[]): RrsigFields[] {
  const denial = authorities.filter((r) => r.type === 'RRSIG' && (r.data.typeCovered === 'NSEC' || r.data.typeCovered === 'NSEC3'));
  return [...answers, ...denial].flatMap((r) => {
    if (r.type !== 'RRSIG' || (r.class !== undefined && r.class !== 'IN')) return [];
    const d = r.data;
    return [{
      rrset: `${normaliseName(r.name)}/${d.typeCovered}`,
      signer: normaliseName(d.signersName),
      keyTag: d.keyTag,
      algorithm: d.algorithm,
      originalTtl: d.originalTTL,
      inception: d.inception,
      expiration: d.expiration,
      ttl: r.ttl ?? 0,
    }];
  });
}

export interface ChainResult {
  /** [qname, target, ...]: the names followed. */
  cnameChain: string[];
  /** Records of the asked type owned by the chain's last name. */
  records: ResourceRecord[];
  /**
   * Why the chain could not be followed to its end: a loop, or more than
   * MAX_CNAME_HOPS aliases. Null for a chain that ends (with or without records).
   */
  broken: string | null;
}

/**
 * Follows CNAMEs from qname inside one answer section and returns the asked type at
 * the end. Stops at a loop or after MAX_CNAME_HOPS, and says so in `broken`: such a
 * chain proves nothing about the records at its end. Asking for CNAME itself follows
 * nothing: the CNAME at qname is the answer.
 */
export function followCnameChain(qname: string, type: QueryType, records: readonly ResourceRecord[]): ChainResult {
  const cnameChain = [qname];
  let owner = qname;
  let broken: string | null = null;
  while (type !== 'CNAME') {
    const alias = records.find((r) => r.name === owner && r.data.type === 'CNAME');
    if (!alias || alias.data.type !== 'CNAME') break;
    if (cnameChain.includes(alias.data.target)) {
      broken = `CNAME loop: ${owner} points back to ${alias.data.target}`;
      break;
    }
    if (cnameChain.length > MAX_CNAME_HOPS) {
      broken = `CNAME chain from ${qname} longer than ${MAX_CNAME_HOPS} hops`;
      break;
    }
    owner = alias.data.target;
    cnameChain.push(owner);
  }
  return { cnameChain, records: records.filter((r) => r.name === owner && r.data.type === type), broken };
}
