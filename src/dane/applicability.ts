// Whether DANE applies to a host's sessions, as far as the DNS answers tell before
// any session (RFC 7672 §2.2.1: a secure MX RRset, or a host checked on its own;
// secure address records; §2.3: a secure TLSA RRset with records). Where it does
// not, no certificate is judged, so no session beyond the default one is worth making.
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import { classifyAnswer } from './dns-classification.ts';

export interface HostAnswers {
  /** The domain's MX answer; null for a host checked on its own. */
  mx: DnsAnswerEvidence | null;
  addresses: readonly (DnsAnswerEvidence | null)[];
  tlsa: DnsAnswerEvidence | null;
}

export function daneApplies(answers: HostAnswers): boolean {
  if (answers.mx && classifyAnswer(answers.mx).security !== 'secure') return false;
  for (const a of answers.addresses) {
    if (a && classifyAnswer(a).existence === 'records' && classifyAnswer(a).security !== 'secure') return false;
  }
  if (!answers.tlsa) return false;
  const tlsa = classifyAnswer(answers.tlsa);
  return tlsa.security === 'secure' && tlsa.existence === 'records';
}
