// Where to look for TLSA records of an MX host, and which name to send as SNI.
// RFC 7672 §2.3: when the address lookup followed a secure CNAME chain, the
// fully expanded name is tried first, then the original MX host name; an
// intermediate alias is never used. RFC 7672 §8.1: SNI is the TLSA base domain.
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import { classifyAnswer } from './dns-classification.ts';

export function tlsaOwner(port: number, baseDomain: string): string {
  return `_${port}._tcp.${baseDomain}`;
}

/** The candidate TLSA base domains, in the order a client must try them. */
export function tlsaBaseCandidates(hostname: string, addressAnswers: readonly (DnsAnswerEvidence | null)[]): string[] {
  for (const answer of addressAnswers) {
    if (!answer || answer.cnameChain.length < 2) continue;
    const expanded = answer.cnameChain[answer.cnameChain.length - 1]!;
    if (classifyAnswer(answer).security === 'secure' && expanded !== hostname) return [expanded, hostname];
  }
  return [hostname];
}

/** A candidate is passed over only when DNSSEC proves it has no TLSA records. */
export function isSecureDenial(answer: DnsAnswerEvidence): boolean {
  const c = classifyAnswer(answer);
  return c.security === 'secure' && (c.existence === 'nodata' || c.existence === 'nxdomain');
}

/** Picks the TLSA answer that decides: the first candidate that is not securely empty. */
export function decisiveTlsaAnswer(answers: readonly DnsAnswerEvidence[]): DnsAnswerEvidence | null {
  return answers.find((a) => !isSecureDenial(a)) ?? answers[0] ?? null;
}

export function baseDomainOf(tlsaQuestionName: string): string {
  return tlsaQuestionName.replace(/^_[0-9]+\._tcp\./, '');
}

