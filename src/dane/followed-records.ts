// Which records the walk follows. Validated (or plainly insecure) records when
// there are any; behind bogus DNS, the unvalidated records of the CD=1 retry, so
// that testing does not stop at the first problem. The verdict stays bogus.
import type { DnsAnswerEvidence, ResourceRecord } from '../evidence/dns.ts';
import { classifyAnswer } from './dns-classification.ts';

export function recordsToFollow(answer: DnsAnswerEvidence): ResourceRecord[] {
  if (answer.records.length > 0) return answer.records;
  if (answer.unvalidated && classifyAnswer(answer).security === 'bogus') return answer.unvalidated.records;
  return [];
}
