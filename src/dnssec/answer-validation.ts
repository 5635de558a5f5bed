// Validates the answer to one question (RFC 4035 §5): fetch it with DO+CD,
// authenticate each RRset of the answer (the asked type, every CNAME on the way,
// DNAMEs) with the keys of the zone that signed it, check wildcard expansions,
// and prove NXDOMAIN/NODATA with authenticated NSEC/NSEC3. An unsigned RRset is
// insecure only when the chain of trust proves its zone unsigned; otherwise it
// is bogus. A CNAME whose target is not answered in the same response (an
// authoritative server does not follow it into another zone) is followed with
// a question of its own.
import { type DnsSecurity, worseSecurity } from '../dns/security.ts';
import type { Clock } from '../clock.ts';
import { type DnsName, isAtOrBelow, isBelow, nameEquals, nameText } from '../dns/name.ts';
import { authenticateDenial, denialSigners, hasDenialRecords, proveDenial, proveNoCloserMatch } from './core/denial.ts';
import { type DnssecFinding, finding } from './findings.ts';
import { RR_TYPE } from '../dns/rr-types.ts';
import { verifyRrset } from './core/rrset-verification.ts';
import { type SignedRrset, findRrset, signedRrsets } from './core/signed-rrsets.ts';
import { type WireRecord, rrsetLabel } from '../dns/wire-record.ts';
import { rcodeName } from '../dns/rcodes.ts';
import { MAX_CNAME_HOPS } from '../dns/exchange.ts';
import type { ReadMessage } from '../dns/message-reader.ts';
import type { DnssecFetcher, RawExchangeResult } from './fetcher.ts';
import type { TrustChain, ZoneState } from './trust-chain.ts';
import { type PathSignature, distinctSignatures } from './path-signature.ts';

/** The security of one piece of the answer, and why. */
interface Judged {
  security: DnsSecurity;
  findings: DnssecFinding[];
  zones: DnsName[];
  /** The RRSIGs that made it secure, with the path of their zones' keys. */
  signatures: PathSignature[];
}

export interface ValidatedAnswer {
  /** The first exchange: transport outcome, timing, attempts. */
  first: RawExchangeResult;
  security: DnsSecurity;
  findings: DnssecFinding[];
  zones: string[];
  /** For a secure answer: the RRSIG of every RRset its validation rested on, each once. */
  signatures: PathSignature[];
  /** The rcode the resolver gave for the last name of the chain; null without an answer. */
  upstreamRcode: string | null;
  cnameChain: DnsName[];
  /** The records of the asked type at the end of the chain (from the resolver, validated or not). */
  records: WireRecord[];
  /** Upstream EDNS options of the last response (for Extended DNS Errors). */
  ednsOptions: ReadMessage['ednsOptions'];
}

const NOERROR = 0;
const NXDOMAIN = 3;

const secure = (zones: DnsName[] = [], signatures: PathSignature[] = []): Judged => ({ security: 'secure', findings: [], zones, signatures });
const because = (security: Exclude<DnsSecurity, 'secure'>, f: DnssecFinding): Judged => ({ security, findings: [f], zones: [], signatures: [] });

function fromState(state: Exclude<ZoneState, { kind: 'secure' }>): Judged {
  return because(state.kind, state.finding);
}

function combine(parts: readonly Judged[]): Judged {
  return parts.reduce<Judged>(
    (all, p) => ({
      security: worseSecurity(all.security, p.security),
      findings: [...all.findings, ...p.findings],
      zones: [...all.zones, ...p.zones],
      signatures: [...all.signatures, ...p.signatures],
    }),
    secure(),
  );
}

export interface AnswerValidatorOptions {
  fetcher: DnssecFetcher;
  chain: TrustChain;
  clock: Clock;
}

export function createAnswerValidator({ fetcher, chain, clock }: AnswerValidatorOptions) {
  /** An RRset without usable RRSIGs: insecure only if its zone is proven unsigned (RFC 4035 §5.2, §4.3). */
  async function unsigned(owner: DnsName, type: number, signal?: AbortSignal): Promise<Judged> {
    const state = await chain.stateAt(owner, signal);
    if (state.kind !== 'secure') return fromState(state);
    return because('bogus', finding('DNSSEC_RRSIG_MISSING', state.zone.name, rrsetLabel(owner, type), `no RRSIG although ${nameText(state.zone.name)} is signed`));
  }

  /** The NSEC/NSEC3 of `authority` signed by `zone`, proving a wildcard expansion (RFC 4035 §5.3.4). */
  async function wildcardProof(
    zoneState: Extract<ZoneState, { kind: 'secure' }>,
    answerSignature: PathSignature,
    owner: DnsName,
    type: number,
    encloser: DnsName,
    authority: SignedRrset[],
  ): Promise<Judged> {
    const authenticated = authenticateDenial(authority, zoneState.zone, clock.now());
    if (authenticated.kind === 'bogus') return because('bogus', authenticated.finding);
    const proof = proveNoCloserMatch(authenticated.denial, owner, encloser);
    if (proof.kind === 'proven') return secure([zoneState.zone.name], [answerSignature, ...authenticated.denial.signatures, ...zoneState.path]);
    if (proof.kind === 'insecure') return because('insecure', proof.finding);
    return because('bogus', finding('DNSSEC_WILDCARD_UNPROVEN', zoneState.zone.name, rrsetLabel(owner, type), proof.reason));
  }

  /** RFC 4035 §5.3: one RRset of the answer section. */
  async function positive(set: SignedRrset, authority: SignedRrset[], signal?: AbortSignal): Promise<Judged> {
    const { owner, type } = set.rrset;
    // RFC 4035 §5.3.1: the signer is the owner's zone, so at or above the owner.
    const signers: DnsName[] = [];
    for (const sig of set.rrsigs) if (isAtOrBelow(owner, sig.signer) && !signers.some((s) => nameEquals(s, sig.signer))) signers.push(sig.signer);
    if (signers.length === 0) return unsigned(owner, type, signal);
    const outcomes: Judged[] = [];
    for (const signer of signers) {
      const state = await chain.keysOf(signer, signal);
      if (state.kind !== 'secure') {
        outcomes.push(fromState(state));
        continue;
      }
      const verdict = verifyRrset(set.rrset, set.rrsigs.filter((s) => nameEquals(s.signer, signer)), state.zone, clock.now());
      if (verdict.security !== 'secure') {
        outcomes.push(because('bogus', verdict.finding));
        continue;
      }
      if (verdict.wildcardEncloser) return wildcardProof(state, verdict.signature, owner, type, verdict.wildcardEncloser, authority);
      return secure([state.zone.name], [verdict.signature, ...state.path]);
    }
    // One signer secure would have returned; an unsigned zone above explains the rest (its data cannot be secure).
    return outcomes.find((o) => o.security === 'insecure') ?? outcomes[0]!;
  }

  /** RFC 4035 §5.4, RFC 5155 §8: NXDOMAIN or NODATA for (qname, qtype). */
  async function negative(kind: 'nxdomain' | 'nodata', qname: DnsName, qtype: number, authority: SignedRrset[], signal?: AbortSignal): Promise<Judged> {
    const code = kind === 'nxdomain' ? 'DNSSEC_NXDOMAIN_UNPROVEN' : 'DNSSEC_NODATA_UNPROVEN';
    const label = rrsetLabel(qname, qtype);
    const signers = denialSigners(authority).filter((s) => isAtOrBelow(qname, s));
    if (!hasDenialRecords(authority) || signers.length === 0) {
      // Which zone answered? The SOA of a negative answer names it (RFC 2308 §3), if it is above qname.
      const soa = authority.find((s) => s.rrset.type === RR_TYPE.SOA && isAtOrBelow(qname, s.rrset.owner));
      const state = await chain.stateAt(soa ? soa.rrset.owner : qname, signal);
      if (state.kind !== 'secure') return fromState(state);
      return because('bogus', finding(code, state.zone.name, label, `no NSEC or NSEC3 records although ${nameText(state.zone.name)} is signed`));
    }
    // The deepest signer is the zone that answered.
    const signer = signers.sort((a, b) => b.length - a.length)[0]!;
    const state = await chain.keysOf(signer, signal);
    if (state.kind !== 'secure') return fromState(state);
    const authenticated = authenticateDenial(authority, state.zone, clock.now());
    if (authenticated.kind === 'bogus') return because('bogus', authenticated.finding);
    const proof = proveDenial(kind, authenticated.denial, qname, qtype);
    if (proof.kind === 'proven') return secure([state.zone.name], [...authenticated.denial.signatures, ...state.path]);
    if (proof.kind === 'insecure') return because('insecure', proof.finding);
    return because('bogus', finding(code, state.zone.name, label, proof.reason));
  }

  /** RFC 6672 §5.3.3: a CNAME without RRSIG is acceptable when an authenticated DNAME above it synthesises exactly it. */
  function dnameFor(answer: SignedRrset[], cname: SignedRrset): SignedRrset | undefined {
    const owner = cname.rrset.owner;
    const target = cname.rrset.rdatas[0];
    return answer.find((s) => {
      if (s.rrset.type !== RR_TYPE.DNAME || !isBelow(owner, s.rrset.owner) || !target || !s.rrset.rdatas[0]) return false;
      const dnameTarget = s.rrset.rdatas[0];
      const prefix = owner.slice(0, owner.length - s.rrset.owner.length);
      const expected = Buffer.concat([...prefix.flatMap((l) => [Buffer.from([l.length]), l]), dnameTarget]);
      return expected.equals(target);
    });
  }

  async function validate(qname: DnsName, qtype: number, signal?: AbortSignal): Promise<ValidatedAnswer> {
    const first = await fetcher.fetch(qname, qtype, signal);
    const cnameChain: DnsName[] = [qname];
    const parts: Judged[] = [];
    const result = (records: WireRecord[], upstreamRcode: string | null, message: ReadMessage | null): ValidatedAnswer => {
      const judged = combine(parts);
      return {
        first,
        security: judged.security,
        findings: judged.findings,
        zones: [...new Set(judged.zones.map(nameText))],
        signatures: judged.security === 'secure' ? distinctSignatures(judged.signatures) : [],
        upstreamRcode,
        cnameChain,
        records,
        ednsOptions: message?.ednsOptions ?? [],
      };
    };
    let exchange = first;
    let asked = qname;
    let current = qname;
    for (;;) {
      if (exchange.outcome !== 'answer' || !exchange.response) {
        parts.push(because('indeterminate', finding('DNSSEC_LOOKUP_FAILED', current, rrsetLabel(current, qtype), exchange.error ?? exchange.outcome)));
        return result([], null, null);
      }
      const message = exchange.response;
      const rcode = rcodeName(message.rcode);
      if (message.rcode !== NOERROR && message.rcode !== NXDOMAIN) {
        parts.push(because('indeterminate', finding('DNSSEC_LOOKUP_FAILED', current, rrsetLabel(current, qtype), `the resolver answered ${rcode}`)));
        return result([], rcode, message);
      }
      const answer = signedRrsets(message.answer);
      const authority = signedRrsets(message.authority);
      // Follow the chain inside this response (RFC 1034 §3.6.2).
      for (;;) {
        const target = findRrset(answer, current, qtype);
        if (target) {
          parts.push(await positive(target, authority, signal));
          return result(message.answer.filter((r) => r.type === qtype && nameEquals(r.owner, current)), rcode, message);
        }
        const alias = qtype === RR_TYPE.CNAME ? undefined : findRrset(answer, current, RR_TYPE.CNAME);
        if (!alias) break;
        const dname = alias.rrsigs.length === 0 ? dnameFor(answer, alias) : undefined;
        parts.push(await positive(dname ?? alias, authority, signal));
        const next = readTarget(alias);
        if (!next || cnameChain.some((n) => nameEquals(n, next)) || cnameChain.length > MAX_CNAME_HOPS) {
          parts.push(because('indeterminate', finding('DNSSEC_ANSWER_UNUSABLE', current, rrsetLabel(current, RR_TYPE.CNAME), 'the CNAME chain loops or is too long')));
          return result([], rcode, message);
        }
        current = next;
        cnameChain.push(current);
      }
      // Nothing more for `current` in the answer section.
      if (message.rcode === NXDOMAIN) {
        // RFC 6604 §3: the rcode speaks for the last name of the chain.
        parts.push(await negative('nxdomain', current, qtype, authority, signal));
        return result([], rcode, message);
      }
      if (!nameEquals(current, asked)) {
        // The chain left this response: ask the target itself.
        asked = current;
        exchange = await fetcher.fetch(current, qtype, signal);
        continue;
      }
      const soa = authority.some((s) => s.rrset.type === RR_TYPE.SOA);
      const ns = authority.some((s) => s.rrset.type === RR_TYPE.NS);
      if (ns && !soa && message.answer.length === 0) {
        // A referral (RFC 1034 §4.3.1): a server that does not recurse; no answer to judge.
        parts.push(because('indeterminate', finding('DNSSEC_ANSWER_UNUSABLE', current, rrsetLabel(current, qtype), 'the server sent a referral, not an answer: it does not recurse for this name')));
        return result([], rcode, message);
      }
      parts.push(await negative('nodata', current, qtype, authority, signal));
      return result([], rcode, message);
    }
  }

  return { validate };
}

/** The target of a CNAME RRset (its single RDATA is an uncompressed, lower-cased name). */
function readTarget(alias: SignedRrset): DnsName | null {
  const rdata = alias.rrset.rdatas[0];
  if (!rdata || alias.rrset.rdatas.length !== 1) return null;
  const labels: Buffer[] = [];
  let offset = 0;
  while (offset < rdata.length && rdata[offset] !== 0) {
    const length = rdata[offset]!;
    labels.push(rdata.subarray(offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  return labels;
}

