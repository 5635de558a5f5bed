// What one DNS answer proves, as danecheck's respValidity judges it, extended
// with RFC 8914 Extended DNS Errors and the CD-bit retry to recognise bogus data.
// Pure: a function of the evidence only.
import type { DnsSecurity } from '../dns/security.ts';
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import { DNSSEC_FAILURE_EDE_CODES, EDE_NAMES, describeEde } from '../dns/extended-errors.ts';
import { rcodeName } from '../dns/rcodes.ts';
import { validationDetail } from '../dnssec/validation-detail.ts';

export { EDE_NAMES, rcodeName };

export type DnsExistence = 'records' | 'nodata' | 'nxdomain' | 'unknown';

export interface DnsClassification {
  security: DnsSecurity;
  existence: DnsExistence;
  /** For humans: "NOERROR, AD", "SERVFAIL, EDE 7 Signature Expired", "timeout after 3 attempts". */
  detail: string;
}

/**
 * --dnssec validate: the server's rcode says what exists, this program's
 * validation how far it is proven. Data is bogus only when it arrived
 * (RFC 4035 §5.5); a server's own failure (SERVFAIL, REFUSED) proves nothing.
 */
function classifyValidated(rcode: string, hasRecords: boolean, security: DnsSecurity, detail: (...parts: string[]) => string): DnsClassification {
  const answered = rcode === 'NOERROR' || rcode === 'NXDOMAIN';
  if (!answered || security === 'indeterminate') return { security: 'indeterminate', existence: 'unknown', detail: detail('indeterminate') };
  if (security === 'bogus') return { security, existence: 'unknown', detail: detail('bogus') };
  const existence: DnsExistence = rcode === 'NXDOMAIN' ? 'nxdomain' : hasRecords ? 'records' : 'nodata';
  return { security, existence, detail: detail(security) };
}

export function classifyAnswer(e: DnsAnswerEvidence): DnsClassification {
  // RFC 7672 §2.1.1: a lookup failure is never "no DANE"; it proves nothing.
  if (e.outcome !== 'answer' || e.rcode === null) {
    const attempts = `${e.attempts} attempt${e.attempts === 1 ? '' : 's'}`;
    const why = e.error ? `: ${e.error}` : '';
    return { security: 'indeterminate', existence: 'unknown', detail: `${e.outcome} after ${attempts}${why}` };
  }
  const edeText = e.ede.map(describeEde).join(', ');
  // --dnssec validate: this program validated; its findings say why (evidence.validation).
  const detail = (...parts: string[]) => [e.rcode, ...parts, edeText, validationDetail(e.validation)].filter(Boolean).join(', ');
  if (e.validation) return classifyValidated(e.rcode, e.records.length > 0, e.validation.security, detail);

  // RFC 8914 §4.7–§4.13: the resolver says validation failed, whatever the rcode.
  if (e.ede.some((ede) => DNSSEC_FAILURE_EDE_CODES.has(ede.code))) {
    return { security: 'bogus', existence: 'unknown', detail: detail() };
  }
  if (e.rcode === 'NOERROR' || e.rcode === 'NXDOMAIN') {
    const existence: DnsExistence = e.rcode === 'NXDOMAIN' ? 'nxdomain' : e.records.length > 0 ? 'records' : 'nodata';
    // RFC 4035 §3.2.3: a validating resolver sets AD only when all answer and
    // authority data (including a denial of existence) validated.
    if (e.ad) return { security: 'secure', existence, detail: detail('AD') };
    // RFC 4035 §3.2.3: without AD the data is not validated: insecure (unsigned zone).
    return { security: 'insecure', existence, detail: detail('no AD') };
  }
  // RFC 4035 §3.2.2: with CD=1 the resolver skips validation; if the data then
  // resolves, the SERVFAIL came from failed validation: bogus (RFC 4035 §5.5).
  if (e.rcode === 'SERVFAIL' && (e.checkingDisabledRcode === 'NOERROR' || e.checkingDisabledRcode === 'NXDOMAIN')) {
    return { security: 'bogus', existence: 'unknown', detail: detail(`${e.checkingDisabledRcode} with CD`) };
  }
  // RFC 7672 §2.1.1: other SERVFAIL, REFUSED, ... are lookup failures: indeterminate.
  const cd = e.checkingDisabledRcode ? `${e.checkingDisabledRcode} with CD` : '';
  return { security: 'indeterminate', existence: 'unknown', detail: detail(cd) };
}
