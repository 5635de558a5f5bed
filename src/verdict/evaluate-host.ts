// The verdict for one MX host (or the host of a `host` check): is DANE
// applicable (secure addresses, secure TLSA), and did every address
// authenticate? RFC 7672 §2.1.1, §2.2.1, §2.3, §3.
import { worstSecurity } from '../dns/security.ts';
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import type { HostEvidence } from '../evidence/walk.ts';
import { classifyAnswer } from '../dane/dns-classification.ts';
import { combineStates, type DaneState } from './dane-state.ts';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import type { HostResult, TlsaRecord } from './result.ts';
import { baseDomainOf, decisiveTlsaAnswer, tlsaOwner } from '../dane/tlsa-base.ts';
import { tlsaText, tlsaUsability } from './tlsa-record.ts';
import { referenceIdentifiers } from './reference-names.ts';
import { evaluateAddress } from './evaluate-address.ts';
import { validationDiagnostics } from './dnssec-diagnostics.ts';
import { signedAnswers } from './signature-expiry.ts';
import { evaluateRollover, rolloverDiagnostics, tlsaRrsetTtl } from './rollover.ts';
import { parseChain } from './certificate/x509.ts';

export interface HostContext {
  port: number;
  /** The domain whose MX this host is (RFC 7672 §3.2.3 next-hop domain); null for host checks. */
  nextHopDomain: string | null;
  now: Date;
}

function tlsaRecordsOf(answer: DnsAnswerEvidence | null): TlsaRecord[] {
  if (!answer) return [];
  return answer.records.flatMap((r) =>
    r.data.type === 'TLSA'
      ? [{ usage: r.data.usage, selector: r.data.selector, matchingType: r.data.matchingType, data: r.data.data }]
      : [],
  );
}

interface DnsStage {
  /** Set when the DNS alone decides the host's state. */
  state: DaneState | null;
  diagnostics: Diagnostic[];
}

/** RFC 7672 §2.2.1: DANE applies only to hosts whose address records are secure. */
function judgeAddresses(host: string, answers: DnsAnswerEvidence[]): DnsStage {
  const at = { host };
  const diagnostics: Diagnostic[] = [];
  const judged = answers.map((a) => ({ answer: a, ...classifyAnswer(a) }));
  const alias = answers.find((a) => a.cnameChain.length > 1);
  if (alias) diagnostics.push(diagnostic('HOST_CNAME', { host, target: alias.cnameChain.at(-1)! }, at));

  const bogus = judged.find((j) => j.security === 'bogus');
  if (bogus) return { state: 'bogus', diagnostics: [...diagnostics, diagnostic('HOST_ADDRESS_BOGUS', { host, detail: bogus.detail }, at)] };
  const withRecords = judged.filter((j) => j.existence === 'records');
  const failed = judged.filter((j) => j.security === 'indeterminate');
  for (const f of failed) diagnostics.push(diagnostic('HOST_ADDRESS_LOOKUP_FAILED', { host, type: f.answer.question.type, detail: f.detail }, at));
  // A failed lookup is never "no address" (RFC 7672 §2.1.1): without any usable answer the host is indeterminate.
  if (failed.length > 0 && withRecords.length === 0) return { state: 'indeterminate', diagnostics };
  if (withRecords.some((j) => j.security === 'insecure')) {
    return { state: 'insecure', diagnostics: [...diagnostics, diagnostic('HOST_ADDRESS_INSECURE', { host }, at)] };
  }
  if (withRecords.length === 0) {
    const detail = judged.map((j) => `${j.answer.question.type} ${j.existence}`).join(', ');
    return { state: 'unreachable', diagnostics: [...diagnostics, diagnostic('HOST_NO_ADDRESS', { host, detail }, at)] };
  }
  return { state: null, diagnostics };
}

/** RFC 7672 §2.3 and §3.1.3: the TLSA RRset must be secure and hold a usable record. */
function judgeTlsa(host: string, answer: DnsAnswerEvidence | null): DnsStage & { usable: TlsaRecord[] } {
  const at = { host };
  const diagnostics: Diagnostic[] = [];
  if (!answer) return { state: 'indeterminate', diagnostics, usable: [] };
  const name = answer.question.name;
  const c = classifyAnswer(answer);
  if (c.security === 'bogus') return { state: 'bogus', usable: [], diagnostics: [diagnostic('TLSA_BOGUS', { name, detail: c.detail }, at)] };
  if (c.security === 'indeterminate') return { state: 'indeterminate', usable: [], diagnostics: [diagnostic('TLSA_LOOKUP_FAILED', { name, detail: c.detail }, at)] };
  if (c.security === 'insecure') return { state: 'insecure', usable: [], diagnostics: [diagnostic('TLSA_INSECURE', { name }, at)] };
  if (c.existence !== 'records') return { state: 'no-tlsa', usable: [], diagnostics: [diagnostic('TLSA_ABSENT', { host, name }, at)] };
  const records = tlsaRecordsOf(answer);
  const usable: TlsaRecord[] = [];
  for (const r of records) {
    const u = tlsaUsability(r);
    if (u.status === 'usable') usable.push(r);
    else if (u.status === 'malformed') diagnostics.push(diagnostic('TLSA_RECORD_MALFORMED', { name, record: tlsaText(r), detail: u.detail ?? '' }, at));
    else diagnostics.push(diagnostic('TLSA_RECORD_IGNORED', { name, record: tlsaText(r), detail: u.detail ?? '' }, at));
  }
  if (usable.length === 0) {
    diagnostics.push(diagnostic('TLSA_UNUSABLE', { host, total: records.length }, at));
    return { state: 'unusable-tlsa', usable, diagnostics };
  }
  return { state: null, usable, diagnostics };
}

function dnsExtendedErrors(answers: DnsAnswerEvidence[]): Diagnostic[] {
  return answers.flatMap((a) =>
    a.ede.map((e) => diagnostic('DNS_EXTENDED_ERROR', { name: a.question.name, type: a.question.type, infoCode: e.code, text: e.text ?? '' })),
  );
}

export function evaluateHost(ev: HostEvidence, ctx: HostContext): HostResult {
  const addressAnswers = [ev.a, ev.aaaa].filter((a): a is DnsAnswerEvidence => a !== null);
  const addresses = judgeAddresses(ev.hostname, addressAnswers);
  const decisive = decisiveTlsaAnswer(ev.tlsa);
  const tlsa = judgeTlsa(ev.hostname, decisive);
  const dnsState = addresses.state ?? tlsa.state;
  const baseDomain = decisive ? baseDomainOf(decisive.question.name) : ev.hostname;

  const refs = referenceIdentifiers({ tlsaBaseDomain: baseDomain, mxHost: ev.hostname, nextHopDomain: ctx.nextHopDomain });
  const verdicts = ev.smtp.map((s) =>
      evaluateAddress(s, {
        host: ev.hostname,
        usable: dnsState === null ? tlsa.usable : null,
        inheritedState: dnsState ?? 'indeterminate',
        referenceIdentifiers: refs,
        now: ctx.now,
      }),
  );
  const state = dnsState ?? combineStates(verdicts.map((v) => v.result.dane_state));
  const rollover = evaluateRollover(
    dnsState === null ? tlsa.usable : null,
    [
      ...verdicts.map((v) => ({ address: v.result.address, chain: v.chain, match: v.result.match })),
      // The certificate of every other key algorithm the address holds is a current leaf too (Internet.nl #664).
      ...ev.smtp.flatMap((s) => (s.byKeyAlgorithm ?? []).map((k) => ({ address: s.address, chain: parseChain(k.tls?.chain ?? []), match: null }))),
    ],
    tlsaRrsetTtl(decisive),
  );
  const dnssec = worstSecurity([...addressAnswers, ...(decisive ? [decisive] : [])].map((a) => classifyAnswer(a).security));

  return {
    hostname: ev.hostname,
    preference: ev.preference,
    dane_state: state,
    dnssec_status: dnssec,
    tlsa_base_domain: baseDomain,
    tlsa_name: decisive?.question.name ?? tlsaOwner(ctx.port, baseDomain),
    tlsa: tlsaRecordsOf(decisive),
    usable_tlsa: tlsa.usable,
    addresses: verdicts.map((v) => v.result),
    rollover,
    diagnostics: [
      ...addresses.diagnostics,
      ...(addresses.state === null ? tlsa.diagnostics : []),
      ...dnsExtendedErrors([...addressAnswers, ...ev.tlsa]),
      // --dnssec validate: what the validator found, once per zone and RRset.
      ...validationDiagnostics([...addressAnswers, ...ev.tlsa], { host: ev.hostname }),
      ...verdicts.flatMap((v) => v.diagnostics),
      ...rolloverDiagnostics(ev.hostname, rollover),
    ],
    signed_answers: signedAnswers([...addressAnswers, decisive], ctx.now),
  };
}
