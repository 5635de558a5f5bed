// Days left for the DNSSEC signatures each answer of the verdict rests on (its
// own RRSIG, CNAME links, denial records, and every DNSKEY and DS up to the
// trust anchor; dnssec/path-signature.ts). When one expires and is not
// replaced, the answer turns bogus and DANE senders defer mail (RFC 7672 §2.1.1).
//
// Thresholds fit every kind of signer, so online signers (fresh signatures valid
// a day or two) and offline ones (weeks) are judged alike: a signature is
// WARNING when less than a fifth of its own validity period (expiration −
// inception) is left, CRITICAL when less than a tenth is left; `--sig-warn` /
// `--sig-crit DAYS` replace either with a fixed number of days. Apart from that,
// a signature that expires before the TTL of its RRset runs out is CRITICAL
// (RRSIG_EXPIRES_WITHIN_TTL): a cache that fetches the RRset now may keep
// handing it out after it stopped validating (RFC 4035 §5.3.3, RFC 6781 §4.4.2).
// `--days N` judges everything as of N days from now.
//
// With --dnssec resolver nothing is validated here: only the RRSIGs the resolver
// sent with each answer are known (resolver-signatures.ts), and the report says
// so (scope 'answers').
import type { PathSignature } from '../dnssec/path-signature.ts';
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import { resolverSignatures } from './resolver-signatures.ts';
import { type ExpiryState, hostsOf, worstExpiryState } from './certificate-expiry.ts';
import type { DomainResult, HostResult } from './result.ts';

/** Fixed thresholds in days (`--sig-warn`, `--sig-crit`); null: the share of the signature's own validity. */
export interface SignatureThresholds {
  warningDays: number | null;
  criticalDays: number | null;
}

export const DEFAULT_SIGNATURE_THRESHOLDS: SignatureThresholds = { warningDays: null, criticalDays: null };

/**
 * Why two fixed thresholds cannot stand together (CRITICAL must be the nearer limit), in the
 * words of wherever each came from (`--sig-crit`, `sig_crit`, `the service's SIG_CRIT`…); null when they can.
 */
export function signatureThresholdConflict(t: SignatureThresholds, names: { warning: string; critical: string }): string | null {
  if (t.warningDays === null || t.criticalDays === null || t.criticalDays <= t.warningDays) return null;
  return `${names.critical} ${t.criticalDays} is above ${names.warning} ${t.warningDays}: CRITICAL must be the nearer limit`;
}

/** Below these shares of its validity period a signature is WARNING / CRITICAL. */
export const WARNING_SHARE = 1 / 5;
export const CRITICAL_SHARE = 1 / 10;

/**
 * What an answer's signatures are: 'path', every RRSIG its validation here rested on, up to the
 * trust anchor (--dnssec validate); 'answers', only those the resolver sent with the answer, the
 * resolver having validated the chain (--dnssec resolver).
 */
export type SignatureScope = 'path' | 'answers';

/** One answer the verdict used ("name/TYPE" as asked) and the RRSIGs its validation rested on. */
export interface SignedAnswer {
  answer: string;
  scope: SignatureScope;
  signatures: PathSignature[];
}

/** A signature judged at the horizon (now + `--days`). */
export interface JudgedSignature {
  signature: PathSignature;
  /** Days from the horizon to its expiration, rounded down to 0.01 (negative once expired). */
  daysLeft: number;
  /** Expiration − inception, in days. */
  validityDays: number;
  /** Below these many days left it is WARNING / CRITICAL (from the shares or the fixed thresholds). */
  warningDays: number;
  criticalDays: number;
  /** The level by the thresholds alone. */
  level: ExpiryState;
  /** It expires before the RRset's original TTL (counted from the horizon) runs out. */
  withinTtl: boolean;
}

export interface AnswerSignatureExpiry {
  answer: string;
  scope: SignatureScope;
  /** The MX host it belongs to; null for the domain's MX RRset. */
  host: string | null;
  /** The earliest-expiring signature on the answer's path. */
  earliest: JudgedSignature;
  /** Every signature on the path that is not OK (beyond a threshold, or within its TTL). */
  alarms: JudgedSignature[];
  /** The worst of its signatures: within-TTL counts as critical. */
  state: ExpiryState;
}

export interface SignatureReport {
  /** Domain MX first, then each host's A, AAAA and TLSA, in tree order; only answers with signatures (secure ones). */
  answers: AnswerSignatureExpiry[];
  /** The answer whose earliest signature expires first. */
  earliest: AnswerSignatureExpiry | null;
  state: ExpiryState;
  thresholds: SignatureThresholds;
  horizonDays: number;
}

const DAY_MS = 86_400_000;

const floor2 = (n: number) => Math.floor(n * 100 + 1e-9) / 100;

/** The answers a verdict node used that carry signatures: secure ones, validated here or vouched for by the resolver. */
export function signedAnswers(answers: readonly (DnsAnswerEvidence | null)[], now: Date): SignedAnswer[] {
  return answers.flatMap((a): SignedAnswer[] => {
    if (!a) return [];
    const answer = `${a.question.name}/${a.question.type}`;
    const path = a.validation?.signatures ?? [];
    if (path.length > 0) return [{ answer, scope: 'path', signatures: path }];
    const sent = resolverSignatures(a, now);
    return sent.length > 0 ? [{ answer, scope: 'answers', signatures: sent }] : [];
  });
}

export function judgeSignature(signature: PathSignature, horizon: Date, thresholds: SignatureThresholds): JudgedSignature {
  const expiration = Date.parse(signature.expiration);
  const validityMs = expiration - Date.parse(signature.inception);
  const leftMs = expiration - horizon.getTime();
  const validityDays = validityMs / DAY_MS;
  const warningDays = thresholds.warningDays ?? validityDays * WARNING_SHARE;
  const criticalDays = thresholds.criticalDays ?? validityDays * CRITICAL_SHARE;
  const exactDays = leftMs / DAY_MS;
  const level: ExpiryState = exactDays < criticalDays ? 'critical' : exactDays < warningDays ? 'warning' : 'ok';
  return {
    signature,
    daysLeft: floor2(exactDays),
    validityDays: floor2(validityDays),
    warningDays: floor2(warningDays),
    criticalDays: floor2(criticalDays),
    level,
    // The zone's TTL (the RRSIG's Original TTL) in both modes; resolver-signatures.ts says why not the answered one.
    withinTtl: leftMs < signature.originalTtl * 1000,
  };
}

function stateOf(s: JudgedSignature): ExpiryState {
  return s.withinTtl ? 'critical' : s.level;
}

function judgeAnswer(answer: SignedAnswer, host: string | null, horizon: Date, thresholds: SignatureThresholds): AnswerSignatureExpiry {
  const judged = answer.signatures.map((s) => judgeSignature(s, horizon, thresholds));
  const earliest = judged.reduce((e, s) => (s.daysLeft < e.daysLeft ? s : e));
  const alarms = judged.filter((s) => stateOf(s) !== 'ok');
  return { answer: answer.answer, scope: answer.scope, host, earliest, alarms, state: worstExpiryState(judged.map(stateOf)) };
}

/** The instant "will this still pass in N days?" asks about. */
export function horizonOf(now: Date, horizonDays: number): Date {
  return new Date(now.getTime() + horizonDays * DAY_MS);
}

export function evaluateSignatureExpiry(
  result: DomainResult | HostResult,
  now: Date,
  thresholds: SignatureThresholds,
  horizonDays: number,
): SignatureReport {
  const horizon = horizonOf(now, horizonDays);
  const domainAnswers = 'hosts' in result ? result.signed_answers.map((a) => judgeAnswer(a, null, horizon, thresholds)) : [];
  const hostAnswers = hostsOf(result).flatMap((h) => h.signed_answers.map((a) => judgeAnswer(a, h.hostname, horizon, thresholds)));
  const answers = [...domainAnswers, ...hostAnswers];
  const earliest = answers.reduce<AnswerSignatureExpiry | null>((e, a) => (e === null || a.earliest.daysLeft < e.earliest.daysLeft ? a : e), null);
  return { answers, earliest, state: worstExpiryState(answers.map((a) => a.state)), thresholds, horizonDays };
}

/** The earliest-expiring signature on the paths of a host's answers (null when none was signed). */
export function earliestSignatureForHost(report: SignatureReport, hostname: string): AnswerSignatureExpiry | null {
  return report.answers.filter((a) => a.host === hostname).reduce<AnswerSignatureExpiry | null>((e, a) => (e === null || a.earliest.daysLeft < e.earliest.daysLeft ? a : e), null);
}
