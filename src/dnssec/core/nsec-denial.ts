// Denial of existence with NSEC (RFC 4035 §5.4, §3.1.3; RFC 4034 §4.1), with the
// corrections of RFC 6840 §4.1 (an NSEC from the parent side of a delegation or
// at a DNAME proves nothing below it) and §4.3 (the closest encloser).
import { type DnsName, commonAncestor, compareNames, isBelow, nameEquals, nameText, wildcardOf } from '../../dns/name.ts';
import type { DelegationProof, DenialProof } from './denial-outcome.ts';
import type { NsecData } from './dnssec-rdata.ts';
import { RR_TYPE, typeName } from '../../dns/rr-types.ts';

export interface NsecRecord {
  owner: DnsName;
  data: NsecData;
}

const has = (nsec: NsecRecord, type: number) => nsec.data.types.has(type);

/** RFC 6840 §4.1: NS without SOA marks a delegation point; DNAME redirects everything below. */
function blocksDescendants(nsec: NsecRecord): boolean {
  return (has(nsec, RR_TYPE.NS) && !has(nsec, RR_TYPE.SOA)) || has(nsec, RR_TYPE.DNAME);
}

/** RFC 4034 §4.1.1: owner < name < next, the last NSEC's next name being the apex (wraps around). */
export function nsecCovers(nsec: NsecRecord, name: DnsName): boolean {
  if (compareNames(nsec.owner, name) >= 0) return false;
  if (isBelow(name, nsec.owner) && blocksDescendants(nsec)) return false;
  const wraps = compareNames(nsec.data.next, nsec.owner) <= 0;
  return wraps || compareNames(name, nsec.data.next) < 0;
}

function matching(records: readonly NsecRecord[], name: DnsName): NsecRecord | undefined {
  return records.find((n) => nameEquals(n.owner, name));
}

function covering(records: readonly NsecRecord[], name: DnsName): NsecRecord | undefined {
  return records.find((n) => nsecCovers(n, name));
}

/** RFC 6840 §4.3 / RFC 4035 §5.4: the longest ancestor of name shared with the covering NSEC's owner or next name. */
export function nsecClosestEncloser(nsec: NsecRecord, name: DnsName): DnsName {
  const byOwner = commonAncestor(name, nsec.owner);
  const byNext = commonAncestor(name, nsec.data.next);
  return byOwner.length >= byNext.length ? byOwner : byNext;
}

/** RFC 4035 §3.1.3.2: an NSEC covering the name whose next name is below it: the name is an empty non-terminal. */
function provesEmptyNonTerminal(nsec: NsecRecord, name: DnsName): boolean {
  return nsecCovers(nsec, name) && isBelow(nsec.data.next, name);
}

/** RFC 4035 §5.4: the name does not exist, and no wildcard at its closest encloser could have answered. */
export function nsecProvesNxdomain(records: readonly NsecRecord[], qname: DnsName): DenialProof {
  if (matching(records, qname)) return { kind: 'unproven', reason: `an NSEC at ${nameText(qname)} shows the name exists` };
  const cover = covering(records, qname);
  if (!cover) return { kind: 'unproven', reason: `no NSEC covers ${nameText(qname)}` };
  if (isBelow(cover.data.next, qname)) return { kind: 'unproven', reason: `${nameText(qname)} is an empty non-terminal, not a missing name` };
  const wildcard = wildcardOf(nsecClosestEncloser(cover, qname));
  if (matching(records, wildcard)) return { kind: 'unproven', reason: `the wildcard ${nameText(wildcard)} exists` };
  if (!covering(records, wildcard)) return { kind: 'unproven', reason: `no NSEC proves the wildcard ${nameText(wildcard)} absent` };
  return { kind: 'proven' };
}

/** RFC 4035 §3.1.3.1, §3.1.3.2, §3.1.3.4: no RRset of the type at the name (itself, as an empty non-terminal, or via a wildcard). */
export function nsecProvesNodata(records: readonly NsecRecord[], qname: DnsName, qtype: number): DenialProof {
  const exact = matching(records, qname);
  if (exact) {
    if (has(exact, qtype) || has(exact, RR_TYPE.CNAME)) return { kind: 'unproven', reason: `the NSEC at ${nameText(qname)} lists ${has(exact, qtype) ? typeName(qtype) : 'CNAME'}` };
    // RFC 6840 §4.1: the parent's NSEC at a delegation speaks only for DS.
    if (qtype !== RR_TYPE.DS && has(exact, RR_TYPE.NS) && !has(exact, RR_TYPE.SOA)) {
      return { kind: 'unproven', reason: `the NSEC at ${nameText(qname)} is the parent side of a delegation` };
    }
    // RFC 4035 §5.4 note: the child apex NSEC cannot deny the parent's DS.
    if (qtype === RR_TYPE.DS && has(exact, RR_TYPE.SOA) && qname.length > 0) {
      return { kind: 'unproven', reason: `the NSEC at ${nameText(qname)} is from the child zone, not the parent` };
    }
    return { kind: 'proven' };
  }
  const cover = covering(records, qname);
  if (!cover) return { kind: 'unproven', reason: `no NSEC at or covering ${nameText(qname)}` };
  if (provesEmptyNonTerminal(cover, qname)) return { kind: 'proven' };
  // RFC 4035 §3.1.3.4: no exact match, and the wildcard that would match has no such type.
  const wildcard = wildcardOf(nsecClosestEncloser(cover, qname));
  const source = matching(records, wildcard);
  if (!source) return { kind: 'unproven', reason: `no NSEC at ${nameText(qname)} or at the wildcard ${nameText(wildcard)}` };
  if (has(source, qtype) || has(source, RR_TYPE.CNAME)) return { kind: 'unproven', reason: `the NSEC at ${nameText(wildcard)} lists ${typeName(qtype)}` };
  return { kind: 'proven' };
}

/** RFC 4035 §5.3.4: a wildcard answer needs proof that the name itself does not exist. */
export function nsecProvesNoCloserMatch(records: readonly NsecRecord[], qname: DnsName, encloser: DnsName): DenialProof {
  const cover = covering(records, qname);
  if (!cover) return { kind: 'unproven', reason: `no NSEC proves ${nameText(qname)} absent, so the wildcard could not apply` };
  if (nsecClosestEncloser(cover, qname).length > encloser.length) {
    return { kind: 'unproven', reason: `a name closer than ${nameText(encloser)} exists, so the wildcard could not apply` };
  }
  return { kind: 'proven' };
}

/** RFC 4035 §5.2: is there a zone cut at `name`, and is it signed? Asked with the denial of a DS query. */
export function nsecDelegation(records: readonly NsecRecord[], name: DnsName): DelegationProof {
  const exact = matching(records, name);
  if (exact) {
    if (has(exact, RR_TYPE.DS)) return { kind: 'unproven', reason: `the NSEC at ${nameText(name)} lists DS` };
    if (has(exact, RR_TYPE.SOA)) return { kind: 'unproven', reason: `the NSEC at ${nameText(name)} is from the child zone, not the parent` };
    return has(exact, RR_TYPE.NS) ? { kind: 'insecure-delegation' } : { kind: 'no-cut' };
  }
  const cover = covering(records, name);
  if (!cover) return { kind: 'unproven', reason: `no NSEC at or covering ${nameText(name)}` };
  return provesEmptyNonTerminal(cover, name) ? { kind: 'no-cut' } : { kind: 'nonexistent' };
}
